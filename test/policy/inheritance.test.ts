// Inherited and Direct policies across the hierarchy: multi-level defaults and overrides, same-level
// conflicts, listener and rule sections, GatewayClass and Namespace targets, several parents.
import {describe, expect, test} from 'vitest'
import type {Gateway, GatewayClass, Route, Service} from '../../src/model/types.js'
import {policyReports} from '../../src/policy/engine.js'
import type {EffectivePolicy, ObjectPolicies} from '../../src/policy/types.js'
import {gatewayClassPolicies, gatewayPolicies, namespacePolicies, routePolicies, servicePolicies} from '../../src/policy/views.js'
import {EX, GW, gateway, gatewayClass, httpRoute, indexOf, kindOf, namespace, policy, policyCrd, ref, service} from './fixtures.js'

const TIMEOUT = `TimeoutPolicy.${EX}`
const RETRY = `RetryPolicy.${EX}`

function entries(view: ObjectPolicies, kind: string, where: Partial<EffectivePolicy> = {}): EffectivePolicy[] {
  return view.effectivePolicies.filter(
    (e) => e.kind === kind && Object.entries(where).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v),
  )
}

function only(view: ObjectPolicies, kind: string, where: Partial<EffectivePolicy> = {}): EffectivePolicy {
  const found = entries(view, kind, where)
  expect(found, `one ${kind} entry matching ${JSON.stringify(where)}`).toHaveLength(1)
  return found[0]
}

function source(e: EffectivePolicy, path: string) {
  const s = e.sources.filter((x) => x.path === path)
  expect(s, `one source for ${path}`).toHaveLength(1)
  const {policy: p, level, type} = s[0]
  return {policy: p, level, type}
}

// A cluster-scoped Inherited kind (like gwctl's TimeoutPolicy example), so that one kind can target
// the GatewayClass as well as namespaced objects.
const timeoutCrd = policyCrd('TimeoutPolicy', {label: 'Inherited', scope: 'Cluster'})
const base = [
  gatewayClass('gc'),
  namespace('infra'),
  namespace('app'),
  gateway('infra', 'gw', 'gc', ['http', 'https']),
  httpRoute('app', 'web', [{name: 'gw', namespace: 'infra'}], [{name: 'r0', backends: [{name: 'web', port: 80}]}, {backends: [{name: 'web', port: 80}]}]),
  service('app', 'web'),
]

describe('multi-level defaults and overrides', () => {
  const index = indexOf([
    ...base,
    timeoutCrd,
    policy('TimeoutPolicy', 't-gc', {
      targetRef: ref('GatewayClass', 'gc'),
      overrides: {timeout: {request: '10s'}, retries: 3},
      defaults: {timeout: {idle: '60s'}, buffer: 1},
    }),
    policy('TimeoutPolicy', 't-gwns', {targetRef: ref('Namespace', 'infra'), default: {buffer: 2, tags: ['a', 'b']}}),
    policy('TimeoutPolicy', 't-gw', {
      targetRefs: [ref('Gateway', 'gw', {namespace: 'infra'})],
      override: {retries: 5},
      default: {timeout: {idle: '30s'}},
    }),
    policy('TimeoutPolicy', 't-route', {
      targetRef: ref('HTTPRoute', 'web', {namespace: 'app'}),
      defaults: {timeout: {request: '1s', idle: '5s'}, tags: ['c']},
      overrides: {buffer: 9},
    }),
  ])
  const gw = index.snapshot.find<Gateway>(GW, 'Gateway', 'infra', 'gw')!
  const route = index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!

  test('the route: least specific override wins, most specific default wins, lists replace whole', () => {
    const view = routePolicies(index, route)
    const e = only(view, TIMEOUT, {parent: 'infra/gw'})
    expect(e.effective).toEqual({timeout: {request: '10s', idle: '5s'}, retries: 3, buffer: 9, tags: ['c']})
    expect(source(e, 'timeout.request')).toEqual({policy: 't-gc', level: 'GatewayClass', type: 'override'})
    expect(source(e, 'timeout.idle')).toEqual({policy: 't-route', level: 'Route', type: 'default'})
    expect(source(e, 'retries')).toEqual({policy: 't-gc', level: 'GatewayClass', type: 'override'})
    expect(source(e, 'buffer')).toEqual({policy: 't-route', level: 'Route', type: 'override'})
    expect(source(e, 'tags')).toEqual({policy: 't-route', level: 'Route', type: 'default'})
    expect(e.sources.map((s) => s.path)).toEqual(['buffer', 'retries', 'tags', 'timeout.idle', 'timeout.request'])
  })

  test('the gateway: its namespace default beats the class default, its own default beats both', () => {
    const view = gatewayPolicies(index, gw)
    const e = only(view, TIMEOUT)
    expect(e.parent).toBeUndefined()
    expect(e.effective).toEqual({timeout: {request: '10s', idle: '30s'}, retries: 3, buffer: 2, tags: ['a', 'b']})
    expect(source(e, 'buffer')).toEqual({policy: 't-gwns', level: 'GatewayNamespace', type: 'default'})
    expect(source(e, 'timeout.idle')).toEqual({policy: 't-gw', level: 'Gateway', type: 'default'})
    expect(view.inheritedPolicies.map((i) => [i.policy, i.level])).toEqual([
      ['t-gc', 'GatewayClass'],
      ['t-gwns', 'GatewayNamespace'],
    ])
    expect(view.directlyAttachedPolicies).toEqual([{kind: TIMEOUT, policy: 't-gw', type: 'Inherited', level: 'Gateway', conflicted: false}])
  })

  test('the GatewayClass: only its own policy, no parent', () => {
    const view = gatewayClassPolicies(index, index.snapshot.find<GatewayClass>(GW, 'GatewayClass', undefined, 'gc')!)
    const e = only(view, TIMEOUT)
    expect(e.effective).toEqual({timeout: {request: '10s', idle: '60s'}, retries: 3, buffer: 1})
    expect(view.inheritedPolicies).toEqual([])
  })

  test('the Service, through the route: inherits everything above it', () => {
    const view = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'web')!)
    const e = only(view, TIMEOUT, {parent: 'infra/gw', route: 'app/web'})
    expect(e.routeKind).toBe('HTTPRoute')
    expect(e.effective).toEqual({timeout: {request: '10s', idle: '5s'}, retries: 3, buffer: 9, tags: ['c']})
    // Nothing targets the Service or its namespace for this kind: no path-free entry.
    expect(entries(view, TIMEOUT, {parent: undefined})).toEqual([])
    expect(view.inheritedPolicies.filter((i) => i.policy === 't-route').map((i) => [i.level, i.parent, i.route])).toEqual([
      ['Route', 'infra/gw', 'app/web'],
    ])
  })
})

describe('same kind, same level, same field', () => {
  const retry = kindOf('RetryPolicy', 'Inherited')
  const route = (idx: ReturnType<typeof indexOf>) => idx.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!
  const target = {targetRef: ref('HTTPRoute', 'web')}

  test('the oldest creationTimestamp wins; the other loses only the fields both set', () => {
    const index = indexOf(
      [
        ...base,
        policy('RetryPolicy', 'z-old', {...target, defaults: {attempts: 2, backoff: '1s'}}, {namespace: 'app', created: '2024-01-01T00:00:00Z'}),
        policy('RetryPolicy', 'a-new', {...target, defaults: {attempts: 4, codes: [503]}}, {namespace: 'app', created: '2024-02-01T00:00:00Z'}),
      ],
      [retry],
    )
    const view = routePolicies(index, route(index))
    const e = only(view, RETRY, {parent: 'infra/gw'})
    expect(e.effective).toEqual({attempts: 2, backoff: '1s', codes: [503]})
    expect(source(e, 'attempts').policy).toBe('app/z-old')
    expect(source(e, 'codes').policy).toBe('app/a-new')
    expect(view.directlyAttachedPolicies.map((d) => [d.policy, d.conflicted])).toEqual([
      ['app/a-new', true],
      ['app/z-old', false],
    ])
    const report = policyReports(index).find((r) => r.policy === 'app/a-new')!
    expect(report.conflicts).toEqual([
      {
        kind: RETRY,
        target: {group: GW, kind: 'HTTPRoute', namespace: 'app', name: 'web'},
        level: 'Route',
        field: 'attempts',
        type: 'default',
        winner: 'app/z-old',
        loser: 'app/a-new',
        decidedBy: 'creationTimestamp',
      },
    ])
  })

  test('equal timestamps: first by namespace/name wins', () => {
    const t = '2024-01-01T00:00:00Z'
    const index = indexOf(
      [
        ...base,
        policy('RetryPolicy', 'b', {...target, overrides: {attempts: 2}}, {namespace: 'app', created: t}),
        policy('RetryPolicy', 'a', {...target, overrides: {attempts: 4}}, {namespace: 'app', created: t}),
      ],
      [retry],
    )
    const e = only(routePolicies(index, route(index)), RETRY)
    expect(e.effective).toEqual({attempts: 4})
    const conflicts = policyReports(index).find((r) => r.policy === 'app/b')!.conflicts
    expect(conflicts.map((c) => [c.winner, c.loser, c.field, c.type, c.decidedBy])).toEqual([['app/a', 'app/b', 'attempts', 'override', 'name']])
  })

  test('a policy without a timestamp ranks after one with a timestamp', () => {
    const index = indexOf(
      [
        ...base,
        policy('RetryPolicy', 'a', {...target, defaults: {attempts: 1}}, {namespace: 'app'}),
        policy('RetryPolicy', 'b', {...target, defaults: {attempts: 2}}, {namespace: 'app', created: '2030-01-01T00:00:00Z'}),
      ],
      [retry],
    )
    expect(only(routePolicies(index, route(index)), RETRY).effective).toEqual({attempts: 2})
  })

  test('equal values are not a conflict; an object against a scalar is', () => {
    const index = indexOf(
      [
        ...base,
        policy('RetryPolicy', 'a', {...target, defaults: {attempts: 1, budget: {percent: 20}}}, {namespace: 'app'}),
        policy('RetryPolicy', 'b', {...target, defaults: {attempts: 1, budget: 5}}, {namespace: 'app'}),
      ],
      [retry],
    )
    expect(only(routePolicies(index, route(index)), RETRY).effective).toEqual({attempts: 1, budget: {percent: 20}})
    const conflicts = policyReports(index).find((r) => r.policy === 'app/b')!.conflicts
    expect(conflicts.map((c) => c.field)).toEqual(['budget'])
  })

  test('override and default of one field at one level: the override applies, no conflict', () => {
    const index = indexOf(
      [
        ...base,
        policy('RetryPolicy', 'a', {...target, defaults: {attempts: 1}}, {namespace: 'app'}),
        policy('RetryPolicy', 'b', {...target, overrides: {attempts: 2}}, {namespace: 'app'}),
      ],
      [retry],
    )
    const e = only(routePolicies(index, route(index)), RETRY)
    expect(e.effective).toEqual({attempts: 2})
    expect(source(e, 'attempts')).toEqual({policy: 'app/b', level: 'Route', type: 'override'})
    expect(policyReports(index).flatMap((r) => r.conflicts)).toEqual([])
  })
})

describe('sections', () => {
  const retry = kindOf('RetryPolicy', 'Inherited')

  test('a listener-targeted policy gives one entry per attached listener', () => {
    const index = indexOf(
      [
        ...base,
        policy('RetryPolicy', 'gw-wide', {targetRef: ref('Gateway', 'gw'), defaults: {attempts: 1, backoff: '1s'}}, {namespace: 'infra'}),
        policy('RetryPolicy', 'https-only', {targetRef: ref('Gateway', 'gw', {sectionName: 'https'}), defaults: {attempts: 5}}, {namespace: 'infra'}),
      ],
      [retry],
    )
    const gw = index.snapshot.find<Gateway>(GW, 'Gateway', 'infra', 'gw')!
    const gwView = gatewayPolicies(index, gw)
    expect(only(gwView, RETRY, {listener: undefined}).effective).toEqual({attempts: 1, backoff: '1s'})
    const https = only(gwView, RETRY, {listener: 'https'})
    expect(https.effective).toEqual({attempts: 5, backoff: '1s'})
    expect(source(https, 'attempts')).toEqual({policy: 'infra/https-only', level: 'Listener', type: 'default'})
    expect(entries(gwView, RETRY, {listener: 'http'})).toEqual([])
    expect(gwView.directlyAttachedPolicies.find((d) => d.policy === 'infra/https-only')).toMatchObject({sectionName: 'https', level: 'Listener'})

    const route = index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!
    const view = routePolicies(index, route)
    expect(entries(view, RETRY).map((e) => [e.listener, e.effective.attempts])).toEqual([
      ['http', 1],
      ['https', 5],
    ])
    expect(view.inheritedPolicies.find((i) => i.policy === 'infra/https-only')).toMatchObject({
      level: 'Listener',
      from: {kind: 'Gateway', namespace: 'infra', name: 'gw', sectionName: 'https'},
      parent: 'infra/gw',
    })
  })

  test('a route attached through one listener only sees that listener', () => {
    const objects = [
      ...base.filter((o) => o.kind !== 'HTTPRoute'),
      httpRoute('app', 'web', [{name: 'gw', namespace: 'infra', sectionName: 'http'}]),
      policy('RetryPolicy', 'https-only', {targetRef: ref('Gateway', 'gw', {sectionName: 'https'}), defaults: {attempts: 5}}, {namespace: 'infra'}),
    ]
    const index = indexOf(objects, [retry])
    const view = routePolicies(index, index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!)
    expect(view.effectivePolicies).toEqual([])
    expect(view.inheritedPolicies).toEqual([])
  })

  test('a rule-targeted policy adds an entry for that rule only', () => {
    const index = indexOf(
      [
        ...base,
        policy('RetryPolicy', 'route', {targetRef: ref('HTTPRoute', 'web'), defaults: {attempts: 1}}, {namespace: 'app'}),
        policy('RetryPolicy', 'rule', {targetRef: ref('HTTPRoute', 'web', {sectionName: 'r0'}), defaults: {attempts: 3}}, {namespace: 'app'}),
      ],
      [retry],
    )
    const route = index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!
    const view = routePolicies(index, route)
    expect(entries(view, RETRY).map((e) => [e.rule, e.ruleIndex, e.effective.attempts])).toEqual([
      [undefined, undefined, 1],
      ['r0', 0, 3],
    ])
    expect(source(only(view, RETRY, {rule: 'r0'}), 'attempts')).toEqual({policy: 'app/rule', level: 'RouteRule', type: 'default'})

    // Through rule r0 the Service inherits the rule's policy; through the unnamed rule only the route's.
    const svcView = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'web')!)
    expect(entries(svcView, RETRY).map((e) => [e.route, e.rule, e.ruleIndex, e.effective.attempts])).toEqual([
      ['app/web', undefined, undefined, 1],
      ['app/web', 'r0', 0, 3],
    ])
  })
})

describe('GatewayClass and Namespace targets', () => {
  test('cluster-scoped policies attach to a GatewayClass; namespaced ones are invalid there', () => {
    const index = indexOf(
      [
        ...base,
        timeoutCrd,
        policyCrd('RetryPolicy', {label: 'inherited'}),
        policy('TimeoutPolicy', 'cluster', {targetRef: ref('GatewayClass', 'gc'), defaults: {request: '5s'}}),
        policy('RetryPolicy', 'namespaced', {targetRef: ref('GatewayClass', 'gc'), defaults: {attempts: 2}}, {namespace: 'infra'}),
      ],
    )
    const gw = gatewayPolicies(index, index.snapshot.find<Gateway>(GW, 'Gateway', 'infra', 'gw')!)
    expect(gw.effectivePolicies.map((e) => e.kind)).toEqual([TIMEOUT])
    const report = policyReports(index).find((r) => r.policy === 'infra/namespaced')!
    expect(report.targets[0]).toMatchObject({exists: false, problem: 'Invalid', level: 'GatewayClass'})
  })

  test('a namespaced policy on its Namespace applies to everything in it, at the right level', () => {
    const retry = kindOf('RetryPolicy', 'Inherited')
    const index = indexOf(
      [
        ...base,
        policy('RetryPolicy', 'ns-wide', {targetRef: ref('Namespace', 'app'), defaults: {attempts: 1, backoff: '2s'}}, {namespace: 'app'}),
        policy('RetryPolicy', 'route', {targetRef: ref('HTTPRoute', 'web'), defaults: {attempts: 4}}, {namespace: 'app'}),
      ],
      [retry],
    )
    const route = routePolicies(index, index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!)
    const e = only(route, RETRY, {parent: 'infra/gw'})
    expect(e.effective).toEqual({attempts: 4, backoff: '2s'})
    expect(source(e, 'backoff')).toEqual({policy: 'app/ns-wide', level: 'RouteNamespace', type: 'default'})
    expect(route.inheritedPolicies.map((i) => [i.policy, i.level])).toEqual([['app/ns-wide', 'RouteNamespace']])

    const svc = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'web')!)
    expect(only(svc, RETRY, {parent: undefined}).effective).toEqual({attempts: 1, backoff: '2s'})
    expect(source(only(svc, RETRY, {parent: undefined}), 'attempts').level).toBe('BackendNamespace')

    // The Gateway lives in another namespace: unaffected.
    expect(gatewayPolicies(index, index.snapshot.find<Gateway>(GW, 'Gateway', 'infra', 'gw')!).effectivePolicies).toEqual([])

    const ns = namespacePolicies(index, 'app')
    expect(ns.object).toEqual({group: '', kind: 'Namespace', name: 'app'})
    expect(only(ns, RETRY).sources.map((s) => s.level)).toEqual(['Namespace', 'Namespace'])
  })
})

describe('Direct policies', () => {
  const health = kindOf('HealthPolicy', 'Direct')
  const index = indexOf(
    [
      ...base,
      policy('HealthPolicy', 'gw', {targetRef: ref('Gateway', 'gw'), interval: '5s', checks: [{path: '/'}]}, {namespace: 'infra'}),
      policy('HealthPolicy', 'ns', {targetRef: ref('Namespace', 'app'), interval: '9s'}, {namespace: 'app'}),
    ],
    [health],
  )

  test('apply to their target, spec without target references', () => {
    const view = gatewayPolicies(index, index.snapshot.find<Gateway>(GW, 'Gateway', 'infra', 'gw')!)
    const e = only(view, `HealthPolicy.${EX}`)
    expect(e.effective).toEqual({interval: '5s', checks: [{path: '/'}]})
    expect(e.sources).toEqual([
      {path: 'checks', value: [{path: '/'}], policy: 'infra/gw', level: 'Gateway', type: 'direct'},
      {path: 'interval', value: '5s', policy: 'infra/gw', level: 'Gateway', type: 'direct'},
    ])
    expect(only(namespacePolicies(index, 'app'), `HealthPolicy.${EX}`).effective).toEqual({interval: '9s'})
  })

  test('are never inherited', () => {
    const route = routePolicies(index, index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!)
    expect(route.effectivePolicies).toEqual([])
    expect(route.inheritedPolicies).toEqual([])
    const svc = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'web')!)
    expect(svc.effectivePolicies).toEqual([])
    expect(svc.inheritedPolicies).toEqual([])
  })

  test('same target: the oldest applies whole, the other is conflicted', () => {
    const idx = indexOf(
      [
        ...base,
        policy('HealthPolicy', 'late', {targetRef: ref('HTTPRoute', 'web'), interval: '1s'}, {namespace: 'app', created: '2024-05-01T00:00:00Z'}),
        policy('HealthPolicy', 'early', {targetRef: ref('HTTPRoute', 'web'), timeout: '3s'}, {namespace: 'app', created: '2024-04-01T00:00:00Z'}),
      ],
      [health],
    )
    const view = routePolicies(idx, idx.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!)
    // Not merged: the loser contributes nothing, not even fields the winner leaves unset.
    expect(only(view, `HealthPolicy.${EX}`).effective).toEqual({timeout: '3s'})
    const late = policyReports(idx).find((r) => r.policy === 'app/late')!
    expect(late.conflicts).toHaveLength(1)
    expect(late.conflicts[0]).toMatchObject({winner: 'app/early', loser: 'app/late', type: 'direct', decidedBy: 'creationTimestamp'})
    expect(late.conflicts[0].field).toBeUndefined()
  })
})

describe('several parents', () => {
  test('one route, two Gateways, two different effective results', () => {
    const retry = kindOf('RetryPolicy', 'Inherited')
    const index = indexOf(
      [
        gatewayClass('gc'),
        gateway('infra', 'a', 'gc'),
        gateway('infra', 'b', 'gc'),
        httpRoute('app', 'web', [
          {name: 'a', namespace: 'infra'},
          {name: 'b', namespace: 'infra'},
        ]),
        policy('RetryPolicy', 'a', {targetRef: ref('Gateway', 'a'), defaults: {attempts: 1, backoff: '1s'}}, {namespace: 'infra'}),
        policy('RetryPolicy', 'b', {targetRef: ref('Gateway', 'b'), overrides: {attempts: 9}}, {namespace: 'infra'}),
        policy('RetryPolicy', 'web', {targetRef: ref('HTTPRoute', 'web'), defaults: {attempts: 3}}, {namespace: 'app'}),
      ],
      [retry],
    )
    const view = routePolicies(index, index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!)
    expect(view.effectivePolicies.map((e) => [e.parent, e.effective])).toEqual([
      ['infra/a', {attempts: 3, backoff: '1s'}],
      ['infra/b', {attempts: 9}],
    ])
    expect(view.inheritedPolicies.map((i) => [i.parent, i.policy])).toEqual([
      ['infra/a', 'infra/a'],
      ['infra/b', 'infra/b'],
    ])
  })

  test('parents come from the caller, not from the route spec', () => {
    const retry = kindOf('RetryPolicy', 'Inherited')
    const objects = [
      gatewayClass('gc'),
      gateway('infra', 'a', 'gc'),
      httpRoute('app', 'web', [{name: 'a', namespace: 'infra'}]),
      policy('RetryPolicy', 'a', {targetRef: ref('Gateway', 'a'), defaults: {attempts: 1}}, {namespace: 'infra'}),
    ]
    const index = indexOf(objects, [retry], () => () => [])
    const view = routePolicies(index, index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'web')!)
    expect(view.effectivePolicies).toEqual([])
  })
})

describe('targets', () => {
  test('missing targets and sections are reported and attach nowhere', () => {
    const retry = kindOf('RetryPolicy', 'Inherited')
    const index = indexOf(
      [
        ...base,
        policy(
          'RetryPolicy',
          'p',
          {
            targetRefs: [
              ref('Gateway', 'nope'),
              ref('Gateway', 'gw', {sectionName: 'nope'}),
              ref('HTTPRoute', 'web', {namespace: 'app', sectionName: 'r9'}),
              ref('Service', 'web', {namespace: 'app', sectionName: 'grpc'}),
            ],
            defaults: {attempts: 1},
          },
          {namespace: 'infra'},
        ),
      ],
      [retry],
    )
    const report = policyReports(index)[0]
    expect(report.targets.map((t) => [t.kind, t.name, t.sectionName, t.exists, t.problem])).toEqual([
      ['Gateway', 'nope', undefined, false, 'TargetNotFound'],
      ['Gateway', 'gw', 'nope', false, 'SectionNotFound'],
      ['HTTPRoute', 'web', 'r9', false, 'SectionNotFound'],
      ['Service', 'web', 'grpc', false, 'SectionNotFound'],
    ])
    expect(report.targets[2].crossNamespace).toBe(true)
    const gw = gatewayPolicies(index, index.snapshot.find<Gateway>(GW, 'Gateway', 'infra', 'gw')!)
    expect(gw.directlyAttachedPolicies).toEqual([])
    expect(gw.effectivePolicies).toEqual([])
  })
})
