// The validator (src/validate/validate.ts) on small hand-written schemas: one violation of each
// constraint kind, worded as the API server words it; the structural-schema semantics (defaults before
// rules, nulls, int-or-string, preserve-unknown-fields, pruning, list types); and the CEL rule
// options (message, messageExpression, fieldPath, reason, transition rules, rules not compiled).

import {describe, expect, test} from 'vitest'
import {compileSchema, type JSONSchemaProps} from '../../src/validate/schema.js'
import {escapeProperty, NOT_CHECKED_BECAUSE_INVALID, validateValue} from '../../src/validate/validate.js'

const messages = (schema: JSONSchemaProps, value: unknown, opts = {}) => validateValue(value, compileSchema(schema), {fragment: true, ...opts}).violations.map((v) => v.message)
const obj = (properties: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => ({type: 'object', properties, ...extra})

describe('one violation of each constraint kind', () => {
  test.each<[string, JSONSchemaProps, unknown, string]>([
    ['type', obj({rules: {type: 'array', items: {type: 'object'}}}), {rules: 5}, 'rules: Invalid value: "integer": rules in body must be of type array: "integer"'],
    ['type (string)', obj({gatewayClassName: {type: 'string'}}), {gatewayClassName: 42}, 'gatewayClassName: Invalid value: "integer": gatewayClassName in body must be of type string: "integer"'],
    ['required', obj({listeners: {type: 'array', items: obj({port: {type: 'integer'}}, {required: ['port']})}}), {listeners: [{}]}, 'listeners[0].port: Required value'],
    ['enum', obj({type: {type: 'string', enum: ['Exact', 'PathPrefix']}}), {type: 'Prefix'}, 'type: Unsupported value: "Prefix": supported values: "Exact", "PathPrefix"'],
    ['pattern', obj({hostname: {type: 'string', pattern: '^[a-z.]+$'}}), {hostname: 'Foo.com'}, `hostname: Invalid value: "Foo.com": hostname in body should match '^[a-z.]+$'`],
    ['format ipv4', obj({ip: {type: 'string', format: 'ipv4'}}), {ip: '10.0.0'}, 'ip: Invalid value: "10.0.0": ip in body must be of type ipv4: "10.0.0"'],
    ['format date-time', obj({at: {type: 'string', format: 'date-time'}}), {at: 'yesterday'}, 'at: Invalid value: "yesterday": at in body must be of type date-time: "yesterday"'],
    ['minLength', obj({name: {type: 'string', minLength: 1}}), {name: ''}, 'name: Invalid value: "": name in body should be at least 1 chars long'],
    ['maxLength', obj({name: {type: 'string', maxLength: 3}}), {name: 'abcd'}, 'name: Too long: may not be more than 3 bytes'],
    ['minItems', obj({refs: {type: 'array', minItems: 1}}), {refs: []}, 'refs: Invalid value: 0: refs in body should have at least 1 items'],
    ['maxItems', obj({rules: {type: 'array', maxItems: 2}}), {rules: [1, 2, 3]}, 'rules: Too many: 3: must have at most 2 items'],
    ['minimum', obj({port: {type: 'integer', minimum: 1}}), {port: 0}, 'port: Invalid value: 0: port in body should be greater than or equal to 1'],
    ['maximum', obj({port: {type: 'integer', maximum: 65535}}), {port: 70000}, 'port: Invalid value: 70000: port in body should be less than or equal to 65535'],
    ['exclusiveMaximum', obj({w: {type: 'integer', maximum: 10, exclusiveMaximum: true}}), {w: 10}, 'w: Invalid value: 10: w in body should be less than 10'],
    ['multipleOf', obj({w: {type: 'integer', multipleOf: 5}}), {w: 7}, 'w: Invalid value: 7: w in body should be a multiple of 5'],
    ['minProperties', obj({m: {type: 'object', additionalProperties: {type: 'string'}, minProperties: 1}}), {m: {}}, 'm: Invalid value: 0: m in body should have at least 1 properties'],
    ['maxProperties', obj({m: {type: 'object', additionalProperties: {type: 'string'}, maxProperties: 1}}), {m: {a: 'x', b: 'y'}}, 'm: Too many: 2: must have at most 1 items'],
    ['list-type set', obj({s: {type: 'array', items: {type: 'string'}, 'x-kubernetes-list-type': 'set'}}), {s: ['a', 'a']}, 's[1]: Duplicate value: "a"'],
    ['list-type map', obj({l: {type: 'array', items: obj({name: {type: 'string'}}), 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name']}}), {l: [{name: 'a'}, {name: 'a'}]}, 'l[1]: Duplicate value: {"name":"a"}'],
    ['oneOf', obj({v: {type: 'string', oneOf: [{format: 'ipv4'}, {format: 'ipv6'}]}}), {v: 'x'}, 'v: Invalid value: "string": v in body must validate one and only one schema (oneOf). Found none valid'],
    ['anyOf', obj({v: {type: 'string', anyOf: [{format: 'ipv4'}, {format: 'ipv6'}]}}), {v: 'x'}, 'v: Invalid value: "string": v in body must validate at least one schema (anyOf)'],
    ['not', obj({t: {type: 'string', not: {enum: ['IPAddress']}}}), {t: 'IPAddress'}, 't: Invalid value: "string": t in body must not validate the schema (not)'],
  ])('%s', (_kind, schema, value, want) => {
    expect(messages(schema, value)).toEqual([want])
  })

  test('lengths count characters, not UTF-16 units', () => {
    expect(messages(obj({n: {type: 'string', maxLength: 2}}), {n: '😀😀'})).toEqual([])
  })

  test('formats the server does not check (int32) pass', () => {
    expect(messages(obj({p: {type: 'integer', format: 'int32'}}), {p: 1})).toEqual([])
  })

  test('patterns use RE2 (Go) syntax', () => {
    // (?i) is Go syntax JavaScript lacks.
    expect(messages(obj({s: {type: 'string', pattern: '^(?i)abc$'}}), {s: 'ABC'})).toEqual([])
  })
})

describe('structural schema semantics', () => {
  test('unknown fields are pruned and reported as such (not as a refusal)', () => {
    const r = validateValue({name: 'a', extra: 1}, compileSchema(obj({name: {type: 'string'}})), {fragment: true})
    expect(r.violations).toEqual([{source: 'unknown', path: 'extra', message: 'unknown field "extra"'}])
    expect(r.value).toEqual({name: 'a'})
  })

  test('x-kubernetes-preserve-unknown-fields keeps them', () => {
    const r = validateValue({a: {anything: [1]}}, compileSchema(obj({a: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}})), {fragment: true})
    expect(r.violations).toEqual([])
    expect(r.value).toEqual({a: {anything: [1]}})
  })

  test('x-kubernetes-int-or-string takes both, nothing else', () => {
    const s = obj({port: {'x-kubernetes-int-or-string': true}})
    expect(messages(s, {port: 80})).toEqual([])
    expect(messages(s, {port: 'http'})).toEqual([])
    expect(messages(s, {port: true})).toEqual(['port: Invalid value: "boolean": port in body must be of type integer or string: "boolean"'])
  })

  test('a null field is dropped unless nullable; then defaulted or required', () => {
    const s = obj({a: {type: 'string', default: 'x'}, b: {type: 'string'}, c: {type: 'string', nullable: true}}, {required: ['b']})
    const r = validateValue({a: null, b: null, c: null}, compileSchema(s), {fragment: true})
    expect(r.value).toEqual({a: 'x', c: null})
    expect(r.violations.map((v) => v.message)).toEqual(['b: Required value'])
  })

  test('defaults are applied before CEL rules read the field, and noted', () => {
    const s = obj({mode: {type: 'string', default: 'Terminate'}, certs: {type: 'array'}}, {'x-kubernetes-validations': [{rule: "self.mode == 'Terminate' ? has(self.certs) : true", message: 'certs needed'}]})
    const r = validateValue({}, compileSchema(s), {fragment: true})
    expect(r.defaulted).toEqual(['mode'])
    expect(r.violations.map((v) => v.message)).toEqual(['<root>: Invalid value: certs needed'])
  })

  test('a default is itself defaulted inside', () => {
    const s = obj({path: {...obj({type: {type: 'string', default: 'PathPrefix'}, value: {type: 'string'}}), default: {value: '/'}}})
    expect(validateValue({}, compileSchema(s), {fragment: true}).value).toEqual({path: {value: '/', type: 'PathPrefix'}})
  })

  test('apiVersion, kind and metadata are the server\'s; status is skipped where the subresource is on', () => {
    const s = obj({apiVersion: {type: 'string'}, kind: {type: 'string'}, metadata: {type: 'object'}, spec: obj({a: {type: 'string'}}), status: obj({n: {type: 'integer'}})})
    const o = {apiVersion: 'x/v1', kind: 'X', metadata: {name: 'n', labels: {a: 'b'}}, spec: {a: 'y'}, status: {n: 'not a number'}}
    expect(validateValue(o, compileSchema(s), {skipRootFields: ['status']}).violations).toEqual([])
    expect(validateValue(o, compileSchema(s)).violations.map((v) => v.path)).toEqual(['status.n'])
  })
})

describe('CEL rules', () => {
  const rule = (r: Record<string, unknown>, props: Record<string, JSONSchemaProps> = {a: {type: 'integer'}, b: {type: 'integer'}}) => obj(props, {'x-kubernetes-validations': [r as never]})

  test('a rule without a message reports "failed rule: <rule>"', () => {
    expect(messages(rule({rule: 'self.a < self.b'}), {a: 2, b: 1})).toEqual(['<root>: Invalid value: failed rule: self.a < self.b'])
  })

  test('a rule listed twice on one node is one error, as in the server\'s error list', () => {
    const twice = obj({a: {type: 'integer'}, b: {type: 'integer'}}, {'x-kubernetes-validations': [{rule: 'self.a < self.b', message: 'a < b'}, {rule: 'self.a < self.b', message: 'a < b'}]})
    expect(messages(twice, {a: 2, b: 1})).toEqual(['<root>: Invalid value: a < b'])
  })

  test('integers are CEL ints: arithmetic with int literals works', () => {
    expect(messages(rule({rule: 'self.a + 1 == self.b'}), {a: 1, b: 2})).toEqual([])
  })

  test('messageExpression wins over message; falls back when it fails', () => {
    expect(messages(rule({rule: 'self.a < self.b', message: 'm', messageExpression: "'a is ' + string(self.a)"}), {a: 2, b: 1})).toEqual(['<root>: Invalid value: a is 2'])
    expect(messages(rule({rule: 'self.a < self.b', message: 'm', messageExpression: 'self.nope'}), {a: 2, b: 1})).toEqual(['<root>: Invalid value: m'])
  })

  test('fieldPath and reason shape the error as the server does', () => {
    expect(messages(rule({rule: 'self.a < self.b', message: 'too big', fieldPath: '.a', reason: 'FieldValueForbidden'}), {a: 2, b: 1})).toEqual(['a: Forbidden: too big'])
    expect(messages(rule({rule: 'has(self.b)', message: 'b is needed', fieldPath: '.b', reason: 'FieldValueRequired'}), {a: 2})).toEqual(['b: Required value: b is needed'])
  })

  test('rules run at their node, with self bound to it', () => {
    const s = obj({items: {type: 'array', items: rule({rule: 'self.a < self.b', message: 'a < b'})}})
    expect(messages(s, {items: [{a: 1, b: 2}, {a: 3, b: 2}]})).toEqual(['items[1]: Invalid value: a < b'])
  })

  test('a blocking schema error stops the rules, as on the server', () => {
    const s = obj({n: {type: 'string', enum: ['x']}}, {'x-kubernetes-validations': [{rule: 'false', message: 'never'}]})
    expect(messages(s, {n: 'y'})).toEqual(['n: Unsupported value: "y": supported values: "x"', `<nil>: Invalid value: null: ${NOT_CHECKED_BECAUSE_INVALID}`])
    // A pattern violation is not blocking: the rule runs too.
    const p = obj({n: {type: 'string', pattern: '^x$'}}, {'x-kubernetes-validations': [{rule: 'false', message: 'never'}]})
    expect(messages(p, {n: 'y'})).toEqual([`n: Invalid value: "y": n in body should match '^x$'`, '<root>: Invalid value: never'])
  })

  test('rule errors show the value of scalar nodes, not of objects and lists; a Duplicate reason only the value', () => {
    const on = (schema: JSONSchemaProps, extra = {}) => ({...schema, 'x-kubernetes-validations': [{rule: 'false', message: 'm', ...extra}]})
    expect(messages(obj({n: on({type: 'integer'})}), {n: 5})).toEqual(['n: Invalid value: 5: m'])
    expect(messages(obj({n: on({'x-kubernetes-int-or-string': true})}), {n: 'x'})).toEqual(['n: Invalid value: "x": m'])
    expect(messages(obj({n: on({type: 'array', items: {type: 'string'}})}), {n: ['a']})).toEqual(['n: Invalid value: m'])
    expect(messages(obj({n: on({type: 'string'}, {reason: 'FieldValueDuplicate'})}), {n: 'x'})).toEqual(['n: Duplicate value: "x"'])
    expect(messages(obj({n: on({type: 'object'}, {reason: 'FieldValueDuplicate'})}), {n: {}})).toEqual(['n: Duplicate value'])
  })

  test('transition rules run only on updates', () => {
    const s = obj({c: {type: 'string', 'x-kubernetes-validations': [{rule: 'self == oldSelf', message: 'Value is immutable'}]}})
    expect(messages(s, {c: 'b'})).toEqual([])
    // A scalar node's value is in the message (kube-apiserver 1.36, checked in test/cluster/validate-updates.test.ts).
    expect(messages(s, {c: 'b'}, {old: {c: 'a'}})).toEqual(['c: Invalid value: "b": Value is immutable'])
    expect(messages(s, {c: 'a'}, {old: {c: 'a'}})).toEqual([])
  })

  test('properties named like CEL keywords are read escaped', () => {
    expect(escapeProperty('namespace')).toBe('__namespace__')
    expect(escapeProperty('a.b-c/d__e')).toBe('a__dot__b__dash__c__slash__d__underscores__e')
    const s = obj({namespace: {type: 'string'}}, {'x-kubernetes-validations': [{rule: "has(self.__namespace__) && self.__namespace__ == 'x'", message: 'ns'}]})
    expect(messages(s, {namespace: 'x'})).toEqual([])
    expect(messages(s, {namespace: 'y'})).toEqual(['<root>: Invalid value: ns'])
  })

  test('a rule the evaluator cannot compile is reported once as not checked, never passed', () => {
    const bad = {rule: 'self.a.frobnicate()', message: 'x'}
    const s = obj({items: {type: 'array', items: rule(bad)}})
    const r = validateValue({items: [{a: 1}, {a: 2}]}, compileSchema(s), {fragment: true})
    expect(r.unchecked).toEqual([{rule: 'self.a.frobnicate()', reason: 'uses functions the evaluator lacks: frobnicate'}])
    const syntax = validateValue({a: 1}, compileSchema(rule({rule: 'self.a +'})), {fragment: true})
    expect(syntax.unchecked).toHaveLength(1)
    expect(syntax.unchecked[0].reason).toMatch(/^cannot parse/)
  })
})
