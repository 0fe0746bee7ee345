// Policy kinds that could not be read (403): every object view says its policies may be incomplete
// and which kinds, and the summary lines name them; nothing changes when everything was read.

import {describe, expect, test} from 'vitest'
import {kindKey} from '../../src/model/snapshot.js'
import {buildPolicyIndex, declaredRouteParents} from '../../src/policy/engine.js'
import {policiesIncomplete, policyCaveats} from '../../src/policy/caveats.js'
import {gatewayPolicies, routePolicies, servicePolicies} from '../../src/policy/views.js'
import type {Gateway, Route, Service} from '../../src/model/types.js'
import {EX, GW, gateway, gatewayClass, httpRoute, kindOf, namespace, policy, policyCrd, ref, service, snapshotOf} from './fixtures.js'

function world(unreadable: string[], kinds = [kindOf('TimeoutPolicy', 'Inherited'), kindOf('BackendTLSPolicy', 'Direct', {group: GW})]) {
  const gw = gateway('infra', 'edge', 'c')
  const route = httpRoute('shop', 'store', [{name: 'edge', namespace: 'infra'}], [{backends: [{name: 'web', port: 80}]}])
  const svc = service('shop', 'web')
  const timeout = policy('TimeoutPolicy', 't', {targetRef: ref('Gateway', 'edge'), default: {request: '10s'}}, {namespace: 'infra'})
  const snapshot = snapshotOf([gatewayClass('c'), namespace('infra'), namespace('shop'), gw, route, svc, timeout], kinds)
  for (const k of unreadable) snapshot.unreadable.add(k)
  const index = buildPolicyIndex(snapshot, declaredRouteParents(snapshot))
  return {snapshot, index, gw: gw as Gateway, route: route as Route, svc: svc as Service}
}

describe('unreadable policy kinds', () => {
  test('everything read: no incomplete mark, no summary', () => {
    const {snapshot, index, route} = world([])
    expect(routePolicies(index, route).incomplete).toBeUndefined()
    expect(policyCaveats(snapshot)).toEqual([])
  })

  test('BackendTLSPolicy unreadable: routes and Services say so, with the kind', () => {
    const {snapshot, index, route, svc, gw} = world([kindKey(GW, 'BackendTLSPolicy')])
    const want = {reason: 'BackendTLSPolicies could not be read', kinds: [`BackendTLSPolicy.${GW}`]}
    expect(routePolicies(index, route).incomplete).toEqual(want)
    expect(servicePolicies(index, svc).incomplete).toEqual(want)
    expect(gatewayPolicies(index, gw).incomplete).toEqual(want)
    // What was read is still shown.
    expect(routePolicies(index, route).effectivePolicies.map((e) => e.kind)).toEqual([`TimeoutPolicy.${EX}`])
    expect(policyCaveats(snapshot)).toEqual(['BackendTLSPolicies could not be read: effective policies may be incomplete'])
  })

  test('a Direct kind whose CRD names its target kinds affects only objects of those kinds', () => {
    const crd = policyCrd('PortPolicy', {label: 'Direct', targetKindEnum: ['Service']})
    const {snapshot, index, route, svc} = world([kindKey(EX, 'PortPolicy')], [kindOf('TimeoutPolicy', 'Inherited')])
    snapshot.add(crd)
    expect(routePolicies(index, route).incomplete).toBeUndefined()
    expect(servicePolicies(index, svc).incomplete).toEqual({reason: 'PortPolicies could not be read', kinds: [`PortPolicy.${EX}`]})
  })

  test('two unreadable kinds are both named; Inherited kinds reach every object', () => {
    const {snapshot, index, gw} = world([kindKey(EX, 'TimeoutPolicy'), kindKey(GW, 'BackendTLSPolicy')])
    expect(gatewayPolicies(index, gw).incomplete?.kinds).toEqual([`TimeoutPolicy.${EX}`, `BackendTLSPolicy.${GW}`])
    expect(policyCaveats(snapshot)).toEqual(['TimeoutPolicies and BackendTLSPolicies could not be read: effective policies may be incomplete'])
  })

  test('CRDs unreadable: vendor policy kinds are unknown', () => {
    const {snapshot, index, route} = world([kindKey('apiextensions.k8s.io', 'CustomResourceDefinition')])
    expect(routePolicies(index, route).incomplete).toEqual({reason: 'CustomResourceDefinitions could not be read, so vendor policy kinds are unknown', kinds: []})
    expect(policyCaveats(snapshot)).toEqual([
      "CustomResourceDefinitions could not be read: policy kinds other than the Gateway API's own are unknown, so effective policies may be incomplete",
    ])
    expect(policiesIncomplete(snapshotOf([]), {kind: 'HTTPRoute'})).toBeUndefined()
  })
})
