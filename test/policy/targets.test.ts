// Target references and controller-reported status.
import {describe, expect, test} from 'vitest'
import type {Policy} from '../../src/model/types.js'
import {buildPolicyIndex, declaredRouteParents, policyReport, policyReports} from '../../src/policy/engine.js'
import {ancestorsOf, targetRefsOf} from '../../src/policy/targets.js'
import {EX, GW, gateway, gatewayClass, httpRoute, indexOf, kindOf, namespace, policy, policyCrd, ref, service, snapshotOf} from './fixtures.js'

const retry = kindOf('RetryPolicy', 'Inherited')

function targetsOf(spec: Record<string, unknown>, opts: {namespace?: string} = {namespace: 'app'}, extra = [gatewayClass('gc')]) {
  const index = indexOf(
    [
      ...extra,
      namespace('app'),
      gateway('app', 'gw', 'gc'),
      httpRoute('app', 'web', [{name: 'gw'}], [{name: 'r0'}]),
      service('app', 'web'),
      policy('RetryPolicy', 'p', spec, opts),
    ],
    [retry],
  )
  return policyReports(index)[0].targets
}

describe('target references', () => {
  test('targetRef and targetRefs are both read, duplicates once', () => {
    const p = policy('RetryPolicy', 'p', {targetRef: ref('Gateway', 'gw'), targetRefs: [ref('Gateway', 'gw'), ref('Service', 'web')]}) as Policy
    expect(targetRefsOf(p)).toEqual([ref('Gateway', 'gw'), ref('Service', 'web')])
  })

  test('found targets, with their level', () => {
    const targets = targetsOf({
      targetRefs: [
        ref('Gateway', 'gw', {sectionName: 'http'}),
        ref('HTTPRoute', 'web', {sectionName: 'r0'}),
        ref('Service', 'web', {sectionName: 'http'}),
        ref('Namespace', 'app'),
      ],
    })
    expect(targets.map((t) => [t.kind, t.namespace, t.level, t.exists, t.problem])).toEqual([
      ['Gateway', 'app', 'Listener', true, undefined],
      ['HTTPRoute', 'app', 'RouteRule', true, undefined],
      ['Service', 'app', 'BackendPort', true, undefined],
      ['Namespace', undefined, 'Namespace', true, undefined],
    ])
  })

  test('a Namespace exists when objects live in it, even without a Namespace object', () => {
    const targets = targetsOf({targetRefs: [ref('Namespace', 'app'), ref('Namespace', 'ghost')]}, {}, [])
    expect(targets.map((t) => [t.name, t.exists, t.problem])).toEqual([
      ['app', true, undefined],
      ['ghost', false, 'TargetNotFound'],
    ])
  })

  test('invalid references', () => {
    const targets = targetsOf({
      targetRefs: [
        'Gateway/gw',
        {kind: 'Gateway'},
        {kind: 'Gateway', name: 'gw'},
        ref('GatewayClass', 'gc'),
        ref('Namespace', 'app', {sectionName: 'x'}),
      ],
    })
    expect(targets.map((t) => [t.problem, t.message])).toEqual([
      ['Invalid', 'target reference is not an object'],
      ['Invalid', 'target reference needs a kind and a name'],
      ['Invalid', `target reference to a Gateway needs group: ${GW}`],
      ['Invalid', 'only a cluster-scoped policy can target a GatewayClass'],
      ['Invalid', 'a Namespace has no sections'],
    ])
    expect(targets.every((t) => t.exists === false)).toBe(true)
  })

  test('a cluster-scoped policy must name the namespace of a namespaced target', () => {
    const targets = targetsOf({targetRefs: [ref('Gateway', 'gw'), ref('Gateway', 'gw', {namespace: 'app'}), ref('GatewayClass', 'gc')]}, {})
    expect(targets.map((t) => [t.problem, t.exists])).toEqual([
      ['Invalid', false],
      [undefined, true],
      [undefined, true],
    ])
  })

  test('cross-namespace targets are kept and flagged', () => {
    const targets = targetsOf({targetRefs: [ref('Gateway', 'gw', {namespace: 'app'}), ref('Namespace', 'app')]}, {namespace: 'other'})
    expect(targets.map((t) => [t.exists, t.crossNamespace])).toEqual([
      [true, true],
      [true, true],
    ])
  })

  test('kinds that were not read cannot be checked', () => {
    const targets = targetsOf({
      targetRefs: [ref('ServiceImport', 'web', {group: 'multicluster.x-k8s.io'}), ref('Backend', 'b', {group: 'gateway.envoyproxy.io'})],
    })
    expect(targets.map((t) => [t.exists, t.problem, t.level])).toEqual([
      [undefined, 'Unverifiable', undefined],
      [undefined, 'Unverifiable', undefined],
    ])
  })

  test('a kind the caller says was not loaded is unverifiable, and still attaches', () => {
    const snapshot = snapshotOf(
      [gatewayClass('gc'), gateway('app', 'gw', 'gc'), policy('RetryPolicy', 'p', {targetRef: ref('Service', 'web'), defaults: {a: 1}}, {namespace: 'app'})],
      [retry],
    )
    const index = buildPolicyIndex(snapshot, declaredRouteParents(snapshot), {loaded: (g, k) => !(g === '' && k === 'Service')})
    expect(policyReports(index)[0].targets[0]).toMatchObject({exists: undefined, problem: 'Unverifiable', level: 'Backend'})
    expect(index.attachments.points.size).toBe(1)
  })

  test('ListenerSet and other kinds outside the hierarchy: existence only', () => {
    const ls = {apiVersion: `${GW}/v1`, kind: 'ListenerSet', metadata: {name: 'ls', namespace: 'app'}, spec: {parentRef: {name: 'gw'}}}
    const targets = targetsOf({targetRefs: [ref('ListenerSet', 'ls'), ref('ListenerSet', 'none')]}, {namespace: 'app'}, [gatewayClass('gc'), ls])
    expect(targets.map((t) => [t.exists, t.problem, t.level])).toEqual([
      [true, undefined, undefined],
      [false, 'TargetNotFound', undefined],
    ])
  })
})

describe('status.ancestors', () => {
  test('summarised per controller, with ParentReference defaults', () => {
    const p = policy('RetryPolicy', 'p', {targetRef: ref('Service', 'web')}, {namespace: 'app'}) as Policy
    p.status = {
      ancestors: [
        {
          ancestorRef: {name: 'gw', sectionName: 'http'},
          controllerName: 'example.com/ctl',
          conditions: [
            {type: 'Accepted', status: 'True', reason: 'Accepted'},
            {type: 'ResolvedRefs', status: 'False', reason: 'InvalidKind', message: 'no'},
          ],
        },
        {ancestorRef: {group: GW, kind: 'GatewayClass', name: 'gc', namespace: 'ignored'}, conditions: 'bad'},
        {ancestorRef: {}},
        'junk',
      ],
    } as unknown as Policy['status']
    expect(ancestorsOf(p)).toEqual([
      {
        ancestor: {group: GW, kind: 'Gateway', namespace: 'app', name: 'gw', sectionName: 'http'},
        controllerName: 'example.com/ctl',
        conditions: [
          {type: 'Accepted', status: 'True', reason: 'Accepted'},
          {type: 'ResolvedRefs', status: 'False', reason: 'InvalidKind', message: 'no'},
        ],
        summary: 'Accepted=True (Accepted), ResolvedRefs=False (InvalidKind)',
      },
      {ancestor: {group: GW, kind: 'GatewayClass', name: 'gc'}, conditions: [], summary: ''},
    ])
  })

  test('policyReport finds a policy by identity', () => {
    const p = policy('ColorPolicy', 'p', {targetRef: ref('Gateway', 'gw')}, {namespace: 'app'})
    const snap = snapshotOf([policyCrd('ColorPolicy', {label: 'Direct'}), gatewayClass('gc'), gateway('app', 'gw', 'gc'), p])
    const index = buildPolicyIndex(snap, declaredRouteParents(snap))
    const copy = structuredClone(p)
    expect(policyReport(index, copy)).toMatchObject({kind: `ColorPolicy.${EX}`, policy: 'app/p', type: 'Direct'})
    expect(policyReport(index, gateway('app', 'gw', 'gc'))).toBeUndefined()
  })
})
