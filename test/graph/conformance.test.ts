// Cases derived from the upstream conformance tests (kubernetes-sigs/gateway-api conformance/tests/*),
// whose outcome is computable from the specs alone. The objects are written here in the spirit of each
// test's YAML (on top of the conformance-like base in fixtures.ts); the asserted route and listener
// conditions (type, status, reason) and attachedRoutes are the ones the Go test asserts.

import {describe, expect, it} from 'vitest'
import {compareGatewayStatus} from '../../src/graph/index.js'
import type {K8sObject} from '../../src/model/types.js'
import {
  APP,
  GW,
  INFRA,
  WEB,
  cond,
  gateway,
  gatewayListener,
  grant,
  http,
  httpListener,
  listenerConds,
  listenerSet,
  namespace,
  parentOf,
  route,
  setListener,
  world,
} from './fixtures.js'

const same = {namespaces: {from: 'Same'}}
const all = {namespaces: {from: 'All'}}

describe('HTTPRoute parentRef conformance', () => {
  it('HTTPRouteInvalidCrossNamespaceParentRef: NotAllowedByListeners, ResolvedRefs True, 0 attached', () => {
    const r = http(WEB, 'invalid-cross-namespace-parent-ref', {parentRefs: [{name: 'same-namespace', namespace: INFRA}], rules: [{backendRefs: [{name: 'web-backend', port: 8080}]}]})
    const {graph, snapshot} = world([r])
    const p = parentOf(graph, r)
    expect(cond(p.accepted)).toBe('False/NotAllowedByListeners')
    expect(cond(p.resolvedRefs)).toBe('True/ResolvedRefs')
    expect(p.attachedListeners).toEqual([])
    const gw = snapshot.find(GW, 'Gateway', INFRA, 'same-namespace') as never
    expect(gatewayListener(graph, gw, 'http').status.attachedRoutes).toBe(0)
  })

  it('HTTPRouteDisallowedKind: HTTPRoute on a TLSRoute-only listener is NotAllowedByListeners', () => {
    const gw = gateway('tlsroutes-only', INFRA, [{name: 'tls', port: 443, protocol: 'TLS', tls: {mode: 'Passthrough'}, allowedRoutes: {namespaces: {from: 'Same'}, kinds: [{kind: 'TLSRoute'}]}}])
    const r = http(INFRA, 'disallowed-kind', {parentRefs: [{name: 'tlsroutes-only', namespace: INFRA}], rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]})
    const {graph} = world([gw, r])
    expect(cond(parentOf(graph, r).accepted)).toBe('False/NotAllowedByListeners')
    expect(cond(parentOf(graph, r).resolvedRefs)).toBe('True/ResolvedRefs')
    expect(gatewayListener(graph, gw, 'tls').status.attachedRoutes).toBe(0)
  })

  it('HTTPRouteInvalidParentRefNotMatchingListenerPort: port 81 is NoMatchingParent', () => {
    const r = http(INFRA, 'httproute-listener-not-matching-route-port', {parentRefs: [{name: 'same-namespace', namespace: INFRA, port: 81}], rules: [{backendRefs: [{name: 'infra-backend-v1', kind: 'Service', port: 8080}]}]})
    const {graph} = world([r])
    expect(cond(parentOf(graph, r).accepted)).toBe('False/NoMatchingParent')
    expect(cond(parentOf(graph, r).resolvedRefs)).toBe('True/ResolvedRefs')
    expect(parentOf(graph, r).accepted?.message).toContain('port 81')
  })

  it('HTTPRouteInvalidParentRefNotMatchingSectionName: sectionName http1 is NoMatchingParent', () => {
    const r = http(INFRA, 'httproute-listener-not-matching-section-name', {parentRefs: [{name: 'same-namespace', namespace: INFRA, port: 80, sectionName: 'http1'}], rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]})
    const {graph} = world([r])
    expect(cond(parentOf(graph, r).accepted)).toBe('False/NoMatchingParent')
  })

  it('HTTPRouteInvalidParentRefSectionNameNotMatchingPort: sectionName matches, port does not', () => {
    const gw = gateway('gateway-with-one-not-matching-port-and-section-name-route', INFRA, [httpListener('http', 80, {allowedRoutes: {kinds: [{kind: 'HTTPRoute'}], namespaces: {from: 'All'}}})])
    const r = http(INFRA, 'httproute-listener-section-name-not-matching-port', {
      parentRefs: [{name: gw.metadata.name, namespace: INFRA, sectionName: 'http', port: 81}],
      rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}],
    })
    const {graph} = world([gw, r])
    const p = parentOf(graph, r)
    expect(cond(p.accepted)).toBe('False/NoMatchingParent')
    expect(p.accepted?.message).toContain('listens on port 80, not 81')
    expect(gatewayListener(graph, gw, 'http').status.attachedRoutes).toBe(0)
  })
})

describe('hostname conformance', () => {
  const gw = gateway('httproute-hostname-intersection', INFRA, [
    httpListener('listener-1', 80, {allowedRoutes: same, hostname: 'very.specific.com'}),
    httpListener('listener-2', 80, {allowedRoutes: same, hostname: '*.wildcard.io'}),
    httpListener('listener-3', 80, {allowedRoutes: same, hostname: '*.anotherwildcard.io'}),
  ])
  const gwAll = gateway('httproute-hostname-intersection-all', INFRA, [httpListener('listener-1', 80, {allowedRoutes: same})])
  const mk = (name: string, hostnames: string[], g = gw) =>
    http(INFRA, name, {parentRefs: [{name: g.metadata.name, namespace: INFRA}], hostnames, rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]})
  const r1 = mk('specific-host-matches-listener-specific-host', ['non.matching.com', '*.nonmatchingwildcard.io', 'very.specific.com'])
  const r2 = mk('specific-host-matches-listener-wildcard-host', ['non.matching.com', 'wildcard.io', 'foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'])
  const r3 = mk('wildcard-host-matches-listener-specific-host', ['non.matching.com', '*.specific.com'])
  const r4 = mk('wildcard-host-matches-listener-wildcard-host', ['*.anotherwildcard.io'])
  const r5 = mk('no-intersecting-hosts', ['specific.but.wrong.com', 'wildcard.io'])
  const r6 = mk('httproute-hostname-intersection-all', ['first.com', 'sub.first.com', 'second.com', 'sub.second.com'], gwAll)
  const {graph} = world([gw, gwAll, r1, r2, r3, r4, r5, r6])

  it('HTTPRouteHostnameIntersection: intersecting routes are Accepted with ResolvedRefs True', () => {
    for (const r of [r1, r2, r3, r4, r6]) {
      expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
      expect(cond(parentOf(graph, r).resolvedRefs)).toBe('True/ResolvedRefs')
    }
  })

  it('HTTPRouteHostnameIntersection: no-intersecting-hosts has exactly one parent entry, NoMatchingListenerHostname', () => {
    const ra = graph.routes.get(r5)!
    expect(ra.computedStatus.parents).toHaveLength(1)
    expect(ra.computedStatus.parents[0].parentRef).toEqual({group: GW, kind: 'Gateway', namespace: INFRA, name: gw.metadata.name})
    expect(cond(parentOf(graph, r5).accepted)).toBe('False/NoMatchingListenerHostname')
  })

  it('HTTPRouteHostnameIntersection: attachedRoutes count only Accepted routes (2, 1, 1)', () => {
    expect(gatewayListener(graph, gw, 'listener-1').status.attachedRoutes).toBe(2)
    expect(gatewayListener(graph, gw, 'listener-2').status.attachedRoutes).toBe(1)
    expect(gatewayListener(graph, gw, 'listener-3').status.attachedRoutes).toBe(1)
    for (const n of ['listener-1', 'listener-2', 'listener-3']) {
      expect(listenerConds(gatewayListener(graph, gw, n))).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs'})
    }
  })

  it('HTTPRouteHostnameIntersection: the verdict carries the intersected hostnames', () => {
    const v = parentOf(graph, r3).listenerVerdicts.find((x) => x.listener.name === 'listener-1')!
    expect(v.hostnames.effective).toEqual(['very.specific.com'])
    const v2 = parentOf(graph, r2).listenerVerdicts.find((x) => x.listener.name === 'listener-2')!
    expect(v2.hostnames.effective).toEqual(['foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'])
    expect(v2.hostnames.ignored).toEqual(['non.matching.com', 'wildcard.io'])
  })

  it('HTTPRouteListenerHostnameMatching: sectionName picks one listener each; one route with two parentRefs', () => {
    const g = gateway('httproute-listener-hostname-matching', INFRA, [
      httpListener('listener-1', 80, {allowedRoutes: same, hostname: 'bar.com'}),
      httpListener('listener-2', 80, {allowedRoutes: same, hostname: 'foo.bar.com'}),
      httpListener('listener-3', 80, {allowedRoutes: same, hostname: '*.bar.com'}),
      httpListener('listener-4', 80, {allowedRoutes: same, hostname: '*.foo.com'}),
    ])
    const ref = (sectionName: string) => ({name: g.metadata.name, namespace: INFRA, sectionName})
    const v1 = http(INFRA, 'backend-v1', {parentRefs: [ref('listener-1')], rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]})
    const v2 = http(INFRA, 'backend-v2', {parentRefs: [ref('listener-2')], rules: [{backendRefs: [{name: 'infra-backend-v2', port: 8080}]}]})
    const v3 = http(INFRA, 'backend-v3', {parentRefs: [ref('listener-3'), ref('listener-4')], rules: [{backendRefs: [{name: 'infra-backend-v3', port: 8080}]}]})
    const w = world([g, v1, v2, v3]).graph
    expect(parentOf(w, v1).attachedListeners.map((l) => l.name)).toEqual(['listener-1'])
    expect(parentOf(w, v2).attachedListeners.map((l) => l.name)).toEqual(['listener-2'])
    expect([0, 1].map((i) => cond(parentOf(w, v3, i).accepted))).toEqual(['True/Accepted', 'True/Accepted'])
    expect(w.routes.get(v3)!.computedStatus.parents).toHaveLength(2)
    expect(['listener-1', 'listener-2', 'listener-3', 'listener-4'].map((n) => gatewayListener(w, g, n).status.attachedRoutes)).toEqual([1, 1, 1, 1])
  })
})

describe('Gateway listener conformance', () => {
  it('GatewayWithAttachedRoutes: counts, hostname mismatch not counted, unresolved listener still attaches', () => {
    const selector = {kinds: [{kind: 'HTTPRoute'}], namespaces: {from: 'Selector', selector: {matchLabels: {'kubernetes.io/metadata.name': INFRA}}}}
    const one = gateway('gateway-with-one-attached-route', INFRA, [httpListener('http', 80, {allowedRoutes: selector})])
    const two = gateway('gateway-with-two-attached-routes', INFRA, [httpListener('http', 80, {hostname: 'foo.example.com', allowedRoutes: selector})])
    const unresolved = gateway('unresolved-gateway-with-one-attached-unresolved-route', INFRA, [
      {name: 'tls', port: 443, protocol: 'HTTPS', allowedRoutes: selector, tls: {certificateRefs: [{group: '', kind: 'Secret', name: 'does-not-exist'}], mode: 'Terminate'}},
    ])
    const to = (g: string, extra: object = {}) => ({parentRefs: [{kind: 'Gateway', name: g, namespace: INFRA}], rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}], ...extra})
    const r1 = http(INFRA, 'http-route-1', to(one.metadata.name))
    const r2 = http(INFRA, 'http-route-2', to(two.metadata.name))
    const r3 = http(INFRA, 'http-route-3', to(two.metadata.name))
    const na = http(INFRA, 'http-route-not-accepted', to(two.metadata.name, {hostnames: ['not-accepted.test.com']}))
    const r4 = http(INFRA, 'http-route-4', {
      parentRefs: [{kind: 'Gateway', name: unresolved.metadata.name, namespace: INFRA, sectionName: 'tls'}],
      rules: [{backendRefs: [{name: 'does-not-exist', port: 8080}]}],
    })
    const {graph} = world([one, two, unresolved, r1, r2, r3, na, r4])
    const l1 = gatewayListener(graph, one, 'http')
    expect(l1.status.attachedRoutes).toBe(1)
    expect(l1.status.supportedKinds).toEqual([{group: GW, kind: 'HTTPRoute'}])
    expect(listenerConds(l1)).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs'})
    expect(gatewayListener(graph, two, 'http').status.attachedRoutes).toBe(2)
    expect(cond(parentOf(graph, na).accepted)).toBe('False/NoMatchingListenerHostname')
    const lt = gatewayListener(graph, unresolved, 'tls')
    expect(lt.status.attachedRoutes).toBe(1)
    expect(listenerConds(lt)).toMatchObject({Programmed: 'False/Invalid', ResolvedRefs: 'False/InvalidCertificateRef'})
    expect(cond(parentOf(graph, r4).resolvedRefs)).toBe('False/BackendNotFound')
    expect(cond(parentOf(graph, r4).accepted)).toBe('True/Accepted')
  })

  it('GatewayInvalidRouteKind: only invalid kinds -> supportedKinds [], valid+invalid -> [HTTPRoute]; both InvalidRouteKinds', () => {
    const onlyInvalid = gateway('gateway-only-invalid-route-kind', INFRA, [httpListener('http', 80, {allowedRoutes: {namespaces: {from: 'All'}, kinds: [{kind: 'InvalidRoute'}]}})])
    const mixed = gateway('gateway-supported-and-invalid-route-kind', INFRA, [
      httpListener('http', 80, {allowedRoutes: {namespaces: {from: 'All'}, kinds: [{kind: 'InvalidRoute'}, {kind: 'HTTPRoute'}]}}),
    ])
    const {graph} = world([onlyInvalid, mixed])
    const a = gatewayListener(graph, onlyInvalid, 'http')
    const b = gatewayListener(graph, mixed, 'http')
    expect(a.status.supportedKinds).toEqual([])
    expect(b.status.supportedKinds).toEqual([{group: GW, kind: 'HTTPRoute'}])
    for (const l of [a, b]) {
      expect(listenerConds(l).ResolvedRefs).toBe('False/InvalidRouteKinds')
      expect(l.status.attachedRoutes).toBe(0)
    }
  })

  it('GatewayListenerUnsupportedProtocol (gateway-invalid-listeners-unsupported-protocol): only INVALID -> Gateway Accepted False/ListenersNotValid; mixed -> True/ListenersNotValid', () => {
    const only = gateway('gateway-only-unsupported-protocols', INFRA, [{name: 'invalid', port: 1111, protocol: 'INVALID'}])
    const mixed = gateway('gateway-supported-and-unsupported-protocols', INFRA, [httpListener('http', 80), {name: 'invalid', port: 1111, protocol: 'INVALID'}])
    const {graph} = world([only, mixed])
    const gwAccepted = (g: typeof only) => cond(graph.gateways.get(g)!.computedStatus.conditions.find((c) => c.type === 'Accepted'))
    expect(gwAccepted(only)).toBe('False/ListenersNotValid')
    expect(gwAccepted(mixed)).toBe('True/ListenersNotValid')
    for (const g of [only, mixed]) {
      const l = gatewayListener(graph, g, 'invalid')
      expect(l.status.supportedKinds).toEqual([])
      expect(listenerConds(l).Accepted).toBe('False/UnsupportedProtocol')
      expect(l.status.attachedRoutes).toBe(0)
    }
    const http80 = gatewayListener(graph, mixed, 'http')
    expect(listenerConds(http80).Accepted).toBe('True/Accepted')
    expect(http80.status.supportedKinds).toContainEqual({group: GW, kind: 'HTTPRoute'})
  })

  it('GatewayInvalidTLSConfiguration: nonexistent Secret, unsupported group, unsupported kind -> InvalidCertificateRef', () => {
    const mk = (name: string, ref: object) =>
      gateway(name, INFRA, [{name: 'https', port: 443, protocol: 'HTTPS', allowedRoutes: {namespaces: {from: 'All'}}, tls: {certificateRefs: [ref]}}])
    const gws = [
      mk('gateway-certificate-nonexistent-secret', {group: '', kind: 'Secret', name: 'nonexistent-certificate'}),
      mk('gateway-certificate-unsupported-group', {group: 'wrong.group.company.io', kind: 'Secret', name: 'tls-validity-checks-certificate'}),
      mk('gateway-certificate-unsupported-kind', {group: '', kind: 'WrongKind', name: 'tls-validity-checks-certificate'}),
    ]
    const {graph} = world(gws)
    for (const g of gws) {
      const l = gatewayListener(graph, g, 'https')
      expect(listenerConds(l).ResolvedRefs).toBe('False/InvalidCertificateRef')
      expect(l.status.supportedKinds).toContainEqual({group: GW, kind: 'HTTPRoute'})
      expect(l.status.attachedRoutes).toBe(0)
    }
  })

  const crossNsCert = (name: string) =>
    gateway(name, INFRA, [
      {name: 'https', port: 443, protocol: 'HTTPS', allowedRoutes: {namespaces: {from: 'All'}}, tls: {certificateRefs: [{group: '', kind: 'Secret', name: 'certificate', namespace: WEB}]}},
    ])

  it('GatewaySecretMissingReferenceGrant: RefNotPermitted', () => {
    const g = crossNsCert('gateway-secret-missing-reference-grant')
    const {graph} = world([g])
    const l = gatewayListener(graph, g, 'https')
    expect(listenerConds(l).ResolvedRefs).toBe('False/RefNotPermitted')
    expect(l.conditions.resolvedRefs.message).not.toContain('does not exist')
  })

  describe('GatewaySecretInvalidReferenceGrant: every near miss leaves RefNotPermitted', () => {
    const from = {group: GW, kind: 'Gateway', namespace: INFRA}
    const to = {group: '', kind: 'Secret', name: 'certificate'}
    const nearMisses: [string, K8sObject][] = [
      ['wrong namespace', grant(APP, 'reference-grant-wrong-namespace', [from], [to])],
      ['wrong from group', grant(WEB, 'reference-grant-wrong-from-group', [{...from, group: 'not-the-group-youre-looking-for'}], [to])],
      ['wrong from kind', grant(WEB, 'reference-grant-wrong-from-kind', [{...from, kind: 'HTTPRoute'}], [to])],
      ['wrong from namespace', grant(WEB, 'reference-grant-wrong-from-namespace', [{...from, namespace: 'not-the-namespace-youre-looking-for'}], [to])],
      ['wrong to group', grant(WEB, 'reference-grant-wrong-to-group', [from], [{...to, group: 'not-the-group-youre-looking-for'}])],
      ['wrong to kind', grant(WEB, 'reference-grant-wrong-to-kind', [from], [{...to, kind: 'Service'}])],
      ['wrong to name', grant(WEB, 'reference-grant-wrong-to-name', [from], [{...to, name: 'not-the-certificate-youre-looking-for'}])],
    ]
    for (const [why, g] of nearMisses) {
      it(why, () => {
        const gw = crossNsCert('gateway-secret-invalid-reference-grant')
        const {graph} = world([gw, g])
        expect(listenerConds(gatewayListener(graph, gw, 'https')).ResolvedRefs).toBe('False/RefNotPermitted')
      })
    }
    it('all together', () => {
      const gw = crossNsCert('gateway-secret-invalid-reference-grant')
      const {graph} = world([gw, ...nearMisses.map(([, g]) => g)])
      const l = gatewayListener(graph, gw, 'https')
      expect(listenerConds(l).ResolvedRefs).toBe('False/RefNotPermitted')
      expect(l.conditions.resolvedRefs.message).toContain('admits from.kind "HTTPRoute", not "Gateway"')
    })
  })

  it('GatewaySecretReferenceGrantAllInNamespace: a grant without to.name permits; Programmed True', () => {
    const g = crossNsCert('gateway-secret-reference-grant-all-in-namespace')
    const rg = grant(WEB, 'reference-grant-all-in-namespace', [{group: GW, kind: 'Gateway', namespace: INFRA}], [{group: '', kind: 'Secret'}])
    const {graph} = world([g, rg])
    const l = gatewayListener(graph, g, 'https')
    expect(listenerConds(l)).toMatchObject({ResolvedRefs: 'True/ResolvedRefs', Programmed: 'True/Programmed'})
    expect(l.certificates[0].grant).toBe(rg)
    expect(graph.referenceGrants.get(rg as never)!.permits.map((p) => p.field)).toEqual(['spec.listeners[0].tls.certificateRefs[0]'])
  })

  it('GatewaySecretReferenceGrantSpecific: a grant naming the Secret permits; Programmed True', () => {
    const g = crossNsCert('gateway-secret-reference-grant-specific')
    const rg = grant(WEB, 'reference-grant-specific', [{group: GW, kind: 'Gateway', namespace: INFRA}], [{group: '', kind: 'Secret', name: 'certificate'}])
    const {graph} = world([g, rg])
    expect(listenerConds(gatewayListener(graph, g, 'https'))).toMatchObject({ResolvedRefs: 'True/ResolvedRefs', Programmed: 'True/Programmed'})
  })

  it('GatewayObservedGenerationBump: a status older than the spec is stale', () => {
    const listeners = [httpListener('http', 80, {hostname: 'bar.com', allowedRoutes: {namespaces: {from: 'All'}}})]
    const accepted = (g: number) => [
      {type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration: g},
      {type: 'Programmed', status: 'True', reason: 'Programmed', observedGeneration: g},
    ]
    const listenerStatus = (name: string, g: number) => ({
      name,
      supportedKinds: [{group: GW, kind: 'HTTPRoute'}, {group: GW, kind: 'GRPCRoute'}],
      attachedRoutes: 0,
      conditions: ['Accepted', 'ResolvedRefs', 'Programmed'].map((type) => ({type, status: 'True', reason: type, observedGeneration: g})),
    })
    const current = gateway('gateway-observed-generation-bump', INFRA, listeners, {}, {generation: 1})
    current.status = {conditions: accepted(1), listeners: [listenerStatus('http', 1)]}
    const bumped = gateway(
      'gateway-observed-generation-bump',
      INFRA,
      [...listeners, httpListener('alternate', 80, {hostname: 'foo.com', allowedRoutes: {namespaces: {from: 'All'}}})],
      {},
      {generation: 2},
    )
    bumped.status = current.status
    const before = compareGatewayStatus(world([current]).graph.gateways.get(current)!)
    expect(before.verdict).toBe('agrees')
    const after = compareGatewayStatus(world([bumped]).graph.gateways.get(bumped)!)
    expect(after.verdict).toBe('stale')
    expect(after.differences.map((d) => d.path)).toContain('listeners["alternate"]')
  })
})

describe('ReferenceGrant conformance (backends)', () => {
  const crossRoute = (name = 'reference-grant') =>
    http(INFRA, name, {parentRefs: [{name: 'same-namespace'}], rules: [{backendRefs: [{name: 'web-backend', namespace: WEB, port: 8080}]}]})

  it('HTTPRouteInvalidCrossNamespaceBackendRef: Accepted True, ResolvedRefs False/RefNotPermitted', () => {
    const r = crossRoute('invalid-cross-namespace-backend-ref')
    const {graph} = world([r])
    expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
    expect(cond(parentOf(graph, r).resolvedRefs)).toBe('False/RefNotPermitted')
  })

  describe('HTTPRouteInvalidReferenceGrant: each near-miss grant leaves RefNotPermitted', () => {
    const from = {group: GW, kind: 'HTTPRoute', namespace: INFRA}
    const to = {group: '', kind: 'Service', name: 'web-backend'}
    const cases: [string, K8sObject][] = [
      ['wrong namespace', grant(INFRA, 'reference-grant-wrong-namespace', [from], [to])],
      ['wrong from group', grant(WEB, 'reference-grant-wrong-from-group', [{...from, group: 'not-the-group-youre-looking-for'}], [to])],
      ['wrong from kind', grant(WEB, 'reference-grant-wrong-from-kind', [{...from, kind: 'Gateway'}], [to])],
      ['wrong from namespace', grant(WEB, 'reference-grant-wrong-from-namespace', [{...from, namespace: 'not-the-namespace-youre-looking-for'}], [to])],
      ['wrong to group', grant(WEB, 'reference-grant-wrong-to-group', [from], [{...to, group: 'not-the-group-youre-looking-for'}])],
      ['wrong to kind', grant(WEB, 'reference-grant-wrong-to-kind', [from], [{...to, kind: 'Secret'}])],
      ['wrong to name', grant(WEB, 'reference-grant-wrong-to-name', [from], [{...to, kind: 'Secret', name: 'not-the-service-youre-looking-for'}])],
    ]
    for (const [why, g] of cases) {
      it(why, () => {
        const r = crossRoute()
        const {graph} = world([r, g])
        expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
        expect(cond(parentOf(graph, r).resolvedRefs)).toBe('False/RefNotPermitted')
        expect(graph.routes.get(r)!.backends[0].grantNearMisses.length).toBeGreaterThan(0)
      })
    }
    it('control: the correct grant permits the reference', () => {
      const r = crossRoute()
      const ok = grant(WEB, 'ok', [from], [to])
      const {graph} = world([r, ok])
      expect(cond(parentOf(graph, r).resolvedRefs)).toBe('True/ResolvedRefs')
      expect(graph.routes.get(r)!.backends[0].grant).toBe(ok)
    })
  })

  it('HTTPRouteInvalidNonExistentBackendRef: BackendNotFound', () => {
    const r = http(INFRA, 'invalid-nonexistent-backend-ref', {parentRefs: [{name: 'same-namespace'}], rules: [{backendRefs: [{name: 'nonexistent', namespace: INFRA, port: 8080}]}]})
    const {graph} = world([r])
    expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
    expect(cond(parentOf(graph, r).resolvedRefs)).toBe('False/BackendNotFound')
  })

  it('HTTPRouteInvalidBackendRefUnknownKind: InvalidKind', () => {
    const r = http(INFRA, 'invalid-backend-ref-unknown-kind', {
      parentRefs: [{name: 'same-namespace'}],
      rules: [{backendRefs: [{group: 'unknownkind.example.com', kind: 'NonExistent', name: 'infra-backend-v1', port: 8080}]}],
    })
    const {graph} = world([r])
    expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
    expect(cond(parentOf(graph, r).resolvedRefs)).toBe('False/InvalidKind')
  })

  it('HTTPRoutePartiallyInvalidViaInvalidReferenceGrant: one unpermitted rule makes the whole route RefNotPermitted', () => {
    const g = grant(APP, 'invalid-reference-grant', [{group: GW, kind: 'HTTPRoute', namespace: INFRA}], [{group: '', kind: 'Service', name: 'app-backend-v1'}])
    const r = http(INFRA, 'invalid-reference-grant', {
      parentRefs: [{name: 'same-namespace'}],
      rules: [
        {matches: [{path: {type: 'PathPrefix', value: '/v2'}}], backendRefs: [{name: 'app-backend-v2', namespace: APP, port: 8080}]},
        {backendRefs: [{name: 'app-backend-v1', namespace: APP, port: 8080}]},
      ],
    })
    const {graph} = world([g, r])
    expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
    expect(cond(parentOf(graph, r).resolvedRefs)).toBe('False/RefNotPermitted')
    const [b0, b1] = graph.routes.get(r)!.backends
    expect(b0.problem).toBe('RefNotPermitted')
    expect(b1.problem).toBeUndefined()
    expect(b1.grant).toBe(g)
  })

  it('TLSRouteInvalidReferenceGrant: near-miss grants leave the TLSRoute RefNotPermitted', () => {
    const from = {group: GW, kind: 'TLSRoute', namespace: INFRA}
    const to = {group: '', kind: 'Service', name: 'tls-backend'}
    const grants = [
      grant(INFRA, 'reference-grant-wrong-namespace', [from], [to]),
      grant(APP, 'reference-grant-wrong-from-group', [{...from, group: 'not-the-group-youre-looking-for'}], [to]),
      grant(APP, 'reference-grant-wrong-from-kind', [{...from, kind: 'Gateway'}], [to]),
      grant(APP, 'reference-grant-wrong-from-namespace', [{...from, namespace: 'not-the-namespace-youre-looking-for'}], [to]),
      grant(APP, 'reference-grant-wrong-to-group', [from], [{...to, group: 'not-the-group-youre-looking-for'}]),
      grant(APP, 'reference-grant-wrong-to-kind', [from], [{...to, kind: 'Secret'}]),
      grant(APP, 'reference-grant-wrong-to-name', [from], [{...to, name: 'not-the-service-youre-looking-for'}]),
    ]
    const gw = gateway('gateway-tlsroute-referencegrant', INFRA, [
      {name: 'https', port: 443, protocol: 'TLS', hostname: '*.example.com', allowedRoutes: {namespaces: {from: 'Same'}, kinds: [{kind: 'TLSRoute'}]}, tls: {mode: 'Passthrough'}},
    ])
    const r = route('TLSRoute', INFRA, 'gateway-conformance-infra-test', {
      parentRefs: [{name: gw.metadata.name}],
      hostnames: ['abc.example.com'],
      rules: [{backendRefs: [{name: 'tls-backend', namespace: APP, port: 443}]}],
    })
    const {graph} = world([gw, r, ...grants])
    expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
    expect(cond(parentOf(graph, r).resolvedRefs)).toBe('False/RefNotPermitted')
    expect(gatewayListener(graph, gw, 'https').status.attachedRoutes).toBe(1)
  })
})

describe('TLS, TCP and UDP route conformance', () => {
  it('TLSRouteInvalidNoMatchingListener: HTTP and HTTPS listeners -> NotAllowedByListeners; unknown sectionName -> NoMatchingParent', () => {
    const passthrough = gateway('gateway-tlsroute-tls-passthrough-only', INFRA, [{name: 'tls-passthrough', protocol: 'TLS', port: 443, allowedRoutes: same, tls: {mode: 'Passthrough'}}])
    const httpOnly = gateway('gateway-tlsroute-http-only', INFRA, [httpListener('http', 80, {allowedRoutes: same})])
    const httpsOnly = gateway('gateway-tlsroute-https-only', INFRA, [
      {name: 'https', port: 443, protocol: 'HTTPS', allowedRoutes: same, tls: {mode: 'Terminate', certificateRefs: [{name: 'tls-validity-checks-certificate', namespace: INFRA}]}},
    ])
    const tls = (name: string, parentRef: object) =>
      route('TLSRoute', INFRA, name, {parentRefs: [parentRef], hostnames: ['tls.example.com'], rules: [{backendRefs: [{name: 'tls-backend', port: 443}]}]})
    const a = tls('tlsroute-not-allowed-protocol-http', {name: httpOnly.metadata.name})
    const b = tls('tlsroute-not-allowed-protocol-https', {name: httpsOnly.metadata.name})
    const c = tls('tlsroute-no-matching-section-name', {name: passthrough.metadata.name, sectionName: 'nonexistent-listener'})
    const {graph} = world([passthrough, httpOnly, httpsOnly, a, b, c])
    expect(cond(parentOf(graph, a).accepted)).toBe('False/NotAllowedByListeners')
    expect(cond(parentOf(graph, b).accepted)).toBe('False/NotAllowedByListeners')
    expect(cond(parentOf(graph, c).accepted)).toBe('False/NoMatchingParent')
    expect(gatewayListener(graph, httpOnly, 'http').status.attachedRoutes).toBe(0)
    expect(gatewayListener(graph, httpsOnly, 'https').status.attachedRoutes).toBe(0)
  })

  it('TLSRouteInvalidNoMatchingListenerHostname: exact and wildcard listeners -> NoMatchingListenerHostname', () => {
    const kinds = {namespaces: {from: 'Same'}, kinds: [{kind: 'TLSRoute'}]}
    const exact = gateway('gateway-tls-exact-hostname', INFRA, [{name: 'tls', port: 443, protocol: 'TLS', hostname: 'www.example.com', allowedRoutes: kinds, tls: {mode: 'Passthrough'}}])
    const wild = gateway('gateway-tls-wildcard-hostname', INFRA, [{name: 'tls', port: 443, protocol: 'TLS', hostname: '*.example.com', allowedRoutes: kinds, tls: {mode: 'Passthrough'}}])
    const r1 = route('TLSRoute', INFRA, 'tlsroute-hostname-mismatch-1', {parentRefs: [{name: exact.metadata.name}], hostnames: ['www.nomatch.com', '*.nomatch.com'], rules: [{backendRefs: [{name: 'tls-backend', port: 443}]}]})
    const r2 = route('TLSRoute', INFRA, 'tlsroute-hostname-mismatch-2', {parentRefs: [{name: wild.metadata.name}], hostnames: ['www.different.com', '*.different.com'], rules: [{backendRefs: [{name: 'tls-backend', port: 443}]}]})
    const {graph} = world([exact, wild, r1, r2])
    expect(cond(parentOf(graph, r1).accepted)).toBe('False/NoMatchingListenerHostname')
    expect(cond(parentOf(graph, r2).accepted)).toBe('False/NoMatchingListenerHostname')
    expect(gatewayListener(graph, exact, 'tls').status.attachedRoutes).toBe(0)
    expect(gatewayListener(graph, wild, 'tls').status.attachedRoutes).toBe(0)
  })

  it('TLSRouteListenerPassthroughSupportedKinds: TCPRoute dropped, supportedKinds [TLSRoute], InvalidRouteKinds', () => {
    const g = gateway('gateway-tlsroute-passthrough-supported-kind', INFRA, [
      {name: 'tls-passthrough', port: 443, protocol: 'TLS', allowedRoutes: {namespaces: {from: 'Same'}, kinds: [{kind: 'TCPRoute'}, {kind: 'TLSRoute'}]}, tls: {mode: 'Passthrough'}},
    ])
    const l = gatewayListener(world([g]).graph, g, 'tls-passthrough')
    expect(l.status.supportedKinds).toEqual([{group: GW, kind: 'TLSRoute'}])
    expect(listenerConds(l).ResolvedRefs).toBe('False/InvalidRouteKinds')
  })

  it('TLSRouteListenerTerminateSupportedKinds: a TLS Terminate listener supports TLSRoute and is Accepted', () => {
    const g = gateway('gateway-tlsroute-terminate-supported', INFRA, [
      {name: 'tls-terminate', port: 8443, protocol: 'TLS', hostname: 'terminate.example.com', allowedRoutes: {namespaces: {from: 'Same'}, kinds: [{kind: 'TLSRoute'}]}, tls: {mode: 'Terminate', certificateRefs: [{name: 'tls-terminate-checks-certificate'}]}},
    ])
    const l = gatewayListener(world([g]).graph, g, 'tls-terminate')
    expect(l.status.supportedKinds).toEqual([{group: GW, kind: 'TLSRoute'}])
    expect(listenerConds(l)).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs'})
  })

  it('TCPRouteInvalidNonTCPListener: TCPRoute on an HTTPRoute-only listener -> NotAllowedByListeners', () => {
    const g = gateway('tcp-mixed-protocol-gateway', INFRA, [{name: 'only-allow-http-routes', protocol: 'HTTP', port: 5300, allowedRoutes: {kinds: [{kind: 'HTTPRoute'}]}}])
    const r = route('TCPRoute', INFRA, 'tcp-route', {parentRefs: [{name: g.metadata.name, sectionName: 'only-allow-http-routes'}], rules: [{backendRefs: [{name: 'tcp-echo-backend', port: 8080}]}]})
    const {graph} = world([g, r])
    expect(cond(parentOf(graph, r).accepted)).toBe('False/NotAllowedByListeners')
    expect(gatewayListener(graph, g, 'only-allow-http-routes').status.attachedRoutes).toBe(0)
  })

  it('UDPRouteNotAllowedByListeners: UDPRoute on a TLS listener -> NotAllowedByListeners', () => {
    const g = gateway('udproute-tls-only-gateway', INFRA, [{name: 'tls', port: 443, protocol: 'TLS', tls: {mode: 'Passthrough'}, allowedRoutes: same}])
    const r = route('UDPRoute', INFRA, 'udproute-not-allowed-by-listeners', {parentRefs: [{name: g.metadata.name, sectionName: 'tls'}], rules: [{backendRefs: [{name: 'coredns', port: 53}]}]})
    const {graph} = world([g, r])
    expect(cond(parentOf(graph, r).accepted)).toBe('False/NotAllowedByListeners')
    expect(gatewayListener(graph, g, 'tls').status.attachedRoutes).toBe(0)
  })
})

describe('ListenerSet conformance', () => {
  const gwListener = httpListener('gateway-listener', 80, {hostname: 'gateway-listener.com', allowedRoutes: all})
  const gwAccepted = (graph: ReturnType<typeof world>['graph'], g: K8sObject) => cond(graph.gateways.get(g as never)!.computedStatus.conditions.find((c) => c.type === 'Accepted'))
  const lsConds = (graph: ReturnType<typeof world>['graph'], ls: K8sObject) =>
    Object.fromEntries(graph.listenerSets.get(ls as never)!.computedStatus.conditions.map((c) => [c.type, `${c.status}/${c.reason}`]))

  it('ListenerSetDefaultNotAllowed: Accepted/Programmed False/NotAllowed; Gateway accepted with 0 attached ListenerSets', () => {
    const g = gateway('gateway-default-does-not-allow-listenerset', INFRA, [gwListener])
    const ls = listenerSet('listenerset-default-not-allowed', INFRA, {name: g.metadata.name, namespace: INFRA}, [
      httpListener('listenerset-default-not-allowed-listener', 80, {hostname: 'listenerset-default-not-allowed-listener.com', allowedRoutes: all}),
    ])
    const {graph} = world([g, ls])
    expect(gwAccepted(graph, g)).toBe('True/Accepted')
    expect(graph.gateways.get(g)!.computedStatus.attachedListenerSets).toBe(0)
    expect(lsConds(graph, ls)).toEqual({Accepted: 'False/NotAllowed', Programmed: 'False/NotAllowed'})
  })

  it('ListenerSetAllowedNamespaceSelector: selected namespace accepted, the other NotAllowed', () => {
    const g = gateway('gateway-allows-listenerset-in-selected-namespace', INFRA, [gwListener], {allowedListeners: {namespaces: {from: 'Selector', selector: {matchLabels: {allowed: 'ns'}}}}})
    const yes = listenerSet('listenerset-in-selected-namespace', 'gateway-api-listenerset-selector-allowed-ns', {name: g.metadata.name, namespace: INFRA}, [
      httpListener('listenerset-in-selected-namespace-listener', 80, {hostname: 'listenerset-in-selected-namespace-listener.com', allowedRoutes: all}),
    ])
    const no = listenerSet('listenerset-not-in-selected-namespace', 'gateway-api-listenerset-selector-not-allowed-ns', {name: g.metadata.name, namespace: INFRA}, [
      httpListener('listenerset-not-in-selected-namespace-listener', 80, {hostname: 'listenerset-not-in-selected-namespace-listener.com', allowedRoutes: all}),
    ])
    const {graph} = world([
      g,
      namespace('gateway-api-listenerset-selector-allowed-ns', {allowed: 'ns'}),
      namespace('gateway-api-listenerset-selector-not-allowed-ns'),
      yes,
      no,
    ])
    expect(gwAccepted(graph, g)).toBe('True/Accepted')
    expect(graph.gateways.get(g)!.computedStatus.attachedListenerSets).toBe(1)
    expect(lsConds(graph, yes)).toEqual({Accepted: 'True/Accepted', Programmed: 'True/Programmed'})
    expect(listenerConds(setListener(graph, yes, 'listenerset-in-selected-namespace-listener'))).toMatchObject({
      Accepted: 'True/Accepted',
      ResolvedRefs: 'True/ResolvedRefs',
      Programmed: 'True/Programmed',
    })
    expect(lsConds(graph, no)).toEqual({Accepted: 'False/NotAllowed', Programmed: 'False/NotAllowed'})
    expect(graph.listenerSets.get(no)!.computedStatus.listeners).toEqual([])
  })

  it('ListenerSetAllowedRoutesNamespaces: Same means the ListenerSet namespace; counts 3/1/1 and 1', () => {
    const g = gateway('gateway-with-listener-sets-test-allowed-routes', INFRA, [gwListener], {allowedListeners: {namespaces: {from: 'All'}}})
    const ls = listenerSet('listenerset-test-allowed-routes-namespaces', INFRA, {name: g.metadata.name, namespace: INFRA}, [
      httpListener('listener-set-listener-allowed-routes-all', 80, {hostname: 'listener-set-listener-allowed-routes-all.com', allowedRoutes: all}),
      httpListener('listener-set-listener-allowed-routes-same', 80, {hostname: 'listener-set-listener-allowed-routes-same.com', allowedRoutes: same}),
      httpListener('listener-set-listener-allowed-routes-selector', 80, {
        hostname: 'listener-set-listener-allowed-routes-selector.com',
        allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {allowed: 'ns'}}}},
      }),
    ])
    const crossLs = listenerSet('listenerset-test-allowed-routes-cross-ns', 'gateway-api-ls-cross-ns', {name: g.metadata.name, namespace: INFRA}, [
      httpListener('listener-set-listener-allowed-routes-cross-ns-same', 80, {hostname: 'listener-set-listener-allowed-routes-cross-ns-same.com', allowedRoutes: same}),
    ])
    const toLs = (target: K8sObject, ns: string, name: string, backend: string) =>
      http(ns, name, {
        parentRefs: [{kind: 'ListenerSet', group: GW, name: target.metadata.name, namespace: target.metadata.namespace}],
        rules: [{backendRefs: [{name: backend, namespace: INFRA, port: 8080}]}],
      })
    const inSame = toLs(ls, INFRA, 'route-in-same-namespace', 'infra-backend-v1')
    const inSelected = toLs(ls, 'gateway-api-routes-allowed-ns', 'route-in-selected-namespace', 'infra-backend-v2')
    const notSelected = toLs(ls, 'gateway-api-routes-not-allowed-ns', 'route-not-in-selected-namespace', 'infra-backend-v3')
    const inLsNs = toLs(crossLs, 'gateway-api-ls-cross-ns', 'route-in-listenerset-namespace', 'infra-backend-v1')
    const inGwNs = toLs(crossLs, INFRA, 'route-in-gateway-namespace', 'infra-backend-v2')
    const rg = grant(
      INFRA,
      'listenerset-test-allowed-routes-namespaces-reference-grant',
      ['gateway-api-routes-allowed-ns', 'gateway-api-routes-not-allowed-ns', 'gateway-api-ls-cross-ns'].map((namespace) => ({group: GW, kind: 'HTTPRoute', namespace})),
      [{group: '', kind: 'Service'}],
    )
    const {graph} = world([
      g,
      ls,
      crossLs,
      namespace('gateway-api-routes-allowed-ns', {allowed: 'ns'}),
      namespace('gateway-api-routes-not-allowed-ns'),
      namespace('gateway-api-ls-cross-ns'),
      inSame,
      inSelected,
      notSelected,
      inLsNs,
      inGwNs,
      rg,
    ])
    expect(graph.gateways.get(g)!.computedStatus.attachedListenerSets).toBe(2)
    for (const r of [inSame, inSelected, notSelected, inLsNs]) {
      expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
      expect(cond(parentOf(graph, r).resolvedRefs)).toBe('True/ResolvedRefs')
    }
    expect(cond(parentOf(graph, inGwNs).accepted)).toBe('False/NotAllowedByListeners')
    expect(graph.listenerSets.get(ls)!.computedStatus.listeners.map((l) => [l.name, l.attachedRoutes])).toEqual([
      ['listener-set-listener-allowed-routes-all', 3],
      ['listener-set-listener-allowed-routes-same', 1],
      ['listener-set-listener-allowed-routes-selector', 1],
    ])
    expect(setListener(graph, crossLs, 'listener-set-listener-allowed-routes-cross-ns-same').status.attachedRoutes).toBe(1)
  })

  it('ListenerSetAllowedRoutesSupportedKinds: HTTPRoute on a TLS ListenerSet listener -> InvalidRouteKinds', () => {
    const g = gateway('gateway-with-listener-sets-test-supported-route-kinds', INFRA, [gwListener], {allowedListeners: {namespaces: {from: 'All'}}})
    const ls = listenerSet('listenerset-test-allowed-routes-supported-kinds', INFRA, {name: g.metadata.name, namespace: INFRA}, [
      {
        name: 'listener-set-listener-allowed-routes-tls-only',
        port: 443,
        protocol: 'TLS',
        hostname: 'listener-set-listener-allowed-routes-tls-only.com',
        allowedRoutes: {namespaces: {from: 'All'}, kinds: [{kind: 'HTTPRoute'}]},
        tls: {mode: 'Passthrough'},
      },
    ])
    const {graph} = world([g, ls])
    expect(listenerConds(setListener(graph, ls, 'listener-set-listener-allowed-routes-tls-only')).ResolvedRefs).toBe('False/InvalidRouteKinds')
  })

  it('ListenerSetReferenceGrant: grants are per kind; a Gateway grant does not cover a ListenerSet', () => {
    const cert = {group: '', kind: 'Secret', name: 'certificate', namespace: WEB}
    const g = gateway(
      'gateway-with-listener-sets-test-reference-grant',
      INFRA,
      [{name: 'gateway-listener', port: 443, protocol: 'HTTPS', hostname: 'gateway-listener.com', allowedRoutes: all, tls: {certificateRefs: [cert]}}],
      {allowedListeners: {namespaces: {from: 'All'}}},
    )
    const forGw = grant(WEB, 'reference-grant-for-gateway', [{group: GW, kind: 'Gateway', namespace: INFRA}], [{group: '', kind: 'Secret'}])
    const forLs = grant(WEB, 'reference-grant-for-listener-set', [{group: GW, kind: 'ListenerSet', namespace: INFRA}], [{group: '', kind: 'Secret'}])
    const withGrant = listenerSet('listenerset-with-reference-grant', INFRA, {name: g.metadata.name, namespace: INFRA}, [
      {name: 'listenerset-with-reference-grant-listener', port: 443, protocol: 'HTTPS', hostname: 'listenerset-with-reference-grant-listener.com', allowedRoutes: all, tls: {certificateRefs: [cert]}},
    ])
    const without = listenerSet('listenerset-without-reference-grant', 'gateway-api-listener-sets-test-reference-grant-ns', {name: g.metadata.name, namespace: INFRA}, [
      {name: 'listenerset-without-reference-grant-listener', port: 443, protocol: 'HTTPS', hostname: 'listenerset-without-reference-grant-listener-1.com', allowedRoutes: all, tls: {certificateRefs: [cert]}},
    ])
    const {graph} = world([g, forGw, forLs, withGrant, without, namespace('gateway-api-listener-sets-test-reference-grant-ns')])
    expect(gwAccepted(graph, g)).toBe('True/Accepted')
    expect(listenerConds(gatewayListener(graph, g, 'gateway-listener')).ResolvedRefs).toBe('True/ResolvedRefs')
    expect(lsConds(graph, withGrant)).toEqual({Accepted: 'True/Accepted', Programmed: 'True/Programmed'})
    expect(listenerConds(setListener(graph, withGrant, 'listenerset-with-reference-grant-listener')).ResolvedRefs).toBe('True/ResolvedRefs')
    expect(lsConds(graph, without)).toEqual({Accepted: 'False/ListenersNotValid', Programmed: 'False/ListenersNotValid'})
    expect(listenerConds(setListener(graph, without, 'listenerset-without-reference-grant-listener')).ResolvedRefs).toBe('False/RefNotPermitted')
  })

  it('ListenerSetGatewayParentSectionNameNotFound: a ListenerSet listener name on a Gateway parentRef is NoMatchingParent', () => {
    const g = gateway('gateway-section-name', INFRA, [httpListener('gw-listener', 80, {hostname: 'gw-section.com', allowedRoutes: same})], {allowedListeners: {namespaces: {from: 'Same'}}})
    const ls = listenerSet('listenerset-section-name', INFRA, {name: g.metadata.name, namespace: INFRA}, [httpListener('ls-only-listener', 80, {hostname: 'ls-section-name.com', allowedRoutes: same})])
    const viaLs = http(INFRA, 'route-via-listenerset', {
      parentRefs: [{kind: 'ListenerSet', group: GW, name: ls.metadata.name, namespace: INFRA, sectionName: 'ls-only-listener'}],
      rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}],
    })
    const viaGw = http(INFRA, 'route-via-gateway', {parentRefs: [{name: g.metadata.name, namespace: INFRA, sectionName: 'ls-only-listener'}], rules: [{backendRefs: [{name: 'infra-backend-v2', port: 8080}]}]})
    const {graph} = world([g, ls, viaLs, viaGw])
    expect(graph.gateways.get(g)!.computedStatus.attachedListenerSets).toBe(1)
    expect(cond(parentOf(graph, viaLs).accepted)).toBe('True/Accepted')
    const p = parentOf(graph, viaGw)
    expect(cond(p.accepted)).toBe('False/NoMatchingParent')
    expect(p.accepted?.message).toContain('attach to the ListenerSet')
  })

  it('ListenerSetRouteStatusScopedToParentRef: a Gateway parentRef does not attach to ListenerSet listeners', () => {
    const g = gateway('gateway-parentref', INFRA, [httpListener('gw-parentref-listener', 80, {hostname: 'gw-parentref.com', allowedRoutes: same})], {allowedListeners: {namespaces: {from: 'Same'}}})
    const ls = listenerSet('listenerset-parentref', INFRA, {name: g.metadata.name, namespace: INFRA}, [httpListener('listenerset-parentref-listener', 80, {hostname: 'listenerset-parentref.com', allowedRoutes: same})])
    const gwOnly = http(INFRA, 'route-parentref-gwonly', {parentRefs: [{name: g.metadata.name, namespace: INFRA}], rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]})
    const lsOnly = http(INFRA, 'route-parentref-lsonly', {parentRefs: [{kind: 'ListenerSet', group: GW, name: ls.metadata.name, namespace: INFRA}], rules: [{backendRefs: [{name: 'infra-backend-v2', port: 8080}]}]})
    const {graph} = world([g, ls, gwOnly, lsOnly])
    expect(graph.routes.get(gwOnly)!.computedStatus.parents).toEqual([
      expect.objectContaining({parentRef: {group: GW, kind: 'Gateway', name: 'gateway-parentref', namespace: INFRA}, controllerName: 'example.com/conformance-controller'}),
    ])
    expect(graph.routes.get(lsOnly)!.computedStatus.parents.map((p) => p.parentRef)).toEqual([{group: GW, kind: 'ListenerSet', name: 'listenerset-parentref', namespace: INFRA}])
    expect(cond(parentOf(graph, gwOnly).accepted)).toBe('True/Accepted')
    expect(cond(parentOf(graph, lsOnly).accepted)).toBe('True/Accepted')
    expect(parentOf(graph, gwOnly).attachedListeners.map((l) => l.name)).toEqual(['gw-parentref-listener'])
    expect(setListener(graph, ls, 'listenerset-parentref-listener').status.attachedRoutes).toBe(1)
    expect(gatewayListener(graph, g, 'gw-parentref-listener').status.attachedRoutes).toBe(1)
  })

  it('ListenerSetDualParentRefIndependence: each parentRef is judged on its own', () => {
    const g = gateway('gateway-dual-parentref', INFRA, [httpListener('gw-dual-parentref-listener', 80, {hostname: 'gw-dual.com', allowedRoutes: same})], {allowedListeners: {namespaces: {from: 'Same'}}})
    const ls = listenerSet('ls-dual-parentref', INFRA, {name: g.metadata.name, namespace: INFRA}, [httpListener('ls-dual-parentref-listener', 80, {hostname: 'ls-dual.com', allowedRoutes: same})])
    const lsRef = {kind: 'ListenerSet', group: GW, name: ls.metadata.name, namespace: INFRA}
    const both = http(INFRA, 'route-dual-parentref-both', {parentRefs: [{name: g.metadata.name, namespace: INFRA}, lsRef], rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]})
    const one = http(INFRA, 'route-dual-parentref-one', {
      parentRefs: [
        {name: g.metadata.name, namespace: INFRA, sectionName: 'ls-dual-parentref-listener'},
        {...lsRef, sectionName: 'ls-dual-parentref-listener'},
      ],
      rules: [{backendRefs: [{name: 'infra-backend-v2', port: 8080}]}],
    })
    const {graph} = world([g, ls, both, one])
    expect([0, 1].map((i) => cond(parentOf(graph, both, i).accepted))).toEqual(['True/Accepted', 'True/Accepted'])
    expect([0, 1].map((i) => cond(parentOf(graph, one, i).accepted))).toEqual(['False/NoMatchingParent', 'True/Accepted'])
    expect(setListener(graph, ls, 'ls-dual-parentref-listener').status.attachedRoutes).toBe(2)
    expect(gatewayListener(graph, g, 'gw-dual-parentref-listener').status.attachedRoutes).toBe(1)
  })

  const conflictWorld = (kind: 'hostname' | 'protocol') => {
    const h = (n: string) => (kind === 'hostname' ? `${n}.com` : undefined)
    const conflicting = (name: string) =>
      kind === 'hostname' ? httpListener(name, 80, {hostname: h(name), allowedRoutes: all}) : {name, port: 80, protocol: 'TCP', allowedRoutes: all}
    const base = `${kind}-conflict-with`
    const g = gateway(`gateway-with-listenerset-${kind}-conflict`, INFRA, [gwListener, httpListener(`${base}-gateway-listener`, 80, {hostname: `${base}-gateway-listener.com`, allowedRoutes: all})], {
      allowedListeners: {namespaces: {from: 'Same'}},
    })
    const parent = {name: g.metadata.name, namespace: INFRA}
    const gw1 = listenerSet(`listenerset-with-${kind}-conflict-with-gateway-1`, INFRA, parent, [
      httpListener('listener-set-1-listener', 80, {hostname: 'listener-set-1-listener.com', allowedRoutes: all}),
      conflicting(`${base}-gateway-listener`),
      httpListener(`${base}-listener-set-listener`, 80, {hostname: `${base}-listener-set-listener.com`, allowedRoutes: all}),
    ])
    const gw2 = listenerSet(`listenerset-with-${kind}-conflict-with-gateway-2`, INFRA, parent, [conflicting(`${base}-gateway-listener`)])
    const ls1 = listenerSet(`listenerset-with-${kind}-conflict-with-listener-set-1`, INFRA, parent, [
      httpListener('listener-set-2-listener', 80, {hostname: 'listener-set-2-listener.com', allowedRoutes: all}),
      kind === 'hostname' ? httpListener(`${base}-listener-set-listener`, 80, {hostname: `${base}-listener-set-listener.com`, allowedRoutes: all}) : conflicting(`${base}-listener-set-listener`),
    ])
    const ls2 = listenerSet(`listenerset-with-${kind}-conflict-with-listener-set-2`, INFRA, parent, [
      kind === 'hostname' ? httpListener(`${base}-listener-set-listener`, 80, {hostname: `${base}-listener-set-listener.com`, allowedRoutes: all}) : conflicting(`${base}-listener-set-listener`),
    ])
    // Listed out of merge order on purpose: precedence comes from creationTimestamp, then namespace/name.
    return {g, gw1, gw2, ls1, ls2, base, graph: world([ls2, ls1, gw2, gw1, g]).graph}
  }

  for (const kind of ['hostname', 'protocol'] as const) {
    const reason = kind === 'hostname' ? 'HostnameConflict' : 'ProtocolConflict'
    it(`ListenerSet${kind === 'hostname' ? 'Hostname' : 'Protocol'}Conflict: the later listener is Conflicted (${reason}), earlier ones stay Accepted`, () => {
      const {g, gw1, gw2, ls1, ls2, base, graph} = conflictWorld(kind)
      const conflicted = {Accepted: `False/${reason}`, Programmed: `False/${reason}`, Conflicted: `True/${reason}`}
      const fine = {Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs', Programmed: 'True/Programmed'}
      expect(gwAccepted(graph, g)).toBe('True/Accepted')
      expect(listenerConds(gatewayListener(graph, g, 'gateway-listener'))).toMatchObject(fine)
      expect(listenerConds(gatewayListener(graph, g, `${base}-gateway-listener`))).toMatchObject(fine)
      expect(graph.gateways.get(g)!.computedStatus.attachedListenerSets).toBe(2)

      expect(lsConds(graph, gw1)).toMatchObject({Accepted: expect.stringMatching(/^True\//), Programmed: 'True/Programmed'})
      expect(listenerConds(setListener(graph, gw1, 'listener-set-1-listener'))).toMatchObject(fine)
      expect(listenerConds(setListener(graph, gw1, `${base}-gateway-listener`))).toMatchObject(conflicted)
      expect(listenerConds(setListener(graph, gw1, `${base}-listener-set-listener`))).toMatchObject(fine)

      expect(lsConds(graph, gw2)).toEqual({Accepted: 'False/ListenersNotValid', Programmed: 'False/ListenersNotValid'})
      expect(listenerConds(setListener(graph, gw2, `${base}-gateway-listener`))).toMatchObject(conflicted)

      expect(lsConds(graph, ls1)).toMatchObject({Accepted: expect.stringMatching(/^True\//), Programmed: 'True/Programmed'})
      expect(listenerConds(setListener(graph, ls1, 'listener-set-2-listener'))).toMatchObject(fine)
      expect(listenerConds(setListener(graph, ls1, `${base}-listener-set-listener`))).toMatchObject(conflicted)

      expect(lsConds(graph, ls2)).toEqual({Accepted: 'False/ListenersNotValid', Programmed: 'False/ListenersNotValid'})
      expect(listenerConds(setListener(graph, ls2, `${base}-listener-set-listener`))).toMatchObject(conflicted)
    })
  }
})
