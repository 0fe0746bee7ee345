// Pathological graphs: huge fan-outs and reference cycles. Each case checks the answers, then that the
// work done (array elements visited and input fields read, counted exactly: test/property/work.ts)
// grows linearly with the input, by comparing a run at n with one at 4n.

import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings} from '../../src/analyze/findings.js'
import {describeText} from '../../src/describe/text.js'
import {computeAttachments, type AttachmentGraph} from '../../src/graph/index.js'
import type {Gateway, K8sObject, ListenerSet, Route} from '../../src/model/types.js'
import {buildTopology} from '../../src/topology/build.js'
import {renderDot} from '../../src/topology/dot.js'
import {countWork, growth, instrument, LINEAR} from '../property/work.js'
import {GW, gateway, gatewayClass, grant, http, listenerSet, service, snapshotOf} from './fixtures.js'

const NS = 'infra'

function graphOf(objects: K8sObject[]): AttachmentGraph {
  return computeAttachments(snapshotOf(instrument(objects)))
}

/** How the work of analyze + findings grows over worlds of n and 4n (see growth). */
function findingsGrowth(objects: (n: number) => K8sObject[], n: number): ReturnType<typeof growth> {
  return growth((size) => {
    const snapshot = snapshotOf(instrument(objects(size)))
    return () => collectFindings(analyze(snapshot))
  }, n)
}

const listeners = (n: number) => Array.from({length: n}, (_, i) => ({name: `l${i}`, port: 80, protocol: 'HTTP', hostname: `h${i}.example.com`}))

describe('a route with hundreds of parentRefs', () => {
  // Every fifth entry repeats the previous one; the rest cycle through the Gateway as a whole, a
  // listener by sectionName, a listener that does not exist, and a Gateway that does not exist.
  function parentRefs(n: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = []
    for (let i = 0; i < n; i++) {
      if (i % 5 === 4) out.push({...out[i - 1]})
      else if (i % 4 === 0) out.push({name: 'gw'})
      else if (i % 4 === 1) out.push({name: 'gw', sectionName: `l${i % 8}`})
      else if (i % 4 === 2) out.push({name: 'gw', sectionName: 'nope'})
      else out.push({name: `missing-${i}`})
    }
    return out
  }
  const world = (n: number) => {
    const route = http(NS, 'r', {parentRefs: parentRefs(n)})
    return {route, objects: [gatewayClass(), gateway('gw', NS, listeners(8)), route]}
  }

  test('every entry gets its own verdict; the route counts once per listener', () => {
    const {route, objects} = world(400)
    const graph = graphOf(objects)
    const ra = graph.routes.get(route)!
    expect(ra.parents).toHaveLength(400)
    const refs = parentRefs(400)
    ra.parents.forEach((p, i) => {
      const ref = refs[i]
      if (String(ref.name).startsWith('missing-')) expect(p.noStatusReason, `entry ${i}`).toBe('ParentNotFound')
      else if (ref.sectionName === 'nope') expect(p.accepted?.reason, `entry ${i}`).toBe('NoMatchingParent')
      else {
        expect(p.accepted?.status, `entry ${i}`).toBe('True')
        expect(p.attachedListeners.map((l) => l.name)).toEqual(ref.sectionName ? [ref.sectionName] : listeners(8).map((l) => l.name))
      }
    })
    const ga = [...graph.gateways.values()][0]
    expect(ga.attachedRoutes).toEqual([route])
    for (const l of ga.listeners) expect(l.status.attachedRoutes).toBe(1)
    // One status entry per parentRef whose parent exists.
    expect(ra.computedStatus.parents).toHaveLength(ra.parents.filter((p) => !p.noStatusReason).length)
  })

  test('cost is linear in the number of parentRefs (engine, findings, describe)', () => {
    const g = growth((n) => {
      const {route, objects} = world(n)
      const snapshot = snapshotOf(instrument(objects))
      return () => {
        const a = analyze(snapshot)
        collectFindings(a)
        describeText(a, route)
      }
    }, 100)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

describe('a Gateway with 10,000 listeners', () => {
  const N = 10_000
  const world = (n: number) => {
    const gw = gateway('gw', NS, [...listeners(n), {name: 'dup-a', port: 80, protocol: 'HTTP', hostname: 'dup.example.com'}, {name: 'dup-b', port: 80, protocol: 'HTTP', hostname: 'dup.example.com'}])
    // By sectionName; without it but with a hostname only one listener serves; without either.
    const bySection = http(NS, 'by-section', {parentRefs: [{name: 'gw', sectionName: `l${n / 2}`}]})
    const byHost = http(NS, 'by-host', {parentRefs: [{name: 'gw'}], hostnames: ['h42.example.com']})
    const everywhere = http(NS, 'everywhere', {parentRefs: [{name: 'gw'}]})
    const nowhere = http(NS, 'nowhere', {parentRefs: [{name: 'gw', sectionName: 'nope'}]})
    return {gw, bySection, byHost, everywhere, nowhere, objects: [gatewayClass(), gw, bySection, byHost, everywhere, nowhere]}
  }

  test('attachments, counts and conflicts are right', () => {
    const w = world(N)
    const graph = graphOf(w.objects)
    const ga = graph.gateways.get(w.gw as Gateway)!
    expect(ga.listeners).toHaveLength(N + 2)
    const byName = new Map(ga.listeners.map((l) => [l.name, l]))
    expect(byName.get('l42')!.attachedRoutes.map((r) => r.metadata.name)).toEqual(['by-host', 'everywhere'])
    expect(byName.get(`l${N / 2}`)!.attachedRoutes.map((r) => r.metadata.name)).toEqual(['by-section', 'everywhere'])
    expect(byName.get('l7')!.status.attachedRoutes).toBe(1)
    // Only the two listeners sharing port and hostname conflict.
    const conflicted = ga.listeners.filter((l) => l.conditions.conflicted.status === 'True').map((l) => l.name)
    expect(conflicted).toEqual(['dup-a', 'dup-b'])
    expect(byName.get('dup-a')!.conditions.conflicted.reason).toBe('HostnameConflict')
    expect(graph.routes.get(w.byHost)!.parents[0].attachedListeners.map((l) => l.name)).toEqual(['l42'])
    // Conflicted listeners still take routes (semantics.md, "listener health does not block attachment").
    expect(graph.routes.get(w.everywhere)!.parents[0].attachedListeners).toHaveLength(N + 2)
    const nowhere = graph.routes.get(w.nowhere)!.parents[0].accepted!
    expect(nowhere.reason).toBe('NoMatchingParent')
    // The message names a few listeners, not all ten thousand (one message per route would be R*L).
    expect(nowhere.message).toMatch(/Use one of its listeners: "l0", "l1", .*"l19" and 9982 more\.$/)
    expect(ga.attachedRoutes).toHaveLength(3)
  })

  test('cost is linear in the number of listeners (engine, findings, topology)', () => {
    const g = growth((n) => {
      const {objects} = world(n)
      const snapshot = snapshotOf(instrument(objects))
      return () => {
        const a = analyze(snapshot)
        collectFindings(a)
        renderDot(buildTopology(a.graph))
      }
    }, N / 4)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })

  // R routes on L listeners by sectionName (or by port) is linear work; scanning the listeners once
  // per route is R*L. The same holds for routes whose sectionName or port matches nothing.
  test.each<[string, (i: number) => Record<string, unknown>]>([
    ['by sectionName and port', (i) => ({name: 'gw', sectionName: `l${i}`, port: 10_000 + i})],
    ['by port alone', (i) => ({name: 'gw', port: 10_000 + i})],
    ['by a sectionName that matches nothing', (i) => ({name: 'gw', sectionName: `nope${i}`})],
    ['by a port that matches nothing', (i) => ({name: 'gw', port: 70_000 + i})],
  ])('many routes %s do not each scan every listener', (_how, parentRef) => {
    const g = growth((n) => {
      const ls = listeners(n).map((l, i) => ({...l, port: 10_000 + i}))
      const routes = Array.from({length: n}, (_, i) => http(NS, `r${i}`, {parentRefs: [parentRef(i)]}))
      const snapshot = snapshotOf(instrument([gatewayClass(), gateway('gw', NS, ls), ...routes]))
      return () => computeAttachments(snapshot)
    }, 300)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

describe('ListenerSets that point at each other or at nothing', () => {
  const ls = (name: string, parentRef: Record<string, unknown>) =>
    ({...listenerSet(name, NS, {name: 'x'}, [{name: 'l', port: 8080, protocol: 'HTTP'}]), spec: {parentRef, listeners: [{name: 'l', port: 8080, protocol: 'HTTP'}]}}) as ListenerSet

  test('no hang, no Gateway, no status expected, and routes through them say why', () => {
    const a = ls('a', {group: GW, kind: 'ListenerSet', name: 'b'})
    const b = ls('b', {group: GW, kind: 'ListenerSet', name: 'a'})
    const self = ls('self', {group: GW, kind: 'ListenerSet', name: 'self'})
    const orphan = ls('orphan', {name: 'no-such-gateway'})
    const elsewhere = ls('elsewhere', {name: 'gw', namespace: 'other'})
    const route = http(NS, 'r', {parentRefs: ['a', 'b', 'self', 'orphan', 'elsewhere'].map((name) => ({group: GW, kind: 'ListenerSet', name}))})
    const graph = graphOf([gatewayClass(), gateway('gw', NS, listeners(1), {allowedListeners: {namespaces: {from: 'All'}}}), a, b, self, orphan, elsewhere, route])
    for (const x of [a, b, self, orphan, elsewhere]) {
      const la = graph.listenerSets.get(x)!
      expect(la.gateway, x.metadata.name).toBeUndefined()
      expect(la.noStatusReason, x.metadata.name).toBe('ListenerSetParentNotFound')
      expect(la.computedStatus.listeners).toEqual([])
    }
    expect(graph.routes.get(route)!.parents.map((p) => p.noStatusReason)).toEqual(Array(5).fill('ListenerSetParentNotFound'))
    expect([...graph.gateways.values()][0].listenerSets).toEqual([])
  })

  test('thousands of ListenerSets on one Gateway, each with a route: right answers, linear work', () => {
    const world = (n: number) => {
      const sets = Array.from({length: n}, (_, i) => listenerSet(`s${i}`, NS, {name: 'gw'}, [{name: 'l', port: 8080, protocol: 'HTTP', hostname: `s${i}.example.com`}]))
      const routes = Array.from({length: n}, (_, i) => http(NS, `r${i}`, {parentRefs: [{group: GW, kind: 'ListenerSet', name: `s${i}`, sectionName: 'l'}]}))
      return {sets, routes, objects: [gatewayClass(), gateway('gw', NS, listeners(1), {allowedListeners: {namespaces: {from: 'Same'}}}), ...sets, ...routes]}
    }
    const w = world(2000)
    const graph = graphOf(w.objects)
    const ga = [...graph.gateways.values()][0]
    expect(ga.computedStatus.attachedListenerSets).toBe(2000)
    expect(w.routes.every((r) => graph.routes.get(r)!.parents[0].accepted?.status === 'True')).toBe(true)
    expect(graph.listenerSets.get(w.sets[7])!.listeners[0].attachedRoutes).toEqual([w.routes[7]])
    const g = findingsGrowth((n) => world(n).objects, 250)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })

  test('a long chain of ListenerSets costs linear work', () => {
    const g = growth((n) => {
      const sets = Array.from({length: n}, (_, i) => ls(`s${i}`, {group: GW, kind: 'ListenerSet', name: `s${(i + 1) % n}`}))
      const snapshot = snapshotOf(instrument([gatewayClass(), gateway('gw', NS, listeners(1)), ...sets]))
      return () => computeAttachments(snapshot)
    }, 200)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

describe('thousands of routes on one listener with the same hostname', () => {
  const N = 3000
  const world = (n: number) => {
    const routes: Route[] = Array.from({length: n}, (_, i) =>
      http(NS, `r${String(i).padStart(5, '0')}`, {parentRefs: [{name: 'gw'}], hostnames: ['same.example.com'], rules: [{matches: [{path: {type: 'PathPrefix', value: '/'}}]}]}, {creationTimestamp: '2026-01-01T00:00:00Z'}),
    )
    return {routes, objects: [gatewayClass(), gateway('gw', NS, [{name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com'}]), ...routes]}
  }

  test('all attach; each later one duplicates the first by name (equal creation times), one finding each', () => {
    const {routes, objects} = world(N)
    const a = analyze(snapshotOf(instrument(objects)))
    const ga = [...a.graph.gateways.values()][0]
    expect(ga.listeners[0].status.attachedRoutes).toBe(N)
    const findings = collectFindings(a)
    // Full duplicates: DuplicateMatch says it; OverlappingRoutes adds nothing (analyze/overlaps.ts).
    expect(findings.filter((f) => f.code === 'OverlappingRoutes')).toEqual([])
    const dups = findings.filter((f) => f.code === 'DuplicateMatch')
    expect(dups).toHaveLength(N - 1)
    const first = `${routes[0].kind} ${routes[0].metadata.namespace}/${routes[0].metadata.name} `
    expect(dups.every((f) => f.message.includes(first))).toBe(true)
    expect(new Set(dups.map((f) => f.object.name)).has(routes[0].metadata.name)).toBe(false)
  })

  test('cost is linear in the number of routes (engine, findings, describe of the Gateway)', () => {
    const g = growth((n) => {
      const {objects} = world(n)
      const snapshot = snapshotOf(instrument(objects))
      return () => {
        const a = analyze(snapshot)
        collectFindings(a)
        describeText(a, snapshot.gateways()[0])
      }
    }, N / 4)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

describe('thousands of cross-namespace references, each with its own ReferenceGrant', () => {
  const world = (n: number) => {
    const routes = Array.from({length: n}, (_, i) => http('app', `r${i}`, {parentRefs: [{name: 'gw', namespace: NS}], rules: [{backendRefs: [{name: `svc${i}`, namespace: 'backend', port: 80}]}]}))
    const grants = Array.from({length: n}, (_, i) => grant('backend', `g${i}`, [{group: GW, kind: 'HTTPRoute', namespace: 'app'}], [{group: '', kind: 'Service', name: `svc${i}`}]))
    const services = Array.from({length: n}, (_, i) => service('backend', `svc${i}`, [80]))
    return {routes, grants, objects: [gatewayClass(), gateway('gw', NS, [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}]), ...routes, ...grants, ...services]}
  }

  test('each reference is permitted by its own grant; every grant is in use', () => {
    const w = world(2000)
    const graph = graphOf(w.objects)
    w.routes.forEach((r, i) => {
      const [b] = graph.routes.get(r)!.backends
      expect(b.problem).toBeUndefined()
      expect(b.grant).toBe(w.grants[i])
    })
    expect([...graph.referenceGrants.values()].every((u) => u.permits.length === 1)).toBe(true)
  })

  test('cost is linear in the number of references and grants', () => {
    const g = findingsGrowth((n) => world(n).objects, 250)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

test('the work counter sees a quadratic scan (a check of the check)', () => {
  const quadratic = (n: number) => () => {
    const xs = Array.from({length: n}, (_, i) => i)
    return xs.filter((x) => xs.includes(x + 1)).length
  }
  expect(growth(quadratic, 200).ratio).toBeGreaterThan(12)
  const linear = (n: number) => () => new Set(Array.from({length: n}, (_, i) => i)).size
  expect(countWork(linear(10)).result).toBe(10)
})
