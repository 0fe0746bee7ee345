// Malformed input of every kind: the engine reports what it can and never throws.
import {expect, test} from 'vitest'
import type {Gateway, GatewayClass, K8sObject, Route, Service} from '../../src/model/types.js'
import {buildPolicyIndex, policyReports} from '../../src/policy/engine.js'
import {gatewayClassPolicies, gatewayPolicies, namespacePolicies, routePolicies, servicePolicies} from '../../src/policy/views.js'
import {GW, gateway, gatewayClass, kindOf, policy, ref, snapshotOf} from './fixtures.js'

test('garbage everywhere', () => {
  const junk = (o: Record<string, unknown>) => o as unknown as K8sObject
  const objects: K8sObject[] = [
    gatewayClass('gc'),
    junk({apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'bad'}, spec: 'x'}),
    gateway('app', 'gw', 'gc'),
    junk({apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g2', namespace: 'app'}, spec: {gatewayClassName: 5, listeners: 'x'}}),
    junk({apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g3', namespace: 'app'}, spec: {listeners: [null, {name: 7}, {name: 'ok'}]}}),
    junk({apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'r1', namespace: 'app'}, spec: {rules: 5, parentRefs: 'x'}}),
    junk({
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: {name: 'r2', namespace: 'app'},
      spec: {
        parentRefs: [null, {name: 'gw'}, {name: 'g3', sectionName: 'nope'}],
        rules: [null, {name: 3, backendRefs: 'x'}, {name: 'r', sessionPersistence: 'sticky', backendRefs: [null, {name: 'svc', port: '80'}, {kind: 'Other', name: 'svc'}]}],
      },
    }),
    junk({apiVersion: 'v1', kind: 'Service', metadata: {name: 'svc', namespace: 'app'}, spec: {ports: [null, {name: 5}, 'x']}}),
    junk({apiVersion: 'v1', kind: 'Service', metadata: {name: 'svc2', namespace: 'app'}}),
    policy('P', 'a', {targetRefs: 'x', targetRef: [1, 2]}, {namespace: 'app'}),
    junk({apiVersion: 'example.com/v1', kind: 'P', metadata: {name: 'b', namespace: 'app', creationTimestamp: 'yesterday'}, spec: 'no'}),
    junk({apiVersion: 'example.com/v1', kind: 'P', metadata: {name: 'c', namespace: 'app', creationTimestamp: 12}, spec: null, status: 'x'}),
    policy('P', 'd', {targetRef: ref('Gateway', 'gw'), defaults: 'x', overrides: null}, {namespace: 'app'}),
    policy('P', 'e', {targetRef: {group: 5, kind: ['x'], name: {}}}, {namespace: 'app'}),
    policy('P', 'f', {targetRef: ref('Service', 'svc', {sectionName: 'x'}), defaults: {a: {b: null}}}, {namespace: 'app'}),
    junk({apiVersion: 'example.com/v1', kind: 'P', metadata: {name: 'g', namespace: 'app'}, spec: {targetRef: ref('Gateway', 'gw')}, status: {ancestors: 'x'}}),
    junk({apiVersion: 'example.com/v1', kind: 'D', metadata: {name: 'h', namespace: 'app'}, spec: {targetRef: ref('HTTPRoute', 'r2', {sectionName: 'r'})}}),
    junk({apiVersion: 'example.com/v1', kind: 'D', metadata: {name: 'i', namespace: 'app'}, spec: {targetRef: ref('Service', 'svc')}}),
  ]
  const snapshot = snapshotOf(objects, [kindOf('P', 'Inherited'), kindOf('D', 'Direct')])
  const parents = (route: Route) =>
    route.metadata.name === 'r2'
      ? ([
          null,
          {gateway: snapshot.find<Gateway>(GW, 'Gateway', 'app', 'gw')!, listenerNames: 'x'},
          {gateway: snapshot.find<Gateway>(GW, 'Gateway', 'app', 'g2')!, listenerNames: [null, 'http', 'http']},
        ] as never)
      : []
  const index = buildPolicyIndex(snapshot, parents)
  const reports = policyReports(index)
  expect(reports.map((r) => r.policy)).toEqual(['app/h', 'app/i', 'app/a', 'app/b', 'app/c', 'app/d', 'app/e', 'app/f', 'app/g'])
  expect(reports.find((r) => r.policy === 'app/e')!.targets[0].problem).toBe('Invalid')
  for (const gc of snapshot.gatewayClasses()) gatewayClassPolicies(index, gc as GatewayClass)
  for (const gw of snapshot.gateways()) gatewayPolicies(index, gw)
  for (const r of snapshot.routes()) routePolicies(index, r)
  for (const s of snapshot.services()) servicePolicies(index, s as Service)
  namespacePolicies(index, 'app')
  namespacePolicies(index, '')

  const gw = gatewayPolicies(index, snapshot.find<Gateway>(GW, 'Gateway', 'app', 'gw')!)
  // d has no usable stanza, g no spec beyond its target: attached, in effect, setting nothing.
  expect(gw.directlyAttachedPolicies.map((d) => d.policy)).toEqual(['app/d', 'app/g'])
  expect(gw.effectivePolicies).toEqual([{kind: 'P.example.com', effective: {}, sources: []}])
  const route = routePolicies(index, snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'r2')!)
  expect(route.effectivePolicies.map((e) => [e.kind, e.parent, e.rule, e.effective])).toEqual([
    ['D.example.com', 'app/g2', 'r', {}],
    ['D.example.com', 'app/gw', 'r', {}],
    ['P.example.com', 'app/gw', undefined, {}],
  ])
})
