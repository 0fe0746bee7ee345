// Checks the example cluster (examples/*.yaml) as data: it parses, every object is well formed, names
// are unique, references resolve except where a table below says the break is deliberate, and the
// oracle (oracle.ts, README.md) agrees with the files and with the facts each expectation rests on.

import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import type {
  BackendRef,
  Condition,
  Gateway,
  GatewayClass,
  K8sObject,
  Listener,
  ListenerSet,
  Namespace,
  ParentReference,
  Policy,
  ReferenceGrant,
  Route,
  Service,
} from '../../src/model/types.js'
import {contentFactsOf} from '../../src/model/content-facts.js'
import {ExampleIndex, EXAMPLES_DIR, groupOfApiVersion, idOf, loadExamples} from './load.js'
import {
  EXPECTED_GATEWAY_CLASSES,
  EXPECTED_GATEWAYS,
  EXPECTED_LISTENER_SETS,
  EXPECTED_LISTENERS,
  EXPECTED_POLICIES,
  EXPECTED_ROUTES,
  ExpectedRoute,
  routeId,
} from './oracle.js'

const GW = 'gateway.networking.k8s.io'
const POLICY_GROUP = 'policies.kubectl-gw.example'
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']

const set = loadExamples()
const objects = set.docs.map((d) => d.object)
const idx = new ExampleIndex(set.docs)

// Deliberate breaks. Anything not listed here must resolve.
const MISSING_PARENTS = new Set(['HTTPRoute shop/broken-missing-gateway -> Gateway infra/edge-v2'])
const MISSING_BACKENDS = new Set(['HTTPRoute shop/broken-backend-not-found -> Service shop/recommendations'])
const NON_SERVICE_BACKENDS = new Set(['HTTPRoute shop/broken-unknown-backend-kind -> storage.kubectl-gw.example/Bucket shop/static-assets'])
const UNPERMITTED_BACKENDS = new Set(['HTTPRoute shop/broken-missing-refgrant -> Service legacy/old-catalog'])
const MISSING_SECRETS = new Set<string>()
const UNPERMITTED_SECRETS = new Set(['Gateway infra/edge/https-payments -> Secret payments/pay-example-com-tls'])
const MISSING_PARAMETERS = new Set(['GatewayClass internal -> ConfigMap infra/internal-gw-config'])
const MISSING_POLICY_TARGETS = new Set(['TimeoutPolicy shop/missing-target-catalog-v1 -> HTTPRoute shop/catalog-v1'])

const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass', 'CustomResourceDefinition', 'ClusterTimeoutPolicy'])

const nameOf = (o: K8sObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`
const routes = objects.filter((o) => groupOfApiVersion(o.apiVersion) === GW && ROUTE_KINDS.includes(o.kind)) as Route[]
const gateways = idx.list<Gateway>(GW, 'Gateway')
const listenerSets = idx.list<ListenerSet>(GW, 'ListenerSet')
const grants = idx.list<ReferenceGrant>(GW, 'ReferenceGrant')
const grantsByNamespace = new Map<string, ReferenceGrant[]>()
for (const g of grants) grantsByNamespace.set(g.metadata.namespace!, [...(grantsByNamespace.get(g.metadata.namespace!) ?? []), g])

/** Whether a ReferenceGrant in the target namespace admits this reference (§2). */
function permitted(from: {group: string; kind: string; namespace: string}, to: {group: string; kind: string; namespace: string; name: string}): boolean {
  if (from.namespace === to.namespace) return true
  return (grantsByNamespace.get(to.namespace) ?? []).some(
    (g) =>
      g.spec.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace) &&
      g.spec.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name)),
  )
}

/** Every backendRef of a route, RequestMirror ones included, with its rule name. */
function backendRefsOf(r: Route): {rule?: string; ref: BackendRef}[] {
  const out: {rule?: string; ref: BackendRef}[] = []
  for (const rule of r.spec.rules ?? []) {
    for (const f of rule.filters ?? []) if (f.requestMirror?.backendRef) out.push({rule: rule.name, ref: f.requestMirror.backendRef})
    for (const b of rule.backendRefs ?? []) {
      out.push({rule: rule.name, ref: b})
      for (const f of b.filters ?? []) if (f.requestMirror?.backendRef) out.push({rule: rule.name, ref: f.requestMirror.backendRef})
    }
  }
  return out
}

function listenersOf(owner: Gateway | ListenerSet): Listener[] {
  return owner.spec.listeners ?? []
}

function condition(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type)
}

describe('the example files', () => {
  test('parse without YAML errors or warnings', () => {
    expect(set.problems).toEqual([])
    expect(set.files.length).toBeGreaterThanOrEqual(10)
  })

  test('hold a realistic number of objects (80-150)', () => {
    expect(objects.length).toBeGreaterThanOrEqual(80)
    expect(objects.length).toBeLessThanOrEqual(150)
  })

  test('every object has apiVersion, kind, metadata.name, and a namespace exactly when namespaced', () => {
    const bad: string[] = []
    for (const d of set.docs) {
      const o = d.object as unknown as Record<string, any>
      const where = `${d.file}#${d.index}`
      if (typeof o.apiVersion !== 'string' || o.apiVersion === '') bad.push(`${where}: apiVersion`)
      if (typeof o.kind !== 'string' || o.kind === '') bad.push(`${where}: kind`)
      if (typeof o.metadata?.name !== 'string' || o.metadata.name === '') bad.push(`${where}: metadata.name`)
      const namespaced = !CLUSTER_SCOPED.has(o.kind)
      if (namespaced !== (typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '')) bad.push(`${where}: namespace`)
    }
    expect(bad).toEqual([])
  })

  test('names are unique per group, kind and namespace', () => {
    const seen = new Map<string, string>()
    const dups: string[] = []
    for (const d of set.docs) {
      const id = idOf(d.object)
      if (seen.has(id)) dups.push(`${id} in ${seen.get(id)} and ${d.file}`)
      seen.set(id, d.file)
    }
    expect(dups).toEqual([])
  })

  test('every namespace used exists, labelled kubernetes.io/metadata.name as a real cluster does', () => {
    const namespaces = idx.list<Namespace>('', 'Namespace')
    for (const ns of namespaces) expect(ns.metadata.labels?.['kubernetes.io/metadata.name'], ns.metadata.name).toBe(ns.metadata.name)
    const missing = objects.filter((o) => o.metadata.namespace && !idx.get('', 'Namespace', undefined, o.metadata.namespace)).map(nameOf)
    expect(missing).toEqual([])
  })

  test('creationTimestamps are RFC 3339, in 2026, and distinct enough to order objects', () => {
    const bad = objects.filter((o) => !/^2026-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(o.metadata.creationTimestamp ?? '')).map(nameOf)
    expect(bad).toEqual([])
    const days = new Set(objects.map((o) => o.metadata.creationTimestamp!.slice(0, 10)))
    expect(days.size).toBeGreaterThanOrEqual(10)
  })

  test('status conditions are never older than their object and observedGeneration never ahead of generation', () => {
    const bad: string[] = []
    const visit = (o: K8sObject, value: unknown, path: string): void => {
      if (Array.isArray(value)) return value.forEach((v, i) => visit(o, v, `${path}[${i}]`))
      if (typeof value !== 'object' || value === null) return
      const rec = value as Record<string, unknown>
      if (typeof rec.lastTransitionTime === 'string' && typeof rec.type === 'string') {
        // 1970-01-01 is the CRD default for "Waiting for controller".
        if (rec.lastTransitionTime !== '1970-01-01T00:00:00Z' && rec.lastTransitionTime < o.metadata.creationTimestamp!) bad.push(`${nameOf(o)} ${path} predates the object`)
        if (typeof rec.observedGeneration === 'number' && rec.observedGeneration > (o.metadata.generation ?? 0)) bad.push(`${nameOf(o)} ${path} observedGeneration ahead`)
      }
      for (const [k, v] of Object.entries(rec)) visit(o, v, `${path}.${k}`)
    }
    for (const o of objects) if (o.status) visit(o, o.status, 'status')
    expect(bad).toEqual([])
  })

  test('Gateway API objects and policies carry metadata.generation', () => {
    const bad = objects.filter((o) => (groupOfApiVersion(o.apiVersion) === GW || groupOfApiVersion(o.apiVersion) === POLICY_GROUP) && !(Number.isInteger(o.metadata.generation) && o.metadata.generation! >= 1))
    expect(bad.map(nameOf)).toEqual([])
  })
})

describe('references resolve, except the deliberate breaks', () => {
  test('Gateways name existing GatewayClasses; ListenerSets name existing Gateways', () => {
    expect(gateways.filter((g) => !idx.get(GW, 'GatewayClass', undefined, g.spec.gatewayClassName)).map(nameOf)).toEqual([])
    const orphans = listenerSets.filter((ls) => !idx.get(GW, ls.spec.parentRef.kind ?? 'Gateway', ls.spec.parentRef.namespace ?? ls.metadata.namespace, ls.spec.parentRef.name))
    expect(orphans.map(nameOf)).toEqual([])
  })

  test('GatewayClass parametersRefs resolve, except internal', () => {
    const missing: string[] = []
    for (const gc of idx.list<GatewayClass>(GW, 'GatewayClass')) {
      const p = gc.spec.parametersRef
      if (p && !idx.get(p.group, p.kind, p.namespace, p.name)) missing.push(`${nameOf(gc)} -> ${p.kind} ${p.namespace}/${p.name}`)
    }
    expect(new Set(missing)).toEqual(MISSING_PARAMETERS)
  })

  test('listener certificate Secrets exist, and cross-namespace ones are granted, except edge/https-payments', () => {
    const missing: string[] = []
    const unpermitted: string[] = []
    for (const owner of [...gateways, ...listenerSets]) {
      for (const l of listenersOf(owner)) {
        for (const ref of l.tls?.certificateRefs ?? []) {
          const ns = ref.namespace ?? owner.metadata.namespace!
          const id = `${nameOf(owner)}/${l.name} -> ${ref.kind ?? 'Secret'} ${ns}/${ref.name}`
          expect(ref.group ?? '', id).toBe('')
          expect(ref.kind ?? 'Secret', id).toBe('Secret')
          if (!idx.get('', 'Secret', ns, ref.name)) missing.push(id)
          if (!permitted({group: GW, kind: owner.kind, namespace: owner.metadata.namespace!}, {group: '', kind: 'Secret', namespace: ns, name: ref.name})) unpermitted.push(id)
        }
      }
    }
    expect(new Set(missing)).toEqual(MISSING_SECRETS)
    expect(new Set(unpermitted)).toEqual(UNPERMITTED_SECRETS)
  })

  test('route parentRefs resolve to existing parents, sections and ports aside, except broken-missing-gateway', () => {
    const missing: string[] = []
    for (const r of routes) {
      for (const p of r.spec.parentRefs ?? []) {
        const group = p.group ?? GW
        const kind = p.kind ?? 'Gateway'
        const ns = p.namespace ?? r.metadata.namespace!
        if (!idx.get(group, kind, ns, p.name)) missing.push(`${nameOf(r)} -> ${kind} ${ns}/${p.name}`)
      }
    }
    expect(new Set(missing)).toEqual(MISSING_PARENTS)
  })

  test('route backendRefs (RequestMirror included) name existing Services, granted across namespaces, except the broken ones', () => {
    const missing: string[] = []
    const nonService: string[] = []
    const unpermitted: string[] = []
    const badPorts: string[] = []
    for (const r of routes) {
      for (const {ref} of backendRefsOf(r)) {
        const group = ref.group ?? ''
        const kind = ref.kind ?? 'Service'
        const ns = ref.namespace ?? r.metadata.namespace!
        const id = `${nameOf(r)} -> ${group === '' ? '' : `${group}/`}${kind} ${ns}/${ref.name}`
        if (group !== '' || kind !== 'Service') {
          nonService.push(id)
          continue
        }
        const svc = idx.get<Service>('', 'Service', ns, ref.name)
        if (!svc) missing.push(id)
        else if (!svc.spec?.ports?.some((sp) => sp.port === ref.port)) badPorts.push(`${id}:${ref.port}`)
        if (!permitted({group: GW, kind: r.kind, namespace: r.metadata.namespace!}, {group: '', kind: 'Service', namespace: ns, name: ref.name})) unpermitted.push(id)
      }
    }
    expect(new Set(missing)).toEqual(MISSING_BACKENDS)
    expect(new Set(nonService)).toEqual(NON_SERVICE_BACKENDS)
    expect(new Set(unpermitted)).toEqual(UNPERMITTED_BACKENDS)
    expect(badPorts).toEqual([])
  })

  test('ReferenceGrants name existing namespaces and objects', () => {
    for (const g of grants) {
      for (const f of g.spec.from) expect(idx.get('', 'Namespace', undefined, f.namespace), `${nameOf(g)} from ${f.namespace}`).toBeDefined()
      for (const t of g.spec.to) if (t.name) expect(idx.get(t.group, t.kind, g.metadata.namespace, t.name), `${nameOf(g)} to ${t.kind} ${t.name}`).toBeDefined()
    }
  })

  test('policy targets (and their sectionNames) exist, except the missing-target policy', () => {
    const policyDocs = objects.filter((o) => groupOfApiVersion(o.apiVersion) === POLICY_GROUP || o.kind === 'BackendTLSPolicy') as Policy[]
    const missing: string[] = []
    for (const p of policyDocs) {
      for (const t of p.spec?.targetRefs ?? []) {
        const ns = t.kind === 'Namespace' || t.kind === 'GatewayClass' ? undefined : p.metadata.namespace
        const target = idx.get(t.group, t.kind, ns, t.name)
        const id = `${nameOf(p)} -> ${t.kind} ${ns ? `${ns}/` : ''}${t.name}`
        if (!target) {
          missing.push(id)
          continue
        }
        if (t.kind === 'Namespace') expect(t.name, `${id}: a namespaced policy may only target its own Namespace`).toBe(p.metadata.namespace)
        if (t.sectionName === undefined) continue
        const sections =
          t.kind === 'Gateway' || t.kind === 'ListenerSet'
            ? listenersOf(target as Gateway).map((l) => l.name)
            : t.kind === 'Service'
              ? ((target as Service).spec?.ports ?? []).map((sp) => sp.name)
              : ((target as Route).spec.rules ?? []).map((r) => r.name)
        expect(sections, `${id}#${t.sectionName}`).toContain(t.sectionName)
      }
    }
    expect(new Set(missing)).toEqual(MISSING_POLICY_TARGETS)
  })

  test('BackendTLSPolicy CA ConfigMaps exist and hold ca.crt', () => {
    for (const p of idx.list<Policy>(GW, 'BackendTLSPolicy')) {
      const refs = (p.spec?.validation as {caCertificateRefs?: {name: string}[]} | undefined)?.caCertificateRefs ?? []
      expect(refs.length, nameOf(p)).toBeGreaterThan(0)
      for (const ref of refs) {
        const cm = idx.get('', 'ConfigMap', p.metadata.namespace, ref.name)
        expect((cm as {data?: Record<string, string>} | undefined)?.data?.['ca.crt'], `${nameOf(p)} -> ${ref.name}`).toBeTruthy()
      }
    }
  })

  test('every policy kind has a CRD labelled with its policy type, named plural.group', () => {
    const crds = objects.filter((o) => o.kind === 'CustomResourceDefinition') as (K8sObject & {spec: any})[]
    for (const crd of crds) expect(crd.metadata.name).toBe(`${crd.spec.names.plural}.${crd.spec.group}`)
    const types = Object.fromEntries(crds.map((c) => [c.spec.names.kind, c.metadata.labels?.['gateway.networking.k8s.io/policy']]))
    expect(types).toEqual({HealthCheckPolicy: 'Direct', TimeoutPolicy: 'Inherited', ClusterTimeoutPolicy: 'Inherited'})
    for (const o of objects.filter((x) => groupOfApiVersion(x.apiVersion) === POLICY_GROUP)) {
      const crd = crds.find((c) => c.spec.names.kind === o.kind)
      expect(crd, nameOf(o)).toBeDefined()
      expect(crd!.spec.scope === 'Cluster', nameOf(o)).toBe(o.metadata.namespace === undefined)
    }
  })
})

describe('TLS material: throwaway test certificates and one deliberately malformed Secret', () => {
  const secrets = objects.filter((o) => o.kind === 'Secret') as (K8sObject & {type?: string; data?: Record<string, string>})[]

  test('every annotated throwaway Secret holds a certificate chain for its common name, valid until 2126, with its key', () => {
    const throwaway = secrets.filter((s) => s.metadata.annotations?.['kubectl-gw.example/throwaway-test-key'] === 'true')
    expect(throwaway.length).toBe(3)
    for (const s of secrets) expect(s.type, nameOf(s)).toBe('kubernetes.io/tls')
    for (const s of throwaway) {
      const facts = contentFactsOf(s)?.tls
      expect(facts?.problem, nameOf(s)).toBeUndefined()
      expect(facts?.keyProblem, nameOf(s)).toBeUndefined()
      expect(facts?.certificates[0].dnsNames, nameOf(s)).toContain(s.metadata.annotations?.['cert-manager.io/common-name'])
      expect(facts?.certificates[0].notAfter, nameOf(s)).toBe('2126-01-01T00:00:00.000Z')
      expect(facts?.certificates[1]).toMatchObject({subject: 'CN=kubectl-gw example CA, O=kubectl-gw example (throwaway test key)', ca: true})
    }
  })

  test('the broken Secret is malformed and labelled so', () => {
    const broken = secrets.filter((s) => s.metadata.annotations?.['kubectl-gw.example/broken'])
    expect(broken.map(nameOf)).toEqual(['Secret payments/pay-example-com-tls'])
    expect(contentFactsOf(broken[0])?.tls?.problem).toBe('tls.crt holds a PEM block that is not a valid X.509 certificate')
  })

  test("the BackendTLSPolicy CA bundle is the example CA", () => {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'portal-ca') as K8sObject
    expect(contentFactsOf(cm)?.ca).toMatchObject({certificates: [{subject: 'CN=kubectl-gw example CA, O=kubectl-gw example (throwaway test key)', ca: true}]})
  })
})

describe('the oracle (oracle.ts, README.md) matches the files', () => {
  const expectedById = new Map(EXPECTED_ROUTES.map((e) => [routeId(e), e]))
  const routeById = new Map(routes.map((r) => [routeId({kind: r.kind, namespace: r.metadata.namespace!, name: r.metadata.name}), r]))
  const withDefaults = (r: Route, p: ParentReference) => ({
    group: p.group ?? GW,
    kind: p.kind ?? 'Gateway',
    namespace: p.namespace ?? r.metadata.namespace!,
    name: p.name,
    ...(p.sectionName === undefined ? {} : {sectionName: p.sectionName}),
    ...(p.port === undefined ? {} : {port: p.port}),
  })

  test('every route is in the oracle and vice versa, with its parentRefs in order', () => {
    expect([...routeById.keys()].sort()).toEqual([...expectedById.keys()].sort())
    for (const [id, r] of routeById) {
      const e = expectedById.get(id)!
      expect((r.spec.parentRefs ?? []).map((p) => withDefaults(r, p)), id).toEqual(e.parents.map((p) => p.ref))
    }
  })

  test('exactly the routes named broken-* have a defect, and each is broken in one way (one parent, one failing condition)', () => {
    for (const e of EXPECTED_ROUTES) {
      expect(e.name.startsWith('broken-'), routeId(e)).toBe(e.defect !== undefined)
      if (!e.defect) {
        for (const p of e.parents) expect([p.accepted?.status, p.resolvedRefs?.status], routeId(e)).toEqual(['True', 'True'])
        continue
      }
      expect(e.parents.length, routeId(e)).toBe(1)
      const p = e.parents[0]
      const failing = [p.accepted, p.resolvedRefs].filter((c) => c && c.status === 'False')
      expect(failing.length + (p.accepted ? 0 : 1), routeId(e)).toBe(1)
    }
    const reasons = EXPECTED_ROUTES.filter((e) => e.defect).map((e) => {
      const p = e.parents[0]
      return p.accepted === undefined ? 'no status' : p.accepted.status === 'False' ? p.accepted.reason : p.resolvedRefs!.reason
    })
    expect(reasons.sort()).toEqual(
      ['BackendNotFound', 'InvalidKind', 'NoMatchingListenerHostname', 'NoMatchingParent', 'NoMatchingParent', 'NotAllowedByListeners', 'NotAllowedByListeners', 'RefNotPermitted', 'no status'].sort(),
    )
  })

  test('route status blocks agree with the oracle, except the documented stale and wrong ones', () => {
    for (const e of EXPECTED_ROUTES) {
      const r = routeById.get(routeId(e))!
      const parents = r.status?.parents
      const id = routeId(e)
      if (e.statusInFile === 'absent') {
        expect(parents, id).toBeUndefined()
        continue
      }
      expect(parents?.length, id).toBe(e.parents.filter((p) => p.accepted).length)
      const observed = parents!.flatMap((s) => s.conditions.map((c) => c.observedGeneration))
      const agrees = e.parents.every((p, i) => {
        const s = parents![i]
        const a = condition(s.conditions, 'Accepted')
        const rr = condition(s.conditions, 'ResolvedRefs')
        return a?.status === p.accepted?.status && a?.reason === p.accepted?.reason && rr?.status === p.resolvedRefs?.status && rr?.reason === p.resolvedRefs?.reason
      })
      if (e.statusInFile === 'agrees') {
        expect(agrees, id).toBe(true)
        expect(observed.every((g) => g === r.metadata.generation), id).toBe(true)
      } else if (e.statusInFile === 'stale') {
        expect(observed.every((g) => g !== undefined && g < r.metadata.generation!), id).toBe(true)
      } else {
        expect(agrees, id).toBe(false)
        expect(observed.every((g) => g === r.metadata.generation), id).toBe(true)
      }
    }
    expect(EXPECTED_ROUTES.filter((e) => e.statusInFile === 'stale' || e.statusInFile === 'wrong').map(routeId).sort()).toEqual([
      'HTTPRoute shop-dev/broken-ns-not-allowed',
      'HTTPRoute shop/broken-hostname-mismatch',
    ])
  })

  test('listener attachedRoutes in the oracle equal the routes the oracle attaches there', () => {
    for (const l of EXPECTED_LISTENERS) {
      const n = EXPECTED_ROUTES.filter((e) => e.parents.some((p) => p.accepted?.status === 'True' && p.attachedTo.includes(l.id))).length
      expect(n, l.id).toBe(l.attachedRoutes)
    }
    const known = new Set(EXPECTED_LISTENERS.map((l) => l.id))
    for (const e of EXPECTED_ROUTES) for (const p of e.parents) for (const a of p.attachedTo) expect(known, `${routeId(e)} -> ${a}`).toContain(a)
  })

  test('every listener is in the oracle, and Gateway/ListenerSet status blocks report what it expects', () => {
    const ids: string[] = []
    for (const owner of [...gateways, ...listenerSets]) {
      for (const l of listenersOf(owner)) {
        const id = `${owner.kind} ${owner.metadata.namespace}/${owner.metadata.name}/${l.name}`
        ids.push(id)
        const e = EXPECTED_LISTENERS.find((x) => x.id === id)
        expect(e, id).toBeDefined()
        const s = owner.status?.listeners?.find((x) => x.name === l.name)
        if (e!.noStatus) {
          expect(s, id).toBeUndefined()
          continue
        }
        expect(s, id).toBeDefined()
        expect(s!.attachedRoutes, id).toBe(e!.attachedRoutes)
        expect(s!.supportedKinds.map((k) => k.kind), id).toEqual(e!.supportedKinds)
        const rr = condition(s!.conditions, 'ResolvedRefs')
        expect({status: rr?.status, reason: rr?.reason}, id).toEqual(e!.resolvedRefs)
      }
    }
    expect(ids.sort()).toEqual(EXPECTED_LISTENERS.map((l) => l.id).sort())
  })

  test('GatewayClass, Gateway and ListenerSet Accepted conditions in the files match the oracle', () => {
    const all = [...EXPECTED_GATEWAY_CLASSES, ...EXPECTED_GATEWAYS, ...EXPECTED_LISTENER_SETS]
    expect(all.map((e) => e.id).sort()).toEqual(objects.filter((o) => ['GatewayClass', 'Gateway', 'ListenerSet'].includes(o.kind)).map(nameOf).sort())
    for (const e of all) {
      const o = objects.find((x) => nameOf(x) === e.id)
      expect(o, e.id).toBeDefined()
      const a = condition(o!.status?.conditions, 'Accepted')
      if (e.accepted) expect({status: a?.status, reason: a?.reason}, e.id).toEqual(e.accepted)
      else expect({status: a?.status, reason: a?.reason}, e.id).toEqual({status: 'Unknown', reason: 'Pending'})
    }
  })

  test('every policy is in the oracle, and policy status blocks agree with it', () => {
    const policies = objects.filter((o) => groupOfApiVersion(o.apiVersion) === POLICY_GROUP || o.kind === 'BackendTLSPolicy') as Policy[]
    expect(policies.map(nameOf).sort()).toEqual(EXPECTED_POLICIES.map((p) => p.id).sort())
    for (const p of policies) {
      const e = EXPECTED_POLICIES.find((x) => x.id === nameOf(p))!
      const t = p.spec!.targetRefs![0]
      const ns = t.kind === 'Namespace' || t.kind === 'GatewayClass' ? '' : `${p.metadata.namespace}/`
      expect(`${t.kind} ${ns}${t.name}${t.sectionName ? `#${t.sectionName}` : ''}`, e.id).toBe(e.target)
      for (const a of p.status?.ancestors ?? []) {
        const c = condition(a.conditions, 'Accepted')
        expect(c?.reason, e.id).toBe(e.outcome)
      }
    }
  })

  test('README.md mentions every route and every policy of the oracle', () => {
    const readme = readFileSync(join(EXAMPLES_DIR, 'README.md'), 'utf8')
    for (const e of EXPECTED_ROUTES) expect(readme, routeId(e)).toContain(`\`${e.namespace}/${e.name}\``)
    for (const p of EXPECTED_POLICIES) expect(readme, p.id).toContain(`\`${p.id.split(' ')[1]}\``)
  })

  test('README.md has one row per broken route, with the oracle reasons', () => {
    const readme = readFileSync(join(EXAMPLES_DIR, 'README.md'), 'utf8')
    const section = readme.split(/^## /m).find((s) => s.startsWith('Broken routes'))
    expect(section, 'README section "## Broken routes"').toBeDefined()
    const rows = section!.split('\n').filter((l) => /^\|\s*`/.test(l))
    const parsed = rows.map((l) => l.split('|').map((c) => c.trim()))
    const broken = EXPECTED_ROUTES.filter((e) => e.defect)
    expect(parsed.length).toBe(broken.length)
    for (const e of broken) {
      const row = parsed.find((c) => c[1] === `\`${e.namespace}/${e.name}\``)
      expect(row, routeId(e)).toBeDefined()
      const p = e.parents[0]
      expect(row![2], routeId(e)).toBe(e.kind)
      expect(row![5], routeId(e)).toBe(p.accepted ? `${p.accepted.status} / ${p.accepted.reason}` : 'no status expected')
      expect(row![6], routeId(e)).toBe(p.resolvedRefs ? `${p.resolvedRefs.status} / ${p.resolvedRefs.reason}` : 'no status expected')
    }
  })
})

// The facts each broken route's single defect rests on, checked in the YAML, so that an edit that
// fixes a break or adds a second one fails here rather than silently changing the oracle's meaning.
describe('each broken route is broken in exactly the way its name says', () => {
  const route = (ns: string, name: string) => routes.find((r) => r.metadata.namespace === ns && r.metadata.name === name)!
  const listener = (gw: string, name: string) => idx.get<Gateway>(GW, 'Gateway', 'infra', gw)!.spec.listeners!.find((l) => l.name === name)
  const nsLabels = (ns: string) => idx.get<Namespace>('', 'Namespace', undefined, ns)!.metadata.labels ?? {}

  test('broken-ns-not-allowed: only the namespace fails', () => {
    const r = route('shop-dev', 'broken-ns-not-allowed')
    const l = listener('edge', 'https-shop')!
    expect(l.allowedRoutes?.namespaces).toEqual({from: 'Selector', selector: {matchLabels: {env: 'prod'}}})
    expect(nsLabels('shop-dev').env).toBe('dev')
    expect(l.allowedRoutes?.kinds).toBeUndefined() // HTTPRoute allowed by protocol default
    expect(r.spec.hostnames).toEqual([l.hostname])
    expect(idx.get('', 'Service', 'shop-dev', 'frontend')).toBeDefined()
  })

  test('broken-kind-not-allowed: only the kind fails', () => {
    const r = route('shop', 'broken-kind-not-allowed')
    expect(r.kind).toBe('GRPCRoute')
    const l = listener('edge', 'http-alt')!
    expect(l.allowedRoutes?.kinds?.map((k) => k.kind)).toEqual(['HTTPRoute', 'FTPRoute'])
    expect(l.allowedRoutes?.namespaces?.from).toBe('All')
    expect(l.hostname).toBeUndefined()
    expect(idx.get('', 'Service', 'shop', 'inventory')).toBeDefined()
  })

  test('broken-hostname-mismatch: only the hostname fails, and its status is stale', () => {
    const r = route('shop', 'broken-hostname-mismatch')
    const l = listener('edge', 'https-shop')!
    expect(r.spec.hostnames).toEqual(['shop.example.org'])
    expect(l.hostname).toBe('shop.example.com')
    expect(nsLabels('shop').env).toBe('prod')
    expect(r.metadata.generation).toBeGreaterThan(r.status!.parents![0].conditions[0].observedGeneration!)
  })

  test('broken-missing-refgrant: the Service exists, and the only grant in legacy is for shop-dev', () => {
    expect(idx.get('', 'Service', 'legacy', 'old-catalog')).toBeDefined()
    const inLegacy = grants.filter((g) => g.metadata.namespace === 'legacy')
    expect(inLegacy.map((g) => g.spec.from.map((f) => f.namespace))).toEqual([['shop-dev']])
    expect(inLegacy[0].spec.to).toEqual([{group: '', kind: 'Service', name: 'old-catalog'}])
  })

  test('broken-backend-not-found, broken-unknown-backend-kind: one bad backendRef each, parent fine', () => {
    for (const name of ['broken-backend-not-found', 'broken-unknown-backend-kind']) {
      const r = route('shop', name)
      expect(backendRefsOf(r).length, name).toBe(1)
      expect(r.spec.parentRefs, name).toEqual([{name: 'edge', namespace: 'infra', sectionName: 'https-shop'}])
      expect(r.spec.hostnames, name).toEqual(['shop.example.com'])
    }
    expect(idx.get('', 'Service', 'shop', 'recommendations')).toBeUndefined()
  })

  test('broken-wrong-section and broken-wrong-port: no listener matches, everything else is fine', () => {
    const edge = idx.get<Gateway>(GW, 'Gateway', 'infra', 'edge')!
    expect(edge.spec.listeners!.map((l) => l.name)).not.toContain('https')
    expect(edge.spec.listeners!.map((l) => l.port)).not.toContain(8443)
    expect(route('shop', 'broken-wrong-port').spec.parentRefs![0].sectionName).toBeUndefined()
    for (const name of ['broken-wrong-section', 'broken-wrong-port']) {
      expect(backendRefsOf(route('shop', name)).map((b) => b.ref.name), name).toEqual(['frontend'])
    }
  })

  test('broken-missing-gateway: no Gateway of that name anywhere', () => {
    expect(gateways.map((g) => g.metadata.name)).not.toContain('edge-v2')
  })

  test('the README lists every broken route the files hold', () => {
    const names = routes.filter((r) => r.metadata.name.startsWith('broken-')).map((r) => routeId({kind: r.kind, namespace: r.metadata.namespace!, name: r.metadata.name}))
    expect(names.sort()).toEqual(EXPECTED_ROUTES.filter((e: ExpectedRoute) => e.defect).map(routeId).sort())
  })
})
