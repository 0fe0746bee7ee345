// gRPC and HTTP on one listener (GRPCRoute godoc, `hostnames`; src/trace/cross-serving.ts): HTTPRoutes
// can serve gRPC requests, GRPCRoutes never serve plain HTTP, and where an HTTPRoute and a GRPCRoute
// share a hostname on a listener only the older one is accepted.
import {describe, expect, test} from 'vitest'
import type {TraceResult} from '../../src/trace/trace.js'
import {traceYaml} from './support.js'

const head = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: c}
spec: {controllerName: example.com/c}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g, namespace: n}
spec:
  gatewayClassName: c
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: n}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: rpc, namespace: n}
spec: {ports: [{port: 80}]}
`

const http = (name: string, created: string, hostnames: string[], matches = '[{path: {type: PathPrefix, value: /}}]') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: n, creationTimestamp: "${created}"}
spec:
  parentRefs: [{name: g}]
  hostnames: [${hostnames.join(', ')}]
  rules: [{matches: ${matches}, backendRefs: [{name: web, port: 80}]}]
`

const grpc = (name: string, created: string, hostnames: string[], matches = '[{method: {service: shop.Cart}}]') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: ${name}, namespace: n, creationTimestamp: "${created}"}
spec:
  parentRefs: [{name: g}]
  hostnames: [${hostnames.join(', ')}]
  rules: [{matches: ${matches}, backendRefs: [{name: rpc, port: 80}]}]
`

const T1 = '2026-01-01T00:00:00Z'
const T2 = '2026-02-01T00:00:00Z'
const T3 = '2026-03-01T00:00:00Z'

function trace(yaml: string, url: string, headers?: string[]): TraceResult {
  return traceYaml(yaml, {url, headers, gateway: 'n/g'}).results[0]
}

const candidate = (r: TraceResult, name: string) => r.candidates.find((c) => c.route.name === name)

describe('grpc:// requests', () => {
  test('a GRPCRoute alone on the hostname serves them', () => {
    const r = trace(head + grpc('rpc', T2, ['a.example.com']) + http('site', T1, ['b.example.com']), 'grpc://a.example.com/shop.Cart/Add')
    expect(r.route).toMatchObject({kind: 'GRPCRoute', name: 'rpc'})
    expect(candidate(r, 'site')).toMatchObject({result: 'not-matched', reason: expect.stringContaining('serves b.example.com on this listener, not a.example.com')})
  })

  test('an HTTPRoute alone on the hostname serves them as HTTP requests, and the note says why', () => {
    const r = trace(head + grpc('rpc', T1, ['a.example.com']) + http('site', T2, ['b.example.com']), 'grpc://b.example.com/shop.Cart/Add')
    expect(r.outcome).toBe('routed')
    expect(r.route).toMatchObject({kind: 'HTTPRoute', name: 'site'})
    expect(r.backends.map((b) => b.name)).toEqual(['web'])
    expect(r.notes.join('\n')).toContain('a gRPC request is an HTTP/2 POST to /shop.Cart/Add with content-type application/grpc: HTTPRoute n/site takes it as an HTTP request')
  })

  test('an older HTTPRoute sharing the hostname: the GRPCRoute is not accepted, the HTTPRoute serves gRPC', () => {
    const r = trace(head + http('site', T1, ['a.example.com']) + grpc('rpc', T2, ['a.example.com']), 'grpc://a.example.com/shop.Cart/Add')
    expect(r.route).toMatchObject({kind: 'HTTPRoute', name: 'site'})
    expect(candidate(r, 'rpc')).toMatchObject({result: 'not-attached', reason: expect.stringContaining('its hostnames intersect those of the older HTTPRoute n/site (a.example.com)')})
  })

  test('an older GRPCRoute sharing the hostname (through a wildcard): the HTTPRoute is not accepted, for gRPC and plain HTTP alike', () => {
    const yaml = head + grpc('rpc', T1, ['"*.example.com"']) + http('site', T2, ['a.example.com'])
    const r = trace(yaml, 'grpc://a.example.com/shop.Cart/Add')
    expect(r.route).toMatchObject({kind: 'GRPCRoute', name: 'rpc'})
    expect(candidate(r, 'site')).toMatchObject({result: 'not-attached', reason: expect.stringContaining('older GRPCRoute n/rpc (a.example.com)')})
    const plain = trace(yaml, 'http://a.example.com/index.html')
    expect(plain.outcome).toBe('no-route')
    expect(plain.status).toBe(404)
    expect(candidate(plain, 'site')?.result).toBe('not-attached')
  })

  test('a rejected route is not "attached": a newer HTTPRoute that only intersects the rejected GRPCRoute is accepted', () => {
    // site1 (a) is older than rpc (a, b): rpc is rejected; site2 (b) then shares b only with rpc, which is not attached.
    const r = trace(head + http('site1', T1, ['a.example.com']) + grpc('rpc', T2, ['a.example.com', 'b.example.com']) + http('site2', T3, ['b.example.com']), 'grpc://b.example.com/shop.Cart/Add')
    expect(r.route).toMatchObject({kind: 'HTTPRoute', name: 'site2'})
    expect(candidate(r, 'rpc')?.result).toBe('not-attached')
  })

  test('an HTTPRoute header match on content-type application/grpc takes gRPC requests, not plain HTTP POSTs', () => {
    const yaml = head + http('site', T1, ['a.example.com'], '[{path: {type: PathPrefix, value: /shop.Cart}, headers: [{name: content-type, value: application/grpc}]}]')
    expect(trace(yaml, 'grpc://a.example.com/shop.Cart/Add').route?.name).toBe('site')
    const plain = trace(yaml, 'http://a.example.com/shop.Cart/Add')
    expect(plain.outcome).toBe('no-route')
    expect(candidate(plain, 'site')).toMatchObject({result: 'not-matched', reason: 'header content-type is not in the request'})
  })
})

describe('http:// requests', () => {
  test('never served by a GRPCRoute; one whose match would take the path as /SERVICE/METHOD is named as such', () => {
    const yaml = head + grpc('rpc', T1, ['a.example.com']) + grpc('other', T1, ['a.example.com'], '[{method: {service: shop.Orders}}]')
    const r = trace(yaml, 'http://a.example.com/shop.Cart/Add')
    expect(r.outcome).toBe('no-route')
    expect(r.status).toBe(404)
    expect(candidate(r, 'rpc')).toMatchObject({
      result: 'not-matched',
      reason: 'would take /shop.Cart/Add as gRPC service shop.Cart method Add, but a GRPCRoute serves only gRPC requests (HTTP/2 with content-type application/grpc: trace grpc:// or grpcs://), never a plain http:// request',
    })
    expect(candidate(r, 'other')).toMatchObject({result: 'not-matched', reason: expect.stringMatching(/^a GRPCRoute serves only gRPC requests/)})
  })
})
