// The fast YAML reader (js-yaml) must be indistinguishable from the precise one (`yaml`) on every
// document it accepts: same values, same document numbers. Where it is unsure it must decline, and the
// precise path then decides.

import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {NEEDS_PRECISE_READER, needsPreciseReader, parseManifestText, parseYamlFast, parseYamlPrecise} from '../../src/sources/yaml-docs.js'

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples')

/** The fast reader either declines or agrees with the precise one. */
function expectAgreement(text: string): 'fast' | 'declined' {
  const fast = parseYamlFast(text)
  const precise = parseYamlPrecise(text, 'f.yaml')
  if (fast === undefined) return 'declined'
  expect(precise.documents.every((d) => !('error' in d))).toBe(true)
  expect(fast).toEqual(precise)
  return 'fast'
}

describe('fast and precise YAML readers', () => {
  test.each([
    ['empty text', ''],
    ['comment only', '# nothing here\n'],
    ['a lone separator', '---\n'],
    ['trailing separator', 'a: 1\n---\n'],
    ['comment-only middle document keeps numbering', 'a: 1\n---\n# only a comment\n---\nb: 2\n'],
    ['document end markers', 'a: 1\n...\n---\nb: 2\n'],
    ['several empty documents', '---\n---\n---\nx: 1'],
    ['hex, octal, signed, exponent numbers', 'a: 0x1F\nb: 0o17\nc: 017\nd: +12\ne: 1e3\nf: .5\ng: -.INF\nh: .NaN\n'],
    ['YAML 1.1 booleans (kubectl reads them as booleans)', 'a: yes\nb: on\nc: tRue\nd: True\n'],
    ['timestamps stay strings', 'a: 2024-01-01\nb: 2024-01-01T00:00:00Z\nc: 1:20\n'],
    ['numbers that are not numbers', 'a: 1_000\nb: 0b101\nc: 0x_1\nd: 09\ne: 1e\n'],
    ['quoting and escapes', `a: "\\u00e9\\t\\x41"\nb: 'it''s'\nc: "a # b"\nd: a#b\n`],
    ['block scalars', 'a: |\n  x\n  y\nb: >-\n  x\n\n  y\nc: |+\n  z\n\n'],
    ['multi-line plain and quoted', 'a: plain\n  continued\nb: "multi\n  line"\n'],
    ['flow collections', 'a: [x, {b: c}, [1, 2]]\nb: {}\nc: []\n'],
    ['null forms', 'a: ~\nb: Null\nc:\nd: nULL\n'],
    ['top-level lists and scalars', '- a\n- b\n---\njust a string\n---\n42\n'],
    ['big integers lose precision the same way', 'a: 12345678901234567890\n'],
    ['a __proto__ key stays an own key', 'metadata:\n  __proto__: {polluted: true}\n  name: x\n'],
    ['a Kubernetes object', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels: {app: "x"}\nspec:\n  ports:\n  - port: 80\n    targetPort: http\n'],
  ])('%s', (_, text) => {
    expect(expectAgreement(text)).toBe('fast')
  })

  test.each([
    ['anchors and aliases', 'a: &x {k: v}\nb: *x\n'],
    ['merge keys', 'a: {k: v}\nb:\n  <<: {k: w}\n'],
    ['tags', 'a: !!str 1\n'],
    ['directives', '%YAML 1.1\n---\nk: yes\n'],
  ])('%s take the precise path', (_, text) => {
    // Routed before js-yaml ever sees them: parseManifestText must give exactly the precise answer.
    expect(parseManifestText(text, 'f.yaml')).toEqual(parseYamlPrecise(text, 'f.yaml'))
  })

  test('an alias bomb never reaches the fast reader', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`)
    const parsed = parseManifestText(`${levels.join('\n')}\n`, 'bomb.yaml')
    expect(parsed.documents).toHaveLength(1)
    expect(parsed.documents[0]).toHaveProperty('error', expect.stringContaining('Excessive alias count'))
  })

  test('what js-yaml refuses is read, or reported, by the precise path', () => {
    expect(parseYamlFast('? [a, b]\n: c\n')).toBeUndefined()
    expect(parseManifestText('? [a, b]\n: c\n', 'f.yaml').documents).toEqual([{document: 1, value: {'[ a, b ]': 'c'}}])
    const broken = parseManifestText('a: 1\n---\nb: [\n---\nc: 3\n', 'f.yaml').documents
    expect(broken[0]).toEqual({document: 1, value: {a: 1}})
    expect(broken[1]).toHaveProperty('error', expect.stringMatching(/^error: f\.yaml \(document 2\): YAML syntax error at line \d+, column \d+/))
    expect(broken[2]).toEqual({document: 3, value: {c: 3}})
  })

  test('lean: the fast path leaves out the bookkeeping before making values compact, whether compact or not', () => {
    const last = 'kubectl.kubernetes.io/last-applied-configuration'
    const doc = (extra: string) => `kind: K\nmetadata:\n  name: a\n  annotations: {${last}: '{}', team: t}\n  managedFields: [{manager: m}]\nspec: {x: ${extra}}\n`
    expect(parseManifestText(doc('1'), 'f.yaml', true).documents).toEqual([{document: 1, value: {kind: 'K', metadata: {name: 'a', annotations: {team: 't'}}, spec: {x: 1}}}])
    // `.inf` keeps js-yaml's own values (JSON has no infinity): still without the bookkeeping.
    expect(parseYamlFast(doc('.inf'), true)!.documents).toEqual([{document: 1, value: {kind: 'K', metadata: {name: 'a', annotations: {team: 't'}}, spec: {x: Infinity}}}])
    expect(parseManifestText(doc('1'), 'f.yaml').documents[0]).toHaveProperty(['value', 'metadata', 'managedFields'], [{manager: 'm'}])
  })

  test('the example cluster reads the same on both paths', () => {
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'))
    expect(files.length).toBeGreaterThan(5)
    const fastFiles = files.filter((f) => expectAgreement(readFileSync(join(EXAMPLES, f), 'utf8')) === 'fast')
    // Most example files are plain; the fast path must actually be exercised.
    expect(fastFiles.length).toBeGreaterThan(files.length / 2)
  })

  test('random documents read the same on both paths', () => {
    // Keys avoid what routes to the precise path on purpose; values are any JSON, including strings
    // full of YAML indicators, which the writer quotes as needed.
    const key = fc.string({minLength: 1, maxLength: 8}).filter((k) => !/[&*!%<]/.test(k))
    const value = fc.letrec((tie) => ({
      node: fc.oneof({depthSize: 'small'}, fc.constant(null), fc.boolean(), fc.integer(), fc.double({noNaN: true}), fc.string({maxLength: 20}), tie('list'), tie('map')),
      list: fc.array(tie('node'), {maxLength: 4}),
      map: fc.dictionary(key, tie('node'), {maxKeys: 4}),
    })).node
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.boolean()), {minLength: 1, maxLength: 4}), (docs) => {
        const text = docs.map(([v, flow]) => stringify(v, flow ? {collectionStyle: 'flow'} : undefined)).join('---\n')
        if (parseYamlFast(text) === undefined) return
        expectAgreement(text)
      }),
      {numRuns: 300, seed: 20261126},
    )
  })
})

describe('what routes a file to the precise reader', () => {
  test.each([
    ['an anchor after a key', 'a: &x 1\nb: *x\n'],
    ['an alias in a list item', 'a: &x 1\nb:\n- *x\n'],
    ['an alias in a flow sequence', 'a: &x 1\nb: [1,*x]\n'],
    ['an alias in a flow mapping', 'a: &x 1\nb: {c: *x}\n'],
    ['an alias as a complex key', 'a: &x 1\n? *x\n: 2\n'],
    ['an anchor on the document', '--- &d\na: 1\n'],
    ['an alias on a continuation line', 'a: &x 1\nb:\n  *x\n'],
    ['an anchor whose name starts with &, and its alias', 'a: &&x 1\nb: *&x\n'],
    ['a tag after a key', 'a: !!str 1\n'],
    ['a verbatim tag on a list item', '- !<tag:yaml.org,2002:str> 1\n'],
    ['a non-specific tag', 'a: ! 1\n'],
  ])('%s', (_, text) => {
    expect(parseManifestText(text, 'f.yaml')).toEqual(parseYamlPrecise(text, 'f.yaml'))
    // The fast path must never have been asked: js-yaml would expand or resolve differently.
    expect(NEEDS_PRECISE_READER.test(text)).toBe(true)
    expect(needsPreciseReader(text)).toBe(true)
  })

  test('a local tag: js-yaml refuses it, and the precise reader answers', () => {
    const text = '- !foo 1\n'
    expect(needsPreciseReader(text)).toBe(false)
    expect(parseYamlFast(text)).toBeUndefined()
    expect(parseManifestText(text, 'f.yaml')).toEqual(parseYamlPrecise(text, 'f.yaml'))
  })

  test('a CRD\'s CEL rules that start a block-scalar line with ! stay on the fast path', () => {
    // The Gateway API CRDs have many; reading them with the precise reader cost validation ~2 s.
    const text = [
      'spec:',
      '  x-kubernetes-validations:',
      '  - message: hostname must not be set',
      '    rule: |',
      "      !(self.protocol in ['TCP', 'UDP']) ||",
      '      !has(self.hostname)',
      "  - rule: '!has(self.tls)'",
      '',
    ].join('\n')
    expect(NEEDS_PRECISE_READER.test(text)).toBe(false)
    expect(needsPreciseReader(text)).toBe(false)
    expect(parseYamlFast(text)).toEqual(parseYamlPrecise(text, 'f.yaml'))
  })

  test("a CRD description's Markdown list (`* Gateway`) stays on the fast path", () => {
    // The Gateway API CRDs have them all; reading them with the precise reader cost --crds ~0.5 s.
    const text = [
      'description: |-',
      '  Kinds it may refer to:',
      '',
      '  * Gateway',
      '  & more',
      'note: plain text, *all* of it',
      '  * continued',
      '  & more',
      'rule: self.a == 1',
      '  && self.b == 2',
      'columns:',
      '- jsonPath: .status.addresses[*].value',
      '',
    ].join('\n')
    expect(NEEDS_PRECISE_READER.test(text)).toBe(false)
    expect(needsPreciseReader(text)).toBe(false)
    expect(parseYamlFast(text)).toEqual(parseYamlPrecise(text, 'f.yaml'))
  })

  test.each([
    ['a bare alias mark', '- * \n- b\n'],
    ['a bare anchor mark', 'a: & \n  b: 1\n'],
    ['a mark at the end of the text', 'a: *'],
    ['an alias with no anchor', 'a: 1\nb: *a\n'],
    ['an alias in a flow sequence with no anchor', 'a: [1, *a]\n'],
  ])('%s: js-yaml refuses it, and the precise reader answers', (_, text) => {
    expect(needsPreciseReader(text)).toBe(false)
    expect(parseYamlFast(text)).toBeUndefined()
    expect(parseManifestText(text, 'f.yaml')).toEqual(parseYamlPrecise(text, 'f.yaml'))
  })

  test('wildcards and ampersands inside text stay on the fast path', () => {
    const text = 'status:\n  message: Listener hostname *.example.com & more!\n  hostnames: ["*.example.com"]\n'
    // A regression that sent such files to the slow reader cost 2x on a large cluster dump.
    expect(parseYamlFast(text)).toEqual(parseYamlPrecise(text, 'f.yaml'))
    expect(NEEDS_PRECISE_READER.test(text)).toBe(false)
    expect(needsPreciseReader(text)).toBe(false)
  })

  test('needsPreciseReader is the regular expression, faster', () => {
    // Texts dense in what matters: marks, blanks, the characters that open a node, line breaks.
    const piece = fc.constantFrom('&', '*', '!', '<', '<<', '%', ' ', '\t', ':', '?', ',', '[', '{', '-', '\n', '\r', '\u2028', 'a', '"', "'", '#')
    fc.assert(
      fc.property(fc.array(piece, {maxLength: 30}), (pieces) => {
        const text = pieces.join('')
        expect(needsPreciseReader(text)).toBe(NEEDS_PRECISE_READER.test(text))
      }),
      {seed: 7, numRuns: 5000},
    )
  })
})
