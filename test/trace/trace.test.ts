// What a trace says besides the winner: filters, backends and their resolution, routes that would
// match but are not attached, other listeners, ListenerSets, TLS passthrough, Gateway addresses.
import {describe, expect, test} from 'vitest'
import {traceYaml} from './support.js'

const head = (listeners: string, extra = '') => `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: c}
spec: {controllerName: x/y}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g, namespace: n}
spec:
  gatewayClassName: c
${extra}  listeners:
${listeners}
---
apiVersion: v1
kind: Service
metadata: {name: a, namespace: n}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: n}
spec: {ports: [{port: 80}]}
`
const HTTP = '  - {name: http, port: 80, protocol: HTTP}'

const route = (name: string, spec: string, kind = 'HTTPRoute', api = 'v1') => `---
apiVersion: gateway.networking.k8s.io/${api}
kind: ${kind}
metadata: {name: ${name}, namespace: n, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
${spec}`

describe('the winning rule', () => {
  test('weights and resolution: a share of requests to an unresolved backend gets 500', () => {
    const y =
      head(HTTP) +
      route(
        'r',
        `  parentRefs: [{name: g}]
  rules:
  - name: split
    backendRefs: [{name: a, port: 80, weight: 90}, {name: missing, port: 80, weight: 10}, {name: b, port: 80, weight: 0}]
`,
      )
    const r = traceYaml(y, {url: 'http://x/'}).results[0]
    expect(r.outcome).toBe('routed')
    expect(r.ruleName).toBe('split')
    expect(r.backends).toEqual([
      {kind: 'Service', namespace: 'n', name: 'a', port: 80, weight: 90, resolved: true},
      expect.objectContaining({name: 'missing', weight: 10, resolved: false, problem: expect.stringMatching(/^BackendNotFound/)}),
      {kind: 'Service', namespace: 'n', name: 'b', port: 80, weight: 0, resolved: true},
    ])
    expect(r.message).toContain('10% of such requests get a 500')
  })

  test('filters in order: header modifiers, mirror, URL rewrite with the rewritten host and path', () => {
    const y =
      head(HTTP) +
      route(
        'r',
        `  parentRefs: [{name: g}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api/v1}}]
    filters:
    - {type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-env, value: prod}], remove: [x-debug]}}
    - {type: RequestMirror, requestMirror: {backendRef: {name: b, port: 80}, percent: 5}}
    - {type: URLRewrite, urlRewrite: {hostname: internal.example.com, path: {type: ReplacePrefixMatch, replacePrefixMatch: /v1}}}
    backendRefs: [{name: a, port: 80}]
`,
      )
    const r = traceYaml(y, {url: 'http://x/api/v1/orders?id=3'}).results[0]
    expect(r.filters.map((f) => f.type)).toEqual(['RequestHeaderModifier', 'RequestMirror', 'URLRewrite'])
    expect(r.filters[0].summary).toBe('request headers: set x-env: prod; remove x-debug')
    expect(r.filters[1]).toMatchObject({mirror: 'n/b:80', summary: 'mirror to n/b:80 (5%)'})
    expect(r.filters[2].rewrite).toEqual({host: 'internal.example.com', path: '/v1/orders'})
  })

  test.each([
    ['no port, no scheme: the listener port', '  - {name: http, port: 8080, protocol: HTTP}', 'http://x:8080/p', '{}', 'http://x:8080/p'],
    ['scheme https without port: 443, left out of the Location', '  - {name: http, port: 8080, protocol: HTTP}', 'http://x:8080/p?q=1', '{scheme: https}', 'https://x/p?q=1'],
    ['port 80 with http is left out', '  - {name: http, port: 8080, protocol: HTTP}', 'http://x:8080/p', '{port: 80}', 'http://x/p'],
    ['ReplacePrefixMatch "/" on the whole prefix gives /', HTTP, 'http://x/old', '{path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}', 'http://x/'],
  ])('redirect Location: %s', (_, listeners, url, redirect, location) => {
    const y = head(listeners) + route('r', `  parentRefs: [{name: g}]\n  rules:\n  - matches: [{path: {type: PathPrefix, value: /${url.includes('/old') ? 'old' : 'p'}}}]\n    filters: [{type: RequestRedirect, requestRedirect: ${redirect}}]\n`)
    const r = traceYaml(y, {url}).results[0]
    expect(r.outcome).toBe('redirect')
    expect(r.redirect).toEqual({status: 302, location})
  })
})

describe('candidates that did not apply', () => {
  test('a route naming the Gateway that is not attached but would match: not-attached, with the reason code', () => {
    const y =
      head(HTTP) +
      route('ok', `  parentRefs: [{name: g}]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n`) +
      route('wrong-section', `  parentRefs: [{name: g, sectionName: nope}]\n  rules: [{matches: [{path: {type: PathPrefix, value: /x}}], backendRefs: [{name: b, port: 80}]}]\n`) +
      route('other-path', `  parentRefs: [{name: g, sectionName: nope}]\n  rules: [{matches: [{path: {type: PathPrefix, value: /y}}], backendRefs: [{name: b, port: 80}]}]\n`)
    const r = traceYaml(y, {url: 'http://x/x'}).results[0]
    expect(r.route?.name).toBe('ok')
    const na = r.candidates.filter((c) => c.result === 'not-attached')
    expect(na).toHaveLength(1)
    expect(na[0].route.name).toBe('wrong-section')
    expect(na[0].reason).toMatch(/^would match but not attached: NoMatchingParent: .*kubectl gw describe httproute wrong-section -n n/)
  })

  test('a route on another port is named with its listener and port', () => {
    const y =
      head(`${HTTP}\n  - {name: alt, port: 8080, protocol: HTTP}`) +
      route('main', `  parentRefs: [{name: g, sectionName: http}]\n  rules: [{matches: [{path: {type: Exact, value: /nothing}}], backendRefs: [{name: a, port: 80}]}]\n`) +
      route('alt', `  parentRefs: [{name: g, sectionName: alt}]\n  rules: [{backendRefs: [{name: b, port: 80}]}]\n`)
    const r = traceYaml(y, {url: 'http://x/'}).results[0]
    expect(r.outcome).toBe('no-route')
    expect(r.status).toBe(404)
    expect(r.candidates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({route: {kind: 'HTTPRoute', namespace: 'n', name: 'main'}, result: 'not-matched', reason: 'path / is not Exact /nothing'}),
        expect.objectContaining({route: {kind: 'HTTPRoute', namespace: 'n', name: 'alt'}, result: 'not-matched', reason: 'attached to listener alt on port 8080, not 80'}),
      ]),
    )
  })

  test('a route whose hostnames do not cover the host is not-matched on the listener', () => {
    const y = head(HTTP) + route('r', `  parentRefs: [{name: g}]\n  hostnames: [a.example.com]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n`)
    const r = traceYaml(y, {url: 'http://b.example.com/'}).results[0]
    expect(r.outcome).toBe('no-route')
    expect(r.candidates[0]).toMatchObject({result: 'not-matched', reason: 'the route serves a.example.com on this listener, not b.example.com'})
  })
})

describe('listeners', () => {
  test('https:// reaches a TLS passthrough listener and its TLSRoute by SNI', () => {
    const y =
      head(`  - {name: tls, port: 443, protocol: TLS, hostname: "*.example.com", tls: {mode: Passthrough}}`) +
      route('pass', `  parentRefs: [{name: g}]\n  hostnames: [db.example.com]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n`, 'TLSRoute', 'v1alpha2')
    const r = traceYaml(y, {url: 'https://db.example.com/'}).results[0]
    expect(r).toMatchObject({listener: 'tls', outcome: 'routed', route: {kind: 'TLSRoute', name: 'pass'}, status: null})
    const other = traceYaml(y, {url: 'tls://web.example.com:443'}).results[0]
    expect(other.outcome).toBe('no-route')
    expect(other.status).toBeNull()
  })

  test('a ListenerSet listener serves the request and is named', () => {
    const y =
      head(HTTP, '  allowedListeners: {namespaces: {from: Same}}\n') +
      `---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: extra, namespace: n}
spec:
  parentRef: {name: g}
  listeners: [{name: shop, port: 80, protocol: HTTP, hostname: shop.example.com}]
` +
      route('shop', `  parentRefs: [{name: extra, kind: ListenerSet}]\n  rules: [{backendRefs: [{name: b, port: 80}]}]\n`) +
      route('main', `  parentRefs: [{name: g}]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n`)
    const r = traceYaml(y, {url: 'http://shop.example.com/'}).results[0]
    expect(r).toMatchObject({listener: 'shop', listenerSet: {namespace: 'n', name: 'extra'}, route: {name: 'shop'}})
    expect(r.candidates.find((c) => c.route.name === 'main')?.reason).toMatch(/listener isolation/)
  })

  test('a Conflicted listener carries no traffic and is said to be skipped', () => {
    const y = head(`${HTTP}\n  - {name: clash, port: 80, protocol: HTTPS, hostname: x.example.com, tls: {certificateRefs: [{name: s}]}}`) + route('r', `  parentRefs: [{name: g}]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n`)
    const r = traceYaml(y, {url: 'http://x.example.com/'}).results[0]
    expect(r.outcome).toBe('no-listener')
    expect(r.message).toMatch(/Conflicted \(ProtocolConflict\)/)
  })

  test('a Gateway whose addresses include the host is marked preferred', () => {
    const y = head(HTTP, '  addresses: [{type: Hostname, value: edge.example.com}]\n') + route('r', `  parentRefs: [{name: g}]\n  rules: [{backendRefs: [{name: a, port: 80}]}]\n`)
    expect(traceYaml(y, {url: 'http://edge.example.com/'}).results[0].preferred).toBe(true)
    expect(traceYaml(y, {url: 'http://other.example.com/'}).results[0].preferred).toBe(false)
  })
})
