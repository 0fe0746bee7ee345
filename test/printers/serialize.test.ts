import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import {sortKeys, toJson, toYaml} from '../../src/printers/serialize.js'

const hostile = 'esc\x1b[2J nl\n cr\r tab\t del\x7f nel\u0085 csi\u009b rlo\u202e lri\u2066 ls\u2028 bell\x07'
// What a terminal would act on if it reached it raw (tab and newline are structural in YAML blocks).
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029\u200e\u200f\u061c]/

describe('toJson (kubectl -o json)', () => {
  test('four-space indentation, sorted keys, trailing newline', () => {
    expect(toJson({b: 1, a: {d: [], c: {}}})).toBe('{\n    "a": {\n        "c": {},\n        "d": []\n    },\n    "b": 1\n}\n')
  })

  test('every control, bidi and separator character is escaped and the value round-trips', () => {
    const value = {metadata: {name: hostile, labels: {[`k${hostile}`]: hostile}}}
    const out = toJson(value)
    expect(out).not.toMatch(RAW)
    expect(out).not.toMatch(/\t/)
    expect(out.split('\n').filter((l) => l.includes('esc'))).toHaveLength(2)
    expect(JSON.parse(out)).toEqual(value)
  })

  test('<, > and & are escaped as Go does', () => {
    const out = toJson({a: '<b>&'})
    expect(out).toContain('"\\u003cb\\u003e\\u0026"')
    expect(JSON.parse(out)).toEqual({a: '<b>&'})
  })
})

describe('toYaml (kubectl -o yaml)', () => {
  test('sorted keys, block sequences not indented under their key', () => {
    const out = toYaml({spec: {listeners: [{port: 80, name: 'http'}]}, kind: 'Gateway', apiVersion: 'v1'})
    expect(out).toBe('apiVersion: v1\nkind: Gateway\nspec:\n  listeners:\n  - name: http\n    port: 80\n')
  })

  test('strings that would read as other types are quoted', () => {
    const out = toYaml({rv: '999', t: 'true', e: '', n: null})
    expect(parse(out)).toEqual({rv: '999', t: 'true', e: '', n: null})
  })

  test('control, bidi and separator characters are escaped and the value round-trips', () => {
    const value = {metadata: {name: hostile, annotations: {[`k${hostile}`]: hostile}}, list: [hostile]}
    const out = toYaml(value)
    expect(out).not.toMatch(RAW)
    expect(parse(out)).toEqual(value)
    // Each hostile string stays on one line of output.
    expect(out.split('\n').filter((l) => l.includes('esc'))).toHaveLength(3)
  })

  test('a bidi override alone (which yaml would leave plain) is escaped', () => {
    const out = toYaml({name: 'abc\u202edef'})
    expect(out).toBe('name: "abc\\u202edef"\n')
    expect(parse(out)).toEqual({name: 'abc\u202edef'})
  })

  test('multi-line text without controls stays a readable block', () => {
    expect(toYaml({d: 'a\nb'})).toBe('d: |-\n  a\n  b\n')
  })
})

test('sortKeys sorts nested objects, keeps arrays in order, does not mutate', () => {
  const input = {z: [{b: 1, a: 2}], a: null}
  const out = sortKeys(input) as Record<string, unknown>
  expect(Object.keys(out)).toEqual(['a', 'z'])
  expect(Object.keys((out.z as Record<string, unknown>[])[0])).toEqual(['a', 'b'])
  expect(Object.keys(input)).toEqual(['z', 'a'])
})
