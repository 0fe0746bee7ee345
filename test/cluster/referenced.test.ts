// Secrets and ConfigMaps on a real API server, as describe and analyze read them (issue 13): metadata-only
// lists (the server answers PartialObjectMetadataList) in the namespaces references point into, then one
// get per referenced object whose contents a check reads. The audit log shows what was asked; the
// snapshot shows what came back.

import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parseAllDocuments, stringify} from 'yaml'
import {graphRequests} from '../../cli/graph-plan.js'
import {absenceProves} from '../../src/graph/verify.js'
import type {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {loadFromCluster} from '../../src/sources/cluster.js'
import {auditMark, auditSince, cluster, gw, kc, parseJson, type AuditEvent} from './support/cli.js'
import {CLUSTER_ROOT} from './support/context.js'

const NS = 'default' // exists on every server, and the comparison with files ignores it
const ours = (events: AuditEvent[]) => events.filter((e) => e.userAgent?.startsWith('kubectl-gw'))
const core = (events: AuditEvent[], resource: string) => events.filter((e) => e.requestURI.startsWith('/api/v1/') && new URL(e.requestURI, 'https://x').pathname.split('/').includes(resource))

/** A real certificate and key from examples/ (throwaway test keys), under another name. */
function exampleTls(name: string): K8sObject {
  const docs = parseAllDocuments(readFileSync(join(CLUSTER_ROOT, 'examples/70-secrets.yaml'), 'utf8')).map((d) => d.toJS() as K8sObject)
  const source = docs.find((d) => d.metadata?.name === 'shop-example-com-tls')!
  return {apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: {name, namespace: NS}, data: source.data}
}

const OBJECTS: K8sObject[] = [
  exampleTls('tier-site-cert'),
  // What real clusters hold by the thousand and no check needs: a Helm release, a dashboard.
  {apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: {name: 'sh.helm.release.v1.tier.v1', namespace: NS}, data: {release: Buffer.alloc(200_000, 7).toString('base64')}},
  {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'tier-dashboard', namespace: 'infra'}, data: {'dashboard.json': 'x'.repeat(100_000)}},
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: {name: 'tier-tls', namespace: NS},
    spec: {
      gatewayClassName: 'edge',
      listeners: [{name: 'https', protocol: 'HTTPS', port: 443, hostname: 'shop.example.com', tls: {mode: 'Terminate', certificateRefs: [{name: 'tier-site-cert'}, {name: 'tier-missing-cert'}]}}],
    },
  },
]
const refs = OBJECTS.map((o) => [o.kind === 'Gateway' ? 'gateways.gateway.networking.k8s.io' : o.kind.toLowerCase() + 's', o.metadata.name, '-n', o.metadata.namespace!])

describe(`referenced Secrets and ConfigMaps on kube-apiserver (${cluster().crds})`, () => {
  let snap: Snapshot
  let requests: AuditEvent[]
  beforeAll(async () => {
    const r = await kc(['apply', '--server-side', '-f', '-'], 'admin', stringify({apiVersion: 'v1', kind: 'List', items: OBJECTS}))
    expect(r.code, r.stderr).toBe(0)
    const mark = auditMark()
    snap = await loadFromCluster({kubeconfig: cluster().kubeconfig}, graphRequests([]))
    requests = ours(await auditSince(mark))
  })
  afterAll(async () => {
    for (const [type, name, , namespace] of refs) await kc(['delete', type, name, '-n', namespace, '--ignore-not-found'])
  })

  const find = (kind: string, namespace: string, name: string) => snap.list('', kind).find((o) => o.metadata.namespace === namespace && o.metadata.name === name)

  test('Secrets and ConfigMaps are listed as metadata only, per referenced namespace, never across all namespaces', () => {
    for (const resource of ['secrets', 'configmaps']) {
      const lists = core(requests, resource).filter((e) => e.verb === 'list')
      expect(lists.length, resource).toBeGreaterThan(0)
      for (const e of lists) expect(e.requestURI, resource).toMatch(new RegExp(`^/api/v1/namespaces/[^/]+/${resource}\\?`))
    }
    expect(core(requests, 'secrets').filter((e) => e.verb === 'list').map((e) => e.requestURI)).toContain(`/api/v1/namespaces/${NS}/secrets?limit=500`)
    // The server answered with PartialObjectMetadata: known to exist, no contents.
    const helm = find('Secret', NS, 'sh.helm.release.v1.tier.v1')!
    expect(helm).toBeDefined()
    expect(snap.hasContent(helm)).toBe(false)
    expect(helm.data).toBeUndefined()
    const dashboard = find('ConfigMap', 'infra', 'tier-dashboard')!
    expect(dashboard).toBeDefined()
    expect(snap.hasContent(dashboard)).toBe(false)
    expect(dashboard.data).toBeUndefined()
  })

  test('one get per referenced Secret that exists; none for the others', () => {
    const gets = core(requests, 'secrets').filter((e) => e.verb === 'get').map((e) => new URL(e.requestURI, 'https://x').pathname)
    expect(gets).toContain(`/api/v1/namespaces/${NS}/secrets/tier-site-cert`)
    expect(gets.filter((p) => p.endsWith('/sh.helm.release.v1.tier.v1') || p.endsWith('/tier-missing-cert'))).toEqual([])
    expect(new Set(gets).size).toBe(gets.length)
    const cert = find('Secret', NS, 'tier-site-cert')!
    expect(snap.hasContent(cert)).toBe(true)
    expect(Object.keys(cert.data as object).sort()).toEqual(['tls.crt', 'tls.key'])
  })

  test('absence is certain where the metadata was listed', () => {
    expect(absenceProves(snap, '', 'Secret', {namespace: NS, name: 'tier-missing-cert'})).toBe(true)
    expect(absenceProves(snap, '', 'ConfigMap', {namespace: 'infra', name: 'internal-gw-config'})).toBe(true)
  })

  test('describe: the certificate read, the missing one InvalidCertificateRef, and no Secret value printed', async () => {
    const r = await gw(['describe', 'gateway', 'tier-tls', '-n', NS, '-o', 'json'])
    expect(r.code, r.stderr).toBe(0)
    type Ref = {ref: {name: string}; status: string; certificates?: {subject: string}[]}
    const [entry] = parseJson<{listenerTls: {certificateRefs: Ref[]}[]}[]>(r, 'describe')
    const certRefs = entry.listenerTls[0].certificateRefs
    expect(certRefs.map((c) => [c.ref.name, c.status])).toEqual([['tier-site-cert', 'Resolved'], ['tier-missing-cert', 'InvalidCertificateRef']])
    expect(certRefs[0].certificates?.[0].subject).toMatch(/^CN=shop\.example\.com/)
    const data = (OBJECTS[0].data ?? {}) as Record<string, string>
    for (const value of Object.values(data)) expect(r.stdout).not.toContain(value.slice(0, 40))
    expect(r.stdout).not.toContain('PRIVATE KEY')
  })
})
