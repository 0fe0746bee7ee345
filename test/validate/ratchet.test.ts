// Updates (src/validate/ratchet.ts and validateValue with `old`): CRD validation ratcheting as
// kube-apiserver 1.36 applies it (KEP-4008: errors in parts unchanged from the stored object are
// dropped; "unchanged" decided on the nearest node that correlates with the stored object), and which
// stored value a transition rule's oldSelf is (map lists by key; sets and atomic lists not at all).

import {describe, expect, test} from 'vitest'
import {correlateItems, mapListKey, ratchets, unchanged} from '../../src/validate/ratchet.js'
import {compileSchema, type JSONSchemaProps} from '../../src/validate/schema.js'
import {NOT_CHECKED_BECAUSE_INVALID, validateValue} from '../../src/validate/validate.js'

const obj = (properties: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => ({type: 'object', properties, ...extra})
const messages = (schema: JSONSchemaProps, value: unknown, old?: unknown) =>
  validateValue(value, compileSchema(schema), {fragment: true, ...(old === undefined ? {} : {old})}).violations.map((v) => v.message)

const host = {type: 'string', pattern: '^[a-z.]+$'} satisfies JSONSchemaProps
const listeners = (listType: 'map' | 'set' | 'atomic' | undefined): JSONSchemaProps => ({
  type: 'array',
  items: obj({name: {type: 'string'}, hostname: host}, {required: ['name']}),
  ...(listType ? {'x-kubernetes-list-type': listType} : {}),
  ...(listType === 'map' ? {'x-kubernetes-list-map-keys': ['name']} : {}),
})

describe('schema errors ratchet on the nearest correlated node', () => {
  const s = obj({a: host, b: host})
  test('an invalid field left as stored is not reported; changed, it is', () => {
    expect(messages(s, {a: 'BAD', b: 'ok'}, {a: 'BAD', b: 'x'})).toEqual([])
    expect(messages(s, {a: 'BAD2', b: 'ok'}, {a: 'BAD', b: 'x'})).toEqual([`a: Invalid value: "BAD2": a in body should match '^[a-z.]+$'`])
    // On create (no stored object) it is.
    expect(messages(s, {a: 'BAD', b: 'ok'})).toHaveLength(1)
  })

  test('a field that was not stored does not correlate: its errors stay', () => {
    expect(messages(s, {a: 'BAD'}, {b: 'x'})).toEqual([`a: Invalid value: "BAD": a in body should match '^[a-z.]+$'`])
  })

  test('Required is the parent object’s error: it ratchets only while that object is unchanged', () => {
    const r = obj({spec: obj({x: {type: 'string'}, y: {type: 'string'}}, {required: ['x']})})
    expect(messages(r, {spec: {y: 'a'}}, {spec: {y: 'a'}})).toEqual([])
    expect(messages(r, {spec: {y: 'b'}}, {spec: {y: 'a'}})).toEqual(['spec.x: Required value'])
  })

  test('map-list items correlate by key: an unchanged item keeps its error dropped while another changes', () => {
    const r = obj({l: listeners('map')})
    const old = {l: [{name: 'a', hostname: 'BAD'}, {name: 'b', hostname: 'x'}]}
    // Reordered, with b changed: a still correlates (by name) and is unchanged.
    expect(messages(r, {l: [{name: 'b', hostname: 'y'}, {name: 'a', hostname: 'BAD'}]}, old)).toEqual([])
    expect(messages(r, {l: [{name: 'a', hostname: 'BAD.'}]}, old)).toEqual([`l[0].hostname: Invalid value: "BAD.": l[0].hostname in body should match '^[a-z.]+$'`])
  })

  test.each(['set', 'atomic', undefined] as const)('%s lists: items do not correlate, the list as a whole decides', (listType) => {
    const r = obj({l: listeners(listType), other: {type: 'string'}})
    const old = {l: [{name: 'a', hostname: 'BAD'}, {name: 'b', hostname: 'x'}], other: '1'}
    expect(messages(r, {l: old.l, other: '2'}, old)).toEqual([])
    expect(messages(r, {l: [{name: 'a', hostname: 'BAD'}, {name: 'b', hostname: 'y'}], other: '1'}, old)).toEqual([
      `l[0].hostname: Invalid value: "BAD": l[0].hostname in body should match '^[a-z.]+$'`,
    ])
  })

  test('a ratcheted blocking error does not stop the CEL rules', () => {
    const r = obj({l: {type: 'array', maxItems: 1, items: {type: 'string'}}, c: {type: 'string', 'x-kubernetes-validations': [{rule: "self != 'no'", message: 'not no'}]}})
    expect(messages(r, {l: ['a', 'b'], c: 'no'}, {l: ['a', 'b'], c: 'yes'})).toEqual(['c: Invalid value: "no": not no'])
    expect(messages(r, {l: ['a', 'b', 'c'], c: 'no'}, {l: ['a', 'b'], c: 'yes'})).toEqual([
      'l: Too many: 3: must have at most 1 items',
      `<nil>: Invalid value: null: ${NOT_CHECKED_BECAUSE_INVALID}`,
    ])
  })

  test('list-type uniqueness ratchets only as a whole: skipped when the stored object had a duplicate', () => {
    const r = obj({s: {type: 'array', items: {type: 'string'}, 'x-kubernetes-list-type': 'set'}, t: {type: 'array', items: {type: 'string'}, 'x-kubernetes-list-type': 'set'}})
    expect(messages(r, {s: ['a', 'a', 'b'], t: ['x', 'x']}, {s: ['a', 'a'], t: []})).toEqual([])
    expect(messages(r, {s: ['a', 'a'], t: ['x', 'x']}, {s: ['a'], t: []})).toEqual(['s[1]: Duplicate value: "a"', 't[1]: Duplicate value: "x"'])
  })

  test('defaults count as the new value: a defaulted field equal to the stored one is unchanged', () => {
    const r = obj({m: {type: 'string', default: 'X', pattern: '^[a-z]+$'}})
    expect(messages(r, {}, {m: 'X'})).toEqual([])
    expect(messages(r, {})).toEqual([`m: Invalid value: "X": m in body should match '^[a-z]+$'`])
  })
})

describe('CEL rules on update', () => {
  const rule = (r: string, extra: Record<string, unknown> = {}) => ({'x-kubernetes-validations': [{rule: r, message: 'failed', ...extra}]})

  test('a failing rule on an unchanged node is dropped; on a changed one reported', () => {
    const r = obj({spec: obj({a: {type: 'string'}, b: {type: 'string'}}, rule("self.a != 'x'")), other: {type: 'string'}})
    expect(messages(r, {spec: {a: 'x', b: '1'}, other: 'new'}, {spec: {a: 'x', b: '1'}, other: 'old'})).toEqual([])
    expect(messages(r, {spec: {a: 'x', b: '2'}}, {spec: {a: 'x', b: '1'}})).toEqual(['spec: Invalid value: failed'])
  })

  test('rules on uncorrelated nodes (set items) follow the nearest correlated ancestor', () => {
    const r = obj({s: {type: 'array', 'x-kubernetes-list-type': 'set', items: {type: 'string', ...rule("self != 'x'")}}, o: {type: 'string'}})
    expect(messages(r, {s: ['x'], o: '2'}, {s: ['x'], o: '1'})).toEqual([])
    expect(messages(r, {s: ['x', 'y']}, {s: ['x']})).toEqual(['s[0]: Invalid value: "x": failed'])
  })

  test('transition rules never ratchet', () => {
    // Equal values pass self == oldSelf; a rule reading oldSelf that fails on an unchanged node is kept.
    const r = obj({c: {type: 'string', ...rule('self != oldSelf')}})
    expect(messages(r, {c: 'a'}, {c: 'a'})).toEqual(['c: Invalid value: "a": failed'])
  })

  test('a rule failing at run time is not ratcheted', () => {
    const r = obj({m: {type: 'object', additionalProperties: {type: 'string'}, ...rule("self.missing == 'x'")}})
    expect(messages(r, {m: {a: 'b'}}, {m: {a: 'b'}})).toEqual(['m: Invalid value: no such key: missing evaluating rule: failed'])
  })

  test('oldSelf of a map-list item is the stored item with its keys; the first stored one wins', () => {
    const r = obj({l: {type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: obj({name: {type: 'string'}, v: {type: 'string'}}, rule('self.v == oldSelf.v'))}})
    expect(messages(r, {l: [{name: 'b', v: '2'}, {name: 'a', v: '1'}]}, {l: [{name: 'a', v: '1'}, {name: 'b', v: '2'}]})).toEqual([])
    expect(messages(r, {l: [{name: 'a', v: '1'}]}, {l: [{name: 'a', v: '1'}, {name: 'a', v: '9'}]})).toEqual([])
    expect(messages(r, {l: [{name: 'a', v: '2'}]}, {l: [{name: 'a', v: '1'}]})).toEqual(['l[0]: Invalid value: failed'])
  })

  test.each(['set', 'atomic'] as const)('items of %s lists have no oldSelf: their transition rules do not run', (listType) => {
    const r = obj({l: {type: 'array', 'x-kubernetes-list-type': listType, items: {type: 'string', ...rule('self == oldSelf')}}})
    expect(messages(r, {l: ['b']}, {l: ['a']})).toEqual([])
  })

  test('optionalOldSelf rules are reported as not checked (the evaluator has no CEL optionals), never passed', () => {
    const r = compileSchema(obj({c: {type: 'string', ...rule('!oldSelf.hasValue() || self == oldSelf.value()', {optionalOldSelf: true})}}))
    for (const old of [undefined, {c: 'a'}]) {
      const result = validateValue({c: 'b'}, r, {fragment: true, ...(old ? {old} : {})})
      expect(result.violations).toEqual([])
      expect(result.unchecked.map((u) => u.reason)).toEqual(['optionalOldSelf: oldSelf is a CEL optional value, which the evaluator does not support'])
    }
  })
})

describe('correlation and equality', () => {
  const s = compileSchema(obj({l: listeners('map'), free: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}, m: {type: 'object', additionalProperties: {type: 'string'}}}))

  test('map-list keys must all be scalars', () => {
    expect(mapListKey({name: 'a', port: 1}, ['name', 'port'])).toBe('["a",1]')
    expect(mapListKey({name: 'a'}, ['name', 'port'])).toBeUndefined()
    expect(mapListKey({name: null}, ['name'])).toBeUndefined()
    expect(mapListKey({name: {x: 1}}, ['name'])).toBeUndefined()
    expect(correlateItems([{name: 'a'}, {hostname: 'x'}], [{name: 'a', v: 1}], s.properties!.get('l')!)).toEqual([{name: 'a', v: 1}, undefined])
  })

  test('equal through the schema: fields without a schema make a node unequal', () => {
    expect(unchanged({free: {x: 1}}, {free: {x: 1}}, s)).toBe(false)
    expect(unchanged({m: {x: 'a'}}, {m: {x: 'a'}}, s)).toBe(true)
    expect(unchanged({m: {x: 'a'}}, {m: {x: 'b'}}, s)).toBe(false)
    expect(unchanged({l: [{name: 'a'}, {name: 'b'}]}, {l: [{name: 'b'}, {name: 'a'}]}, s)).toBe(true)
    expect(unchanged({l: [{name: 'a'}, {name: 'c'}]}, {l: [{name: 'a'}, {name: 'b'}]}, s)).toBe(false)
    // As the server compares: each new item with the stored item of its key, so a repeated key can look unchanged.
    expect(unchanged({l: [{name: 'a'}, {name: 'a'}]}, {l: [{name: 'a'}, {name: 'b'}]}, s)).toBe(true)
  })

  test('apiVersion and kind never correlate: below the root only the root decides', () => {
    const root = compileSchema(obj({apiVersion: {type: 'string'}, kind: {type: 'string'}}))
    expect(ratchets({apiVersion: 'v1', kind: 'K'}, {apiVersion: 'v1', kind: 'K'}, root, ['kind'])).toBe(true)
    expect(ratchets({apiVersion: 'v1', kind: 'K', x: 1}, {apiVersion: 'v1', kind: 'K'}, root, ['kind'])).toBe(false)
    expect(ratchets({apiVersion: 'v1', kind: 'K', x: 1}, {apiVersion: 'v1', kind: 'K'}, root, ['kind'], false)).toBe(true)
  })
})

describe('the stored object as read from the cluster', () => {
  // A CRD-like root: status is not validated on the main resource; metadata has no schema below it.
  const root = compileSchema(
    obj({
      apiVersion: {type: 'string'},
      kind: {type: 'string'},
      metadata: {type: 'object'},
      spec: obj({host: host, n: {type: 'integer'}}, {'x-kubernetes-validations': [{rule: 'self.n < 10', message: 'n too big'}]}),
      status: obj({s: {type: 'string'}}),
    }, {'x-kubernetes-validations': [{rule: "self.spec.host != 'ROOT'", message: 'root rule'}]}),
  )
  const object = (spec: Record<string, unknown>) => ({apiVersion: 'g/v1', kind: 'K', metadata: {name: 'a', namespace: 'ns'}, spec})
  // What the cluster returns: server-set metadata (managedFields and last-applied already dropped by
  // the reader, or not: metadata is never compared field by field), and a status.
  const stored = (spec: Record<string, unknown>) => ({...object(spec), metadata: {name: 'a', namespace: 'ns', uid: 'u', resourceVersion: '7', managedFields: [{manager: 'm'}]}, status: {s: 'x'}})
  const run = (spec: Record<string, unknown>, old: Record<string, unknown>) =>
    validateValue(object(spec), root, {old: stored(old), skipRootFields: ['status']}).violations.map((v) => v.message)

  test('spec errors ratchet on spec; the root never counts as unchanged (its metadata has no schema), so root rules always report', () => {
    expect(run({host: 'BAD', n: 20}, {host: 'BAD', n: 20})).toEqual([])
    expect(run({host: 'ROOT', n: 1}, {host: 'ROOT', n: 1})).toEqual(['<root>: Invalid value: root rule'])
    // spec changed (its rule reports) but host itself did not (its pattern error stays dropped).
    expect(run({host: 'BAD', n: 21}, {host: 'BAD', n: 20})).toEqual(['spec: Invalid value: n too big'])
    expect(run({host: 'WORSE', n: 20}, {host: 'BAD', n: 20})).toEqual([`spec.host: Invalid value: "WORSE": spec.host in body should match '^[a-z.]+$'`, 'spec: Invalid value: n too big'])
  })
})

test('a rule failure dropped by ratcheting is not remembered as a pass: the same value on a create still fails', () => {
  // One compiled schema for both calls: passes are remembered per schema node.
  const schema = compileSchema(obj({c: {type: 'string', 'x-kubernetes-validations': [{rule: "self != 'no'", message: 'not no'}]}, other: {type: 'string'}}))
  const run = (value: unknown, old?: unknown) => validateValue(value, schema, {fragment: true, ...(old === undefined ? {} : {old})}).violations.map((v) => v.message)
  expect(run({c: 'no', other: '2'}, {c: 'no', other: '1'})).toEqual([])
  expect(run({c: 'no', other: '3'})).toEqual(['c: Invalid value: "no": not no'])
})
