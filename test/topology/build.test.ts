// The graph drawn for the example cluster: every broken route has a dashed edge labelled with its
// reason, attached routes have solid edges to their listeners, and output is stable.
import {execFileSync, spawnSync} from 'node:child_process'
import {beforeAll, describe, expect, test} from 'vitest'
import {analyze, type Analysis} from '../../src/analysis.js'
import {buildTopology} from '../../src/topology/build.js'
import {renderDot} from '../../src/topology/dot.js'
import {renderMermaid} from '../../src/topology/mermaid.js'
import {SHARED_GATEWAY_DIR, sharedGatewayAnalysis} from '../fixtures/shared-gateway.js'
import {EXAMPLES_DIR} from '../examples/load.js'
import {loadFromFiles} from '../../src/sources/files.js'
import {EXPECTED_ROUTES} from '../examples/oracle.js'
import {kindKey, Snapshot} from '../../src/model/snapshot.js'

let a: Analysis

beforeAll(async () => {
  a = analyze(await loadFromFiles([EXAMPLES_DIR], {defaultNamespace: 'default'}))
})

describe('buildTopology on the example cluster', () => {
  for (const r of EXPECTED_ROUTES.filter((x) => x.defect)) {
    const reason = r.parents.map((p) => (p.accepted?.status === 'False' ? p.accepted.reason : p.resolvedRefs?.status === 'False' ? p.resolvedRefs.reason : undefined)).find(Boolean)
    test(`${r.kind} ${r.namespace}/${r.name}: rejected edge${reason ? ` labelled ${reason}` : ''}`, () => {
      const route = [...a.graph.routes.keys()].find((x) => x.kind === r.kind && x.metadata.namespace === r.namespace && x.metadata.name === r.name)!
      const t = buildTopology(a.graph, [route])
      const id = `${r.kind}/${r.namespace}/${r.name}`
      const rejected = t.edges.filter((e) => e.from === id && e.rejected)
      expect(rejected.length).toBeGreaterThan(0)
      // A listener's edge names the check that failed too: `NotAllowedByListeners (namespace)`.
      if (reason) expect(rejected.some((e) => e.label === reason || e.label?.startsWith(`${reason} (`))).toBe(true)
    })
  }

  test('an attached route has solid edges to its listeners', () => {
    const route = [...a.graph.routes.keys()].find((x) => x.metadata.name === 'storefront' && x.metadata.namespace === 'shop')!
    const t = buildTopology(a.graph, [route])
    const solid = t.edges.filter((e) => e.from === 'HTTPRoute/shop/storefront' && !e.rejected).map((e) => e.to)
    expect(solid).toEqual(expect.arrayContaining(['Gateway/infra/edge/https-shop', 'Gateway/infra/edge/https-wildcard']))
  })

  test.skipIf(spawnSync('dot', ['-V']).status !== 0)('the whole cluster renders with graphviz', () => {
    const dot = renderDot(buildTopology(a.graph))
    expect(execFileSync('dot', ['-Tsvg'], {input: dot}).toString()).toContain('<svg')
  })
})

describe('buildTopology when kinds could not be read', () => {
  test('a parent or a backend whose kind was refused is drawn as unknown, not as missing or rejected', async () => {
    const snap = await loadFromFiles([EXAMPLES_DIR], {defaultNamespace: 'default'})
    const route = snap.routes().find((x) => x.metadata.name === 'storefront' && x.metadata.namespace === 'shop')!
    // The same route, with Gateways and Services refused: drop them and mark the kinds unreadable.
    const refused = new Snapshot('files')
    for (const o of snap.objects) if (o.kind !== 'Gateway' && o.kind !== 'Service') refused.add(o)
    refused.unreadable.add(kindKey('gateway.networking.k8s.io', 'Gateway'))
    refused.unreadable.add(kindKey('', 'Service'))
    const g = analyze(refused).graph
    const t = buildTopology(g, [refused.routes().find((x) => x.metadata.name === route.metadata.name && x.metadata.namespace === 'shop')!])
    const out = t.edges.filter((e) => e.from === 'HTTPRoute/shop/storefront')
    expect(out.length).toBeGreaterThan(1)
    expect(out.every((e) => !e.rejected && e.label?.includes('unverified'))).toBe(true)
    const unknown = t.nodes.filter((n) => n.kind === 'Missing')
    expect(unknown.length).toBeGreaterThan(0)
    expect(unknown.every((n) => !n.problem && n.label.includes('(could not be read)'))).toBe(true)

    // Readable and absent, the same references are missing and rejected.
    const absent = new Snapshot('files')
    for (const o of snap.objects) if (o.kind !== 'Gateway' && o.kind !== 'Service') absent.add(o)
    const t2 = buildTopology(analyze(absent).graph, [absent.routes().find((x) => x.metadata.name === 'storefront' && x.metadata.namespace === 'shop')!])
    expect(t2.edges.filter((e) => e.from === 'HTTPRoute/shop/storefront').every((e) => e.rejected)).toBe(true)
    expect(t2.nodes.filter((n) => n.kind === 'Missing').every((n) => n.problem && n.label.includes('(not found)'))).toBe(true)
  })
})

describe('buildTopology on the shared Gateway of issue 16', () => {
  let shared: Analysis
  beforeAll(async () => {
    shared = await sharedGatewayAnalysis()
  })
  const routeNamed = (ns: string, name: string) => [...shared.graph.routes.keys()].find((r) => r.metadata.namespace === ns && r.metadata.name === name)!

  test("each rejected listener edge carries that listener's own reason", () => {
    const gw = [...shared.graph.gateways.keys()].find((g) => g.metadata.name === 'public')!
    const t = buildTopology(shared.graph, [gw])
    const edges = Object.fromEntries(t.edges.filter((e) => e.from === 'HTTPRoute/blog/blog' && e.rejected).map((e) => [e.to, e.label]))
    expect(edges).toEqual({
      'Gateway/infra/public/http': 'NotAllowedByListeners (namespace)',
      'Gateway/infra/public/https': 'NoMatchingListenerHostname',
      'Gateway/infra/public/tls-pass': 'NotAllowedByListeners (kind)',
    })
  })

  test('a refused (RefNotPermitted) reference to an existing Service points at that Service, not at a missing one', () => {
    const t = buildTopology(shared.graph, [routeNamed('shop', 'checkout')])
    const edge = t.edges.find((e) => e.from === 'HTTPRoute/shop/checkout' && e.label === 'RefNotPermitted')
    expect(edge).toMatchObject({to: 'Service/payments/processor', rejected: true})
    expect(t.nodes.filter((n) => n.kind === 'Missing')).toEqual([])
    expect(renderMermaid(t)).not.toContain('not found')
    expect(renderDot(t)).toContain('"HTTPRoute/shop/checkout" -> "Service/payments/processor" [label="RefNotPermitted", style=dashed')
  })

  test('a RefNotPermitted reference to a Service that does not exist is still drawn as not found', async () => {
    const snap = await loadFromFiles([SHARED_GATEWAY_DIR], {defaultNamespace: 'default'})
    const without = new Snapshot('files')
    for (const o of snap.objects) if (!(o.kind === 'Service' && o.metadata.name === 'processor')) without.add(o)
    const g = analyze(without).graph
    const t = buildTopology(g, [without.routes().find((r) => r.metadata.name === 'checkout')!])
    expect(t.edges.find((e) => e.label === 'RefNotPermitted')?.to).toBe('missing:Service/payments/processor')
  })

  test('a Service drawn on its own shows the routes that reference it, refused references included', () => {
    const svc = shared.snapshot.find('', 'Service', 'payments', 'processor')!
    const t = buildTopology(shared.graph, [svc])
    expect(t.edges).toContainEqual({from: 'HTTPRoute/shop/checkout', to: 'Service/payments/processor', rejected: true, label: 'RefNotPermitted'})
  })
})
