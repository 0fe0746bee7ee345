// Validation of a snapshot's objects (src/validate/objects.ts, registry.ts, report.ts) against a small
// hand-written CRD: findings name the file and document, the field and the CRD's message; objects the
// server would refuse are listed; sources are taken in order; an unserved version is a refusal.

import {describe, expect, test} from 'vitest'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {validateSnapshot} from '../../src/validate/objects.js'
import {BUNDLE_VERSION, SchemaRegistry} from '../../src/validate/registry.js'
import {summarize, summaryLines} from '../../src/validate/report.js'
import {objectSchema} from '../support/apiserver-crds.js'

export function widgetCrd(opts: {maxItems?: number; bundle?: string} = {}): K8sObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: 'widgets.gateway.networking.k8s.io', ...(opts.bundle ? {annotations: {[BUNDLE_VERSION]: opts.bundle}} : {})},
    spec: {
      group: 'gateway.networking.k8s.io',
      names: {kind: 'Widget', plural: 'widgets'},
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: {status: {}},
          schema: {
            openAPIV3Schema: objectSchema({
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: {type: 'integer', minimum: 1},
                  parts: {type: 'array', maxItems: opts.maxItems ?? 2, items: {type: 'string'}},
                  mode: {type: 'string', default: 'A'},
                },
                'x-kubernetes-validations': [{rule: "self.mode == 'A' ? self.size < 10 : true", message: 'mode A widgets are smaller than 10'}],
              },
              status: {type: 'object'},
            }),
          },
        },
        {name: 'v0', served: false, storage: false},
      ],
    },
  } as K8sObject
}

const widget = (name: string, spec: unknown, version = 'v1'): K8sObject => ({apiVersion: `gateway.networking.k8s.io/${version}`, kind: 'Widget', metadata: {name, namespace: 'ns'}, spec} as K8sObject)

function snapshotOf(objects: K8sObject[]): Snapshot {
  const s = new Snapshot('files')
  objects.forEach((o, i) => s.add(o, {file: 'w.yaml', document: i + 1}))
  return s
}

describe('validateSnapshot', () => {
  const registry = new SchemaRegistry()
  registry.add([widgetCrd({bundle: 'v1.6.1'})], 'input')
  const snap = snapshotOf([
    widget('ok', {size: 3}),
    widget('too-big', {size: 20}),
    widget('no-size', {parts: ['a', 'b', 'c'], colour: 'red'}),
    widget('old', {size: 1}, 'v0'),
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'ns'}} as K8sObject,
  ])
  const result = validateSnapshot(snap, registry)
  const of = (name: string) => result.findings.filter((f) => f.object.name === name).map((f) => [f.code, f.severity, f.message])

  test('a valid object has no findings; defaults are counted', () => {
    expect(of('ok')).toEqual([])
    expect(result.defaults).toBe(3)
  })

  test('a CEL rule failure: file, document, field path and the CRD message', () => {
    expect(of('too-big')).toEqual([['ValidationRuleFailed', 'error', 'w.yaml (document 2): spec: Invalid value: mode A widgets are smaller than 10']])
  })

  test('schema violations, the pruned field, and the rules left unevaluated', () => {
    expect(of('no-size')).toEqual([
      ['SchemaViolation', 'error', 'w.yaml (document 3): spec.parts: Too many: 3: must have at most 2 items'],
      ['UnknownField', 'warning', 'w.yaml (document 3): unknown field "spec.colour": the API server drops it.'],
      ['SchemaViolation', 'error', 'w.yaml (document 3): spec.size: Required value'],
      ['RulesNotEvaluated', 'info', "w.yaml (document 3): the CRD's CEL rules were not evaluated: the API server checks them only once the schema errors above are fixed."],
    ])
  })

  test('a version the CRD does not serve is a refusal', () => {
    expect(of('old')).toEqual([
      ['SchemaViolation', 'error', "w.yaml (document 4): version v0 of Widget is not served by its CRD (Gateway API v1.6.1) from CRDs in the -f input; served: v1: the API server would refuse the object."],
    ])
  })

  test('with a locator, each finding names file:line of its field (the object for whole-object findings)', () => {
    const asked: string[] = []
    // Lines only in document 3; elsewhere the place stays file and document.
    const located = validateSnapshot(snap, registry, undefined, (file, document, path) => {
      asked.push(`${file}#${document} ${path}`)
      return document === 3 ? (path === '<root>' ? 1 : path.length) : undefined
    })
    const messages = (name: string) => located.findings.filter((f) => f.object.name === name).map((f) => f.message)
    expect(messages('no-size')).toEqual([
      'w.yaml:10: spec.parts: Too many: 3: must have at most 2 items',
      'w.yaml:11: unknown field "spec.colour": the API server drops it.',
      'w.yaml:9: spec.size: Required value',
      "w.yaml:1: the CRD's CEL rules were not evaluated: the API server checks them only once the schema errors above are fixed.",
    ])
    expect(messages('too-big')).toEqual(['w.yaml (document 2): spec: Invalid value: mode A widgets are smaller than 10'])
    // Objects without findings are never located.
    expect(asked.some((a) => a.startsWith('w.yaml#1 '))).toBe(false)
  })

  test('refused objects are listed; kinds without a CRD are not validated', () => {
    expect([...result.rejected].sort()).toEqual(['gateway.networking.k8s.io/Widget/ns/no-size', 'gateway.networking.k8s.io/Widget/ns/old', 'gateway.networking.k8s.io/Widget/ns/too-big'])
    expect(result.validated).toBe(4)
    expect(result.notValidated).toBe(1)
    const summary = summarize(snap, registry, result)
    expect(summary.refused.map((o) => o.name)).toEqual(['too-big', 'no-size', 'old'])
    expect(summaryLines(summary, true)).toEqual([
      'Schema validation: 4 objects checked against CRDs in the -f input (Gateway API v1.6.1); 3 defaults applied.',
      'The API server would refuse 3 objects: Widget ns/too-big, Widget ns/no-size, Widget ns/old (left out of the what-if graph: they would not be created).',
    ])
  })
})

describe('schema sources', () => {
  test('the first source to define a kind wins', () => {
    const registry = new SchemaRegistry()
    registry.add([widgetCrd({maxItems: 5})], 'input')
    registry.add([widgetCrd({maxItems: 1})], 'cluster')
    const r = validateSnapshot(snapshotOf([widget('w', {size: 1, parts: ['a', 'b']})]), registry)
    expect(r.findings).toEqual([])
    expect(registry.entries().map((e) => e.origin)).toEqual(['input'])
  })

  test('no schemas: said, never passed over', () => {
    const registry = new SchemaRegistry()
    const snap = snapshotOf([widget('w', {size: 1}), {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name: 'r', namespace: 'ns'}} as K8sObject])
    const summary = summarize(snap, registry, validateSnapshot(snap, registry))
    expect(summaryLines(summary, false)).toEqual(['Schema validation: not run: no schemas (no CRDs in the -f input, from the cluster or --crds) for HTTPRoute, Widget.'])
  })
})
