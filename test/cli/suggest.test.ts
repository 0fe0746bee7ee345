import {describe, expect, test} from 'vitest'
import {editDistance, suggestCommands, unknownCommandLines} from '../../cli/suggest.js'

const COMMANDS = ['analyze', 'describe', 'get', 'validate']

describe('command suggestions', () => {
  test('edit distance', () => {
    expect(editDistance('get', 'get')).toBe(0)
    expect(editDistance('gt', 'get')).toBe(1)
    expect(editDistance('GET', 'get')).toBe(0)
    expect(editDistance('descirbe', 'describe')).toBe(2)
    expect(editDistance('', 'abc')).toBe(3)
  })

  test('near names and prefixes are suggested, others not', () => {
    expect(suggestCommands('gt', COMMANDS)).toEqual(['get'])
    expect(suggestCommands('desc', COMMANDS)).toEqual(['describe'])
    expect(suggestCommands('analyse', COMMANDS)).toEqual(['analyze'])
    expect(suggestCommands('apply', COMMANDS)).toEqual([])
  })

  test("cobra's report, with quoting that escapes control characters", () => {
    expect(unknownCommandLines('gt', COMMANDS)).toEqual(['Error: unknown command "gt" for "kubectl gw"', '', 'Did you mean this?', '\tget', '', "Run 'kubectl gw --help' for usage."])
    const [first] = unknownCommandLines('a\u001b[2Jb\u009b"', COMMANDS)
    expect(first).toBe('Error: unknown command "a\\u001b[2Jb\\x9b\\"" for "kubectl gw"')
  })
})
