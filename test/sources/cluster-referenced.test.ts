// Secrets and ConfigMaps against the test API server, as describe and analyze ask for them: metadata
// only, where references point, then one get per referenced object a check reads. Request log
// assertions: no Secret or ConfigMap data is ever listed.

import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {graphRequests} from '../../cli/graph-plan.js'
import {analyze} from '../../src/analysis.js'
import {collectFindings} from '../../src/analyze/findings.js'
import {computeAttachments} from '../../src/graph/index.js'
import {absenceProves} from '../../src/graph/verify.js'
import {objectRefKey, type Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {loadFromCluster} from '../../src/sources/cluster.js'
import {MAX_NAMESPACE_LISTS} from '../../src/sources/referenced.js'
import {MAX_SECRET_GETS, METADATA_ACCEPT} from '../../src/sources/referenced-reads.js'
import type {ApiServerOptions, RecordedRequest} from '../support/apiserver.js'
import {crdsFor} from '../support/apiserver.js'
import {cluster, GW, req, type Cluster} from './cluster-helpers.js'

const NOW = new Date('2025-01-01T00:00:00Z')
const requests = graphRequests([])

const tlsSecret = (namespace: string, name: string): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/tls',
  metadata: {name, namespace, annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Secret"}'}},
  data: {'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5'},
})
/** A Helm release Secret: large, and never referenced. */
const helmRelease = (namespace: string, name: string): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'helm.sh/release.v1',
  metadata: {name, namespace, labels: {owner: 'helm'}},
  data: {release: 'H4sI'.padEnd(20_000, 'A')},
})
const configMap = (namespace: string, name: string, data: Record<string, string>): K8sObject => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace}, data})
const https = (name: string, certificateRefs: unknown[]) => ({name, protocol: 'HTTPS', port: 443, hostname: `${name}.example.com`, tls: {mode: 'Terminate', certificateRefs}})
const gw = (namespace: string, name: string, listeners: unknown[], spec: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: `${GW}/v1`,
  kind: 'Gateway',
  metadata: {name, namespace},
  spec: {gatewayClassName: 'gc', listeners, ...spec},
})
const gc: K8sObject = {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'gc'}, spec: {controllerName: 'example.com/gc'}}
const policy: K8sObject = {
  apiVersion: `${GW}/v1`,
  kind: 'BackendTLSPolicy',
  metadata: {name: 'p', namespace: 'apps'},
  spec: {targetRefs: [{group: '', kind: 'Service', name: 'web'}], validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'trust'}], hostname: 'web.apps'}},
}

const base: K8sObject[] = [
  ...crdsFor(),
  gc,
  gw('infra', 'edge', [https('a', [{name: 'edge-cert'}, {name: 'missing-cert'}])], {infrastructure: {parametersRef: {group: '', kind: 'ConfigMap', name: 'edge-params'}}}),
  policy,
  tlsSecret('infra', 'edge-cert'),
  tlsSecret('infra', 'unused-cert'),
  helmRelease('infra', 'sh.helm.release.v1.edge.v1'),
  helmRelease('apps', 'sh.helm.release.v1.web.v1'),
  configMap('apps', 'trust', {'ca.crt': 'bundle'}),
  configMap('apps', 'dashboard', {'dashboard.json': '{}'.padEnd(10_000, ' ')}),
  configMap('infra', 'edge-params', {replicas: '2'}),
  {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'apps'}, spec: {ports: [{port: 443}]}},
]

const isCore = (r: RecordedRequest, resource: 'secrets' | 'configmaps') => r.path.startsWith('/api/v1/') && r.path.split('/').includes(resource)
const coreRequests = (c: Cluster, from: number) => c.server.requests.slice(from).filter((r) => isCore(r, 'secrets') || isCore(r, 'configmaps'))
const lists = (rs: RecordedRequest[]) => rs.filter((r) => r.query.limit !== undefined)
const gets = (rs: RecordedRequest[]) => rs.filter((r) => r.query.limit === undefined)

async function load(opts: Omit<ApiServerOptions, 'objects'> = {}, objects = base): Promise<{c: Cluster; snap: Snapshot; core: RecordedRequest[]}> {
  const c = await cluster({objects, ...opts})
  try {
    const snap = await loadFromCluster(c.conn, requests, NOW)
    return {c, snap, core: coreRequests(c, 0)}
  } catch (e) {
    await c.close()
    throw e
  }
}

describe('referenced Secrets and ConfigMaps', () => {
  let c: Cluster
  let snap: Snapshot
  let core: RecordedRequest[]
  beforeAll(async () => ({c, snap, core} = await load()))
  afterAll(() => c.close())

  test('lists metadata only, in the namespaces references point into, with the metadata Accept header', () => {
    expect(lists(core).map((r) => r.path).sort()).toEqual(['/api/v1/namespaces/apps/configmaps', '/api/v1/namespaces/infra/configmaps', '/api/v1/namespaces/infra/secrets'])
    for (const r of lists(core)) expect(r.accept).toBe(METADATA_ACCEPT)
  })

  test('no Secret or ConfigMap data crosses the wire except in the gets of referenced objects', () => {
    for (const r of lists(core)) expect(r.bytes).toBeLessThan(5_000)
    const listed = c.server.requests.filter((r) => r.query.limit !== undefined && r.accept !== METADATA_ACCEPT)
    expect(listed.filter((r) => isCore(r, 'secrets') || isCore(r, 'configmaps'))).toEqual([])
  })

  test('one get per referenced object a check reads, and only those that exist', () => {
    // edge-params is referenced for existence only; missing-cert was not in the list; unused ones are never read.
    expect(gets(core).map((r) => r.path).sort()).toEqual(['/api/v1/namespaces/apps/configmaps/trust', '/api/v1/namespaces/infra/secrets/edge-cert'])
    for (const r of gets(core)) expect(r.accept).toBe('application/json')
  })

  test('the fetched objects carry their contents; the others are known by metadata only', () => {
    const edge = snap.find('', 'Secret', 'infra', 'edge-cert')!
    expect(snap.hasContent(edge)).toBe(true)
    expect(Object.keys(edge.data as object)).toEqual(['tls.crt', 'tls.key'])
    const unused = snap.find('', 'Secret', 'infra', 'unused-cert')!
    expect(snap.hasContent(unused)).toBe(false)
    expect(unused).toMatchObject({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'unused-cert', namespace: 'infra'}})
    expect(unused.data).toBeUndefined()
    expect(snap.hasContent(snap.find('', 'ConfigMap', 'infra', 'edge-params')!)).toBe(false)
    expect(snap.hasContent(snap.find('', 'ConfigMap', 'apps', 'trust')!)).toBe(true)
    expect(snap.find('', 'Secret', 'apps', 'sh.helm.release.v1.web.v1')).toBeUndefined()
  })

  test('absence is certain where the metadata was listed, and only there', () => {
    expect(absenceProves(snap, '', 'Secret', {namespace: 'infra', name: 'missing-cert'})).toBe(true)
    expect(absenceProves(snap, '', 'Secret', {namespace: 'apps', name: 'missing-cert'})).toBe(false)
    const graph = computeAttachments(snap)
    const listener = [...graph.gateways.values()][0].listeners[0]
    expect(listener.certificates.map((r) => r.problem ?? 'ok')).toEqual(['ok', 'InvalidCertificateRef'])
    expect(snap.warnings).toEqual([])
  })
})

describe('verdicts from metadata listed per namespace', () => {
  test('a CA bundle ConfigMap missing from its listed namespace is CACertificateRefNotFound; an existing one is not', async () => {
    const gone: K8sObject = {...policy, metadata: {name: 'gone', namespace: 'apps'}, spec: {...(policy.spec as object), validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'gone'}], hostname: 'web.apps'}}}
    const {c, snap} = await load({}, [...base, gone])
    await c.close()
    expect(snap.listedScope.get('/ConfigMap')).toEqual(new Set(['apps', 'infra']))
    const found = collectFindings(analyze(snap)).filter((f) => f.code === 'CACertificateRefNotFound')
    expect(found.map((f) => `${f.object.name} ${f.subject}`)).toEqual(['gone spec.validation.caCertificateRefs[0]'])
  })
})

describe('bookkeeping nobody reads', () => {
  test('managedFields never stay; last-applied-configuration goes from lean (describe, analyze) loads and stays for get', async () => {
    const annotated = gw('infra', 'edge', [https('a', [{name: 'edge-cert'}])])
    annotated.metadata.annotations = {'kubectl.kubernetes.io/last-applied-configuration': '{"big":"copy"}', team: 'a'}
    ;(annotated.metadata as {managedFields?: unknown}).managedFields = [{manager: 'kubectl-client-side-apply'}]
    const c = await cluster({objects: [...crdsFor(), gc, annotated, tlsSecret('infra', 'edge-cert')]})
    try {
      const lean = await loadFromCluster(c.conn, requests, NOW)
      const leanGw = lean.find(GW, 'Gateway', 'infra', 'edge')!
      expect(leanGw.metadata).not.toHaveProperty('managedFields')
      expect(leanGw.metadata.annotations).toEqual({team: 'a'})
      // The Secret carried only that annotation: none is left.
      expect(lean.find('', 'Secret', 'infra', 'edge-cert')!.metadata).not.toHaveProperty('annotations')
      const plain = await loadFromCluster(c.conn, [req('gateways')], NOW)
      const plainGw = plain.find(GW, 'Gateway', 'infra', 'edge')!
      expect(plainGw.metadata).not.toHaveProperty('managedFields')
      expect(plainGw.metadata.annotations).toEqual(annotated.metadata.annotations)
    } finally {
      await c.close()
    }
  })
})

describe('how many requests', () => {
  test('no references: no Secret or ConfigMap request at all', async () => {
    const {c, core} = await load({}, [...crdsFor(), gc, helmRelease('infra', 'r'), configMap('apps', 'd', {})])
    await c.close()
    expect(core).toEqual([])
  })

  test('references into more namespaces than the bound: one metadata list for all namespaces, gets per referenced Secret', async () => {
    const n = MAX_NAMESPACE_LISTS + 1
    const objects = [...crdsFor(), gc]
    for (let i = 0; i < n; i++) objects.push(gw(`ns-${i}`, 'gw', [https('a', [{name: 'cert'}])]), tlsSecret(`ns-${i}`, 'cert'), helmRelease(`ns-${i}`, 'release'))
    const {c, core, snap} = await load({}, objects)
    await c.close()
    expect(lists(core).map((r) => `${r.path} ${r.accept}`)).toEqual([`/api/v1/secrets ${METADATA_ACCEPT}`])
    expect(gets(core)).toHaveLength(n)
    expect(snap.listedScope.get('/Secret')).toBe('all')
  })
  test('more referenced Secrets than MAX_SECRET_GETS: one list of the TLS Secrets, gets only for the others', async () => {
    const n = MAX_SECRET_GETS + 1
    const refs = Array.from({length: n}, (_, i) => ({name: `cert-${i}`}))
    const opaque: K8sObject = {apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: {name: 'opaque-cert', namespace: 'infra'}, data: {'tls.crt': 'Yw==', 'tls.key': 'aw=='}}
    const objects = [
      ...crdsFor(),
      gc,
      gw('infra', 'many', [https('a', [...refs, {name: 'opaque-cert'}])]),
      ...refs.map((r) => tlsSecret('infra', r.name)),
      tlsSecret('infra', 'unreferenced'),
      opaque,
      helmRelease('infra', 'release'),
    ]
    const {c, core, snap} = await load({}, objects)
    await c.close()
    const secretLists = lists(core).filter((r) => isCore(r, 'secrets'))
    expect(secretLists.map((r) => `${r.path} ${r.accept} ${r.query.fieldSelector ?? ''}`.trim())).toEqual([
      `/api/v1/namespaces/infra/secrets ${METADATA_ACCEPT}`,
      '/api/v1/namespaces/infra/secrets application/json type=kubernetes.io/tls',
    ])
    expect(gets(core).filter((r) => isCore(r, 'secrets')).map((r) => r.path)).toEqual(['/api/v1/namespaces/infra/secrets/opaque-cert'])
    for (const r of refs) expect(snap.hasContent(snap.find('', 'Secret', 'infra', r.name)!)).toBe(true)
    expect(snap.hasContent(snap.find('', 'Secret', 'infra', 'opaque-cert')!)).toBe(true)
    // Listed with its contents but not referenced: only its metadata stays.
    expect(snap.hasContent(snap.find('', 'Secret', 'infra', 'unreferenced')!)).toBe(false)
    // A filtered list proves no absence beyond what the metadata list proved.
    expect([...(snap.listedScope.get('/Secret') as Set<string>)]).toEqual(['infra'])
    const listener = [...computeAttachments(snap).gateways.values()][0].listeners[0]
    expect(listener.certificates.every((r) => r.problem === undefined && r.unverified === undefined)).toBe(true)
  })
})

describe('servers and permissions', () => {
  test('a server that refuses metadata lists (406): the plain list of those namespaces, and no get', async () => {
    const {c, core, snap} = await load({refusePartialMetadata: true})
    await c.close()
    const secretLists = lists(core).filter((r) => isCore(r, 'secrets'))
    expect(secretLists.map((r) => r.accept)).toEqual([METADATA_ACCEPT, 'application/json'])
    expect(gets(core)).toEqual([])
    expect(snap.hasContent(snap.find('', 'Secret', 'infra', 'edge-cert')!)).toBe(true)
    expect(snap.warnings).toEqual([])
  })

  test('403 on get of one referenced Secret: that reference is unverified, warned once, the rest is read', async () => {
    const objects = [
      ...base,
      gw('infra', 'second', [https('b', [{name: 'other-cert'}, {name: 'third-cert'}])]),
      tlsSecret('infra', 'other-cert'),
      tlsSecret('infra', 'third-cert'),
    ]
    const forbidden = [
      {group: '', resource: 'secrets', namespace: 'infra', name: 'edge-cert'},
      {group: '', resource: 'secrets', namespace: 'infra', name: 'third-cert'},
    ]
    const {c, snap} = await load({forbidden}, objects)
    await c.close()
    expect([...snap.unreadableObjects].sort()).toEqual([objectRefKey('', 'Secret', 'infra', 'edge-cert'), objectRefKey('', 'Secret', 'infra', 'third-cert')])
    expect(snap.readable('', 'Secret')).toBe(true)
    expect(snap.warnings).toEqual(['secrets "edge-cert" is forbidden: User "test-user" cannot get resource "secrets" in API group "" in the namespace "infra" (and 1 more referenced Secrets)'])
    expect(snap.hasContent(snap.find('', 'Secret', 'infra', 'other-cert')!)).toBe(true)
    const graph = computeAttachments(snap)
    const edge = [...graph.gateways.values()].find((g) => g.gateway.metadata.name === 'edge')!
    const [cert, missing] = edge.listeners[0].certificates
    expect(cert.problem).toBeUndefined()
    expect(cert.unverified).toBe('Secret infra/edge-cert could not be read')
    expect(missing.problem).toBe('InvalidCertificateRef')
  })

  test('403 on listing Secrets keeps today\'s behaviour: the kind is unreadable and warned, nothing is fetched', async () => {
    const {c, core, snap} = await load({forbidden: [{group: '', resource: 'secrets'}]})
    await c.close()
    expect(gets(core).filter((r) => isCore(r, 'secrets'))).toEqual([])
    expect(snap.readable('', 'Secret')).toBe(false)
    expect(snap.warnings).toEqual(['secrets is forbidden: User "test-user" cannot list resource "secrets" in API group "" in the namespace "infra"'])
    const listener = [...computeAttachments(snap).gateways.values()][0].listeners[0]
    expect(listener.certificates.map((r) => r.unverified)).toEqual(['Secrets could not be read', 'Secrets could not be read'])
  })

  test('403 on listing Secrets in each of several namespaces: one warning naming every namespace', async () => {
    const objects = [...base, gw('shop', 'shop', [https('b', [{name: 'shop-cert'}])]), gw('web', 'web', [https('c', [{name: 'web-cert'}])])]
    const {c, snap} = await load({forbidden: [{group: '', resource: 'secrets'}]}, objects)
    await c.close()
    expect(snap.warnings).toEqual([
      'secrets is forbidden: User "test-user" cannot list resource "secrets" in API group "" in the namespace "infra" (and in the namespaces "shop", "web")',
    ])
    expect(snap.readable('', 'Secret')).toBe(false)
  })
})
