// Conclusions that rest on kinds the snapshot could not read (snapshot.unreadable after a 403) are
// marked unverified or incomplete, never reported as certain; and the same input read completely (or
// from files) keeps its certain verdicts. Each "unreadable" case has its readable twin so that the
// marking cannot silently disappear.

import {describe, expect, it} from 'vitest'
import {readCaveats, unverifiedConclusions} from '../../src/graph/caveats.js'
import {compareStatus, computeAttachments} from '../../src/graph/index.js'
import {kindKey, type Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {
  APP,
  GW,
  INFRA,
  WEB,
  cond,
  conformanceBase,
  gateway,
  gatewayClass,
  gatewayListener,
  grant,
  http,
  httpListener,
  listenerConds,
  listenerSet,
  namespace,
  parentOf,
  route,
  secret,
  service,
  snapshotOf,
} from './fixtures.js'

const GRANTS = kindKey(GW, 'ReferenceGrant')
const NAMESPACES = kindKey('', 'Namespace')

function unreadable(objects: K8sObject[], ...kinds: string[]): Snapshot {
  const s = snapshotOf(objects)
  for (const k of kinds) s.unreadable.add(k)
  return s
}

/** The conformance base without its Namespace objects (as after a 403 on Namespaces). */
const baseWithoutNamespaces = () => conformanceBase().filter((o) => o.kind !== 'Namespace')

describe('ReferenceGrants unreadable: RefNotPermitted verdicts are unverified', () => {
  const cross = () =>
    http(INFRA, 'cross', {
      parentRefs: [{name: 'same-namespace'}],
      rules: [
        {
          backendRefs: [{name: 'web-backend', namespace: WEB, port: 8080}],
          filters: [{type: 'RequestMirror', requestMirror: {backendRef: {name: 'app-backend-v1', namespace: APP, port: 8080}}}],
        },
      ],
    })

  it('readable: RefNotPermitted for the backendRef and the RequestMirror backendRef', () => {
    const r = cross()
    const ra = computeAttachments(snapshotOf([...conformanceBase(), r])).routes.get(r)!
    expect(ra.backends.map((b) => b.problem)).toEqual(['RefNotPermitted', 'RefNotPermitted'])
    expect(cond(ra.resolvedRefs)).toBe('False/RefNotPermitted')
  })

  it('unreadable: unverified with the reason, ResolvedRefs True, the Service still checked', () => {
    const r = cross()
    const ra = computeAttachments(unreadable([...conformanceBase(), r], GRANTS)).routes.get(r)!
    for (const b of ra.backends) {
      expect(b.problem).toBeUndefined()
      expect(b.unverified).toBe('ReferenceGrants could not be read')
      expect(b.unverifiedProblem).toBe('RefNotPermitted')
      expect(b.service?.metadata.namespace).toBe(b.ref.namespace)
      expect(b.message).toContain('whether a ReferenceGrant permits it could not be checked because ReferenceGrants could not be read')
    }
    expect(cond(ra.resolvedRefs)).toBe('True/ResolvedRefs')
    expect(ra.resolvedRefs.message).toContain('2 unverified')
  })

  it('a missing Service is still a certain problem (broken with or without a grant)', () => {
    const r = http(INFRA, 'ghost', {parentRefs: [{name: 'same-namespace'}], rules: [{backendRefs: [{name: 'ghost', namespace: WEB, port: 8080}]}]})
    const ra = computeAttachments(unreadable([...conformanceBase(), r], GRANTS)).routes.get(r)!
    expect(ra.backends[0].problem).toBe('BackendNotFound')
    expect(ra.backends[0].message).toContain('without one the reason is RefNotPermitted')
  })

  it('same-namespace references are not affected', () => {
    const r = http(INFRA, 'local', {parentRefs: [{name: 'same-namespace'}], rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]})
    const ra = computeAttachments(unreadable([...conformanceBase(), r], GRANTS)).routes.get(r)!
    expect(ra.backends[0].unverified).toBeUndefined()
  })

  it('cross-namespace certificateRefs of Gateways and ListenerSets are unverified', () => {
    const tls = {name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', tls: {certificateRefs: [{name: 'cert', namespace: WEB}]}}
    const g = gateway('g', INFRA, [tls], {allowedListeners: {namespaces: {from: 'All'}}})
    const ls = listenerSet('ls', APP, {name: 'g', namespace: INFRA}, [{...tls, name: 'ls-https', hostname: 'b.example.com'}])
    const objects = [...conformanceBase(), g, ls, secret(WEB, 'cert')]
    const readable = computeAttachments(snapshotOf(objects))
    expect(listenerConds(gatewayListener(readable, g, 'https')).ResolvedRefs).toBe('False/RefNotPermitted')
    const graph = computeAttachments(unreadable(objects, GRANTS))
    const l = gatewayListener(graph, g, 'https')
    expect(listenerConds(l)).toMatchObject({ResolvedRefs: 'True/ResolvedRefs', Programmed: 'True/Programmed'})
    expect(l.certificates[0]).toMatchObject({unverified: 'ReferenceGrants could not be read', unverifiedProblem: 'RefNotPermitted'})
    const lsl = graph.listenerSets.get(ls)!.listeners[0]
    expect(lsl.certificates[0]).toMatchObject({unverified: 'ReferenceGrants could not be read', unverifiedProblem: 'RefNotPermitted'})
    expect(cond(graph.listenerSets.get(ls)!.computedStatus.conditions[0])).toBe('True/Accepted')
  })

  it('a cross-namespace certificate Secret that is missing stays InvalidCertificateRef', () => {
    const g = gateway('g', INFRA, [{name: 'https', port: 443, protocol: 'HTTPS', tls: {certificateRefs: [{name: 'nope', namespace: WEB}]}}])
    const l = gatewayListener(computeAttachments(unreadable([...conformanceBase(), g], GRANTS)), g, 'https')
    expect(listenerConds(l).ResolvedRefs).toBe('False/InvalidCertificateRef')
  })

  it("a Gateway's cross-namespace clientCertificateRef is unverified, not RefNotPermitted", () => {
    const g = gateway('g', INFRA, [httpListener('http')], {tls: {backend: {clientCertificateRef: {name: 'cert', namespace: WEB}}}})
    const objects = [...conformanceBase(), g, secret(WEB, 'cert')]
    const resolved = (graph: ReturnType<typeof computeAttachments>) => graph.gateways.get(g)!.computedStatus.conditions.find((c) => c.type === 'ResolvedRefs')
    expect(cond(resolved(computeAttachments(snapshotOf(objects))))).toBe('False/RefNotPermitted')
    const graph = computeAttachments(unreadable(objects, GRANTS))
    expect(cond(resolved(graph))).toBe('True/ResolvedRefs')
    expect(graph.gateways.get(g)!.unverified).toBe('ReferenceGrants could not be read')
  })

  it('a reported RefNotPermitted is not a disagreement, only an unverified difference', () => {
    const r = cross()
    r.status = {
      parents: [
        {
          parentRef: {name: 'same-namespace'},
          controllerName: 'example.com/conformance-controller',
          conditions: [
            {type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration: 1},
            {type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted', observedGeneration: 1},
          ],
        },
      ],
    }
    const cmp = (s: Snapshot) => compareStatus(computeAttachments(s), r)!
    expect(cmp(unreadable([...conformanceBase(), r], GRANTS))).toMatchObject({
      verdict: 'agrees',
      differences: [expect.objectContaining({field: 'ResolvedRefs', reported: 'False/RefNotPermitted', unverified: 'ReferenceGrants could not be read'})],
    })
    expect(cmp(unreadable([...conformanceBase(), r], GRANTS)).summary).toContain('could not be verified')
    expect(cmp(snapshotOf([...conformanceBase(), r])).verdict).toBe('agrees')
  })

  it('per-object conclusions name the field, the possible problem and the reason', () => {
    const r = cross()
    const s = unreadable([...conformanceBase(), r], GRANTS)
    expect(unverifiedConclusions(computeAttachments(s), s, r)).toEqual([
      {path: 'spec.rules[0].backendRefs[0]', conclusion: 'RefNotPermitted', reason: 'ReferenceGrants could not be read'},
      {path: 'spec.rules[0].filters[0].requestMirror.backendRef', conclusion: 'RefNotPermitted', reason: 'ReferenceGrants could not be read'},
    ])
  })
})

describe('Namespaces unreadable: namespace selector verdicts are unverified', () => {
  // backend-namespaces admits namespaces labelled gateway-conformance=backend.
  const toSelector = (ns: string) => http(ns, 'r', {parentRefs: [{name: 'backend-namespaces', namespace: INFRA}]})

  it('readable (cluster or files): a namespace without the label is certainly NotAllowedByListeners', () => {
    const r = toSelector(INFRA)
    expect(cond(parentOf(computeAttachments(snapshotOf([...conformanceBase(), r])), r).accepted)).toBe('False/NotAllowedByListeners')
  })

  it('files without the Namespace object: the documented note, and the verdict stands', () => {
    const r = toSelector(APP)
    const graph = computeAttachments(snapshotOf([...baseWithoutNamespaces(), r], 'files'))
    const p = parentOf(graph, r)
    expect(cond(p.accepted)).toBe('False/NotAllowedByListeners')
    expect(p.unverified).toBeUndefined()
    expect(p.notes.join(' ')).toContain('is not in the input, so only its kubernetes.io/metadata.name label is known')
  })

  it('unreadable: admission is assumed, the verdict and the parent say why', () => {
    const r = toSelector(APP)
    const graph = computeAttachments(unreadable([...baseWithoutNamespaces(), r], NAMESPACES))
    const p = parentOf(graph, r)
    expect(cond(p.accepted)).toBe('True/Accepted')
    expect(p.unverified).toBe('Namespaces could not be read')
    expect(p.unverifiedProblem).toBe('NotAllowedByListeners')
    expect(p.listenerVerdicts[0].unverified).toBe('Namespaces could not be read')
    expect(p.listenerVerdicts[0].message).toContain('assuming it admits namespace')
    const gw = [...graph.gateways.keys()].find((g) => g.metadata.name === 'backend-namespaces')!
    expect(gatewayListener(graph, gw, 'http').unverifiedRoutes).toBe('Namespaces could not be read')
  })

  it('a selector on kubernetes.io/metadata.name alone is still decided', () => {
    const g = gateway('by-name', INFRA, [httpListener('http', 80, {allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {'kubernetes.io/metadata.name': APP}}}}})])
    const ok = http(APP, 'ok', {parentRefs: [{name: 'by-name', namespace: INFRA}]})
    const no = http(WEB, 'no', {parentRefs: [{name: 'by-name', namespace: INFRA}]})
    const graph = computeAttachments(unreadable([...baseWithoutNamespaces(), g, ok, no], NAMESPACES))
    expect(cond(parentOf(graph, ok).accepted)).toBe('True/Accepted')
    expect(parentOf(graph, ok).unverified).toBeUndefined()
    expect(cond(parentOf(graph, no).accepted)).toBe('False/NotAllowedByListeners')
  })

  it('a failing requirement on the name label rejects for certain, whatever the other labels', () => {
    const selector = {matchLabels: {team: 'x'}, matchExpressions: [{key: 'kubernetes.io/metadata.name', operator: 'In', values: [APP]}]}
    const g = gateway('mixed', INFRA, [httpListener('http', 80, {allowedRoutes: {namespaces: {from: 'Selector', selector}}})])
    const no = http(WEB, 'no', {parentRefs: [{name: 'mixed', namespace: INFRA}]})
    const maybe = http(APP, 'maybe', {parentRefs: [{name: 'mixed', namespace: INFRA}]})
    const graph = computeAttachments(unreadable([...baseWithoutNamespaces(), g, no, maybe], NAMESPACES))
    expect(cond(parentOf(graph, no).accepted)).toBe('False/NotAllowedByListeners')
    expect(parentOf(graph, maybe).unverified).toBe('Namespaces could not be read')
  })

  it('Same and All do not depend on labels', () => {
    const r = http(APP, 'r', {parentRefs: [{name: 'all-namespaces', namespace: INFRA}]})
    const p = parentOf(computeAttachments(unreadable([...baseWithoutNamespaces(), r], NAMESPACES)), r)
    expect(p.unverified).toBeUndefined()
  })

  it('allowedListeners Selector: the ListenerSet is assumed allowed, and marked', () => {
    const g = gateway('g', INFRA, [httpListener('http')], {allowedListeners: {namespaces: {from: 'Selector', selector: {matchLabels: {team: 'a'}}}}})
    const ls = listenerSet('ls', APP, {name: 'g', namespace: INFRA}, [httpListener('extra', 8080)])
    const readable = computeAttachments(snapshotOf([...conformanceBase(), g, ls]))
    expect(readable.listenerSets.get(ls)!.allowed).toBe(false)
    const graph = computeAttachments(unreadable([...baseWithoutNamespaces(), g, ls], NAMESPACES))
    expect(graph.listenerSets.get(ls)).toMatchObject({allowed: true, unverified: 'Namespaces could not be read'})
  })
})

describe('routes unreadable: attachedRoutes are lower bounds', () => {
  const gw = () => gateway('g', INFRA, [httpListener('http'), {name: 'tcp', port: 5432, protocol: 'TCP'}])
  const attached = (g: ReturnType<typeof gw>) => http(INFRA, 'r', {parentRefs: [{name: g.metadata.name}]})

  it('only listeners that carry an unreadable kind are marked; the Gateway too', () => {
    const g = gw()
    const graph = computeAttachments(unreadable([...conformanceBase(), g, attached(g)], kindKey(GW, 'HTTPRoute')))
    expect(gatewayListener(graph, g, 'http').incomplete).toBe('HTTPRoutes could not be read')
    expect(gatewayListener(graph, g, 'tcp').incomplete).toBeUndefined()
    expect(graph.gateways.get(g)!.incomplete).toBe('HTTPRoutes could not be read')
    const readable = computeAttachments(snapshotOf([...conformanceBase(), g, attached(g)]))
    expect(gatewayListener(readable, g, 'http').incomplete).toBeUndefined()
    expect(readable.gateways.get(g)!.incomplete).toBeUndefined()
  })

  it('a reported count above the lower bound is unverified; one below it is wrong', () => {
    const status = (n: number) => ({
      conditions: [
        {type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration: 1},
        {type: 'Programmed', status: 'True', reason: 'Programmed', observedGeneration: 1},
      ],
      listeners: [
        {
          name: 'http',
          attachedRoutes: n,
          supportedKinds: [{group: GW, kind: 'HTTPRoute'}, {group: GW, kind: 'GRPCRoute'}],
          conditions: ['Accepted', 'ResolvedRefs', 'Programmed'].map((type) => ({type, status: 'True', reason: type, observedGeneration: 1})),
        },
      ],
    })
    const g = gateway('g', INFRA, [httpListener('http')])
    const r = attached(g)
    g.status = status(3)
    const cmp = (s: Snapshot) => compareStatus(computeAttachments(s), g)!
    // After a 403 on HTTPRoutes the snapshot holds none of them.
    const above = cmp(unreadable([...conformanceBase(), g], kindKey(GW, 'HTTPRoute')))
    expect(above.verdict).toBe('agrees')
    expect(above.differences).toEqual([expect.objectContaining({field: 'attachedRoutes', reported: '3', computed: '0', unverified: 'HTTPRoutes could not be read'})])
    expect(cmp(snapshotOf([...conformanceBase(), g, r])).verdict).toBe('wrong')
    // The GRPCRoute that is read and attached makes 1 a certain minimum: 0 reported is wrong.
    g.status = status(0)
    const grpc = route('GRPCRoute', INFRA, 'rpc', {parentRefs: [{name: 'g'}]})
    expect(cmp(unreadable([...conformanceBase(), g, grpc], kindKey(GW, 'HTTPRoute'))).verdict).toBe('wrong')
  })

  it('ListenerSets unreadable: attachedListenerSets is a lower bound', () => {
    const g = gateway('g', INFRA, [httpListener('http')])
    const graph = computeAttachments(unreadable([...conformanceBase(), g], kindKey(GW, 'ListenerSet')))
    expect(graph.gateways.get(g)!.listenerSetsIncomplete).toBe('ListenerSets could not be read')
  })
})

describe('other kinds', () => {
  it('a reported parent entry for a parent that could not be read is not "unexpected"', () => {
    const r = http(INFRA, 'r', {parentRefs: [{name: 'edge'}]})
    r.status = {parents: [{parentRef: {name: 'edge'}, controllerName: 'x', conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}]}
    const s = unreadable([r], kindKey(GW, 'Gateway'))
    const c = compareStatus(computeAttachments(s), r)!
    expect(c.verdict).toBe('agrees')
    expect(c.differences[0].unverified).toContain('Gateways could not be read')
    expect(compareStatus(computeAttachments(snapshotOf([r])), r)!.verdict).toBe('wrong')
  })

  it('a route to a ListenerSet whose Gateway could not be read: the reason names Gateways', () => {
    const ls = listenerSet('ls', INFRA, {name: 'edge'}, [httpListener('extra', 8080)])
    const r = http(INFRA, 'r', {parentRefs: [{group: GW, kind: 'ListenerSet', name: 'ls'}]})
    const s = unreadable([ls, r], kindKey(GW, 'Gateway'))
    const graph = computeAttachments(s)
    expect(parentOf(graph, r).noStatusReason).toBe('ParentUnverifiable')
    expect(unverifiedConclusions(graph, s, r)).toEqual([{path: 'spec.parentRefs[0]', conclusion: 'ParentNotFound', reason: 'Gateways could not be read'}])
    expect(unverifiedConclusions(graph, s, ls)).toEqual([{path: 'spec.parentRef', conclusion: 'ListenerSetParentNotFound', reason: 'Gateways could not be read'}])
  })

  it('GatewayClasses: the Gateways using a class are a lower bound when Gateways could not be read', () => {
    const gc = gatewayClass()
    const s = unreadable([gc], kindKey(GW, 'Gateway'))
    const graph = computeAttachments(s)
    expect(graph.gatewayClasses.get(gc as never)!.notes.join(' ')).toContain('lower bound: Gateways could not be read')
    expect(unverifiedConclusions(graph, s, gc)).toEqual([{path: 'gateways', conclusion: 'LowerBound', reason: 'Gateways could not be read'}])
  })

  it('a Service used by routes: referrers are a lower bound when routes could not be read', () => {
    const svc = service('ns', 'svc')
    const s = unreadable([svc], kindKey(GW, 'HTTPRoute'), kindKey(GW, 'GRPCRoute'))
    expect(unverifiedConclusions(computeAttachments(s), s, svc)).toEqual([
      {path: 'referencedBy', conclusion: 'LowerBound', reason: 'HTTPRoutes and GRPCRoutes could not be read'},
    ])
  })
})

describe('readCaveats: one summary line per class, in the issue’s words', () => {
  it('nothing for a complete snapshot or for files', () => {
    expect(readCaveats(snapshotOf(conformanceBase()))).toEqual([])
    expect(readCaveats(snapshotOf(conformanceBase(), 'files'))).toEqual([])
  })

  it('ReferenceGrants, Namespaces and route kinds', () => {
    const s = unreadable([namespace('x')], GRANTS, NAMESPACES, kindKey(GW, 'HTTPRoute'), kindKey(GW, 'TLSRoute'))
    expect(readCaveats(s)).toEqual([
      'ReferenceGrants could not be read: RefNotPermitted verdicts are unverified',
      'Namespaces could not be read: allowedRoutes and allowedListeners namespace selector verdicts are unverified',
      'HTTPRoutes and TLSRoutes could not be read: attachedRoutes counts and route overlap checks are lower bounds, unused ReferenceGrant findings are unverified',
    ])
  })

  it('Services, Secrets, GatewayClasses, ConfigMaps', () => {
    const s = unreadable([], kindKey('', 'Service'), kindKey('', 'Secret'), kindKey(GW, 'GatewayClass'), kindKey('', 'ConfigMap'))
    expect(readCaveats(s)).toEqual([
      'GatewayClasses could not be read: Gateways are assumed to have an accepted GatewayClass',
      'Services could not be read: BackendNotFound verdicts and Service parentRefs are unverified',
      'Secrets could not be read: certificate Secret verdicts are unverified',
      'ConfigMaps could not be read: parametersRefs and caCertificateRefs to ConfigMaps are unverified',
    ])
  })
})
