// Pathological policy graphs: policies that target policies (themselves, each other, in a cycle),
// policies with hundreds of target references, thousands of policies on one target, and a Service
// reached through thousands of routes. Each case checks the answers, then that the work done (counted
// exactly, test/property/work.ts) grows linearly from n to 4n.

import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings} from '../../src/analyze/findings.js'
import {describeText} from '../../src/describe/text.js'
import type {K8sObject} from '../../src/model/types.js'
import {policyReports} from '../../src/policy/engine.js'
import {gatewayPolicies, routePolicies, servicePolicies} from '../../src/policy/views.js'
import {growth, instrument, LINEAR} from '../property/work.js'
import {EX, GW, gateway, gatewayClass, httpRoute, kindOf, policy, ref, service, snapshotOf} from './fixtures.js'

const NS = 'ns'
const TIMEOUT = kindOf('TimeoutPolicy', 'Inherited')
const RETRY = kindOf('RetryPolicy', 'Direct')

function analysisOf(objects: K8sObject[]) {
  return analyze(snapshotOf(instrument(objects), [TIMEOUT, RETRY]))
}

const base = () => [gatewayClass('gc'), gateway(NS, 'gw', 'gc', ['http', 'https']), service(NS, 'svc')]

describe('policies that target policies', () => {
  const self = policy('TimeoutPolicy', 'self', {targetRef: {group: EX, kind: 'TimeoutPolicy', name: 'self'}, default: {timeout: '1s'}}, {namespace: NS})
  const cycle = ['c1', 'c2', 'c3'].map((name, i, all) =>
    policy('RetryPolicy', name, {targetRefs: [{group: EX, kind: 'RetryPolicy', name: all[(i + 1) % all.length]}], retries: i}, {namespace: NS}),
  )
  const onOtherKind = policy('RetryPolicy', 'on-timeout', {targetRefs: [{group: EX, kind: 'TimeoutPolicy', name: 'self'}, ref('Gateway', 'gw')], retries: 9}, {namespace: NS})

  test('they are found, attach nowhere in the hierarchy, and change no effective policy', () => {
    const a = analysisOf([...base(), self, ...cycle, onOtherKind])
    const reports = new Map(policyReports(a.policies).map((r) => [r.policy, r]))
    for (const name of ['self', 'c1', 'c2', 'c3']) {
      const [t] = reports.get(`${NS}/${name}`)!.targets
      // A policy kind is outside the hierarchy: existence only, no attachment point.
      expect(t.exists, name).toBe(true)
      expect(t.level, name).toBeUndefined()
      expect(t.problem, name).toBeUndefined()
    }
    // The one reference into the hierarchy still applies.
    const gw = a.snapshot.gateways()[0]
    const view = gatewayPolicies(a.policies, gw)
    expect(view.directlyAttachedPolicies.map((d) => d.policy)).toEqual([`${NS}/on-timeout`])
    expect(view.effectivePolicies).toEqual([expect.objectContaining({kind: 'RetryPolicy.example.com', effective: {retries: 9}})])
    expect(collectFindings(a).filter((f) => f.code.startsWith('Policy'))).toEqual([])
    for (const p of [self, ...cycle, onOtherKind]) expect(describeText(a, a.snapshot.find(EX, p.kind, NS, p.metadata.name)!)).toContain('Targets:')
  })

  test('a long cycle of policies costs linear work', () => {
    const g = growth((n) => {
      const ring = Array.from({length: n}, (_, i) => policy('RetryPolicy', `p${i}`, {targetRef: {group: EX, kind: 'RetryPolicy', name: `p${(i + 1) % n}`}}, {namespace: NS}))
      const snapshot = snapshotOf(instrument([...base(), ...ring]), [TIMEOUT, RETRY])
      return () => {
        const a = analyze(snapshot)
        policyReports(a.policies)
        collectFindings(a)
      }
    }, 250)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

describe('a policy with hundreds of target references', () => {
  // targetRef and targetRefs together, with every reference repeated, some to sections, some missing.
  function targets(n: number): Record<string, unknown>[] {
    return Array.from({length: n}, (_, i) => {
      const k = Math.floor(i / 2)
      return k % 3 === 0 ? ref('Gateway', 'gw', {sectionName: `l${k}`}) : k % 3 === 1 ? ref('HTTPRoute', `r${k}`) : ref('Service', `svc${k}`)
    })
  }
  const world = (n: number) => [...base(), policy('TimeoutPolicy', 'wide', {targetRef: targets(n)[0], targetRefs: targets(n), default: {timeout: '5s'}}, {namespace: NS})]

  test('duplicates count once; each distinct target is resolved', () => {
    const a = analysisOf(world(600))
    const [report] = policyReports(a.policies)
    expect(report.targets).toHaveLength(300)
    const problems = new Map<string, number>()
    for (const t of report.targets) problems.set(t.problem ?? 'ok', (problems.get(t.problem ?? 'ok') ?? 0) + 1)
    // Listener l0 does not exist on gw either (it has http and https): every target is missing.
    expect(Object.fromEntries(problems)).toEqual({SectionNotFound: 100, TargetNotFound: 200})
  })

  test('cost is linear in the number of references', () => {
    const g = growth((n) => {
      const snapshot = snapshotOf(instrument(world(n)), [TIMEOUT, RETRY])
      return () => policyReports(analyze(snapshot).policies)
    }, 150)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

describe('thousands of policies on one target', () => {
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('.000', '')
  // Direct RetryPolicies and Inherited TimeoutPolicies, all on the Gateway, the oldest last in the input.
  const world = (n: number) => [
    ...base(),
    ...Array.from({length: n}, (_, i) => policy('RetryPolicy', `retry-${i}`, {targetRef: ref('Gateway', 'gw'), retries: i}, {namespace: NS, created: day(n - i)})),
    ...Array.from({length: n}, (_, i) => policy('TimeoutPolicy', `timeout-${i}`, {targetRefs: [ref('Gateway', 'gw')], default: {timeout: `${i}s`, [`only-${i}`]: true}}, {namespace: NS, created: day(n - i)})),
  ]

  test('the oldest wins; every other one is reported as conflicted', () => {
    const n = 1000
    const a = analysisOf(world(n))
    const view = gatewayPolicies(a.policies, a.snapshot.gateways()[0])
    const retry = view.effectivePolicies.find((e) => e.kind === 'RetryPolicy.example.com')!
    expect(retry.effective).toEqual({retries: n - 1})
    const timeout = view.effectivePolicies.find((e) => e.kind === 'TimeoutPolicy.example.com')!
    expect(timeout.effective.timeout).toBe(`${n - 1}s`)
    // Fields no other policy sets are merged from every one of them.
    expect(Object.keys(timeout.effective)).toHaveLength(n + 1)
    expect(view.directlyAttachedPolicies.filter((d) => d.conflicted)).toHaveLength(2 * (n - 1))
    const conflicts = collectFindings(a).filter((f) => f.code === 'PolicyConflict')
    expect(conflicts).toHaveLength(2 * (n - 1))
  })

  test('cost is linear in the number of policies', () => {
    const g = growth((n) => {
      const snapshot = snapshotOf(instrument(world(n)), [TIMEOUT, RETRY])
      return () => {
        const a = analyze(snapshot)
        gatewayPolicies(a.policies, snapshot.gateways()[0])
        collectFindings(a)
      }
    }, 250)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

describe('a Service behind thousands of routes', () => {
  const world = (n: number) => [
    ...base(),
    ...Array.from({length: n}, (_, i) => httpRoute(NS, `r${i}`, [{name: 'gw', sectionName: i % 2 ? 'http' : 'https'}], [{name: 'rule', backends: [{name: 'svc', port: 80}]}])),
    policy('TimeoutPolicy', 'on-gw', {targetRef: ref('Gateway', 'gw'), default: {timeout: '1s'}}, {namespace: NS}),
    policy('TimeoutPolicy', 'on-listener', {targetRef: ref('Gateway', 'gw', {sectionName: 'http'}), override: {timeout: '2s'}}, {namespace: NS}),
    policy('TimeoutPolicy', 'on-svc', {targetRef: ref('Service', 'svc'), default: {retries: 1}}, {namespace: NS}),
  ]

  test('one effective entry per route, each with the right listener', () => {
    const n = 2000
    const a = analysisOf(world(n))
    const svc = a.snapshot.services()[0]
    const view = servicePolicies(a.policies, svc)
    const viaRoutes = view.effectivePolicies.filter((e) => e.route !== undefined)
    expect(viaRoutes).toHaveLength(n)
    for (const e of viaRoutes) {
      const i = Number(e.route!.split('/r')[1])
      expect(e.effective, e.route).toEqual({timeout: i % 2 ? '2s' : '1s', retries: 1})
    }
    const route = a.snapshot.routes()[1]
    expect(routePolicies(a.policies, route).effectivePolicies[0].effective).toEqual({timeout: '2s'})
  })

  test('cost is linear in the number of routes (every route and the Service viewed)', () => {
    const g = growth((n) => {
      const snapshot = snapshotOf(instrument(world(n)), [TIMEOUT, RETRY])
      return () => {
        const a = analyze(snapshot)
        servicePolicies(a.policies, snapshot.services()[0])
        for (const r of snapshot.routes()) routePolicies(a.policies, r)
      }
    }, 250)
    expect(g.ratio, JSON.stringify(g)).toBeLessThan(LINEAR)
  })
})

test('the kinds used here are what the fixtures say', () => {
  expect(GW).toBe('gateway.networking.k8s.io')
})
