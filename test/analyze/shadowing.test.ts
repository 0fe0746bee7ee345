// ShadowedMatch / DuplicateMatch: reported exactly for matches that can never serve a request, checked
// against `trace` on requests built from the reported match.
import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings} from '../../src/analyze/findings.js'
import {shadowedMatches} from '../../src/analyze/shadowing.js'
import {whatIf} from '../../src/analyze/whatif.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {Gateway, K8sObject} from '../../src/model/types.js'
import {prefixBase, readRules, type RouteMatch} from '../../src/trace/match.js'
import {parseTraceRequest} from '../../src/trace/request.js'
import {traceRequest} from '../../src/trace/trace.js'
import {countWork, growth, instrument, LINEAR} from '../property/work.js'

const GW = 'gateway.networking.k8s.io'
type Any = Record<string, any>

function snapshot(objects: K8sObject[], listeners: Any[] = [{name: 'http', port: 80, protocol: 'HTTP'}]): Snapshot {
  const s = new Snapshot('files')
  const base: K8sObject[] = [
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}},
    {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'n'}, spec: {ports: [{port: 80}]}},
  ]
  for (const o of [...base, ...objects]) s.add(o)
  return s
}

function route(name: string, created: string, matches: Any[][], opts: {hostnames?: string[]; kind?: string} = {}): K8sObject {
  return {
    apiVersion: `${GW}/v1`,
    kind: opts.kind ?? 'HTTPRoute',
    metadata: {name, namespace: 'n', creationTimestamp: created},
    spec: {parentRefs: [{name: 'g'}], ...(opts.hostnames ? {hostnames: opts.hostnames} : {}), rules: matches.map((m) => ({...(m.length ? {matches: m} : {}), backendRefs: [{name: 's', port: 80}]}))},
  }
}

const T1 = '2026-01-01T00:00:00Z'
const T2 = '2026-02-01T00:00:00Z'
const P = (value: string, extra: Any = {}) => ({path: {type: 'PathPrefix', value}, ...extra})
const E = (value: string, extra: Any = {}) => ({path: {type: 'Exact', value}, ...extra})

const shadowCodes = (objects: K8sObject[]) =>
  collectFindings(analyze(snapshot(objects)))
    .filter((f) => f.code === 'ShadowedMatch' || f.code === 'DuplicateMatch')
    .map((f) => ({code: f.code, name: f.object.name, subject: f.subject, message: f.message}))

describe('ShadowedMatch and DuplicateMatch', () => {
  test('a catch-all PathPrefix / in an older route shadows nothing more specific', () => {
    expect(shadowCodes([route('catch-all', T1, [[P('/')]]), route('api', T2, [[P('/api')], [E('/x')], [P('/', {method: 'GET'})], [P('/', {headers: [{name: 'a', value: '1'}]})]])])).toEqual([])
  })

  test('an older identical match in another route: DuplicateMatch on the newer one, naming the older', () => {
    const f = shadowCodes([route('old', T1, [[P('/api')]]), route('new', T2, [[P('/api/')]])])
    expect(f).toEqual([
      {
        code: 'DuplicateMatch',
        name: 'new',
        subject: 'spec.rules[0].matches[0] on Gateway n/g/http',
        message: expect.stringMatching(/^rule 0 match 0 \(PathPrefix \/api\/\) is identical to HTTPRoute n\/old rule 0 match 0 \(PathPrefix \/api\) on Listener "http" \(gateways\/n\/g\), which takes every request it matches; this one loses on: newer route \(created after n\/old\)\.$/),
      },
    ])
  })

  test('equal age: the route first by namespace/name wins, the other is the duplicate', () => {
    const f = shadowCodes([route('b', T1, [[P('/x')]]), route('a', T1, [[P('/x')]])])
    expect(f.map((x) => [x.code, x.name])).toEqual([['DuplicateMatch', 'b']])
    expect(f[0].message).toContain('same creation time; n/a comes first')
  })

  test('a later rule of the same route covered by an earlier one: ShadowedMatch naming its own rule', () => {
    const f = shadowCodes([route('r', T1, [[P('/api')], [P('/api/v1')], [P('/api')]])])
    expect(f.map((x) => [x.code, x.subject])).toEqual([['ShadowedMatch', 'spec.rules[2].matches[0] on Gateway n/g/http']])
    expect(f[0].message).toMatch(/its own rule 0 match 0 .*later rule/)
  })

  test('more specific conditions keep a match alive: headers, method, query, Exact', () => {
    expect(
      shadowCodes([
        route('old', T1, [[P('/a', {headers: [{name: 'x', value: '1'}]})], [E('/e')]]),
        route('new', T2, [[P('/a', {headers: [{name: 'x', value: '1'}, {name: 'y', value: '2'}]})], [P('/a', {method: 'GET', headers: [{name: 'x', value: '1'}]})], [E('/e', {queryParams: [{name: 'q', value: '1'}]})]]),
      ]),
    ).toEqual([])
  })

  test('hostnames: the older route must serve every hostname of the newer one, by the same hostname', () => {
    const dup = shadowCodes([route('old', T1, [[P('/')]], {hostnames: ['a.example.com', 'b.example.com']}), route('new', T2, [[P('/')]], {hostnames: ['a.example.com']})])
    expect(dup.map((x) => [x.code, x.name])).toEqual([['DuplicateMatch', 'new']])
    // The newer one also serves c.example.com: it still wins there.
    expect(shadowCodes([route('old', T1, [[P('/')]], {hostnames: ['a.example.com']}), route('new', T2, [[P('/')]], {hostnames: ['a.example.com', 'c.example.com']})])).toEqual([])
    // A wildcard covers the exact hostname but loses to it on hostname specificity.
    expect(shadowCodes([route('old', T1, [[P('/')]], {hostnames: ['*.example.com']}), route('new', T2, [[P('/')]], {hostnames: ['a.example.com']})])).toEqual([])
  })

  test('GRPCRoute: identical method matches duplicate; a more specific method match stays', () => {
    const svc = (service: string, method?: string) => ({method: {service, ...(method ? {method} : {})}})
    expect(shadowCodes([route('old', T1, [[svc('shop.Cart')]], {kind: 'GRPCRoute'}), route('new', T2, [[svc('shop.Cart')]], {kind: 'GRPCRoute'})]).map((x) => [x.code, x.name])).toEqual([['DuplicateMatch', 'new']])
    expect(shadowCodes([route('old', T1, [[svc('shop.Cart')]], {kind: 'GRPCRoute'}), route('new', T2, [[svc('shop.Cart', 'Add')]], {kind: 'GRPCRoute'})])).toEqual([])
    // A rule without matches takes every gRPC request: a newer one with the same (no) match is a duplicate.
    expect(shadowCodes([route('old', T1, [[]], {kind: 'GRPCRoute'}), route('new', T2, [[svc('shop.Cart', 'Add')], []], {kind: 'GRPCRoute'})]).map((x) => [x.code, x.subject])).toEqual([['DuplicateMatch', 'spec.rules[1].matches[0] on Gateway n/g/http']])
  })

  test('what-if: a new route in the files that duplicates an existing one is an introduced finding', () => {
    const cluster = snapshot([route('existing', T1, [[P('/shop')]])])
    const files = new Snapshot('files')
    files.add(route('incoming', T2, [[P('/shop')]]))
    const report = whatIf(cluster, files)
    expect(report.introduced.filter((f) => f.code === 'DuplicateMatch').map((f) => f.object.name)).toEqual(['incoming'])
  })
})

/** A request that the match takes (its path, method, headers and query). */
function requestFor(m: RouteMatch, host: string) {
  if (m.kind !== 'HTTPRoute') return undefined
  const path = m.path.type === 'Exact' ? m.path.value : m.path.type === 'PathPrefix' ? `${prefixBase(m.path.value)}/z` : undefined
  if (path === undefined) return undefined
  const q = m.query.map((x) => `${x.name}=${x.value}`).join('&')
  return parseTraceRequest({url: `http://${host}${path}${q ? `?${q}` : ''}`, method: m.method, headers: m.headers.map((h) => `${h.name}: ${h.value}`)})
}

describe('never reports a match that can still win', () => {
  // A small deterministic generator: routes over a few paths, methods, headers and hostnames, so that
  // many pairs overlap.
  function rng(seed: number): () => number {
    let s = seed
    return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  }
  const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    test(`random world ${seed}`, () => {
      const r = rng(seed)
      const objects: K8sObject[] = []
      for (let i = 0; i < 8; i++) {
        const rules: Any[][] = []
        for (let j = 0; j < 3; j++) {
          const m: Any = {path: {type: pick(r, ['PathPrefix', 'PathPrefix', 'Exact']), value: pick(r, ['/', '/a', '/a/', '/a/b', '/c'])}}
          if (r() < 0.3) m.method = pick(r, ['GET', 'POST'])
          if (r() < 0.3) m.headers = [{name: 'x', value: pick(r, ['1', '2'])}]
          if (r() < 0.2) m.queryParams = [{name: 'q', value: '1'}]
          rules.push([m])
        }
        const hostnames = r() < 0.5 ? undefined : [pick(r, ['a.example.com', '*.example.com'])]
        objects.push(route(`r${i}`, pick(r, [T1, T2]), rules, {hostnames}))
      }
      const snap = snapshot(objects)
      const a = analyze(snap)
      const gateways = snap.list<Gateway>(GW, 'Gateway')
      const shadows = shadowedMatches(a)
      // Each seed makes overlapping worlds: the check below is never vacuous.
      expect(shadows.length).toBeGreaterThan(0)
      for (const s of shadows) {
        const m = readRules(s.shadowed.route)[s.shadowed.rule].matches[s.shadowed.match]
        for (const host of ['a.example.com', 'b.example.com', 'other.org']) {
          const req = requestFor(m, host)
          if (!req) continue
          const res = traceRequest(a, req, {gateways}).results[0]
          const won = res.candidates.find((c) => c.result === 'won')
          const same = won && won.route.name === s.shadowed.route.metadata.name && won.rule === s.shadowed.rule && won.match === s.shadowed.match
          expect(same, `${s.shadowed.route.metadata.name} rule ${s.shadowed.rule} reported shadowed but wins ${host}${req.path}`).toBeFalsy()
        }
      }
    })
  }
})

describe('shadowing work grows linearly', () => {
  test('routes with distinct hostnames and a shared catch-all', () => {
    const world = (n: number) => [
      route('catch-all', T1, [[P('/')]]),
      ...Array.from({length: n}, (_, i) => route(`r${i}`, T2, [[P(`/app/${i}`)], [P(`/app/${i}`)]], {hostnames: [`h${i}.example.com`]})),
    ]
    const {ratio} = growth((size) => {
      const a = analyze(snapshot(instrument(world(size))))
      return () => shadowedMatches({...a})
    }, 50)
    expect(ratio).toBeLessThan(LINEAR)
    const a = analyze(snapshot(world(20)))
    expect(countWork(() => shadowedMatches(a)).result).toHaveLength(20)
  })
})
