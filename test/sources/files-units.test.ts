// The pieces of the file source: UTF-8 checking, JSON stream splitting, message safety, scopes.
import {describe, expect, test} from 'vitest'
import {oneLine, formatPlace} from '../../src/sources/messages.js'
import {isNamespacedKind} from '../../src/sources/scope.js'
import {invalidUtf8Offset} from '../../src/sources/utf8.js'
import {parseManifestText, splitJsonValues} from '../../src/sources/yaml-docs.js'

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))

describe('invalidUtf8Offset', () => {
  test.each([
    ['ascii', bytes('plain'), -1],
    ['two, three and four byte characters', bytes('é€😀'), -1],
    ['empty', bytes(), -1],
    ['a stray continuation byte', bytes('ab', [0x80]), 2],
    ['Latin-1 é', bytes('caf', [0xe9], '!'), 3],
    ['overlong "/" (C0 AF)', bytes('x', [0xc0, 0xaf]), 1],
    ['overlong three-byte (E0 80 AF)', bytes([0xe0, 0x80, 0xaf]), 0],
    ['a UTF-16 surrogate (ED A0 80)', bytes('ok', [0xed, 0xa0, 0x80]), 2],
    ['beyond U+10FFFF (F4 90 80 80)', bytes([0xf4, 0x90, 0x80, 0x80]), 0],
    ['a truncated sequence at the end', bytes('abc', [0xe2, 0x82]), 3],
    ['a bad continuation inside', bytes('€', [0xe2, 0x82, 0x41]), 3],
    ['UTF-16 with a byte order mark', Buffer.from([0xff, 0xfe, 0x61, 0x00]), 0],
  ])('%s', (_name, input, expected) => {
    expect(invalidUtf8Offset(input)).toBe(expected)
  })
})

describe('splitJsonValues', () => {
  test('values side by side, brackets in strings ignored', () => {
    const text = ' {"a":"}"} \n[1,{"b":"\\"]"}]{}'
    expect(splitJsonValues(text).map(([s, e]) => text.slice(s, e))).toEqual(['{"a":"}"}', '[1,{"b":"\\"]"}]', '{}'])
    expect(splitJsonValues(text).map(([, , depth]) => depth)).toEqual([1, 2, 1])
  })
  test('an unclosed value and trailing garbage run to the end', () => {
    expect(splitJsonValues('{"a": [1, 2}')).toEqual([[0, 12, 2]])
    const text = '{} oops {}'
    expect(splitJsonValues(text).map(([s, e]) => text.slice(s, e))).toEqual(['{}', 'oops {}'])
  })
})

describe('parseManifestText', () => {
  test('JSON is recognised by its first character, even after blank lines', () => {
    const out = parseManifestText('\n\n  {"kind": "A"}\n', 'f.json')
    expect(out.documents).toEqual([{document: 1, value: {kind: 'A'}}])
  })
  test('a truncated JSON value reports the end of the file', () => {
    const out = parseManifestText('{"kind":\n "A"', 'f.json')
    expect(out.documents).toHaveLength(1)
    // The wording after the position is V8's and changes between Node versions.
    expect(out.documents[0]).toMatchObject({document: 1, error: expect.stringMatching(/^error: f\.json \(document 1\): JSON syntax error at line 2, column 5: \S/)})
  })
  test('a JSON error without a position in the message still names the document', () => {
    const out = parseManifestText('{}\n{"kind": nope}', 'f.json')
    expect(out.documents[0]).toEqual({document: 1, value: {}})
    expect(out.documents[1]).toMatchObject({document: 2, error: expect.stringMatching(/^error: f\.json \(document 2\): JSON syntax error( at line \d+, column \d+)?: \S/)})
  })
  test('absurdly deep JSON is refused, and the next value still read', () => {
    const deep = `{"a": ${'['.repeat(5000)}${']'.repeat(5000)}}`
    const out = parseManifestText(`${deep}\n{"kind": "B"}`, 'deep.json')
    expect(out.documents).toEqual([
      {document: 1, error: 'error: deep.json (document 1): JSON nested more than 1000 levels deep'},
      {document: 2, value: {kind: 'B'}},
    ])
  })
  test('a YAML file whose parse throws outright is one error for the file', () => {
    // Nesting deep enough to overflow the parser's stack must not escape as an exception.
    const out = parseManifestText(`a: ${'['.repeat(200000)}`, 'deep.yaml')
    expect(out.documents.every((d) => 'error' in d)).toBe(true)
    expect(out.documents.length).toBeGreaterThan(0)
  })
})

describe('messages', () => {
  test('control and bidi characters are made visible', () => {
    expect(oneLine('a\nb\tc\u001b[31m\u0085\u202ed')).toBe('a\\nb\\tc\\x1b[31m\\x85\\u202ed')
    expect(oneLine('plain é text')).toBe('plain é text')
    // Line and paragraph separators end a line in some terminals and log viewers; lone surrogates
    // cannot be encoded.
    expect(oneLine('a\u2028b\u2029c\ud800d')).toBe('a\\u2028b\\u2029c\\ud800d')
  })
  test('places', () => {
    expect(formatPlace({file: 'f.yaml'})).toBe('f.yaml')
    expect(formatPlace({file: 'f.yaml', document: 2, item: 'items[0].items[3]'})).toBe('f.yaml (document 2, items[0].items[3])')
  })
})

describe('isNamespacedKind', () => {
  const none = new Map<string, boolean>()
  test.each([
    ['gateway.networking.k8s.io', 'GatewayClass', false],
    ['gateway.networking.k8s.io', 'Gateway', true],
    ['gateway.networking.x-k8s.io', 'XListenerSet', true],
    ['', 'Namespace', false],
    ['', 'Secret', true],
    ['apiextensions.k8s.io', 'CustomResourceDefinition', false],
    ['rbac.authorization.k8s.io', 'ClusterRole', false],
    ['rbac.authorization.k8s.io', 'Role', true],
    ['example.com', 'Anything', true],
  ])('%s/%s', (group, kind, expected) => {
    expect(isNamespacedKind(group, kind, none)).toBe(expected)
  })
  test('a CRD in the input decides for custom kinds, but not for registry kinds', () => {
    const scopes = new Map([
      ['example.com/Anything', false],
      ['gateway.networking.k8s.io/Gateway', false],
    ])
    expect(isNamespacedKind('example.com', 'Anything', scopes)).toBe(false)
    expect(isNamespacedKind('gateway.networking.k8s.io', 'Gateway', scopes)).toBe(true)
  })
})
