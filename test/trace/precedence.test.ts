// Precedence tables: for each criterion and tie-break, two candidates that both take the request, the
// one that must win, and the reason the other lost.
import {describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {Snapshot} from '../../src/model/snapshot.js'
import {traceYaml} from './support.js'

const GW = 'gateway.networking.k8s.io'
const NS = 'n'
type Any = Record<string, any>

function world(objects: K8sObject[], listeners: Any[] = [{name: 'http', port: 80, protocol: 'HTTP'}]): Snapshot {
  const s = new Snapshot('files')
  const base: K8sObject[] = [
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}},
    {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: NS}, spec: {gatewayClassName: 'c', listeners}},
    ...['a', 'b', 'c'].map((n) => ({apiVersion: 'v1', kind: 'Service', metadata: {name: n, namespace: NS}, spec: {ports: [{port: 80}]}})),
  ]
  for (const o of [...base, ...objects]) s.add(o)
  return s
}

function route(name: string, rules: Any[], opts: {created?: string | null; hostnames?: string[]; kind?: string; sectionName?: string} = {}): K8sObject {
  const created = opts.created === undefined ? '2026-01-01T00:00:00Z' : opts.created
  const apiVersion = opts.kind === 'TCPRoute' || opts.kind === 'TLSRoute' ? `${GW}/v1alpha2` : `${GW}/v1`
  return {
    apiVersion,
    kind: opts.kind ?? 'HTTPRoute',
    metadata: {name, namespace: NS, ...(created !== null ? {creationTimestamp: created} : {})},
    spec: {parentRefs: [{name: 'g', ...(opts.sectionName ? {sectionName: opts.sectionName} : {})}], ...(opts.hostnames ? {hostnames: opts.hostnames} : {}), rules},
  }
}

const to = (svc: string, matches?: Any[]) => ({...(matches ? {matches} : {}), backendRefs: [{name: svc, port: 80}]})
const prefix = (value: string, extra: Any = {}) => ({path: {type: 'PathPrefix', value}, ...extra})
const exact = (value: string, extra: Any = {}) => ({path: {type: 'Exact', value}, ...extra})

interface Row {
  name: string
  objects: K8sObject[]
  url: string
  headers?: string[]
  method?: string
  listeners?: Any[]
  winner: string
  rule?: number
  match?: number
  /** Substring of the loser's reason. */
  reason: RegExp
}

const T1 = '2026-01-01T00:00:00Z'
const T2 = '2026-02-01T00:00:00Z'

const HTTP_ROWS: Row[] = [
  {
    name: 'Exact path beats any PathPrefix, even an older and longer one',
    objects: [route('old', [to('a', [prefix('/shop/cart')])], {created: T1}), route('new', [to('b', [exact('/shop/cart')])], {created: T2})],
    url: 'http://x.example.com/shop/cart',
    winner: 'new',
    reason: /Exact path match of HTTPRoute n\/new/,
  },
  {
    name: 'the longest PathPrefix wins',
    objects: [route('short', [to('a', [prefix('/shop')])], {created: T1}), route('long', [to('b', [prefix('/shop/cart')])], {created: T2})],
    url: 'http://x.example.com/shop/cart/items',
    winner: 'long',
    reason: /shorter path prefix \(\/shop vs \/shop\/cart/,
  },
  {
    name: 'a trailing slash adds no characters: equal prefixes, the older route wins',
    objects: [route('slash', [to('a', [prefix('/shop/')])], {created: T2}), route('plain', [to('b', [prefix('/shop')])], {created: T1})],
    url: 'http://x.example.com/shop/x',
    winner: 'plain',
    reason: /newer route \(created after n\/plain\)/,
  },
  {
    name: 'a method match beats none',
    objects: [route('any', [to('a', [prefix('/')])], {created: T1}), route('get', [to('b', [prefix('/', {method: 'GET'})])], {created: T2})],
    url: 'http://x.example.com/',
    winner: 'get',
    reason: /no method match/,
  },
  {
    name: 'more header matches win',
    objects: [
      route('one', [to('a', [prefix('/', {headers: [{name: 'x-a', value: '1'}]})])], {created: T1}),
      route('two', [to('b', [prefix('/', {headers: [{name: 'x-a', value: '1'}, {name: 'x-b', value: '2'}]})])], {created: T2}),
    ],
    url: 'http://x.example.com/',
    headers: ['X-A: 1', 'X-B: 2'],
    winner: 'two',
    reason: /fewer header matches \(1 vs 2/,
  },
  {
    name: 'more query param matches win',
    objects: [route('none', [to('a', [prefix('/')])], {created: T1}), route('q', [to('b', [prefix('/', {queryParams: [{name: 'v', value: '2'}]})])], {created: T2})],
    url: 'http://x.example.com/?v=2',
    winner: 'q',
    reason: /fewer query param matches \(0 vs 1/,
  },
  {
    name: 'path precedence comes before headers: a longer prefix beats more headers',
    objects: [
      route('headers', [to('a', [prefix('/', {headers: [{name: 'x-a', value: '1'}]})])], {created: T1}),
      route('path', [to('b', [prefix('/api')])], {created: T2}),
    ],
    url: 'http://x.example.com/api',
    headers: ['x-a: 1'],
    winner: 'path',
    reason: /shorter path prefix/,
  },
  {
    name: 'on equal matches, the exact hostname beats the wildcard (then age)',
    objects: [route('wild', [to('a', [prefix('/')])], {created: T1, hostnames: ['*.example.com']}), route('exact', [to('b', [prefix('/')])], {created: T2, hostnames: ['x.example.com']})],
    url: 'http://x.example.com/',
    winner: 'exact',
    reason: /less specific hostname \(\*\.example\.com; HTTPRoute n\/exact rule 0 match 0 matches x\.example\.com\)/,
  },
  {
    name: 'on everything equal, the oldest route wins',
    objects: [route('newer', [to('a', [prefix('/')])], {created: T2}), route('older', [to('b', [prefix('/')])], {created: T1})],
    url: 'http://x.example.com/',
    winner: 'older',
    reason: /newer route \(created after n\/older\)/,
  },
  {
    name: 'equal age: namespace/name in alphabetical order',
    objects: [route('beta', [to('a', [prefix('/')])], {created: T1}), route('alpha', [to('b', [prefix('/')])], {created: T1})],
    url: 'http://x.example.com/',
    winner: 'alpha',
    reason: /same creation time; n\/alpha comes first/,
  },
  {
    name: 'a route without creationTimestamp ranks as the newest',
    objects: [route('undated', [to('a', [prefix('/')])], {created: null}), route('zzz', [to('b', [prefix('/')])], {created: T2})],
    url: 'http://x.example.com/',
    winner: 'zzz',
    reason: /no valid creationTimestamp/,
  },
  {
    name: 'within a route, the first matching rule',
    objects: [route('r', [to('a', [prefix('/')]), to('b', [prefix('/')])])],
    url: 'http://x.example.com/',
    winner: 'r',
    rule: 0,
    reason: /later rule: rule 0/,
  },
  {
    name: 'within a rule, the first matching match',
    objects: [route('r', [to('a', [prefix('/'), prefix('/')])])],
    url: 'http://x.example.com/',
    winner: 'r',
    rule: 0,
    match: 0,
    reason: /later match in the same rule: match 0/,
  },
  {
    name: 'RegularExpression paths (implementation-specific) rank after PathPrefix',
    objects: [route('regex', [to('a', [{path: {type: 'RegularExpression', value: '/api/.*'}}])], {created: T1}), route('pre', [to('b', [prefix('/')])], {created: T2})],
    url: 'http://x.example.com/api/x',
    winner: 'pre',
    reason: /implementation-specific/,
  },
  {
    name: 'GRPCRoute: a service and method match beats a service-only match',
    objects: [
      route('svc', [to('a', [{method: {service: 'shop.Cart'}}])], {created: T1, kind: 'GRPCRoute'}),
      route('svc-method', [to('b', [{method: {service: 'shop.Cart', method: 'Add'}}])], {created: T2, kind: 'GRPCRoute'}),
    ],
    url: 'grpc://x.example.com/shop.Cart/Add',
    winner: 'svc-method',
    reason: /shorter method match \(0 vs 3/,
  },
  {
    name: 'GRPCRoute: a service match beats no method match',
    objects: [route('all', [to('a')], {created: T1, kind: 'GRPCRoute'}), route('svc', [to('b', [{method: {service: 'shop.Cart'}}])], {created: T2, kind: 'GRPCRoute'})],
    url: 'grpc://x.example.com/shop.Cart/Add',
    winner: 'svc',
    reason: /shorter service match \(0 vs 9/,
  },
  {
    name: 'GRPCRoute: more header matches win, then age',
    objects: [
      route('plain', [to('a', [{method: {service: 'shop.Cart'}}])], {created: T1, kind: 'GRPCRoute'}),
      route('hdr', [to('b', [{method: {service: 'shop.Cart'}, headers: [{name: 'x', value: '1'}]}])], {created: T2, kind: 'GRPCRoute'}),
    ],
    url: 'grpc://x.example.com/shop.Cart/Add',
    headers: ['x: 1'],
    winner: 'hdr',
    reason: /fewer header matches/,
  },
  {
    name: 'GRPCRoute: equal matches, the oldest route',
    objects: [route('g2', [to('a')], {created: T2, kind: 'GRPCRoute'}), route('g1', [to('b')], {created: T1, kind: 'GRPCRoute'})],
    url: 'grpc://x.example.com/shop.Cart/Add',
    winner: 'g1',
    reason: /newer route/,
  },
  {
    name: 'TLSRoute: the exact SNI beats the wildcard one, whatever the age',
    listeners: [{name: 'tls', port: 443, protocol: 'TLS', tls: {mode: 'Passthrough'}}],
    objects: [
      route('wild', [{backendRefs: [{name: 'a', port: 80}]}], {created: T1, kind: 'TLSRoute', hostnames: ['*.example.com']}),
      route('exact', [{backendRefs: [{name: 'b', port: 80}]}], {created: T2, kind: 'TLSRoute', hostnames: ['x.example.com']}),
    ],
    url: 'tls://x.example.com:443',
    winner: 'exact',
    reason: /less specific hostname/,
  },
  {
    name: 'TCPRoute: several on one listener, the oldest gets the traffic',
    listeners: [{name: 'tcp', port: 5432, protocol: 'TCP'}],
    objects: [route('pg-new', [{backendRefs: [{name: 'a', port: 80}]}], {created: T2, kind: 'TCPRoute'}), route('pg-old', [{backendRefs: [{name: 'b', port: 80}]}], {created: T1, kind: 'TCPRoute'})],
    url: 'tcp://db.example.com:5432',
    winner: 'pg-old',
    reason: /newer route \(created after n\/pg-old\)/,
  },
]

describe('precedence', () => {
  for (const row of HTTP_ROWS) {
    test(row.name, () => {
      const report = traceYaml(world(row.objects, row.listeners), {url: row.url, headers: row.headers, method: row.method})
      const r = report.results[0]
      expect(r.route?.name, r.message).toBe(row.winner)
      if (row.rule !== undefined) expect(r.rule).toBe(row.rule)
      if (row.match !== undefined) expect(r.match).toBe(row.match)
      const lost = r.candidates.filter((c) => c.result === 'lost')
      expect(lost).toHaveLength(1)
      expect(lost[0].reason).toMatch(row.reason)
      // Swapping the input order changes nothing.
      const reversed = traceYaml(world([...row.objects].reverse(), row.listeners), {url: row.url, headers: row.headers, method: row.method}).results[0]
      expect(reversed.route?.name).toBe(row.winner)
    })
  }
})

describe('listener specificity', () => {
  const listeners = [
    {name: 'any', port: 80, protocol: 'HTTP'},
    {name: 'wide', port: 80, protocol: 'HTTP', hostname: '*.example.com'},
    {name: 'narrow', port: 80, protocol: 'HTTP', hostname: '*.shop.example.com'},
    {name: 'exact', port: 80, protocol: 'HTTP', hostname: 'cart.shop.example.com'},
  ]
  const objects = listeners.map((l) => route(`on-${l.name}`, [to('a')], {sectionName: l.name}))
  test.each([
    ['cart.shop.example.com', 'exact'],
    ['x.shop.example.com', 'narrow'],
    ['a.b.shop.example.com', 'narrow'],
    ['x.example.com', 'wide'],
    ['shop.example.com', 'wide'],
    ['example.com', 'any'],
    ['other.org', 'any'],
  ])('%s lands on listener %s, and only its route competes', (host, listener) => {
    const r = traceYaml(world(objects, listeners), {url: `http://${host}/`}).results[0]
    expect(r.listener).toBe(listener)
    expect(r.route?.name).toBe(`on-${listener}`)
    // Routes on the less specific listeners also match, and are named with listener isolation as the reason.
    for (const c of r.candidates.filter((x) => x.result === 'not-matched')) expect(c.reason).toMatch(/listener isolation|does not match/)
  })

  test('a listener on another port, or of another protocol, does not take the request', () => {
    const r = traceYaml(world(objects, [{name: 'alt', port: 8080, protocol: 'HTTP'}]), {url: 'http://x.example.com/'}).results[0]
    expect(r.outcome).toBe('no-listener')
    expect(r.message).toContain('no listener on port 80 (listeners are on 8080)')
    const tls = traceYaml(world([], [{name: 'https', port: 443, protocol: 'HTTPS', tls: {certificateRefs: [{name: 's'}]}}]), {url: 'tls://x.example.com:443'}).results[0]
    expect(tls.outcome).toBe('no-listener')
    expect(tls.message).toMatch(/HTTPS listeners; a tls:\/\/ request needs TLS/)
  })
})
