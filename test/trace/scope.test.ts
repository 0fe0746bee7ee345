// The trace's scoped analysis (src/trace/scope.ts) gives the same answer as the whole graph, for every
// request of the conformance-derived worlds and a spread of requests over the example cluster, and it
// leaves out exactly the routes that cannot bear on the answer.
import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {GATEWAY_GROUP, type Gateway, type K8sObject} from '../../src/model/types.js'
import {Snapshot} from '../../src/model/snapshot.js'
import {loadFromFiles} from '../../src/sources/files.js'
import {toJson} from '../../src/printers/serialize.js'
import {parseTraceRequest, type TraceRequest} from '../../src/trace/request.js'
import {analyzeForTrace, traceRouteKinds} from '../../src/trace/scope.js'
import {listensOn, traceRequest} from '../../src/trace/trace.js'
import {WORLDS} from './cases.js'
import {snapshotFromYaml} from './support.js'

/** The trace over the whole graph, Gateways picked as the command did before scoping. */
function whole(s: Snapshot, req: TraceRequest, named?: Gateway): string {
  const a = analyze(s)
  const all = s.list<Gateway>(GATEWAY_GROUP, 'Gateway')
  const listening = all.filter((g) => listensOn(a, g, req.port))
  const gateways = named ? [named] : listening.length > 0 ? listening : all
  return toJson(traceRequest(a, req, {gateways}))
}

function scoped(s: Snapshot, req: TraceRequest, named?: Gateway): string {
  const {analysis, gateways} = analyzeForTrace(s, req, {candidates: named ? [named] : s.list<Gateway>(GATEWAY_GROUP, 'Gateway'), named: named !== undefined})
  return toJson(traceRequest(analysis, req, {gateways}))
}

describe('scoped analysis = whole graph', () => {
  for (const world of WORLDS) {
    test(world.name, () => {
      const s = snapshotFromYaml(world.yaml)
      const named = s.list<Gateway>(GATEWAY_GROUP, 'Gateway').find((g) => `${g.metadata.namespace}/${g.metadata.name}` === world.gateway)
      for (const rc of world.requests) {
        const req = parseTraceRequest({url: rc.url, method: rc.method, headers: rc.headers})
        expect(scoped(s, req, named), rc.url).toBe(whole(s, req, named))
        expect(scoped(s, req), rc.url).toBe(whole(s, req))
      }
    })
  }

  test('the example cluster: every scheme, hits and misses, with and without --gateway', async () => {
    const s = await loadFromFiles(['examples/'], {defaultNamespace: 'default'})
    const urls = [
      'https://shop.example.com/cart',
      'https://shop.example.com/cart/items/3',
      'https://shop.example.com/recommendations',
      'https://pay.example.com/',
      'https://dev.shop.example.com/x',
      'https://store.apps.example.com/',
      'https://nothing.example.org/',
      'http://shop.example.com/',
      'http://status.apps.example.com/health',
      'http://legacy.apps.example.com:8081/',
      'http://a.internal.example.com:8080/',
      'grpc://grpc.example.com:443/store.Catalog/List',
      'grpcs://grpc.example.com/store.Catalog/List',
      'tls://vault.tls.example.com:443',
      'tcp://db.example.com:5432',
      'udp://dns.example.com:53',
      'tcp://x:9999',
    ]
    let routed = 0
    for (const url of urls) {
      const req = parseTraceRequest({url})
      const want = whole(s, req)
      expect(scoped(s, req), url).toBe(want)
      routed += JSON.parse(want).results.filter((r: {route: unknown}) => r.route).length
      for (const gw of s.list<Gateway>(GATEWAY_GROUP, 'Gateway')) expect(scoped(s, req, gw), `${url} on ${gw.metadata.name}`).toBe(whole(s, req, gw))
    }
    // The comparison is about answers that name routes, not only empty ones.
    expect(routed).toBeGreaterThan(8)
  })
})

const GW = `${GATEWAY_GROUP}/v1`

function route(name: string, gateway: string, hostnames: string[], kind = 'HTTPRoute'): K8sObject {
  return {apiVersion: GW, kind, metadata: {name, namespace: 'n'}, spec: {parentRefs: [{name: gateway}], ...(hostnames.length ? {hostnames} : {}), rules: [{backendRefs: [{name: 's', port: 80}]}]}}
}

describe('which routes the scoped analysis evaluates', () => {
  const objects: K8sObject[] = [
    {apiVersion: GW, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}},
    // a: takes a.example.com on 80; b: listens on 80 for b.example.com only; c: listens on 9000 only.
    {apiVersion: GW, kind: 'Gateway', metadata: {name: 'a', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners: [{name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com'}]}},
    {apiVersion: GW, kind: 'Gateway', metadata: {name: 'b', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners: [{name: 'http', port: 80, protocol: 'HTTP', hostname: 'b.example.com'}]}},
    {apiVersion: GW, kind: 'Gateway', metadata: {name: 'c', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners: [{name: 'http', port: 9000, protocol: 'HTTP'}, {name: 'tcp', port: 80, protocol: 'TCP'}]}},
    route('on-a-same-host', 'a', ['a.example.com']),
    route('on-a-other-host', 'a', ['z.example.com']),
    route('on-b-same-host', 'b', ['a.example.com']),
    route('on-b-other-host', 'b', ['b.example.com']),
    route('on-b-any-host', 'b', []),
    route('on-c', 'c', ['a.example.com']),
    route('tcp-on-c', 'c', [], 'TCPRoute'),
    route('grpc-on-a', 'a', ['a.example.com'], 'GRPCRoute'),
  ]

  test('http://a.example.com/: routes naming a Gateway that listens on 80, and either admitting the host or on a Gateway whose listener takes the request', () => {
    const s = new Snapshot('files')
    for (const o of objects) s.add(o)
    const {analysis, gateways} = analyzeForTrace(s, parseTraceRequest({url: 'http://a.example.com/'}), {candidates: s.list<Gateway>(GATEWAY_GROUP, 'Gateway'), named: false})
    expect(gateways.map((g) => g.metadata.name)).toEqual(['a', 'b', 'c'])
    const evaluated = [...analysis.graph.routes.keys()].map((r) => r.metadata.name).sort()
    // on-b-other-host serves only b.example.com on a Gateway no listener of which takes a.example.com:
    // it can appear in no answer. tcp-on-c is a TCPRoute: no http:// listener carries it.
    expect(evaluated).toEqual(['grpc-on-a', 'on-a-other-host', 'on-a-same-host', 'on-b-any-host', 'on-b-same-host', 'on-c'])
  })

  test('--gateway b: only routes naming b', () => {
    const s = new Snapshot('files')
    for (const o of objects) s.add(o)
    const b = s.list<Gateway>(GATEWAY_GROUP, 'Gateway').find((g) => g.metadata.name === 'b')!
    const {analysis, gateways} = analyzeForTrace(s, parseTraceRequest({url: 'http://b.example.com/'}), {candidates: [b], named: true})
    expect(gateways).toEqual([b])
    expect([...analysis.graph.routes.keys()].map((r) => r.metadata.name).sort()).toEqual(['on-b-any-host', 'on-b-other-host', 'on-b-same-host'])
  })

  test('no Gateway listens on the port: every candidate is traced and says so', () => {
    const s = new Snapshot('files')
    for (const o of objects) s.add(o)
    const {gateways} = analyzeForTrace(s, parseTraceRequest({url: 'http://a.example.com:1234/'}), {candidates: s.list<Gateway>(GATEWAY_GROUP, 'Gateway'), named: false})
    expect(gateways.map((g) => g.metadata.name)).toEqual(['a', 'b', 'c'])
  })

  test('route kinds per scheme: those the listeners a request arrives on carry', () => {
    expect([...traceRouteKinds('http')].sort()).toEqual(['GRPCRoute', 'HTTPRoute'])
    expect([...traceRouteKinds('https')].sort()).toEqual(['GRPCRoute', 'HTTPRoute', 'TLSRoute'])
    expect([...traceRouteKinds('tls')]).toEqual(['TLSRoute'])
    expect([...traceRouteKinds('tcp')]).toEqual(['TCPRoute'])
    expect([...traceRouteKinds('udp')]).toEqual(['UDPRoute'])
  })
})
