// The benchmark's cluster generator (bench/generate.ts): its object counts, its determinism, and that
// what it generates is what it claims to be once the real engine reads it back from YAML files: no
// read errors, every route it calls healthy attached, every route it breaks on purpose not Accepted for
// the reason it names, and the status it writes the one the engine computes.

import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {BREAKS, BROKEN_LABEL, breakAt, clusterSpec, generateCluster, routeKindAt, writeClusterFiles, type BreakKind, type ClusterSpec} from '../../bench/generate.js'
import {analyze, type Analysis} from '../../src/analysis.js'
import {compareStatus} from '../../src/graph/index.js'
import type {Snapshot} from '../../src/model/snapshot.js'
import {isRouteKind, type K8sObject} from '../../src/model/types.js'
import {policyReports} from '../../src/policy/engine.js'
import {loadFromFiles} from '../../src/sources/files.js'
import {crdsFor} from '../support/apiserver.js'
import {DASHBOARD_BYTES, HELM_RELEASE_BYTES, isClusterOnly, LAST_APPLIED, writerOf} from '../../bench/real-world.js'

const kindCounts = (objects: K8sObject[]) => {
  const counts: Record<string, number> = {}
  for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1
  return counts
}

const POLICY_KINDS = ['ClusterTimeoutPolicy', 'TimeoutPolicy', 'HealthCheckPolicy', 'BackendTLSPolicy']
const sum = (counts: Record<string, number>, kinds: string[]) => kinds.reduce((n, k) => n + (counts[k] ?? 0), 0)

/** Big enough for every break (11 of each kind), every policy level and cross-namespace reference. */
const MEDIUM: ClusterSpec = {
  namespaces: 12,
  gateways: 30,
  routes: 440,
  policies: 80,
  listenerSets: 6,
  servicesPerNamespace: 8,
  teams: 2,
  brokenEvery: 11,
  seed: 7,
  status: true,
}

describe('counts', () => {
  test('the small cluster: about 50 objects besides the CRDs, every route kind', () => {
    const counts = kindCounts(generateCluster(clusterSpec('small')))
    expect(counts).toMatchObject({
      Namespace: 3,
      GatewayClass: 2,
      Gateway: 3,
      ListenerSet: 1,
      HTTPRoute: 10,
      GRPCRoute: 2,
      TLSRoute: 2,
      TCPRoute: 1,
      UDPRoute: 1,
      Service: 12,
      ReferenceGrant: 3,
      ConfigMap: 3,
      // Two per Gateway (its wildcard and API certificates) and one for the ListenerSet.
      Secret: 7,
      ClusterTimeoutPolicy: 2,
    })
    expect(sum(counts, POLICY_KINDS)).toBe(6)
    expect(counts.CustomResourceDefinition).toBe(crdsFor().length + 3)
    const others = Object.values(counts).reduce((a, b) => a + b, 0) - counts.CustomResourceDefinition
    expect(others).toBeGreaterThanOrEqual(40)
    expect(others).toBeLessThanOrEqual(60)
  })

  test('the large cluster: 20,000 routes, 2,000 Gateways, 2,000 policies, 500 namespaces', () => {
    // The bookkeeping (managedFields, last-applied) is checked on a smaller cluster below.
    const counts = kindCounts(generateCluster({...clusterSpec('large'), status: false, bookkeeping: false}))
    expect(counts.Secret - 2000).toBeGreaterThanOrEqual(4000)
    expect(counts.ConfigMap).toBe(500 + 1000)
    expect(counts).toMatchObject({Namespace: 500, Gateway: 2000, ListenerSet: 250, HTTPRoute: 14_000, GRPCRoute: 2000, TLSRoute: 2000, TCPRoute: 1000, UDPRoute: 1000})
    expect(sum(counts, POLICY_KINDS)).toBe(2000)
    // Each level's kind is there in numbers, not as a token instance.
    for (const k of ['TimeoutPolicy', 'HealthCheckPolicy', 'BackendTLSPolicy']) expect(counts[k]).toBeGreaterThanOrEqual(150)
  })

  test('scales multiply every count', () => {
    const one = clusterSpec('large', 1)
    const four = clusterSpec('large', 4)
    for (const key of ['namespaces', 'gateways', 'routes', 'policies', 'listenerSets', 'teams'] as const) expect(four[key]).toBe(one[key] * 4)
    expect(four.brokenEvery).toBe(one.brokenEvery)
    expect(four.servicesPerNamespace).toBe(one.servicesPerNamespace)
  })

  test('route kinds and breaks follow their published patterns', () => {
    const routes = generateCluster({...MEDIUM, status: false}).filter((o) => isRouteKind(o.kind))
    expect(routes).toHaveLength(MEDIUM.routes)
    routes.forEach((r, i) => {
      expect(r.kind).toBe(routeKindAt(i))
      expect(r.metadata.labels?.[BROKEN_LABEL]).toBe(breakAt(i, MEDIUM))
    })
  })
})

describe('what real clusters carry besides the Gateway API', () => {
  const spec: ClusterSpec = {...MEDIUM, status: false, helmReleases: 5, dashboards: 3, bookkeeping: true}
  const objects = generateCluster(spec)
  const annotation = (o: K8sObject) => o.metadata.annotations?.[LAST_APPLIED]

  test('Helm release Secrets of ~200 kB and dashboard ConfigMaps of ~100 kB, marked cluster-only', () => {
    const releases = objects.filter((o) => (o as {type?: string}).type === 'helm.sh/release.v1')
    const dashboards = objects.filter((o) => o.metadata.labels?.grafana_dashboard === '1')
    expect([releases.length, dashboards.length]).toEqual([5, 3])
    for (const o of releases) expect(JSON.stringify(o).length).toBeGreaterThan(HELM_RELEASE_BYTES)
    for (const o of dashboards) expect(JSON.stringify(o).length).toBeGreaterThan(DASHBOARD_BYTES)
    expect(objects.filter(isClusterOnly)).toEqual([...releases, ...dashboards])
    // Without them, the Gateway API objects are the same as before.
    const plain = generateCluster({...MEDIUM, status: false})
    expect(objects.filter((o) => !isClusterOnly(o)).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(plain.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`))
  })

  test('managedFields on every object; last-applied-configuration, the manifest without status, on every kubectl-applied one', () => {
    for (const o of objects) expect((o.metadata as {managedFields?: unknown[]}).managedFields?.length).toBeGreaterThan(0)
    const route = objects.find((o) => o.kind === 'HTTPRoute')!
    const lastApplied = JSON.parse(annotation(route)!)
    expect(lastApplied.spec).toEqual(route.spec)
    expect(lastApplied.status).toBeUndefined()
    // Helm and cert-manager write their objects themselves: no kubectl annotation.
    expect(objects.filter((o) => writerOf(o) !== 'kubectl').every((o) => annotation(o) === undefined)).toBe(true)
    expect(objects.filter((o) => o.kind === 'Secret' && writerOf(o) === 'cert-manager').length).toBeGreaterThan(0)
    expect(objects.filter((o) => writerOf(o) === 'kubectl').every((o) => annotation(o) !== undefined)).toBe(true)
  })
})

describe('determinism', () => {
  test('the same spec and seed give the same objects', () => {
    expect(JSON.stringify(generateCluster(MEDIUM))).toBe(JSON.stringify(generateCluster(MEDIUM)))
  })

  test('another seed gives another cluster of the same counts', () => {
    const a = generateCluster(MEDIUM)
    const b = generateCluster({...MEDIUM, seed: MEDIUM.seed + 1})
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b))
    expect(kindCounts(a)).toEqual(kindCounts(b))
  })
})

describe('read back through the engine', () => {
  let dir: string
  let generated: K8sObject[]
  let snapshot: Snapshot
  let analysis: Analysis

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-bench-gen-'))
    generated = generateCluster(MEDIUM)
    // Small files, so that several of each kind are read.
    await writeClusterFiles(generated, dir, 40)
    snapshot = await loadFromFiles([dir], {defaultNamespace: 'default'})
    analysis = analyze(snapshot)
  })
  afterAll(async () => {
    if (dir) await rm(dir, {recursive: true, force: true})
  })

  test('every document loads: no errors, no warnings, every object', () => {
    expect(snapshot.errors).toEqual([])
    expect(snapshot.warnings).toEqual([])
    expect(snapshot.objects).toHaveLength(generated.length)
    expect(kindCounts(snapshot.objects)).toEqual(kindCounts(generated))
  })

  test('a known share of routes is broken, each not Accepted for the reason its label names', () => {
    const routes = snapshot.routes()
    const broken = routes.filter((r) => r.metadata.labels?.[BROKEN_LABEL] !== undefined)
    expect(broken).toHaveLength(Math.floor(MEDIUM.routes / MEDIUM.brokenEvery))
    const seen = new Set<string>()
    for (const route of routes) {
      const ra = analysis.graph.routes.get(route)!
      const label = route.metadata.labels?.[BROKEN_LABEL] as BreakKind | undefined
      const where = `${route.kind} ${route.metadata.namespace}/${route.metadata.name}`
      if (!label) {
        for (const p of ra.parents) expect(`${where}: ${p.accepted?.status}/${p.accepted?.reason ?? p.noStatusReason}`).toBe(`${where}: True/Accepted`)
        continue
      }
      expect(ra.parents).toHaveLength(1)
      const [p] = ra.parents
      const outcome = p.accepted?.status === 'True' ? 'Accepted' : (p.noStatusReason ?? p.accepted?.reason)
      expect(`${where}: ${outcome}`).toBe(`${where}: ${BREAKS[label]}`)
      seen.add(label)
    }
    expect([...seen].sort()).toEqual(Object.keys(BREAKS).sort())
  })

  test('some backends are missing, some cross-namespace references granted and some not', () => {
    const outcomes = new Set<string>()
    for (const ra of analysis.graph.routes.values()) {
      for (const b of ra.backends) outcomes.add(b.problem ?? (b.crossNamespace ? (b.grant ? 'granted' : 'ungranted-but-resolved') : 'local'))
    }
    expect(outcomes).toEqual(new Set(['local', 'granted', 'BackendNotFound', 'RefNotPermitted']))
  })

  test('ListenerSets are admitted and carry routes; some listener certificates are not permitted', () => {
    const sets = [...analysis.graph.listenerSets.values()]
    expect(sets.length).toBe(MEDIUM.listenerSets)
    for (const la of sets) expect(la.allowed).toBe(true)
    expect(sets.some((la) => la.attachedRoutes.length > 0)).toBe(true)
    const listeners = [...analysis.graph.gateways.values()].flatMap((ga) => ga.listeners)
    expect(listeners.filter((l) => l.conflict)).toEqual([])
    expect(listeners.some((l) => l.certificates.some((c) => c.problem === 'RefNotPermitted'))).toBe(true)
    expect(listeners.some((l) => l.certificates.some((c) => c.crossNamespace && c.grant))).toBe(true)
  })

  test('policies of every kind reach every level of the hierarchy', () => {
    const reports = policyReports(analysis.policies)
    expect(reports).toHaveLength(MEDIUM.policies)
    expect(new Set(reports.map((r) => r.kind.split('.')[0]))).toEqual(new Set(POLICY_KINDS))
    const levels = new Set(reports.flatMap((r) => r.targets.filter((t) => t.exists === true).map((t) => t.level)))
    for (const level of ['GatewayClass', 'Namespace', 'Gateway', 'Listener', 'Route', 'RouteRule', 'Backend', 'BackendPort']) expect(levels).toContain(level)
  })

  test('the status written is the status the engine computes', () => {
    const verdicts = new Map<string, number>()
    for (const o of snapshot.objects) {
      if (!['Gateway', 'ListenerSet', 'GatewayClass'].includes(o.kind) && !isRouteKind(o.kind)) continue
      const c = compareStatus(analysis.graph, o)
      const key = `${o.kind} ${c?.verdict}`
      verdicts.set(key, (verdicts.get(key) ?? 0) + 1)
      // Only routes whose one parent does not exist carry no status.
      if (c?.verdict !== 'agrees') expect(`${o.kind} ${o.metadata.name}: ${c?.verdict} ${o.metadata.labels?.[BROKEN_LABEL]}`).toMatch(/absent missing-gateway$/)
    }
    expect(verdicts.get('Gateway agrees')).toBe(MEDIUM.gateways)
  })
})
