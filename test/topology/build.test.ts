// The graph drawn for the example cluster: every broken route has a dashed edge labelled with its
// reason, attached routes have solid edges to their listeners, and output is stable.
import {execFileSync, spawnSync} from 'node:child_process'
import {beforeAll, describe, expect, test} from 'vitest'
import {analyze, type Analysis} from '../../src/analysis.js'
import {buildTopology} from '../../src/topology/build.js'
import {renderDot} from '../../src/topology/dot.js'
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
      if (reason) expect(rejected.map((e) => e.label)).toContain(reason)
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
