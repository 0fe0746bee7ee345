// Explanations: which listener's fix leads when listeners refuse a route for different reasons, no
// sentence said twice, and what an unusable backendRef does to traffic.
import {describe, expect, test} from 'vitest'
import {explainParent, explainRoute, trafficEffect} from '../../src/graph/explain.js'
import {APP, GW, INFRA, cond, gateway, http, httpListener, namespace, parentOf, route, service, world} from './fixtures.js'

// The shared Gateway of issue 16: http for labelled namespaces on *.example.com, https for every
// namespace on shop.example.com, a TLS passthrough listener.
const shared = gateway('public', INFRA, [
  httpListener('http', 80, {hostname: '*.example.com', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {'shared-gateway-access': 'true'}}}}}),
  {name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: {certificateRefs: [{name: 'tls-terminate-checks-certificate'}]}, allowedRoutes: {namespaces: {from: 'All'}}},
  {name: 'tls-pass', port: 8443, protocol: 'TLS', tls: {mode: 'Passthrough'}, allowedRoutes: {namespaces: {from: 'All'}}},
])
const parentRefs = [{name: 'public', namespace: INFRA}]

describe('a route refused by listeners for different reasons', () => {
  const blog = http('blog', 'blog', {parentRefs, hostnames: ['blog.example.com'], rules: [{backendRefs: [{name: 'blog', port: 8080}]}]})
  const {graph} = world([namespace('blog'), service('blog', 'blog'), shared, blog])
  const p = parentOf(graph, blog)

  test('the reason code stays the one the spec sets (https allows it, its hostname does not match)', () => {
    expect(cond(p.accepted)).toBe('False/NoMatchingListenerHostname')
  })

  test("the explanation leads with the fix of the listener whose hostname the route matches (http: the namespace label), not with another listener's hostname", () => {
    const [first] = explainParent(p, 'HTTPRoute')
    expect(first).toContain('most plausibly meant for listener "http"')
    expect(first).toContain('namespace "blog" has no shared-gateway-access label. Add the label to the namespace')
    expect(first.indexOf('shared-gateway-access')).toBeLessThan(first.indexOf('shop.example.com'))
    expect(first).not.toContain('Add a hostname that matches shop.example.com')
  })

  test('no sentence is repeated, and every listener is explained once', () => {
    const lines = explainRoute(graph.routes.get(blog)!)
    expect(new Set(lines).size).toBe(lines.length)
    for (const l of ['"http"', '"https"', '"tls-pass"']) expect(lines.some((x) => x.includes(`Listener ${l}`))).toBe(true)
    expect(lines.filter((x) => x.includes('has hostname shop.example.com, which none')).length).toBe(1)
  })

  test('when the hostname-matching listener is also the one that allows the route, its hostname fix leads as before', () => {
    const other = http('blog', 'other', {parentRefs: [{...parentRefs[0], sectionName: 'https'}], hostnames: ['blog.example.com']})
    const g = world([namespace('blog'), shared, other]).graph
    const [first] = explainParent(parentOf(g, other), 'HTTPRoute')
    expect(first).toContain('Add a hostname that matches shop.example.com')
  })

  test('a TLS listener without hostname does not outrank the hostname fix for an HTTPRoute', () => {
    const gw = gateway('two', INFRA, [
      {name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: {certificateRefs: [{name: 'tls-terminate-checks-certificate'}]}, allowedRoutes: {namespaces: {from: 'All'}}},
      {name: 'tls-pass', port: 8443, protocol: 'TLS', tls: {mode: 'Passthrough'}, allowedRoutes: {namespaces: {from: 'All'}}},
    ])
    const r = http('blog', 'r', {parentRefs: [{name: 'two', namespace: INFRA}], hostnames: ['blog.example.com']})
    const g = world([namespace('blog'), gw, r]).graph
    expect(parentOf(g, r).accepted?.message).toBe(
      'Listener "https" (gateways/gateway-conformance-infra/two) has hostname shop.example.com, which none of the route\'s hostnames (blog.example.com) matches. Add a hostname that matches shop.example.com to spec.hostnames or attach the route to a listener for these hostnames.',
    )
  })
})

describe('what an unusable backendRef does to traffic', () => {
  const routeWith = (kind: 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute', backendRefs: object[], extra: object = {}) =>
    route(kind, APP, `r-${kind.toLowerCase()}`, {parentRefs: [{name: 'all-namespaces', namespace: INFRA}], rules: [{backendRefs, ...extra}]})
  const effects = (r: ReturnType<typeof routeWith>) => {
    const ra = world([r]).graph.routes.get(r)!
    return ra.backends.map((b) => trafficEffect(r, b))
  }

  test('HTTPRoute: the weight share of a refused (RefNotPermitted) backend gets HTTP 500', () => {
    const r = routeWith('HTTPRoute', [{name: 'app-backend-v1', port: 8080, weight: 90}, {name: 'web-backend', namespace: 'gateway-conformance-web-backend', port: 8080, weight: 10}])
    const [ok, refused] = effects(r)
    expect(ok).toBeUndefined()
    expect(refused).toContain('10% of the requests matching spec.rules[0] (weight 10 of 100) get HTTP 500')
    expect(refused).toContain('stays Accepted')
  })

  test('HTTPRoute: a missing Service as the only backend fails every request of the rule; default weights are 1', () => {
    expect(effects(routeWith('HTTPRoute', [{name: 'nope', port: 8080}]))[0]).toContain('every request matching spec.rules[0] gets HTTP 500')
    expect(effects(routeWith('HTTPRoute', [{name: 'nope', port: 8080}, {name: 'app-backend-v1', port: 8080}, {name: 'app-backend-v2', port: 8080}]))[0]).toContain('33.3% of the requests')
  })

  test('GRPCRoute gets UNAVAILABLE, TCPRoute rejected connections, weight 0 nothing', () => {
    expect(effects(routeWith('GRPCRoute', [{name: 'nope', port: 8080}]))[0]).toContain('gRPC status UNAVAILABLE')
    expect(effects(routeWith('TCPRoute', [{name: 'nope', port: 8080}]))[0]).toContain('every connection matching spec.rules[0] is rejected')
    expect(effects(routeWith('HTTPRoute', [{name: 'nope', port: 8080, weight: 0}, {name: 'app-backend-v1', port: 8080}]))[0]).toBe('It has weight 0, so no traffic is sent to it.')
  })

  test('a mirror that does not resolve changes no response', () => {
    const r = routeWith('HTTPRoute', [{name: 'app-backend-v1', port: 8080}], {filters: [{type: 'RequestMirror', requestMirror: {backendRef: {name: 'nope', port: 8080}}}]})
    expect(effects(r)).toEqual([undefined, 'Requests are not mirrored to it; the responses clients get do not change.'])
  })

  test('the explanation of the route says it', () => {
    const r = routeWith('HTTPRoute', [{name: 'nope', port: 8080}])
    expect(explainRoute(world([r]).graph.routes.get(r)!)).toContain('Traffic: every request matching spec.rules[0] gets HTTP 500, as the spec requires for requests routed to an invalid backend; the route itself stays Accepted.')
  })
})

void GW
