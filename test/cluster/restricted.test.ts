// The restricted identity (RBAC: everything kubectl-gw reads except Secrets and ReferenceGrants,
// support/populate.ts) against a real API server: kubectl's own Forbidden messages as warnings, the
// documented summary lines (docs/unreadable.md), exit codes, and "unverified" instead of verdicts that
// rest on what could not be read.

import {beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {cluster, gw, kc, parseJson} from './support/cli.js'

interface Unverified {
  path: string
  conclusion: string
  reason: string
}
interface Entry {
  kind: string
  namespace?: string
  name: string
  unverified?: Unverified[]
  computedStatus?: {parents?: {conditions: {type: string; reason: string}[]}[]}
}
type Obj = K8sObject & {spec?: Record<string, unknown>}

const GRANTS = 'ReferenceGrants could not be read'
const SECRETS = 'Secrets could not be read'

/** kubectl's own Forbidden message for listing a resource as the restricted user, as kubectl-gw warns it. */
async function forbidden(resource: string): Promise<string> {
  const r = await kc(['get', resource, '-A'], 'restricted')
  expect(r.code).toBe(1)
  return r.stderr.trim().replace(/^Error from server \(Forbidden\): /, 'Warning: ')
}

/**
 * kubectl's Forbidden message for listing a resource in the first namespace, as kubectl-gw warns it
 * once for every namespace it was refused in.
 */
async function forbiddenIn(resource: string, namespaces: string[]): Promise<string> {
  const r = await kc(['get', resource, '-n', namespaces[0]], 'restricted')
  expect(r.code).toBe(1)
  const first = r.stderr.trim().replace(/^Error from server \(Forbidden\): /, 'Warning: ')
  const rest = namespaces.slice(1).map((n) => `"${n}"`)
  return rest.length === 0 ? first : `${first} (and in the namespace${rest.length > 1 ? 's' : ''} ${rest.join(', ')})`
}

/** The namespaces of the Secrets that Gateway and ListenerSet listeners name as certificates, sorted. */
async function certificateNamespaces(): Promise<string[]> {
  const owners = [...(await adminList('gateways.gateway.networking.k8s.io')), ...(await adminList('listenersets.gateway.networking.k8s.io'))]
  const found = new Set<string>()
  for (const o of owners) {
    for (const l of list(o.spec?.listeners)) {
      for (const c of list(((l.tls ?? {}) as Record<string, unknown>).certificateRefs)) found.add(typeof c.namespace === 'string' ? c.namespace : o.metadata.namespace!)
    }
  }
  return [...found].sort()
}

async function adminList(resource: string): Promise<Obj[]> {
  const r = await kc(['get', resource, '-A', '-o', 'json'])
  return r.code === 0 ? parseJson<{items: Obj[]}>(r, resource).items : []
}

const ROUTES = ['httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'udproutes'].map((r) => `${r}.gateway.networking.k8s.io`)
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : [])

describe(`restricted identity (${cluster().crds})`, () => {
  let warnings: string[]
  beforeAll(async () => {
    // Secrets are read only where listeners reference them (metadata lists per namespace); a release
    // whose CRDs refused every Gateway with certificates (v1.1.0 refuses infra/edge) reads none, and
    // has nothing to warn about.
    const namespaces = await certificateNamespaces()
    warnings = [
      await forbidden('referencegrants.gateway.networking.k8s.io'),
      ...(namespaces.length === 0 ? [] : [await forbiddenIn('secrets', namespaces)]),
      `Warning: ${GRANTS}: RefNotPermitted verdicts are unverified`,
      ...(namespaces.length === 0 ? [] : [`Warning: ${SECRETS}: certificate Secret verdicts are unverified`]),
    ]
  })

  test('kubectl gw get referencegrants -A: kubectl\'s error and exit code', async () => {
    const ours = await kc(['gw', 'get', 'referencegrants', '-A'], 'restricted')
    const theirs = await kc(['get', 'referencegrants.gateway.networking.k8s.io', '-A'], 'restricted')
    expect(theirs.code).toBe(1)
    expect(ours.code).toBe(theirs.code)
    expect(ours.stdout).toBe('')
    expect(ours.stderr.trim()).toBe(theirs.stderr.trim())
  })

  test('describe routes -A: warnings, exit 0, and every cross-namespace backendRef unverified', async () => {
    const r = await gw(['describe', 'routes', '-A', '-o', 'json'], 'restricted')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr.trim().split('\n')).toEqual(warnings)
    const expected: string[] = []
    for (const resource of ROUTES) {
      for (const route of await adminList(resource)) {
        list(route.spec?.rules).forEach((rule, i) => list(rule.backendRefs).forEach((b, j) => {
          if (typeof b.namespace === 'string' && b.namespace !== route.metadata.namespace) {
            expected.push(`${route.kind} ${route.metadata.namespace}/${route.metadata.name} spec.rules[${i}].backendRefs[${j}] RefNotPermitted ${GRANTS}`)
          }
        }))
      }
    }
    const entries = parseJson<Entry[]>(r, 'describe routes')
    const got = entries.flatMap((e) => (e.unverified ?? []).map((u) => `${e.kind} ${e.namespace}/${e.name} ${u.path} ${u.conclusion} ${u.reason}`))
    expect(got.sort()).toEqual(expected.sort())
    // Nothing is concluded RefNotPermitted without the grants to prove it.
    const reasons = entries.flatMap((e) => (e.computedStatus?.parents ?? []).flatMap((p) => p.conditions.map((c) => c.reason)))
    expect(reasons).not.toContain('RefNotPermitted')
    // The admin sees the same routes with nothing unverified.
    const admin = await gw(['describe', 'routes', '-A', '-o', 'json'])
    expect(admin.stderr).toBe('')
    expect(parseJson<Entry[]>(admin, 'describe routes').filter((e) => e.unverified)).toEqual([])
  })

  test('describe gateways -A: every listener certificateRef unverified', async () => {
    const r = await gw(['describe', 'gateways', '-A', '-o', 'json'], 'restricted')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr.trim().split('\n')).toEqual(warnings)
    const expected: string[] = []
    for (const g of await adminList('gateways.gateway.networking.k8s.io')) {
      list(g.spec?.listeners).forEach((l, i) => {
        const tls = (l.tls ?? {}) as Record<string, unknown>
        list(tls.certificateRefs).forEach((c, j) => {
          const cross = typeof c.namespace === 'string' && c.namespace !== g.metadata.namespace
          const what = cross ? `RefNotPermitted ${GRANTS}; ${SECRETS}` : `InvalidCertificateRef ${SECRETS}`
          expected.push(`${g.metadata.namespace}/${g.metadata.name} spec.listeners[${i}].tls.certificateRefs[${j}] ${what}`)
        })
      })
    }
    const got = parseJson<Entry[]>(r, 'describe gateways').flatMap((e) => (e.unverified ?? []).map((u) => `${e.namespace}/${e.name} ${u.path} ${u.conclusion} ${u.reason}`))
    expect(got.sort()).toEqual(expected.sort())
  })

  test('analyze -A: same exit code as the admin; findings that rest on the unread kinds are unverified warnings', async () => {
    const admin = await gw(['analyze', '-A', '-o', 'json'])
    const r = await gw(['analyze', '-A', '-o', 'json'], 'restricted')
    expect(r.code).toBe(admin.code)
    expect(r.stderr.trim().split('\n')).toEqual(warnings)
    type F = {code: string; severity: string; unverified?: string; object: {kind: string}}
    const findings = parseJson<{findings: F[]}>(r, 'analyze').findings
    for (const f of findings.filter((x) => x.code === 'RefNotPermitted' || x.code === 'CertificateRefNotPermitted')) {
      expect(f.unverified, JSON.stringify(f)).toMatch(/could not be read/)
      expect(f.severity).toBe('warning')
    }
    // Unused grants cannot be judged without reading them.
    expect(findings.filter((x) => x.object.kind === 'ReferenceGrant')).toEqual([])
    const adminFindings = parseJson<{findings: F[]}>(admin, 'analyze').findings
    expect(adminFindings.filter((x) => x.unverified)).toEqual([])
  })
})
