// The bundled Gateway API schemas as the registry's last source (src/validate/bundle.ts, registry.ts,
// objects.ts, report.ts) on a small hand-made bundle: asked only for Gateway API kinds no earlier
// source has, read only then; the channel rule; objects the bundled release does not serve are said,
// not refused; an unknown field the experimental channel has says so; the report names the bundle.

import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {asCrd, bundleFallback, readBundle, schemaHasPath, type BundledCrd, type SchemaBundle} from '../../src/validate/bundle.js'
import {validateSnapshot} from '../../src/validate/objects.js'
import {SchemaRegistry} from '../../src/validate/registry.js'
import {summarize, summaryLines} from '../../src/validate/report.js'

const spec = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: {
    apiVersion: {type: 'string'},
    kind: {type: 'string'},
    metadata: {type: 'object'},
    spec: {type: 'object', required: ['size'], properties: {size: {type: 'integer', maximum: 9}, parts: {type: 'array', items: {type: 'object', properties: {name: {type: 'string'}}}}, ...extra}},
  },
})

const crd = (kind: string, versions: BundledCrd['versions'], group = 'gateway.networking.k8s.io'): BundledCrd => ({group, kind, plural: `${kind.toLowerCase()}s`, scope: 'Namespaced', bundleVersion: 'v9.8.7', versions})

/** Widget in both channels (the experimental one with a colour field and v1alpha1 served), Gadget only in experimental. */
const BUNDLE: SchemaBundle = {
  version: 'v9.8.7',
  channels: {
    standard: [crd('Widget', [{name: 'v1', served: true, schema: spec() as never}, {name: 'v1alpha1', served: false, schema: spec() as never}])],
    experimental: [
      crd('Widget', [{name: 'v1', served: true, schema: spec({colour: {type: 'string'}, parts: {type: 'array', items: {type: 'object', properties: {name: {type: 'string'}, weight: {type: 'integer'}}}}}) as never}, {name: 'v1alpha1', served: true, schema: spec() as never}]),
      crd('Gadget', [{name: 'v1alpha1', served: true, schema: spec() as never}], 'gateway.networking.x-k8s.io'),
    ],
  },
}

/** A Widget CRD given in the input: sizes up to 99. */
const inputWidget = () => asCrd({...crd('Widget', [{name: 'v1', served: true, schema: {...spec(), properties: {...spec().properties, spec: {type: 'object', properties: {size: {type: 'integer', maximum: 99}}}}} as never}]), bundleVersion: 'v9.9.0'}, 'v9.9.0')

const obj = (kind: string, name: string, s: unknown, apiVersion = 'gateway.networking.k8s.io/v1'): K8sObject => ({apiVersion, kind, metadata: {name, namespace: 'ns'}, spec: s} as K8sObject)

function snapshotOf(objects: K8sObject[]): Snapshot {
  const s = new Snapshot('files')
  objects.forEach((o, i) => s.add(o, {file: 'b.yaml', document: i + 1}))
  return s
}

function run(objects: K8sObject[], opts: {channel?: 'standard' | 'experimental'; allowed?: (g: string, k: string) => boolean; input?: K8sObject[]; note?: string; bundle?: SchemaBundle | undefined} = {}) {
  let loads = 0
  const fallback = bundleFallback({
    channel: opts.channel ?? 'standard',
    allowed: opts.allowed ?? (() => true),
    ...(opts.note ? {note: opts.note} : {}),
    load: () => {
      loads++
      return 'bundle' in opts ? opts.bundle : BUNDLE
    },
  })
  const registry = new SchemaRegistry()
  registry.add(opts.input ?? [], 'input')
  registry.setFallback(fallback)
  const snap = snapshotOf(objects)
  const result = validateSnapshot(snap, registry)
  const summary = summarize(snap, registry, result, fallback.state())
  const of = (name: string) => result.findings.filter((f) => f.object.name === name).map((f) => `${f.code} ${f.severity}: ${f.message}`)
  return {result, summary, lines: summaryLines(summary, false), of, loads: () => loads, hints: (name: string) => result.findings.filter((f) => f.object.name === name).map((f) => f.hint)}
}

describe('the bundle as the last source', () => {
  test('validates a Gateway API kind no other source has, and the report names it', () => {
    const r = run([obj('Widget', 'big', {size: 12}), obj('Widget', 'ok', {size: 1})])
    expect(r.of('big')).toEqual(['SchemaViolation error: b.yaml (document 1): spec.size: Invalid value: 12: spec.size in body should be less than or equal to 9'])
    expect(r.of('ok')).toEqual([])
    expect(r.lines).toEqual([
      'Schema validation: 2 objects checked against Gateway API v9.8.7 (standard channel), bundled with kubectl-gw; 0 defaults applied.',
      'The API server would refuse 1 object: Widget ns/big.',
    ])
    expect(r.summary.bundle).toEqual({release: 'v9.8.7', absent: false})
    expect(r.loads()).toBe(1)
  })

  test('never read when no object needs it: other groups, or kinds an earlier source has', () => {
    const service = {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'ns'}} as K8sObject
    const earlier = run([service, obj('Widget', 'w', {size: 1})], {input: [inputWidget()]})
    expect(earlier.loads()).toBe(0)
    expect(earlier.summary.schemas.map((s) => s.from)).toEqual(['CRDs in the -f input'])
    expect(earlier.summary.bundle).toBeUndefined()
  })

  test('an earlier source wins for its kinds; with sources mixed, the report says which validated which kind', () => {
    // The input's Widget allows size 12 (its own schema, of a newer release); Gadget comes from the bundle.
    const r = run([obj('Widget', 'w', {size: 12}), obj('Gadget', 'g', {size: 12}, 'gateway.networking.x-k8s.io/v1alpha1')], {input: [inputWidget()]})
    expect(r.of('w')).toEqual([])
    expect(r.of('g')).toEqual(['SchemaViolation error: b.yaml (document 2): spec.size: Invalid value: 12: spec.size in body should be less than or equal to 9'])
    expect(r.lines[0]).toBe(
      'Schema validation: 2 objects checked against CRDs in the -f input (Gateway API v9.9.0) for Widget; Gateway API v9.8.7 (experimental channel), bundled with kubectl-gw for Gadget; 0 defaults applied.',
    )
  })

  test('not asked for a kind a source defines by a CRD without schemas (the server validates nothing of it); --crds still may', () => {
    const schemaless = {...inputWidget(), spec: {...inputWidget().spec, versions: [{name: 'v1', served: true}]}} as K8sObject
    const r = run([obj('Widget', 'w', {size: 12})], {input: [schemaless]})
    expect(r.result.findings).toEqual([])
    expect(r.loads()).toBe(0)
    expect(r.summary.notValidatedKinds).toEqual(['Widget'])
    const registry = new SchemaRegistry()
    registry.add([schemaless], 'input')
    registry.add([inputWidget()], 'crds')
    expect(registry.lookup(obj('Widget', 'w', {size: 12}))?.found).toBe(true)
  })

  test('not asked when the cluster proves the kind is not served: today\'s verdict (not validated) stands', () => {
    const r = run([obj('Widget', 'w', {size: 12})], {allowed: () => false})
    expect(r.result.findings).toEqual([])
    expect(r.loads()).toBe(0)
    expect(r.summary.notValidatedKinds).toEqual(['Widget'])
  })

  test('a note (the cluster\'s CRDs could not be read) is said with the kinds it concerns', () => {
    const r = run([obj('Widget', 'w', {size: 1})], {note: "the cluster's CRDs could not be read"})
    expect(r.lines).toContain("Schema validation: the cluster's CRDs could not be read: Widget checked against Gateway API v9.8.7 (standard channel), bundled with kubectl-gw.")
  })

  test('absent from the build: not validated, and the report says why', () => {
    const r = run([obj('Widget', 'w', {size: 12})], {bundle: undefined})
    expect(r.result.findings).toEqual([])
    expect(r.summary.bundle).toEqual({absent: true})
    expect(r.lines).toEqual([
      'Schema validation: not run: no schemas (no CRDs in the -f input, from the cluster or --crds, and this build of kubectl-gw has no bundled Gateway API schemas (it was built without KUBECTL_GW_SCHEMAS_FROM)) for Widget.',
    ])
  })
})

describe('channels', () => {
  test('standard by default; a kind only the experimental channel has comes from it; experimental when asked', () => {
    const colour = obj('Widget', 'c', {size: 1, colour: 'red'})
    const standard = run([colour])
    expect(standard.of('c')).toEqual(['UnknownField warning: b.yaml (document 1): unknown field "spec.colour": the API server drops it.'])
    const experimental = run([colour], {channel: 'experimental'})
    expect(experimental.of('c')).toEqual([])
    expect(experimental.lines[0]).toContain('Gateway API v9.8.7 (experimental channel), bundled with kubectl-gw')
  })

  test('an unknown field of the standard channel that the experimental channel has says so in its hint', () => {
    const r = run([obj('Widget', 'u', {size: 1, colour: 'red', shape: 'round', parts: [{name: 'a', weight: 2}]})])
    const byMessage = Object.fromEntries(r.result.findings.map((f) => [f.message.replace(/^b\.yaml \(document 1\): /, ''), f.hint]))
    expect(byMessage['unknown field "spec.colour": the API server drops it.']).toBe(
      'The field is in the experimental channel of v9.8.7, not in its standard channel: pass --schema-channel experimental if the cluster runs the experimental channel; otherwise the server prunes it.',
    )
    expect(byMessage['unknown field "spec.parts[0].weight": the API server drops it.']).toContain('in the experimental channel of v9.8.7')
    expect(byMessage['unknown field "spec.shape": the API server drops it.']).toBe('Remove the field or fix its spelling; the server prunes fields its schema does not define.')
  })
})

describe('objects the bundled release does not serve: said, not refused (they may be of a newer release)', () => {
  const r = run([
    obj('Sprocket', 'new-kind', {}),
    obj('Widget', 'new-version', {}, 'gateway.networking.k8s.io/v2'),
    obj('Widget', 'experimental-version', {}, 'gateway.networking.k8s.io/v1alpha1'),
  ])

  test('a kind the bundle lacks', () => {
    expect(r.of('new-kind')).toEqual([
      'NotInBundledSchemas warning: b.yaml (document 1): Sprocket (gateway.networking.k8s.io) is not in the bundled Gateway API v9.8.7 schemas (standard or experimental channel): it may come from a newer Gateway API release; not validated.',
    ])
    expect(r.hints('new-kind')[0]).toBe('To validate it, pass --crds with the CRDs of the release the objects are written for, or validate against a cluster that has them installed.')
  })

  test('an apiVersion the bundle does not serve', () => {
    expect(r.of('new-version')).toEqual([
      'NotInBundledSchemas warning: b.yaml (document 2): the bundled Gateway API v9.8.7 (standard channel) does not serve gateway.networking.k8s.io/v2 Widget (served: v1): it may come from a newer Gateway API release; not validated.',
    ])
  })

  test('an apiVersion only the experimental channel serves points at --schema-channel', () => {
    expect(r.of('experimental-version')).toEqual([
      'NotInBundledSchemas warning: b.yaml (document 3): gateway.networking.k8s.io/v1alpha1 Widget is served only by the experimental channel of the bundled Gateway API v9.8.7, not by its standard channel; not validated.',
    ])
    expect(r.hints('experimental-version')[0]).toMatch(/^Pass --schema-channel experimental/)
    expect(run([obj('Widget', 'x', {size: 1}, 'gateway.networking.k8s.io/v1alpha1')], {channel: 'experimental'}).of('x')).toEqual([])
  })

  test('none is refused; the report names them as not validated, with the apiVersion where the kind is known', () => {
    expect(r.result.rejected.size).toBe(0)
    expect(r.summary.refused).toEqual([])
    expect(r.summary.notValidatedKinds).toEqual(['Sprocket', 'Widget gateway.networking.k8s.io/v1alpha1', 'Widget gateway.networking.k8s.io/v2'])
    expect(r.lines).toContain('Schema validation: not run for 3 objects (Sprocket, Widget gateway.networking.k8s.io/v1alpha1, Widget gateway.networking.k8s.io/v2): no schema for the kind or its apiVersion.')
  })
})

describe('reading the bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-gw-bundle-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  test('absent: undefined; present: read once; not a bundle: an error naming the file', () => {
    expect(readBundle(join(dir, 'none.json'))).toBeUndefined()
    const good = join(dir, 'good.json')
    writeFileSync(good, JSON.stringify(BUNDLE))
    expect(readBundle(good)?.version).toBe('v9.8.7')
    writeFileSync(good, 'changed')
    expect(readBundle(good)?.version).toBe('v9.8.7')
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({version: 'v1'}))
    expect(() => readBundle(bad)).toThrow(`${bad}: not a Gateway API schema bundle`)
  })

  test('schemaHasPath follows properties, list items and map values', () => {
    const s = {type: 'object', properties: {spec: {type: 'object', properties: {rules: {type: 'array', items: {type: 'object', properties: {x: {type: 'string'}}}}, labels: {type: 'object', additionalProperties: {type: 'string'}}}}}}
    expect(schemaHasPath(s, 'spec.rules[3].x')).toBe(true)
    expect(schemaHasPath(s, 'spec.rules[3].y')).toBe(false)
    expect(schemaHasPath(s, 'spec.labels[a]')).toBe(true)
    expect(schemaHasPath(s, 'spec.other')).toBe(false)
  })
})
