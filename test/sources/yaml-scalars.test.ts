// Plain scalars as kubectl reads them (src/sources/yaml-scalars.ts: goyaml.v2's resolution, through
// sigs.k8s.io/yaml's JSON conversion), on both YAML readers (the fast js-yaml path, which the parsing
// workers run too, and the precise `yaml` path), in values and in map keys. Checked against the real
// kubectl in test/cluster/yaml-scalars.test.ts.

import {describe, expect, test} from 'vitest'
import {fastDocumentsJson, parseManifestText, parseYamlFast, parseYamlPrecise} from '../../src/sources/yaml-docs.js'
import {PLAIN_STRING, resolvePlainScalar} from '../../src/sources/yaml-scalars.js'

/** [plain scalar, the value kubectl reads] */
export const VECTORS: Array<[string, unknown]> = [
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map((s): [string, unknown] => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map((s): [string, unknown] => [s, false]),
  ...['yEs', 'tRue', 'oN', 'nO', 'yes please', 'o', 't', 'f', 'nULL'].map((s): [string, unknown] => [s, s]),
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['0755', 493],
  ['017', 15],
  ['0o17', 15],
  ['0O17', 15],
  ['0x1F', 31],
  ['0X1f', 31],
  ['0b101', 5],
  ['-0b101', -5],
  ['+12', 12],
  ['-0x10', -16],
  ['-0755', -493],
  ['1_000', 1000],
  ['1__0', 10],
  ['0x_1', 1],
  ['09', 9],
  ['08.5', 8.5],
  ['1e3', 1000],
  ['1E-2', 0.01],
  ['1.', 1],
  ['.5', 0.5],
  ['+.5', 0.5],
  ['-1.5e+2', -150],
  ['.5_0', '.5_0'],
  ['1e', '1e'],
  ['1e400', '1e400'],
  ['0x', '0x'],
  ['0xG', '0xG'],
  ['-', '-'],
  ['+', '+'],
  ['--1', '--1'],
  ['1:20', '1:20'],
  ['1.2.3', '1.2.3'],
  ['2024-01-01', '2024-01-01'],
  ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'],
  ['9223372036854775807', 9223372036854775807],
  ['18446744073709551615', 18446744073709551615],
  ['18446744073709551616', 18446744073709551616],
  ['-9223372036854775809', -9223372036854775809],
  ['0xFFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFF'],
  ['.inf', Infinity],
  ['-.Inf', -Infinity],
  ['+.INF', Infinity],
  ['.iNf', '.iNf'],
  ['.', '.'],
  ['8080', 8080],
  ['0', 0],
  ['-0', 0],
]

describe('resolvePlainScalar', () => {
  test.each(VECTORS)('%s', (text, want) => {
    const got = resolvePlainScalar(text)
    expect(got === PLAIN_STRING ? text : got).toEqual(want)
  })

  test('the float specials', () => {
    expect(resolvePlainScalar('.NaN')).toBeNaN()
    expect(resolvePlainScalar('.nan')).toBeNaN()
    expect(resolvePlainScalar('.nAn')).toBe(PLAIN_STRING)
  })
})

describe('both readers', () => {
  // A lone `-` after a key opens a sequence: not a scalar there.
  const values = VECTORS.filter(([s]) => s !== '-')
  const doc = values.map(([s], i) => `k${i}: ${s}`).join('\n') + '\n'
  const want = Object.fromEntries(values.map(([, v], i) => [`k${i}`, v]))

  test('plain values, on the fast path (and so in the workers) and the precise one', () => {
    expect(parseYamlFast(doc)?.documents).toEqual([{document: 1, value: want}])
    expect(parseYamlPrecise(doc, 'f.yaml').documents).toEqual([{document: 1, value: want}])
    // The workers' answer is JSON: the float specials stay on the main thread (yaml-docs.ts).
    const finite = values.filter(([s]) => !/\.(?:nan|inf)/i.test(s))
    const json = fastDocumentsJson(finite.map(([s], i) => `k${i}: ${s}`).join('\n'))
    expect(JSON.parse(json!)).toEqual([[1, Object.fromEntries(finite.map(([, v], i) => [`k${i}`, v]))]])
  })

  test('map keys resolve, then become strings', () => {
    const text = 'yes: 1\noff: 2\n0755: 3\n1_000: 4\n~x: 5\n"on": 6\n'
    const keys = {true: 1, false: 2, 493: 3, 1000: 4, '~x': 5, on: 6}
    expect(parseYamlFast(text)?.documents).toEqual([{document: 1, value: keys}])
    expect(parseYamlPrecise(text, 'f.yaml').documents).toEqual([{document: 1, value: keys}])
  })

  test('quoted and block scalars stay strings; tags and anchors (the precise path) resolve the same', () => {
    const text = `a: "yes"\nb: 'on'\nc: |\n  no\nd: >-\n  0755\ne: [y, "y", n]\nf: {g: off}\n`
    const value = {a: 'yes', b: 'on', c: 'no\n', d: '0755', e: [true, 'y', false], f: {g: false}}
    expect(parseYamlFast(text)?.documents).toEqual([{document: 1, value}])
    expect(parseManifestText(`${text}h: &x yes\ni: *x\nj: !!str yes\n`, 'f.yaml').documents).toEqual([{document: 1, value: {...value, h: true, i: true, j: 'yes'}}])
  })

  test('a YAML 1.1 directive changes nothing: kubectl reads every file the same way', () => {
    expect(parseManifestText('%YAML 1.1\n---\na: yes\nb: 2024-01-01\nc: 1:20\n', 'f.yaml').documents).toEqual([{document: 1, value: {a: true, b: '2024-01-01', c: '1:20'}}])
  })
})
