import {describe, expect, test} from 'vitest'
import {Directive, formatCompletion, NOTHING} from '../../src/completion/protocol.js'

describe('formatCompletion', () => {
  test('one candidate per line, tab before a description, the directive last', () => {
    const text = formatCompletion({candidates: [{value: 'gateways', description: 'Gateway (gtw)'}, {value: 'gatewayclasses'}], directive: Directive.NoFileComp})
    expect(text).toBe('gateways\tGateway (gtw)\ngatewayclasses\n:4\n')
  })

  test('nothing to offer is the directive alone', () => {
    expect(formatCompletion(NOTHING)).toBe(':4\n')
    expect(formatCompletion({candidates: [], directive: Directive.Default})).toBe(':0\n')
  })

  test('values that would break the protocol or the shell word are dropped; repeats once', () => {
    const text = formatCompletion({
      candidates: [{value: 'a\nb'}, {value: 'with space'}, {value: 'tab\tbed'}, {value: '\u001b[31mred'}, {value: ''}, {value: 'ok'}, {value: 'ok'}],
      directive: 4,
    })
    expect(text).toBe('ok\n:4\n')
  })

  test('control characters in descriptions become spaces', () => {
    expect(formatCompletion({candidates: [{value: 'x', description: 'line1\nline2\t\u001b[0m'}], directive: 4})).toBe('x\tline1 line2 [0m\n:4\n')
  })

  test('a malformed directive falls back to NoFileComp; combined bits are kept', () => {
    expect(formatCompletion({candidates: [], directive: -1})).toBe(':4\n')
    expect(formatCompletion({candidates: [], directive: Number.NaN})).toBe(':4\n')
    expect(formatCompletion({candidates: [], directive: Directive.NoSpace | Directive.NoFileComp})).toBe(':6\n')
  })

  test('loosely typed candidates do not throw', () => {
    const junk = [null, 3, {value: 7}, {value: 'fine', description: 42}] as never[]
    expect(formatCompletion({candidates: junk, directive: 4})).toBe('fine\n:4\n')
  })
})
