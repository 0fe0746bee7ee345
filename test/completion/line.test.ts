import {describe, expect, test} from 'vitest'
import {isOn, lastValue, readLine} from '../../src/completion/line.js'
import {SPEC} from './helpers.js'

const read = (words: string[]) => readLine(SPEC, words)

describe('readLine', () => {
  test('the first positional word is the command, the rest its arguments', () => {
    const s = read(['get', 'gateways', 'edge'])
    expect(s.command?.id).toBe('get')
    expect(s.args).toEqual(['gateways', 'edge'])
    expect(s.unknownCommand).toBe(false)
  })

  test('an unknown first word is noted, not taken for a command', () => {
    const s = read(['nosuch', 'x'])
    expect(s.command).toBeUndefined()
    expect(s.unknownCommand).toBe(true)
  })

  test.each([
    [['get', '-n', 'prod', 'gtw'], 'prod'],
    [['get', '-nprod', 'gtw'], 'prod'],
    [['get', '-n=prod', 'gtw'], 'prod'],
    [['get', '--namespace', 'prod', 'gtw'], 'prod'],
    [['get', '--namespace=prod', 'gtw'], 'prod'],
    [['get', '-An', 'prod', 'gtw'], 'prod'],
    [['get', '-n', 'a', '-n', 'prod', 'gtw'], 'prod'],
  ])('%j: namespace prod, gtw positional', (words, ns) => {
    const s = read(words)
    expect(lastValue(s, 'namespace')).toBe(ns)
    expect(s.args).toEqual(['gtw'])
  })

  test('a value-taking flag at the end is pending: its value is the word being completed', () => {
    expect(read(['get', 'gtw', '-n']).pending?.name).toBe('namespace')
    expect(read(['get', 'gtw', '--context']).pending?.name).toBe('context')
    expect(read(['get', '-Ao']).pending?.name).toBe('output')
    expect(read(['get', '-o=']).pending).toBeUndefined()
    expect(read(['get', '-A']).pending).toBeUndefined()
  })

  test('booleans: bundled, with =true/=false, last one wins', () => {
    expect(isOn(read(['get', '-A']), 'all-namespaces')).toBe(true)
    expect(isOn(read(['get', '--all-namespaces=false']), 'all-namespaces')).toBe(false)
    expect(isOn(read(['get', '-A=true']), 'all-namespaces')).toBe(true)
    expect(isOn(read(['get', '-A', '--all-namespaces=f']), 'all-namespaces')).toBe(false)
    // A boolean does not eat the next word.
    expect(read(['get', '-A', 'gtw']).args).toEqual(['gtw'])
  })

  test('repeated -f values are all kept', () => {
    expect(read(['get', '-f', 'a.yaml', '--filename=b.yaml', '-fc.yaml']).values.get('filename')).toEqual(['a.yaml', 'b.yaml', 'c.yaml'])
  })

  test('after --, dashes are positional; - alone is positional', () => {
    const s = read(['get', '--', '-n', 'x'])
    expect(s.afterDashDash).toBe(true)
    expect(s.args).toEqual(['-n', 'x'])
    expect(read(['get', '-', 'x']).args).toEqual(['-', 'x'])
  })

  test('an unknown flag is taken for a boolean, keeping the next word positional', () => {
    expect(read(['get', '--bogus', 'gtw']).args).toEqual(['gtw'])
    expect(read(['get', '-Z', 'gtw']).args).toEqual(['gtw'])
  })

  test('flags before the command: a value-taking one still eats its value', () => {
    const s = read(['-n', 'prod', 'get', 'gtw'])
    expect(s.command?.id).toBe('get')
    expect(lastValue(s, 'namespace')).toBe('prod')
    expect(s.args).toEqual(['gtw'])
  })

  test('flags of another command are not known to this one', () => {
    // --fail-on is analyze's: for get it is unknown (boolean), so `error` stays positional.
    expect(read(['get', '--fail-on', 'error']).args).toEqual(['error'])
    expect(lastValue(read(['analyze', '--fail-on', 'error']), 'fail-on')).toBe('error')
  })
})
