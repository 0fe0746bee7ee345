// Built-in backend policies: BackendTLSPolicy per Service and port, and BackendLBPolicy /
// XBackendTrafficPolicy session persistence losing to a route rule's own sessionPersistence.
import {describe, expect, test} from 'vitest'
import type {Service} from '../../src/model/types.js'
import {policyReports} from '../../src/policy/engine.js'
import {servicePolicies} from '../../src/policy/views.js'
import {GW, XGW, gateway, gatewayClass, httpRoute, indexOf, policy, ref, service} from './fixtures.js'

const BTLS = `BackendTLSPolicy.${GW}`
const tls = (name: string, sectionName: string | undefined, hostname: string, created: string) =>
  policy(
    'BackendTLSPolicy',
    name,
    {targetRefs: [ref('Service', 'web', {sectionName})], validation: {hostname, wellKnownCACertificates: 'System'}},
    {group: GW, namespace: 'app', created},
  )

describe('BackendTLSPolicy', () => {
  // No CRD in the snapshot: the built-in kind is recognised from its instances.
  const index = indexOf([
    service('app', 'web', [
      {name: 'http', port: 80},
      {name: 'https', port: 443},
    ]),
    tls('whole', undefined, 'whole.example.com', '2024-01-01T00:00:00Z'),
    tls('port', 'https', 'port.example.com', '2024-03-01T00:00:00Z'),
    tls('whole-late', undefined, 'late.example.com', '2024-02-01T00:00:00Z'),
    tls('port-early', 'https', 'early.example.com', '2024-02-15T00:00:00Z'),
  ])
  const view = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'web')!)

  test('a policy with a sectionName and one without do not conflict; same target and section do', () => {
    const conflicts = policyReports(index).flatMap((r) => r.conflicts.map((c) => [r.policy, c.winner, c.loser, c.target.sectionName]))
    expect(conflicts).toEqual([
      ['app/port', 'app/port-early', 'app/port', 'https'],
      ['app/port-early', 'app/port-early', 'app/port', 'https'],
      ['app/whole', 'app/whole', 'app/whole-late', undefined],
      ['app/whole-late', 'app/whole', 'app/whole-late', undefined],
    ])
    expect(view.directlyAttachedPolicies.map((d) => [d.policy, d.sectionName, d.level, d.conflicted])).toEqual([
      ['app/port', 'https', 'BackendPort', true],
      ['app/port-early', 'https', 'BackendPort', false],
      ['app/whole', undefined, 'Backend', false],
      ['app/whole-late', undefined, 'Backend', true],
    ])
  })

  test('the port with its own policy uses it; other ports use the whole-Service one', () => {
    expect(view.effectivePolicies.map((e) => [e.port, e.effective])).toEqual([
      [undefined, {validation: {hostname: 'whole.example.com', wellKnownCACertificates: 'System'}}],
      ['https', {validation: {hostname: 'early.example.com', wellKnownCACertificates: 'System'}}],
    ])
    const https = view.effectivePolicies.find((e) => e.port === 'https')!
    expect(https.kind).toBe(BTLS)
    expect(https.sources.map((s) => [s.path, s.policy, s.level, s.type])).toEqual([
      ['validation.hostname', 'app/port-early', 'BackendPort', 'direct'],
      ['validation.wellKnownCACertificates', 'app/port-early', 'BackendPort', 'direct'],
    ])
  })
})

describe('session persistence', () => {
  const objects = [
    gatewayClass('gc'),
    gateway('infra', 'gw', 'gc'),
    service('app', 'web'),
    httpRoute(
      'app',
      'shop',
      [{name: 'gw', namespace: 'infra'}],
      [
        {name: 'sticky', backends: [{name: 'web', port: 80}], sessionPersistence: {sessionName: 'rule', type: 'Header'}},
        {backends: [{name: 'web', port: 80}]},
      ],
    ),
  ]

  test('BackendLBPolicy: a rule with its own sessionPersistence replaces the policy one for that rule', () => {
    const index = indexOf([
      ...objects,
      policy(
        'BackendLBPolicy',
        'lb',
        {targetRefs: [ref('Service', 'web')], sessionPersistence: {sessionName: 'lb', type: 'Cookie', idleTimeout: '1h'}},
        {group: GW, version: 'v1alpha2', namespace: 'app'},
      ),
    ])
    const view = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'web')!)
    expect(view.effectivePolicies.map((e) => [e.parent, e.route, e.rule, e.ruleIndex, e.effective])).toEqual([
      [undefined, undefined, undefined, undefined, {sessionPersistence: {sessionName: 'lb', type: 'Cookie', idleTimeout: '1h'}}],
      ['infra/gw', 'app/shop', 'sticky', 0, {sessionPersistence: {sessionName: 'rule', type: 'Header'}}],
    ])
    expect(view.effectivePolicies[1].sources).toEqual([
      {path: 'sessionPersistence.sessionName', value: 'rule', policy: 'app/shop', level: 'RouteRule', type: 'override', objectKind: 'HTTPRoute.gateway.networking.k8s.io'},
      {path: 'sessionPersistence.type', value: 'Header', policy: 'app/shop', level: 'RouteRule', type: 'override', objectKind: 'HTTPRoute.gateway.networking.k8s.io'},
    ])
  })

  test('XBackendTrafficPolicy: only sessionPersistence is replaced, other fields stay', () => {
    const index = indexOf([
      ...objects,
      policy(
        'XBackendTrafficPolicy',
        'traffic',
        {targetRefs: [ref('Service', 'web')], sessionPersistence: {sessionName: 'x'}, retryConstraint: {budget: {percent: 20}}},
        {group: XGW, version: 'v1alpha1', namespace: 'app'},
      ),
    ])
    const view = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'web')!)
    const viaRule = view.effectivePolicies.find((e) => e.ruleIndex === 0)!
    expect(viaRule.kind).toBe(`XBackendTrafficPolicy.${XGW}`)
    expect(viaRule.effective).toEqual({sessionPersistence: {sessionName: 'rule', type: 'Header'}, retryConstraint: {budget: {percent: 20}}})
    expect(viaRule.sources.find((s) => s.path === 'retryConstraint.budget.percent')).toMatchObject({policy: 'app/traffic', type: 'direct'})
    expect(view.effectivePolicies.filter((e) => e.ruleIndex === 1)).toEqual([])
  })

  test('a policy without sessionPersistence is left alone', () => {
    const index = indexOf([
      ...objects,
      policy('XBackendTrafficPolicy', 'traffic', {targetRefs: [ref('Service', 'web')], retryConstraint: {minRetryRate: {count: 1}}}, {group: XGW, namespace: 'app'}),
    ])
    const view = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'web')!)
    expect(view.effectivePolicies).toHaveLength(1)
    expect(view.effectivePolicies[0].route).toBeUndefined()
  })
})
