// Plain scalars as kubectl reads them (src/sources/yaml-scalars.ts: goyaml.v2's resolution, through
// sigs.k8s.io/yaml's JSON conversion), on both YAML readers (the fast js-yaml path, which the parsing
// workers run too, and the precise `yaml` path), in values and in map keys. Checked against the real
// kubectl in test/cluster/yaml-scalars.test.ts.

import {describe, expect, test} from 'vitest'
import {fastDocumentsJson, parseManifestText, parseYamlFast, parseYamlPrecise} from '../../src/sources/yaml-docs.js'
import {PLAIN_STRING, resolvePlainScalar} from '../../src/sources/yaml-scalars.js'
import {VECTORS} from './yaml-scalar-vectors.js'

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

describe('what kubectl refuses', () => {
  test('a document with .nan or .inf: kubectl cannot convert it to JSON, in Go’s words; the others load', () => {
    for (const [text, shown] of [['a: .nan', 'NaN'], ['a: [1, .inf]', '+Inf'], ['a: {b: -.Inf}', '-Inf']]) {
      const docs = parseManifestText(`x: 1\n---\n${text}\n---\nz: .nan is text\n`, 'f.yaml').documents
      expect(docs).toEqual([
        {document: 1, value: {x: 1}},
        {document: 2, error: `error: f.yaml (document 2): error converting YAML to JSON: json: unsupported value: ${shown}`},
        {document: 3, value: {z: '.nan is text'}},
      ])
    }
    // Quoted, it is text.
    expect(parseManifestText('a: ".nan"\n', 'f.yaml').documents).toEqual([{document: 1, value: {a: '.nan'}}])
  })
})
