import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings} from '../../src/analyze/findings.js'
import {renderFindings} from '../../src/analyze/render.js'
import {whatIf} from '../../src/analyze/whatif.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'

const GW = 'gateway.networking.k8s.io'

function snapshot(extra: K8sObject[]): Snapshot {
  const s = new Snapshot('files')
  const base: K8sObject[] = [
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}},
    {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'n'}, spec: {ports: [{port: 80}]}},
  ]
  for (const o of [...base, ...extra]) s.add(o)
  return s
}

const route = (name: string, created: string, path = '/', apiVersion = `${GW}/v1`): K8sObject => ({
  apiVersion,
  kind: 'HTTPRoute',
  metadata: {name, namespace: 'n', creationTimestamp: created},
  spec: {parentRefs: [{name: 'g'}], hostnames: ['a.example.com'], rules: [{matches: [{path: {type: 'PathPrefix', value: path}}], backendRefs: [{name: 's', port: 80}]}]},
})

describe('collectFindings', () => {
  test.each([
    ['unset', undefined, 'spec.parentRefs is not set'],
    ['empty', [], 'spec.parentRefs is empty'],
    ['not a list', {name: 'g'}, 'spec.parentRefs is not a list'],
  ])('a route whose parentRefs are %s attaches to nothing: NoParentRefs', (_, parentRefs, text) => {
    const r = route('orphan', '2026-01-01T00:00:00Z')
    r.spec = {...(r.spec as object), parentRefs}
    const f = collectFindings(analyze(snapshot([r]))).filter((x) => x.code === 'NoParentRefs')
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({severity: 'warning', object: {name: 'orphan'}, subject: 'spec.parentRefs'})
    expect(f[0].message).toContain(text)
  })

  test('a route with parentRefs, or using default Gateways, has no NoParentRefs finding', () => {
    const withDefault = route('d', '2026-01-01T00:00:00Z')
    withDefault.spec = {...(withDefault.spec as object), parentRefs: undefined, useDefaultGateways: 'All'}
    const f = collectFindings(analyze(snapshot([route('fine', '2026-01-01T00:00:00Z'), withDefault])))
    expect(f.filter((x) => x.code === 'NoParentRefs')).toEqual([])
  })

  test.each([
    ['not a list', {name: 'http', port: 80, protocol: 'HTTP'}, 'spec.listeners is not a list'],
    ['empty', [], 'spec.listeners is empty'],
  ])('a Gateway whose listeners are %s: NoListeners', (_, listeners, text) => {
    const s = snapshot([{apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'bad', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners}}])
    const f = collectFindings(analyze(s)).filter((x) => x.code === 'NoListeners')
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({severity: 'error', object: {name: 'bad'}})
    expect(f[0].message).toContain(text)
  })

  const routeCodes = (objects: K8sObject[]) =>
    collectFindings(analyze(snapshot(objects)))
      .filter((x) => x.code === 'OverlappingRoutes' || x.code === 'DuplicateMatch' || x.code === 'ShadowedMatch')
      .map((x) => [x.code, x.object.name])
  const withHosts = (r: K8sObject, hostnames: string[]): K8sObject => ({...r, spec: {...(r.spec as object), hostnames}})

  test('a full duplicate (same hostnames, same match, one listener) is one finding: DuplicateMatch on the newer route', () => {
    const f = collectFindings(analyze(snapshot([route('old', '2026-01-01T00:00:00Z'), route('new', '2026-02-01T00:00:00Z')])))
    const about = f.filter((x) => x.code === 'OverlappingRoutes' || x.code === 'DuplicateMatch' || x.code === 'ShadowedMatch')
    expect(about.map((x) => [x.code, x.object.name])).toEqual([['DuplicateMatch', 'new']])
    expect(about[0].message).toContain('HTTPRoute n/old')
  })

  test('a match written without defaults duplicates one written with them: still one DuplicateMatch', () => {
    const bare = route('new', '2026-02-01T00:00:00Z')
    bare.spec = {...(bare.spec as object), rules: [{backendRefs: [{name: 's', port: 80}]}]}
    expect(routeCodes([route('old', '2026-01-01T00:00:00Z'), bare])).toEqual([['DuplicateMatch', 'new']])
  })

  test('a partial overlap (the newer route also serves another hostname): OverlappingRoutes only, naming the shared and the remaining hostnames', () => {
    const f = collectFindings(analyze(snapshot([route('old', '2026-01-01T00:00:00Z'), withHosts(route('new', '2026-02-01T00:00:00Z'), ['a.example.com', 'b.example.com'])])))
    const about = f.filter((x) => x.code === 'OverlappingRoutes' || x.code === 'DuplicateMatch' || x.code === 'ShadowedMatch')
    expect(about.map((x) => [x.code, x.object.name])).toEqual([['OverlappingRoutes', 'new']])
    expect(about[0]).toMatchObject({subject: 'spec.rules[0].matches[0] on Gateway n/g/http'})
    expect(about[0].message).toContain('the older HTTPRoute n/old rule 0 match 0 (PathPrefix /)')
    expect(about[0].message).toContain('for a.example.com: the older route takes those requests; this match still serves b.example.com.')
  })

  test('the older route with more hostnames than the newer: the newer match is dead, DuplicateMatch only', () => {
    expect(routeCodes([withHosts(route('old', '2026-01-01T00:00:00Z'), ['a.example.com', 'b.example.com']), route('new', '2026-02-01T00:00:00Z')])).toEqual([['DuplicateMatch', 'new']])
  })

  test('a match already dead by its own earlier rule gets no OverlappingRoutes; its live twin does', () => {
    // new: rule 0 and rule 1 hold the same match for a and b; old holds it for a only.
    const newer = withHosts(route('new', '2026-02-01T00:00:00Z', '/x'), ['a.example.com', 'b.example.com'])
    const rule = {matches: [{path: {type: 'PathPrefix', value: '/x'}}], backendRefs: [{name: 's', port: 80}]}
    newer.spec = {...(newer.spec as object), rules: [rule, rule]}
    const f = collectFindings(analyze(snapshot([route('old', '2026-01-01T00:00:00Z', '/x'), newer])))
    const about = f.filter((x) => x.code === 'OverlappingRoutes' || x.code === 'DuplicateMatch' || x.code === 'ShadowedMatch')
    expect(about.map((x) => [x.code, x.subject]).sort()).toEqual([
      ['OverlappingRoutes', 'spec.rules[0].matches[0] on Gateway n/g/http'],
      ['ShadowedMatch', 'spec.rules[1].matches[0] on Gateway n/g/http'],
    ])
  })

  test('what-if: a new full duplicate is one introduced DuplicateMatch; a new partial overlap is one introduced OverlappingRoutes', () => {
    const cluster = snapshot([route('old', '2026-01-01T00:00:00Z')])
    const files = new Snapshot('files')
    files.add(route('dup', '2026-02-01T00:00:00Z'))
    files.add(withHosts(route('partial', '2026-02-01T00:00:00Z'), ['a.example.com', 'c.example.com']))
    const introduced = whatIf(cluster, files).introduced.filter((x) => x.code === 'OverlappingRoutes' || x.code === 'DuplicateMatch' || x.code === 'ShadowedMatch')
    expect(introduced.map((x) => [x.code, x.object.name]).sort()).toEqual([
      ['DuplicateMatch', 'dup'],
      ['OverlappingRoutes', 'partial'],
    ])
  })

  test('different matches do not overlap', () => {
    const f = collectFindings(analyze(snapshot([route('a', '2026-01-01T00:00:00Z', '/a'), route('b', '2026-02-01T00:00:00Z', '/b')])))
    expect(f.filter((x) => x.code === 'OverlappingRoutes')).toEqual([])
  })

  test('an older apiVersion of a Gateway API kind is reported as info', () => {
    const f = collectFindings(analyze(snapshot([route('old-api', '2026-01-01T00:00:00Z', '/', `${GW}/v1beta1`)])))
    expect(f).toContainEqual(expect.objectContaining({code: 'DeprecatedApiVersion', severity: 'info', object: {kind: 'HTTPRoute', namespace: 'n', name: 'old-api'}}))
  })

  test('a BackendTLSPolicy whose CA ConfigMap is missing is an error; an existing one is not', () => {
    const policy = (name: string, cm: string): K8sObject => ({
      apiVersion: `${GW}/v1`,
      kind: 'BackendTLSPolicy',
      metadata: {name, namespace: 'n'},
      spec: {targetRefs: [{group: '', kind: 'Service', name: 's'}], validation: {hostname: 's.n', caCertificateRefs: [{group: '', kind: 'ConfigMap', name: cm}]}},
    })
    const ca: K8sObject = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ca', namespace: 'n'}, data: {'ca.crt': 'x'}}
    const f = collectFindings(analyze(snapshot([ca, policy('good', 'ca'), policy('bad', 'nope')])))
    const missing = f.filter((x) => x.code === 'CACertificateRefNotFound')
    expect(missing.map((x) => x.object.name)).toEqual(['bad'])
  })

  test('a healthy setup has no findings', () => {
    expect(collectFindings(analyze(snapshot([route('ok', '2026-01-01T00:00:00Z')])))).toEqual([])
  })
})

describe('renderFindings', () => {
  const findings = collectFindings(analyze(snapshot([route('x\u001b[2J', '2026-01-01T00:00:00Z'), {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'lost', namespace: 'n'}, spec: {parentRefs: [{name: 'nope'}]}}])))
  test('colour only when asked (a terminal without NO_COLOR)', () => {
    const plain = renderFindings(findings, {color: false})
    expect(plain).toContain('ERROR (1)')
    expect(plain).not.toContain('\u001b')
    expect(renderFindings(findings, {color: true})).toContain('\u001b[31mERROR (1)\u001b[0m')
  })
})

describe('DeprecatedApiVersion follows what is served', () => {
  const grant: K8sObject = {apiVersion: `${GW}/v1beta1`, kind: 'ReferenceGrant', metadata: {name: 'gr', namespace: 'n'}, spec: {from: [{group: GW, kind: 'HTTPRoute', namespace: 'm'}], to: [{group: '', kind: 'Service'}]}}
  const tls: K8sObject = {apiVersion: `${GW}/v1alpha2`, kind: 'TLSRoute', metadata: {name: 't', namespace: 'n'}, spec: {parentRefs: [{name: 'g'}], rules: [{backendRefs: [{name: 's', port: 80}]}]}}
  const advice = (s: Snapshot) => collectFindings(analyze(s)).filter((f) => f.code === 'DeprecatedApiVersion')
  const cluster = (served: Record<string, string[]>) => {
    const s = new Snapshot('cluster')
    for (const o of [...snapshot([]).objects, grant, tls]) s.add(o)
    for (const [kind, versions] of Object.entries(served)) s.servedVersions.set(`${GW}/${kind}`, versions)
    return s
  }

  test('a cluster serving ReferenceGrant only at v1beta1 and TLSRoute only at v1alpha2 gets no advice to switch', () => {
    expect(advice(cluster({ReferenceGrant: ['v1beta1'], TLSRoute: ['v1alpha2']}))).toEqual([])
  })

  test('a cluster serving newer versions gets the newest it serves, not the newest known', () => {
    const f = advice(cluster({ReferenceGrant: ['v1', 'v1beta1'], TLSRoute: ['v1alpha3', 'v1alpha2']}))
    expect(f.map((x) => [x.object.kind, x.hint])).toEqual([
      ['ReferenceGrant', `Switch to apiVersion ${GW}/v1.`],
      ['TLSRoute', `Switch to apiVersion ${GW}/v1alpha3.`],
    ])
    expect(f[0].message).toContain('the cluster serves gateway.networking.k8s.io/v1 too')
  })

  test("files: the kind's CRD in the input decides; without one the release that introduced the version is named", () => {
    const crd = (versions: {name: string; served: boolean}[]): K8sObject => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {name: `referencegrants.${GW}`},
      spec: {group: GW, names: {kind: 'ReferenceGrant', plural: 'referencegrants'}, scope: 'Namespaced', versions},
    })
    const only = advice(snapshot([grant, crd([{name: 'v1beta1', served: true}, {name: 'v1', served: false}])]))
    expect(only).toEqual([])
    const both = advice(snapshot([grant, crd([{name: 'v1beta1', served: true}, {name: 'v1', served: true}])]))
    expect(both.map((x) => x.message)).toEqual([`ReferenceGrant uses ${GW}/v1beta1; the ReferenceGrant CRD in the input serves ${GW}/v1 too, the newer version.`])
    const none = advice(snapshot([grant]))
    expect(none[0].message).toContain('was introduced in Gateway API v1.5')
    expect(none[0].hint).toBe(`Switch to apiVersion ${GW}/v1 where the cluster's Gateway API CRDs are v1.5 or newer.`)
  })

  test('a what-if against such a cluster does not report a v1beta1 grant as introduced', () => {
    const files = new Snapshot('files')
    files.add({...grant, metadata: {name: 'new-grant', namespace: 'n'}})
    const report = whatIf(cluster({ReferenceGrant: ['v1beta1'], TLSRoute: ['v1alpha2']}), files)
    expect(report.introduced.filter((f) => f.code === 'DeprecatedApiVersion')).toEqual([])
  })
})
