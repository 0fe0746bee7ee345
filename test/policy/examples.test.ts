// The policy engine against the example cluster's hand-written oracle (examples/README.md): effective
// TimeoutPolicy values per route rule and listener, with the policy each value came from, and the
// GatewayClass-level ClusterTimeoutPolicy as a kind of its own.
import {beforeAll, describe, expect, test} from 'vitest'
import {analyze, type Analysis} from '../../src/analysis.js'
import type {EffectivePolicy} from '../../src/policy/types.js'
import {routePolicies, servicePolicies} from '../../src/policy/views.js'
import {loadFromFiles} from '../../src/sources/files.js'
import {EXAMPLES_DIR} from '../examples/load.js'
import {EXPECTED_CLASS_TIMEOUTS, EXPECTED_EFFECTIVE_TIMEOUTS} from '../examples/oracle.js'

const TIMEOUT = 'TimeoutPolicy.policies.kubectl-gw.example'
let a: Analysis

beforeAll(async () => {
  a = analyze(await loadFromFiles([EXAMPLES_DIR], {defaultNamespace: 'default'}))
})

/** `TimeoutPolicy shop/x` (oracle) -> `shop/x` (engine's policy key). */
const key = (from: string) => from.split(' ')[1]

function valuesOf(e: EffectivePolicy): Record<string, {value: unknown; from: string}> {
  const out: Record<string, {value: unknown; from: string}> = {}
  for (const s of e.sources) out[s.path] = {value: (e.effective as Record<string, unknown>)[s.path], from: s.policy}
  return out
}

describe('effective TimeoutPolicy values on the example cluster', () => {
  for (const want of EXPECTED_EFFECTIVE_TIMEOUTS) {
    test(`${want.route} via ${want.via}`, () => {
      const [, routeRef, ruleName] = want.route.match(/^HTTPRoute (\S+)#(\S+)$/)!
      const [ns, name] = routeRef.split('/')
      const listener = want.via.split('/').pop()!
      const gateway = want.via.replace(/^Gateway /, '').split('/').slice(0, 2).join('/')
      const route = a.snapshot.routes().find((r) => r.metadata.namespace === ns && r.metadata.name === name)!
      const rule = (route.spec.rules ?? []).find((r) => r.name === ruleName)!
      // A backend-level policy makes the Service's view (reached through this route) the most specific one.
      const backend = rule.backendRefs?.[0]
      const svc = a.snapshot.services().find((s) => s.metadata.namespace === (backend?.namespace ?? ns) && s.metadata.name === backend?.name)
      const fromService = svc
        ? servicePolicies(a.policies, svc).effectivePolicies.find((e) => e.kind === TIMEOUT && e.route === routeRef && e.parent === gateway && (e.listener === undefined || e.listener === listener))
        : undefined
      const routeEntries = routePolicies(a.policies, route).effectivePolicies.filter((e) => e.kind === TIMEOUT && e.parent === gateway && (e.listener === undefined || e.listener === listener))
      const forRule = routeEntries.find((e) => e.rule === ruleName) ?? routeEntries.find((e) => e.rule === undefined && e.ruleIndex === undefined)
      const usesBackend = Object.values(want.values).some((v) => v && key(v.from) === `${svc?.metadata.namespace}/frontend-timeouts`)
      const entry = usesBackend ? fromService : forRule
      expect(entry, 'an effective TimeoutPolicy entry').toBeDefined()
      const got = valuesOf(entry!)
      const expected = Object.fromEntries(Object.entries(want.values).map(([k, v]) => [k, {value: v!.value, from: key(v!.from)}]))
      expect(got).toEqual(expected)
    })
  }

  test('the ClusterTimeoutPolicy on GatewayClass edge applies on its own to routes under that class', () => {
    const route = a.snapshot.routes().find((r) => r.metadata.namespace === 'payments' && r.metadata.name === 'pay-portal')!
    const e = routePolicies(a.policies, route).effectivePolicies.find((x) => x.kind.startsWith('ClusterTimeoutPolicy.'))!
    expect(e.effective).toEqual(EXPECTED_CLASS_TIMEOUTS.values)
    expect(new Set(e.sources.map((s) => s.policy))).toEqual(new Set([key(EXPECTED_CLASS_TIMEOUTS.policy)]))
  })
})
