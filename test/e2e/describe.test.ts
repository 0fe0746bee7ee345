// `describe` on the example cluster: every route's computed status equals the hand-written oracle
// (test/examples/oracle.ts), and the human output names the verdict and reason for broken routes.
import {beforeAll, describe, expect, test} from 'vitest'
import {EXPECTED_ROUTES} from '../examples/oracle.js'
import {requireBuild, run} from './get-helpers.js'

interface Entry {
  kind: string
  namespace?: string
  name: string
  computedStatus: {parents: {parentRef: Record<string, unknown>; conditions: {type: string; status: string; reason: string}[]}[]}
  reportedStatus: unknown
  effectivePolicies?: unknown[]
}

let entries: Entry[]

beforeAll(async () => {
  requireBuild()
  const r = await run(['describe', 'routes', '-A', '-f', 'examples/', '-o', 'json'])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  entries = JSON.parse(r.stdout)
})

describe('describe -o json on the example cluster', () => {
  test('one entry per route, with the documented fields', () => {
    expect(entries.length).toBe(EXPECTED_ROUTES.length)
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['kind', 'apiVersion', 'namespace', 'name', 'computedStatus', 'reportedStatus', 'effectivePolicies']))
    }
  })

  for (const want of EXPECTED_ROUTES) {
    test(`${want.kind} ${want.namespace}/${want.name}${want.defect ? ` (${want.defect})` : ''}`, () => {
      const e = entries.find((x) => x.kind === want.kind && x.namespace === want.namespace && x.name === want.name)
      expect(e, 'entry present').toBeDefined()
      const expected = want.parents
        .filter((p) => p.accepted)
        .map((p) => ({
          parentRef: expect.objectContaining({group: p.ref.group, kind: p.ref.kind, namespace: p.ref.namespace, name: p.ref.name}),
          conditions: expect.arrayContaining([
            expect.objectContaining({type: 'Accepted', status: p.accepted!.status, reason: p.accepted!.reason}),
            expect.objectContaining({type: 'ResolvedRefs', status: p.resolvedRefs!.status, reason: p.resolvedRefs!.reason}),
          ]),
        }))
      expect(e!.computedStatus.parents).toEqual(expected.map((x) => expect.objectContaining(x)))
    })
  }
})

describe('describe (human output)', () => {
  test('a broken route says NOT ATTACHED with the reason and what to change', async () => {
    const r = await run(['describe', 'httproute', 'broken-ns-not-allowed', '-n', 'shop-dev', '-f', 'examples/'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('NOT ATTACHED (NotAllowedByListeners)')
    expect(r.stdout).toMatch(/namespace "shop-dev" has env=dev/)
    // The file's status claims Accepted: the disagreement is reported.
    expect(r.stdout).toMatch(/Status:\s+.*disagrees/)
  })

  test('a Gateway lists listeners with computed and reported attached routes', async () => {
    const r = await run(['describe', 'gateway', 'edge', '-n', 'infra', '-f', 'examples/'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Listeners:\n/)
    expect(r.stdout).toMatch(/Attached:\s+\d+ computed, \d+ reported/)
  })

  test('not found is kubectl\'s NotFound error, exit 1', async () => {
    const r = await run(['describe', 'gateway', 'nope', '-n', 'infra', '-f', 'examples/'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('Error from server (NotFound): gateways.gateway.networking.k8s.io "nope" not found')
  })
})

describe('describe policies and policy CRDs', () => {
  test('a policy whose target does not exist says TargetNotFound', async () => {
    const r = await run(['describe', 'policies', 'missing-target-catalog-v1', '-n', 'shop', '-f', 'examples/'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/HTTPRoute shop\/catalog-v1: TargetNotFound/)
  })

  test('policy CRDs show type, versions, target kinds and instance count', async () => {
    const r = await run(['describe', 'policycrds', 'healthcheckpolicies.policies.kubectl-gw.example', '-f', 'examples/', '-o', 'json'])
    expect(r.code).toBe(0)
    const [e] = JSON.parse(r.stdout)
    expect(e.policyCrd).toMatchObject({kind: 'HealthCheckPolicy', type: 'Direct', scope: 'Namespaced'})
    expect(e.policyCrd.instances).toBeGreaterThan(0)
  })

  test('effectivePolicies name the parent Gateway, the policy kind, values and their sources', async () => {
    const r = await run(['describe', 'httproute', 'storefront', '-n', 'shop', '-f', 'examples/', '-o', 'json'])
    const [e] = JSON.parse(r.stdout)
    const timeouts = e.effectivePolicies.filter((p: {kind: string}) => p.kind === 'TimeoutPolicy.policies.kubectl-gw.example')
    expect(timeouts.length).toBeGreaterThan(0)
    for (const t of timeouts) {
      expect(t.parent).toBe('infra/edge')
      for (const s of t.sources) expect(['default', 'override', 'direct']).toContain(s.type)
    }
  })
})
