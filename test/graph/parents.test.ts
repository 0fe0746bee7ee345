// Scope (who writes status), parentRef defaulting, mesh parents, UnsupportedValue, ListenerSet kinds.

import {describe, expect, it} from 'vitest'
import {computeAttachments, routeParentsFromGraph} from '../../src/graph/index.js'
import {
  CONTROLLER,
  GW,
  INFRA,
  cond,
  gateway,
  gatewayClass,
  gatewayListener,
  http,
  httpListener,
  listenerSet,
  namespace,
  parentOf,
  route,
  service,
  snapshotOf,
  world,
} from './fixtures.js'

const all = {namespaces: {from: 'All'}}

describe('no status expected', () => {
  it('parent Gateway missing: ParentNotFound, no status entry', () => {
    const r = http(INFRA, 'r', {parentRefs: [{name: 'nope'}]})
    const {graph} = world([r])
    const p = parentOf(graph, r)
    expect(p.noStatusReason).toBe('ParentNotFound')
    expect(p.status).toBeUndefined()
    expect(graph.routes.get(r)!.computedStatus.parents).toEqual([])
  })

  it('GatewayClass missing: GatewayClassNotFound; the Gateway stays Pending', () => {
    const g = gateway('g', INFRA, [httpListener('http', 80, {allowedRoutes: all})], {gatewayClassName: 'ghost'})
    const r = http(INFRA, 'r', {parentRefs: [{name: 'g'}]})
    const {graph} = world([g, r])
    expect(parentOf(graph, r).noStatusReason).toBe('GatewayClassNotFound')
    const ga = graph.gateways.get(g)!
    expect(ga.inScope).toBe(false)
    expect(ga.computedStatus.conditions.map(cond)).toEqual(['Unknown/Pending', 'Unknown/Pending'])
    expect(ga.computedStatus.listeners).toEqual([])
    expect(gatewayListener(graph, g, 'http').attachedRoutes).toEqual([])
  })

  it.each([
    ['False', false, 'GatewayClassNotAccepted'],
    ['Unknown', false, 'GatewayClassNotAccepted'],
    ['True', true, undefined],
    ['none', true, undefined],
  ] as const)('class reported %s: Gateway in scope %s', (status, inScope, reason) => {
    const g = gateway('g', 'ns', [httpListener('http', 80, {allowedRoutes: all})], {gatewayClassName: 'c'})
    const r = http('ns', 'r', {parentRefs: [{name: 'g'}]})
    const graph = computeAttachments(snapshotOf([gatewayClass('c', status), g, r]))
    expect(graph.gateways.get(g)!.inScope).toBe(inScope)
    expect(parentOf(graph, r).noStatusReason).toBe(reason)
  })

  it('class without status: computed Accepted stays Unknown/Pending, notes say it is assumed', () => {
    const gc = gatewayClass('c', 'none')
    const graph = computeAttachments(snapshotOf([gc]))
    const ca = graph.gatewayClasses.get(gc as never)!
    expect(ca.state).toBe('Unknown')
    expect(cond(ca.computedStatus.conditions[0])).toBe('Unknown/Pending')
    expect(ca.notes.join(' ')).toContain('cannot be seen')
  })

  it('class parametersRef to a missing ConfigMap: InvalidParameters (when ConfigMaps are in the input)', () => {
    const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'other', namespace: 'infra'}}
    const gc = gatewayClass('c', 'True', {parametersRef: {group: '', kind: 'ConfigMap', name: 'params', namespace: 'infra'}})
    const ca = computeAttachments(snapshotOf([gc, cm])).gatewayClasses.get(gc as never)!
    expect(cond(ca.computedStatus.conditions[0])).toBe('False/InvalidParameters')
    expect(ca.state).toBe('Rejected')
    const unknown = computeAttachments(snapshotOf([gc])).gatewayClasses.get(gc as never)!
    expect(unknown.parametersRef?.resolved).toBeUndefined()
    expect(cond(unknown.computedStatus.conditions[0])).toBe('True/Accepted')
  })

  it('ListenerSet not allowed: routes to it get no status (ListenerSetNotAllowed)', () => {
    const g = gateway('g', INFRA, [httpListener('http', 80)])
    const ls = listenerSet('ls', INFRA, {name: 'g'}, [httpListener('l', 8080, {allowedRoutes: all})])
    const r = http(INFRA, 'r', {parentRefs: [{group: GW, kind: 'ListenerSet', name: 'ls'}]})
    const {graph} = world([g, ls, r])
    expect(parentOf(graph, r).noStatusReason).toBe('ListenerSetNotAllowed')
    expect(graph.listenerSets.get(ls)!.listeners[0].inScope).toBe(false)
  })

  it('ListenerSet whose Gateway is missing: no status for it nor for its routes', () => {
    const ls = listenerSet('ls', INFRA, {name: 'ghost'}, [httpListener('l', 8080)])
    const r = http(INFRA, 'r', {parentRefs: [{group: GW, kind: 'ListenerSet', name: 'ls'}]})
    const {graph} = world([ls, r])
    const la = graph.listenerSets.get(ls)!
    expect(la.noStatusReason).toBe('ListenerSetParentNotFound')
    expect(la.computedStatus.conditions.map(cond)).toEqual(['Unknown/Pending', 'Unknown/Pending'])
    expect(parentOf(graph, r).noStatusReason).toBe('ListenerSetParentNotFound')
  })

  it('XListenerSet (v1alpha1) parents resolve like ListenerSets', () => {
    const g = gateway('g', INFRA, [httpListener('http', 80)], {allowedListeners: {namespaces: {from: 'Same'}}})
    const xls = {...listenerSet('x', INFRA, {name: 'g'}, [httpListener('l', 8080, {allowedRoutes: all})]), apiVersion: 'gateway.networking.x-k8s.io/v1alpha1', kind: 'XListenerSet'} as never
    const r = http(INFRA, 'r', {parentRefs: [{group: 'gateway.networking.x-k8s.io', kind: 'XListenerSet', name: 'x'}]})
    const {graph} = world([g, xls, r])
    expect(cond(parentOf(graph, r).accepted)).toBe('True/Accepted')
    expect(parentOf(graph, r).gateway).toBe(g)
  })

  it('unsupported parent kinds and unusable entries get no status', () => {
    const r = http(INFRA, 'r', {parentRefs: [{group: 'example.com', kind: 'Thing', name: 'x'}, {kind: 'Gateway'}, 'same-namespace', null]})
    const ps = world([r]).graph.routes.get(r)!.parents
    expect(ps.map((p) => p.noStatusReason)).toEqual(['UnsupportedParentKind', 'InvalidParentRef', 'InvalidParentRef', 'InvalidParentRef'])
  })

  it('Gateway kind unreadable: ParentUnverifiable instead of ParentNotFound', () => {
    const r = http('ns', 'r', {parentRefs: [{name: 'g'}]})
    const snapshot = snapshotOf([r])
    snapshot.unreadable.add(`${GW}/Gateway`)
    expect(parentOf(computeAttachments(snapshot), r).noStatusReason).toBe('ParentUnverifiable')
  })
})

describe('parentRef defaults and the status entry', () => {
  it('fills group, kind and namespace; keeps sectionName and port; controllerName from the class', () => {
    const r = http(INFRA, 'r', {parentRefs: [{name: 'all-namespaces', sectionName: 'http', port: 80}]})
    const {graph} = world([r])
    expect(graph.routes.get(r)!.computedStatus.parents).toEqual([
      {
        parentRef: {group: GW, kind: 'Gateway', namespace: INFRA, name: 'all-namespaces', sectionName: 'http', port: 80},
        controllerName: CONTROLLER,
        conditions: [expect.objectContaining({type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration: 1}), expect.objectContaining({type: 'ResolvedRefs'})],
      },
    ])
  })

  it('cross-namespace parentRefs need no ReferenceGrant', () => {
    const r = http('elsewhere', 'r', {parentRefs: [{name: 'all-namespaces', namespace: INFRA}]})
    expect(cond(parentOf(world([r]).graph, r).accepted)).toBe('True/Accepted')
  })

  it('NotAllowedByListeners wins over NoMatchingListenerHostname when no selected listener permits the route', () => {
    const g = gateway('g', INFRA, [httpListener('a', 80, {hostname: 'a.com'}), httpListener('b', 81, {hostname: 'b.com', allowedRoutes: {namespaces: {from: 'Same'}}})])
    const r = http('other', 'r', {parentRefs: [{name: 'g', namespace: INFRA}], hostnames: ['c.com']})
    expect(cond(parentOf(world([g, r]).graph, r).accepted)).toBe('False/NotAllowedByListeners')
  })

  it('port selects listeners first, then the kind decides (NotAllowedByListeners)', () => {
    const g = gateway('g', INFRA, [{name: 'tcp', port: 5000, protocol: 'TCP', allowedRoutes: all}])
    const r = http(INFRA, 'r', {parentRefs: [{name: 'g', port: 5000}]})
    expect(cond(parentOf(world([g, r]).graph, r).accepted)).toBe('False/NotAllowedByListeners')
  })

  it('routeParentsFromGraph gives the policy engine accepted Gateways and listener names', () => {
    const r = http(INFRA, 'r', {parentRefs: [{name: 'all-namespaces'}, {name: 'same-namespace', port: 81}]})
    const {graph, snapshot} = world([r])
    const parents = routeParentsFromGraph(graph)(r)
    expect(parents).toEqual([{gateway: snapshot.find(GW, 'Gateway', INFRA, 'all-namespaces'), listenerNames: ['http']}])
  })
})

describe('mesh (GAMMA) Service parents', () => {
  const svc = service('mesh', 'reviews', [{name: 'http', port: 9080}, {name: 'grpc', port: 9090}])
  const mk = (ref: object, status?: object) => {
    const r = http('mesh', 'r', {parentRefs: [{group: '', kind: 'Service', name: 'reviews', ...ref}], rules: [{backendRefs: [{name: 'reviews', port: 9080}]}]})
    if (status) r.status = status as never
    return r
  }
  it.each([
    [{}, 'True/Accepted'],
    [{port: 9080}, 'True/Accepted'],
    [{sectionName: 'grpc'}, 'True/Accepted'],
    [{port: 1234}, 'False/NoMatchingParent'],
    [{sectionName: 'http', port: 9090}, 'False/NoMatchingParent'],
  ])('%j -> %s', (ref, expected) => {
    const r = mk(ref)
    const graph = computeAttachments(snapshotOf([namespace('mesh'), svc, r]))
    expect(cond(parentOf(graph, r).accepted)).toBe(expected)
    expect(parentOf(graph, r).attachedListeners).toEqual([])
  })

  it('takes the controllerName from the reported entry and records Service usage', () => {
    const r = mk({port: 9080}, {parents: [{parentRef: {group: '', kind: 'Service', name: 'reviews', namespace: 'mesh', port: 9080}, controllerName: 'mesh.example/ctrl', conditions: []}]})
    const graph = computeAttachments(snapshotOf([svc, r]))
    expect(parentOf(graph, r).controllerName).toBe('mesh.example/ctrl')
    expect(graph.services.get(svc as never)!.meshParentOf.map((u) => u.route)).toEqual([r])
  })

  it('missing Service: no status', () => {
    const r = mk({})
    expect(parentOf(computeAttachments(snapshotOf([r])), r).noStatusReason).toBe('ParentNotFound')
  })
})

describe('UnsupportedValue (unknown enum values)', () => {
  const rule = (pathType: string) => ({matches: [{path: {type: pathType, value: '/'}}], backendRefs: [{name: 'infra-backend-v1', port: 8080}]})
  it('every rule invalid: Accepted False/UnsupportedValue, not counted', () => {
    const r = http(INFRA, 'r', {parentRefs: [{name: 'all-namespaces'}], rules: [rule('Glob')]})
    const {graph, snapshot} = world([r])
    const p = parentOf(graph, r)
    expect(cond(p.accepted)).toBe('False/UnsupportedValue')
    expect(p.accepted?.message).toContain('spec.rules[0].matches[0].path.type is "Glob"')
    expect(gatewayListener(graph, snapshot.find(GW, 'Gateway', INFRA, 'all-namespaces') as never, 'http').status.attachedRoutes).toBe(0)
  })
  it('some rules invalid: Accepted True plus PartiallyInvalid True/UnsupportedValue', () => {
    const r = http(INFRA, 'r', {parentRefs: [{name: 'all-namespaces'}], rules: [rule('Exact'), {...rule('Exact'), filters: [{type: 'Teleport'}]}]})
    const p = parentOf(world([r]).graph, r)
    expect(cond(p.accepted)).toBe('True/Accepted')
    expect(p.status?.conditions.map(cond)).toEqual(['True/Accepted', 'True/ResolvedRefs', 'True/UnsupportedValue'])
  })
  it('GRPCRoute method match type', () => {
    const r = route('GRPCRoute', INFRA, 'g', {parentRefs: [{name: 'all-namespaces'}], rules: [{matches: [{method: {type: 'Prefix', service: 's'}}]}]})
    expect(cond(parentOf(world([r]).graph, r).accepted)).toBe('False/UnsupportedValue')
  })
  it('known values pass', () => {
    const r = http(INFRA, 'r', {
      parentRefs: [{name: 'all-namespaces'}],
      rules: [{matches: [{path: {type: 'PathPrefix', value: '/'}, method: 'GET', headers: [{name: 'a', value: 'b'}]}], filters: [{type: 'RequestRedirect', requestRedirect: {scheme: 'https', statusCode: 301}}]}],
    })
    expect(world([r]).graph.routes.get(r)!.unsupportedValues).toEqual([])
  })
})
