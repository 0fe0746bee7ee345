// What a CEL rule reads of `self` (src/validate/reads.ts), and the verdicts remembered by it in the
// validator: a rule that passed is not run again for the same part, and a change to that part (but
// not elsewhere) runs it again, so every verdict stays the one a fresh evaluation gives.

import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {compileCel, type CompiledRule} from '../../src/validate/cel.js'
import {mergeReads, project, projectionKey, ruleReads, type Reads} from '../../src/validate/reads.js'
import {compileSchema, type JSONSchemaProps} from '../../src/validate/schema.js'
import {escapeProperty, validateValue} from '../../src/validate/validate.js'

const listeners: JSONSchemaProps = {
  type: 'array',
  items: {
    type: 'object',
    properties: {name: {type: 'string'}, port: {type: 'integer'}, hostname: {type: 'string'}, tls: {type: 'object', properties: {mode: {type: 'string'}}}, namespace: {type: 'string'}},
  },
}

function readsOf(rule: string, schema: JSONSchemaProps): Reads | undefined {
  const program = compileCel(rule) as CompiledRule
  return ruleReads(program.expr, compileSchema(schema), escapeProperty)
}

/** The reads as a short text: W whole, # size, {field: ...}, `.` presence only. */
function show(r: Reads): string {
  if (r.whole) return 'W'
  const parts = [...r.children].map(([k, c]) => `${k}:${show(c)}`)
  return `${r.size ? '#' : ''}${parts.length ? `{${parts.join(',')}}` : '.'}`
}

describe('what a rule reads', () => {
  test.each([
    ['self.all(l1, self.exists_one(l2, l1.name == l2.name))', '{*:{name:W}}'],
    ['self.all(l, has(l.tls) ? l.tls.mode == "Terminate" : true)', '{*:{tls:{mode:W}}}'],
    ['self.size() <= 2 && (self.size() > 0 ? self[0].port > 0 : true)', '#{*:{port:W}}'],
    // A list item used whole (kept by filter) makes the item count whole.
    ['self.filter(l, l.port == 80).size() <= 1', '{*:W}'],
    // Property names are unescaped: `namespace` is `__namespace__` in CEL.
    ['self.all(l, !has(l.__namespace__) || l.__namespace__ != "")', '{*:{namespace:W}}'],
    ['self == []', 'W'],
  ])('%s', (rule, want) => {
    expect(show(readsOf(rule, listeners)!)).toBe(want)
  })

  test('a map iterated over its keys is read whole', () => {
    const labels: JSONSchemaProps = {type: 'object', additionalProperties: {type: 'string'}}
    expect(show(readsOf('self.all(k, k.size() < 10)', labels)!)).toBe('W')
  })

  test('projection keeps what is read, and the presence of what is tested', () => {
    const r = readsOf('self.all(l, has(l.tls) && l.port > 0)', listeners)!
    const value = [
      {name: 'a', port: 80, hostname: 'x', tls: {mode: 'Terminate'}},
      {name: 'b', port: 443},
    ]
    expect(JSON.stringify(project(value, r))).toBe('[{"tls":{},"port":80},{"port":443}]')
  })

  test('a key named __proto__ is projected as a plain key', () => {
    const r = readsOf('has(self.__proto__)', {type: 'object', additionalProperties: {type: 'string'}})!
    expect(JSON.stringify(project(JSON.parse('{"__proto__": "x", "y": "z"}'), r))).toBe('{"__proto__":"x"}')
  })
})

describe('verdicts remembered by what the rule reads', () => {
  const schema = compileSchema({
    type: 'object',
    properties: {
      listeners: {
        ...listeners,
        'x-kubernetes-validations': [{rule: 'self.all(l1, self.exists_one(l2, l1.name == l2.name))', message: 'Listener name must be unique within the Gateway'}],
      },
    },
  })
  const run = (value: unknown) => validateValue(value, schema, {fragment: true}).violations.map((v) => v.message)

  test('a pass is reused for the same names with other ports, and a duplicate name still fails', () => {
    expect(run({listeners: [{name: 'a', port: 80}, {name: 'b', port: 443}]})).toEqual([])
    expect(run({listeners: [{name: 'a', port: 8080}, {name: 'b', port: 8443}]})).toEqual([])
    expect(run({listeners: [{name: 'a', port: 80}, {name: 'a', port: 443}]})).toEqual(['listeners: Invalid value: Listener name must be unique within the Gateway'])
    // The failure is not remembered as a pass, and the earlier pass does not hide it.
    expect(run({listeners: [{name: 'a', port: 80}, {name: 'a', port: 443}]})).toHaveLength(1)
    expect(run({listeners: [{name: 'a'}, {name: 'b'}, {name: 'a'}]})).toHaveLength(1)
  })
})

describe('one key for all the rules of a node', () => {
  // Two rules reading different fields: the node's key is what either reads.
  const schema = compileSchema({
    type: 'object',
    properties: {
      match: {
        type: 'object',
        properties: {type: {type: 'string'}, value: {type: 'string'}, weight: {type: 'number', nullable: true}, note: {type: 'string'}},
        'x-kubernetes-validations': [
          {rule: "self.type == 'Exact' ? self.value.startsWith('/') : true", message: 'must be an absolute path'},
          {rule: "!has(self.weight) || self.weight == self.weight", message: 'weight must be a number'},
        ],
      },
    },
  })
  const run = (match: unknown) => validateValue({match}, schema, {fragment: true}).violations.map((v) => v.message)

  test('the key covers every rule: a change read by the second rule alone runs both again', () => {
    expect(run({type: 'Exact', value: '/a', weight: 1, note: 'x'})).toEqual([])
    // Only a field no rule reads differs: the pass is reused, and the verdict is still the right one.
    expect(run({type: 'Exact', value: '/a', weight: 1, note: 'y'})).toEqual([])
    expect(run({type: 'Exact', value: 'a', weight: 1})).toEqual(['match: Invalid value: must be an absolute path'])
    // JSON would write NaN as null: a null weight that passed must not stand for NaN, which fails.
    expect(run({type: 'Exact', value: '/a', weight: null})).toEqual([])
    expect(run({type: 'Exact', value: '/a', weight: Number.NaN})).toEqual(['match: Invalid value: weight must be a number'])
  })

  test('the reads of the rules, merged', () => {
    const node = compileSchema(listeners)
    const a = readsOf('self.all(l, l.port > 0)', listeners)!
    const b = readsOf('self.all(l, has(l.tls) ? l.tls.mode == "Terminate" : true)', listeners)!
    expect(show(mergeReads([a, b], node)!)).toBe('{*:{port:W,tls:{mode:W}}}')
    expect(mergeReads([a, undefined], node)).toBeUndefined()
  })

  test('keys tell apart what JSON would not, and give up past the limit', () => {
    const r = readsOf('self.all(l, l.port > 0)', listeners)!
    const key = (port: unknown) => projectionKey([{port, name: 'x'}], r, 100)
    expect(new Set([key(0), key(-0), key(null), key(Number.NaN), key(Number.POSITIVE_INFINITY), key('0'), key(undefined)]).size).toBe(7)
    expect(key(80)).toBe(projectionKey([{port: 80, name: 'y'}], r, 100))
    expect(projectionKey(Array.from({length: 50}, () => ({port: 8080})), r, 100)).toBeUndefined()
  })
})

describe('strings only compared: keys by their equalities', () => {
  const rules = [
    {rule: 'self.all(l1, self.exists_one(l2, l1.name == l2.name))', message: 'names must be unique'},
    {rule: "self.all(l, l.name != 'reserved')", message: 'reserved'},
    {rule: "self.all(l, l.protocol in ['HTTP', 'HTTPS'] ? l.port != 0 : true)", message: 'port'},
    {rule: "self.all(l1, self.all(l2, l1.hostname == l2.hostname || l1.port != l2.port || size(l1.hostname) < 3))", message: 'hostname'},
    {rule: "self.all(l, !has(l.tls) || l.tls.mode == l.name || l.tls.mode.startsWith('T'))", message: 'mode'},
  ]
  const listSchema = (): JSONSchemaProps => ({
    type: 'object',
    properties: {
      listeners: {
        type: 'array',
        items: {
          type: 'object',
          properties: {name: {type: 'string'}, protocol: {type: 'string'}, port: {type: 'integer'}, hostname: {type: 'string'}, tls: {type: 'object', properties: {mode: {type: 'string'}}}},
        },
        'x-kubernetes-validations': rules,
      },
    },
  })
  const remembered = compileSchema(listSchema())
  const messages = (schema: ReturnType<typeof compileSchema>, listeners: unknown) =>
    validateValue({listeners}, schema, {fragment: true}).violations.map((v) => v.message)

  test('what only equalities read is keyed by them; what else is read keeps its text', () => {
    const r = readsOf(rules[0].rule, listSchema().properties!.listeners)!
    const a = projectionKey([{name: 'http'}, {name: 'https'}], r, 200)
    expect(projectionKey([{name: 'web'}, {name: 'api'}], r, 200)).toBe(a)
    expect(projectionKey([{name: 'web'}, {name: 'web'}], r, 200)).not.toBe(a)
    // A string also used another way: its text counts (and its equalities).
    const s = readsOf('self.all(l1, self.all(l2, l1.name == l2.name || l1.name.startsWith("x")))', listSchema().properties!.listeners)!
    expect(projectionKey([{name: 'a'}, {name: 'b'}], s, 200)).not.toBe(projectionKey([{name: 'c'}, {name: 'd'}], s, 200))
  })

  test('a string whose size or text is read too is not reduced to its equalities', () => {
    const l = (name: string, hostname: string, mode?: string) => ({name, protocol: 'TCP', port: 0, hostname, ...(mode ? {tls: {mode}} : {})})
    expect(messages(remembered, [l('a', 'c'), l('b', 'd')])).toEqual([])
    // The same equalities, but the first hostname is 3 long: the hostname rule fails.
    expect(messages(remembered, [l('a', 'xyz'), l('b', 'xyzw')])).toEqual(['listeners: Invalid value: hostname'])
    expect(messages(remembered, [l('a', 'h', 'a')])).toEqual([])
    // mode equals name in the first; in the second it does not, and does not start with T.
    expect(messages(remembered, [l('b', 'h', 'a')])).toEqual(['listeners: Invalid value: mode'])
  })

  test('every remembered verdict is the one a fresh evaluation gives', () => {
    // Few distinct strings, the constants among them, so that keys collide often.
    const word = fc.constantFrom('a', 'b', 'reserved', 'HTTP', 'HTTPS', 'TLS', 'Terminate', 'xy', 'xyz', 'xyzw')
    const listener = fc.record(
      {name: word, protocol: word, port: fc.constantFrom(0, 80), hostname: word, tls: fc.record({mode: word})},
      {requiredKeys: ['name']},
    )
    fc.assert(
      fc.property(fc.array(listener, {maxLength: 4}), (listeners) => {
        // A schema compiled anew remembers nothing: its verdict is a fresh evaluation's.
        expect(messages(remembered, listeners)).toEqual(messages(compileSchema(listSchema()), listeners))
      }),
      {seed: 17, numRuns: 3000},
    )
  })
})
