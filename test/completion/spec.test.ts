import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {outputFormats, specFromManifest} from '../../src/completion/spec.js'
import {parseOutputFormat} from '../../src/printers/output.js'
import {manifestCommands, SPEC} from './helpers.js'

describe('specFromManifest (the committed oclif.manifest.json)', () => {
  test('the visible commands, never the hidden __complete', () => {
    expect(SPEC.commands.map((c) => c.id)).toEqual(['analyze', 'describe', 'get', 'validate'])
    expect(JSON.stringify(manifestCommands())).toContain('__complete')
  })

  test('get and describe take resource arguments, analyze none', () => {
    const byId = Object.fromEntries(SPEC.commands.map((c) => [c.id, c]))
    expect(byId.get.resourceArgs).toBe(true)
    expect(byId.describe.resourceArgs).toBe(true)
    expect(byId.analyze.resourceArgs).toBe(false)
  })

  test('flags with their short names, value-taking and repeatability, plus oclif help', () => {
    const get = SPEC.commands.find((c) => c.id === 'get')!
    const flag = (n: string) => get.flags.find((f) => f.name === n)
    expect(flag('namespace')).toMatchObject({char: 'n', takesValue: true, multiple: false})
    expect(flag('all-namespaces')).toMatchObject({char: 'A', takesValue: false})
    expect(flag('filename')).toMatchObject({char: 'f', takesValue: true, multiple: true})
    expect(flag('kubeconfig')).toMatchObject({takesValue: true})
    expect(flag('kubeconfig')?.char).toBeUndefined()
    expect(flag('help')).toMatchObject({char: 'h', takesValue: false})
    const analyze = SPEC.commands.find((c) => c.id === 'analyze')!
    expect(analyze.flags.find((f) => f.name === 'fail-on')?.options).toEqual(['error', 'warning', 'info', 'none'])
    expect(get.flags.find((f) => f.name === 'fail-on')).toBeUndefined()
  })

  test('descriptions are one short line', () => {
    for (const c of SPEC.commands) {
      expect(c.description).toBeTruthy()
      for (const text of [c.description!, ...c.flags.map((f) => f.description ?? '')]) {
        expect(text).not.toMatch(/\n/)
        expect(text.length).toBeLessThanOrEqual(80)
      }
    }
    const analyze = SPEC.commands.find((c) => c.id === 'analyze')!
    expect(analyze.description).toBe('Report every problem the engines know')
    // A colon inside parentheses does not end the summary.
    expect(analyze.flags.find((f) => f.name === 'output')?.description).toMatch(/^Output format \(get: json/)
  })

  test('hidden commands and flags, topic ids and malformed entries are left out', () => {
    const spec = specFromManifest({
      a: {id: 'visible', flags: {x: {name: 'x', type: 'option'}, y: {name: 'y', type: 'boolean', hidden: true}, z: 'junk'}, args: {}},
      b: {id: 'secret', hidden: true, flags: {}},
      c: {id: 'topic:cmd', flags: {}},
      d: {flags: {}},
      e: null,
    })
    expect(spec.commands.map((c) => c.id)).toEqual(['visible'])
    expect(spec.commands[0].flags.map((f) => f.name)).toEqual(['x', 'help'])
    expect(spec.rootFlags.map((f) => f.name)).toEqual(['help', 'version'])
  })

  test('never throws on loosely typed input', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const spec = specFromManifest(input)
        expect(Array.isArray(spec.commands)).toBe(true)
      }),
      {numRuns: 300},
    )
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.record({id: fc.anything(), flags: fc.anything(), args: fc.anything(), aliases: fc.anything(), description: fc.anything()}, {requiredKeys: []})), (input) => {
        for (const c of specFromManifest(input).commands) {
          expect(typeof c.id).toBe('string')
          for (const f of c.flags) expect(typeof f.name).toBe('string')
        }
      }),
      {numRuns: 300},
    )
  })
})

describe('outputFormats', () => {
  /** The formats parseOutputFormat lists in its error for an unknown one (kubectl's wording). */
  function allowedByParser(allowed?: readonly string[]): string[] {
    try {
      parseOutputFormat('no-such-format', allowed)
    } catch (e) {
      return /allowed formats are: (.*)$/.exec((e as Error).message)![1].split(',')
    }
    throw new Error('parseOutputFormat accepted no-such-format')
  }

  test('get offers exactly the formats get accepts', () => {
    const offered = outputFormats('get').map((f) => f.value)
    expect([...offered].sort()).toEqual(allowedByParser())
    for (const f of offered) expect(() => parseOutputFormat(f)).not.toThrow()
  })

  test('describe and analyze offer json and yaml (their -o list; the e2e test checks the commands)', () => {
    expect(outputFormats('describe').map((f) => f.value)).toEqual(['json', 'yaml'])
    expect(outputFormats('analyze').map((f) => f.value)).toEqual(['json', 'yaml'])
  })

  test('an unknown command, or an inherited property name, has none', () => {
    expect(outputFormats('nosuch')).toEqual([])
    expect(outputFormats('constructor')).toEqual([])
    expect(outputFormats('__proto__')).toEqual([])
  })
})
