// Synthetic Gateway API clusters for the benchmark: a pure function of a spec and a seed, returning
// every object a cluster would serve (CRDs included), plus a writer that lays them out as YAML files
// for `-f dir`.
//
// The shape is a multi-team platform: namespaces labelled by team and environment, each with a few
// Gateways carrying ten listeners (HTTP, HTTPS, TLS passthrough, TCP, UDP; allowedRoutes Same, All and
// Selector), routes of every kind mostly attached in their own namespace and some across namespaces,
// ListenerSets, Services, TLS Secrets, ReferenceGrants, policies at every level of GEP-713's hierarchy
// and BackendTLSPolicies. The generator models which listeners admit which routes, so every route it
// does not label as broken attaches, and every one it labels broken fails on exactly one parentRef in
// the labelled way (test/bench/generate.test.ts holds it to that through the real engine). The
// listeners and names it draws from are in shape.ts.

import {
  GATEWAY_GROUP,
  POLICY_LABEL,
  type BackendRef,
  type Gateway,
  type GatewayClass,
  type K8sObject,
  type Listener,
  type ListenerSet,
  type Namespace,
  type ParentReference,
  type Policy,
  type ReferenceGrant,
  type Route,
  type RouteKind,
  type RouteRule,
  type Service,
} from '../src/model/types.js'
import {crdsFor, makeCrd} from '../test/support/apiserver.js'
import {seededRandom, type Random} from './random.js'
import {
  ANY_NAMESPACE,
  APPS,
  ENVS,
  FLAVOUR_PORTS,
  FLAVOURS,
  GATEWAY_WORDS,
  HOSTNAME_KINDS,
  KIND_BACKEND,
  LISTENERS,
  LISTENERS_FOR_KIND,
  PATHS,
  SAME_ONLY,
  numbered,
  serviceName,
  teamName,
  type Flavour,
  type ListenerPlan,
} from './shape.js'
import {addBookkeeping, clusterOnlyObjects} from './real-world.js'
import {writeComputedStatus} from './status.js'

export {writeClusterFiles} from './yaml-files.js'
export {isClusterOnly} from './real-world.js'

export interface ClusterSpec {
  namespaces: number
  /** At least `namespaces`: every namespace gets one or more Gateways (Gateway g lives in namespace g % N). */
  gateways: number
  routes: number
  /** Policy instances of every kind together, BackendTLSPolicies and the GatewayClass policies included. */
  policies: number
  listenerSets: number
  /** Services per namespace, four flavours (web, grpc, db, dns): rounded up to a multiple of 4. */
  servicesPerNamespace: number
  /** Team labels; namespaces of one team admit each other's routes on Selector listeners. */
  teams: number
  /** Route i has one broken parentRef when i % brokenEvery === brokenEvery - 1; 0 = none broken. */
  brokenEvery: number
  seed: number
  /** Write the status a conformant controller would (computed by the engine), as a live cluster has. */
  status: boolean
  /** Helm release Secrets (~200 kB each) spread over the namespaces, served but never in the `-f` files. */
  helmReleases?: number
  /** Dashboard ConfigMaps (~100 kB each), likewise. */
  dashboards?: number
  /** managedFields on every object, last-applied-configuration on every kubectl-applied one (real-world.ts). */
  bookkeeping?: boolean
}

export type SizeName = 'small' | 'large'

export const SIZES: Record<SizeName, Omit<ClusterSpec, 'seed'>> = {
  // About 50 objects besides the CRDs: what `kubectl get` on a small cluster costs is fixed overhead.
  small: {namespaces: 3, gateways: 3, routes: 16, policies: 6, listenerSets: 1, servicesPerNamespace: 4, teams: 2, brokenEvery: 4, status: true},
  large: {
    namespaces: 500,
    gateways: 2000,
    routes: 20_000,
    policies: 2000,
    listenerSets: 250,
    servicesPerNamespace: 12,
    teams: 25,
    brokenEvery: 11,
    status: true,
    helmReleases: 2000,
    dashboards: 1000,
    bookkeeping: true,
  },
}

/** A named size at `scale` times its object counts (teams scale too, so a team keeps its size). */
export function clusterSpec(size: SizeName, scale = 1, seed = 1): ClusterSpec {
  const base = SIZES[size]
  const times = (n: number) => Math.max(1, Math.round(n * scale))
  return {
    ...base,
    namespaces: times(base.namespaces),
    gateways: times(base.gateways),
    routes: times(base.routes),
    policies: times(base.policies),
    listenerSets: times(base.listenerSets),
    teams: times(base.teams),
    ...(base.helmReleases ? {helmReleases: times(base.helmReleases)} : {}),
    ...(base.dashboards ? {dashboards: times(base.dashboards)} : {}),
    seed,
  }
}

export const BROKEN_LABEL = 'bench.kubectl-gw.example/broken'

/** The ways a route's parentRef is broken on purpose, and the engine's verdict for each. */
export const BREAKS = {
  'missing-gateway': 'ParentNotFound',
  'wrong-section': 'NoMatchingParent',
  'hostname-mismatch': 'NoMatchingListenerHostname',
  'namespace-not-allowed': 'NotAllowedByListeners',
} as const
export type BreakKind = keyof typeof BREAKS
const BREAK_ORDER = Object.keys(BREAKS) as BreakKind[]

/** Route kinds in a repeating pattern of 20: 14 HTTPRoute, 2 GRPCRoute, 2 TLSRoute, 1 TCPRoute, 1 UDPRoute. */
const ROUTE_PATTERN = 'HHGHTHHCHUHHGHTHHHHH'
const PATTERN_KIND: Record<string, RouteKind> = {H: 'HTTPRoute', G: 'GRPCRoute', T: 'TLSRoute', C: 'TCPRoute', U: 'UDPRoute'}

export function routeKindAt(index: number): RouteKind {
  return PATTERN_KIND[ROUTE_PATTERN[index % ROUTE_PATTERN.length]]
}

/** The break route `index` carries, if any (the fallback keeps hostname breaks on kinds with hostnames). */
export function breakAt(index: number, spec: Pick<ClusterSpec, 'brokenEvery'>): BreakKind | undefined {
  const every = spec.brokenEvery
  if (!(every > 0) || index % every !== every - 1) return undefined
  const kind = BREAK_ORDER[Math.floor(index / every) % BREAK_ORDER.length]
  return kind === 'hostname-mismatch' && !HOSTNAME_KINDS.has(routeKindAt(index)) ? 'wrong-section' : kind
}

const BASE_TIME = Date.UTC(2025, 0, 6, 9, 0, 0)
const POLICY_GROUP = 'policies.kubectl-gw.example'
const CONTROLLER = 'bench.kubectl-gw.example/gateway-controller'
const V1 = `${GATEWAY_GROUP}/v1`

interface NamespaceInfo {
  index: number
  name: string
  team: string
  env: (typeof ENVS)[number]
  gateways: GatewayInfo[]
  listenerSets: ListenerSetInfo[]
}

interface GatewayInfo {
  index: number
  ns: NamespaceInfo
  name: string
  variant: 'all' | 'team' | 'env'
  object: Gateway
}

interface ListenerSetInfo {
  ns: NamespaceInfo
  name: string
  /** Hostname suffix of its listeners (`*.<domain>`). */
  domain: string
  object: ListenerSet
}

/** What policies can target, collected while the objects are made. */
interface Targets {
  httpRoutes: Route[]
  grpcRoutes: Route[]
  listenerSets: ListenerSetInfo[]
}

const timestamp = (offsetSeconds: number) => new Date(BASE_TIME + offsetSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')

class Generator {
  private readonly rng: Random
  private readonly out: K8sObject[] = []
  private readonly namespaces: NamespaceInfo[] = []
  private readonly gateways: GatewayInfo[] = []
  private readonly perFlavour: number
  private readonly targets: Targets = {httpRoutes: [], grpcRoutes: [], listenerSets: []}
  private clock = 0

  constructor(private readonly spec: ClusterSpec) {
    if (!(spec.namespaces >= 3)) throw new Error('cluster spec: at least 3 namespaces (cross-namespace references need them)')
    if (!(spec.gateways >= spec.namespaces)) throw new Error('cluster spec: at least one Gateway per namespace')
    this.rng = seededRandom(spec.seed)
    this.perFlavour = Math.max(1, Math.ceil(spec.servicesPerNamespace / FLAVOURS.length))
  }

  /** Creation times advance by a minute per object, so ages and sort orders are deterministic. */
  private meta(name: string, namespace: string | undefined, labels?: Record<string, string>): K8sObject['metadata'] {
    const meta: K8sObject['metadata'] = {name}
    if (namespace !== undefined) meta.namespace = namespace
    if (labels) meta.labels = labels
    meta.creationTimestamp = timestamp(60 * this.clock++)
    meta.generation = 1
    return meta
  }

  private add<T extends K8sObject>(obj: T): T {
    this.out.push(obj)
    return obj
  }

  run(): K8sObject[] {
    this.crds()
    this.makeNamespaces()
    this.gatewayClasses()
    this.makeGateways()
    this.makeListenerSets()
    this.servicesAndData()
    this.referenceGrants()
    this.routes()
    this.policies()
    if (this.spec.status) writeComputedStatus(this.out, new Date(BASE_TIME))
    if (this.spec.helmReleases || this.spec.dashboards) {
      // Their own random stream: the Gateway API objects stay what they were without them.
      const rng = seededRandom(this.spec.seed * 7919 + 17)
      const names = this.namespaces.map((n) => n.name)
      for (const o of clusterOnlyObjects(rng, names, this.spec.helmReleases ?? 0, this.spec.dashboards ?? 0, (name, ns, labels) => this.meta(name, ns, labels))) this.add(o)
    }
    if (this.spec.bookkeeping) addBookkeeping(this.out, timestamp(0))
    return this.out
  }

  private crds(): void {
    for (const crd of crdsFor()) this.add(crd)
    const policy = (kind: string, plural: string, shortName: string, type: string, namespaced = true) =>
      makeCrd({
        group: POLICY_GROUP,
        kind,
        plural,
        shortNames: [shortName],
        categories: ['gateway-api-policies'],
        namespaced,
        versions: ['v1alpha1'],
        labels: {[POLICY_LABEL]: type},
      })
    this.add(policy('HealthCheckPolicy', 'healthcheckpolicies', 'hcpolicy', 'direct'))
    this.add(policy('TimeoutPolicy', 'timeoutpolicies', 'tpolicy', 'inherited'))
    this.add(policy('ClusterTimeoutPolicy', 'clustertimeoutpolicies', 'ctpolicy', 'inherited', false))
  }

  private makeNamespaces(): void {
    const {namespaces: n, teams} = this.spec
    for (let i = 0; i < n; i++) {
      const t = Math.floor(i / ENVS.length) % Math.max(1, teams)
      const env = ENVS[i % ENVS.length]
      const name = numbered(`${teamName(t)}-${env}`, Math.floor(i / (ENVS.length * Math.max(1, teams))))
      const info: NamespaceInfo = {index: i, name, team: teamName(t), env, gateways: [], listenerSets: []}
      this.namespaces.push(info)
      this.add<Namespace>({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: this.meta(name, undefined, {'kubernetes.io/metadata.name': name, team: info.team, env}),
        spec: {finalizers: ['kubernetes']},
        status: {phase: 'Active'},
      })
    }
  }

  private gatewayClasses(): void {
    for (const [name, description] of [
      ['edge', 'Internet-facing proxies run by the platform team.'],
      ['internal', 'Proxies reachable from the corporate network only.'],
    ]) {
      const meta = this.meta(name, undefined, {'app.kubernetes.io/managed-by': 'platform'})
      this.add<GatewayClass>({
        apiVersion: V1,
        kind: 'GatewayClass',
        metadata: meta,
        spec: {controllerName: CONTROLLER, description},
        // A controller runs in a live cluster: the class is Accepted.
        status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Handled by the bench controller', observedGeneration: 1, lastTransitionTime: meta.creationTimestamp}]},
      })
    }
  }

  private ns(index: number): NamespaceInfo {
    const n = this.namespaces.length
    return this.namespaces[((index % n) + n) % n]
  }

  private makeGateways(): void {
    const variants = ['all', 'team', 'env'] as const
    for (let g = 0; g < this.spec.gateways; g++) {
      const ns = this.ns(g)
      const j = ns.gateways.length
      const name = numbered(GATEWAY_WORDS[j % GATEWAY_WORDS.length], Math.floor(j / GATEWAY_WORDS.length))
      const info: GatewayInfo = {index: g, ns, name, variant: variants[g % 3], object: undefined as unknown as Gateway}
      // Every seventh Gateway's API certificate lives where no ReferenceGrant lets it be used.
      const certNs = this.ns(ns.index + (g % 7 === 6 ? 2 : 1))
      const listeners = LISTENERS.map((plan) => this.listener(plan, info, certNs))
      const spec: Gateway['spec'] = {gatewayClassName: j % 4 === 2 ? 'internal' : 'edge', listeners}
      if (g % 4 === 1) spec.allowedListeners = {namespaces: {from: 'All'}}
      if (g % 5 === 0) spec.infrastructure = {labels: {'cost-center': ns.team}}
      info.object = this.add<Gateway>({
        apiVersion: V1,
        kind: 'Gateway',
        metadata: this.meta(name, ns.name, {'app.kubernetes.io/part-of': name, exposure: spec.gatewayClassName === 'edge' ? 'public' : 'private'}),
        spec,
      })
      ns.gateways.push(info)
      this.gateways.push(info)
      this.tlsSecret(`${name}-wildcard-tls`, ns.name, `*.${ns.name}.example.com`)
      this.tlsSecret(`${ns.name}-${name}-api-tls`, certNs.name, `api.${ns.name}.example.com`)
    }
  }

  private listener(plan: ListenerPlan, gw: GatewayInfo, certNs: NamespaceInfo): Listener {
    const l: Listener = {name: plan.name, protocol: plan.protocol, port: plan.port}
    if (plan.hostname) l.hostname = plan.hostname.replace('{ns}', gw.ns.name)
    if (plan.protocol === 'HTTPS') {
      const cert =
        plan.name === 'https-api'
          ? {group: '', kind: 'Secret', name: `${gw.ns.name}-${gw.name}-api-tls`, namespace: certNs.name}
          : {name: `${gw.name}-wildcard-tls`}
      l.tls = {mode: 'Terminate', certificateRefs: [cert]}
    }
    if (plan.protocol === 'TLS') l.tls = {mode: 'Passthrough'}
    const admission = plan.admits === 'variant' ? gw.variant : plan.admits
    const namespaces =
      admission === 'same'
        ? {from: 'Same'}
        : admission === 'all'
          ? {from: 'All'}
          : admission === 'team'
            ? {from: 'Selector', selector: {matchLabels: {team: gw.ns.team}}}
            : {from: 'Selector', selector: {matchExpressions: [{key: 'env', operator: 'In', values: ['prod', 'staging']}]}}
    l.allowedRoutes = {namespaces}
    if (plan.protocol === 'TLS') l.allowedRoutes.kinds = [{group: GATEWAY_GROUP, kind: 'TLSRoute'}]
    return l
  }

  /** Whether the generated listener `name` of `gw` lets routes from `ns` in (mirrors `listener()`). */
  private admits(name: string, gw: GatewayInfo, ns: NamespaceInfo): boolean {
    const plan = LISTENERS.find((l) => l.name === name)!
    const admission = plan.admits === 'variant' ? gw.variant : plan.admits
    switch (admission) {
      case 'all':
        return true
      case 'same':
        return ns === gw.ns
      case 'team':
        return ns.team === gw.ns.team
      case 'env':
        return ns.env === 'prod' || ns.env === 'staging'
    }
  }

  private tlsSecret(name: string, namespace: string, commonName: string): void {
    const placeholder = (what: string) => Buffer.from(`bench placeholder ${what} for ${commonName}, not a real one`).toString('base64')
    this.add<K8sObject>({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: {...this.meta(name, namespace), annotations: {'cert-manager.io/common-name': commonName}},
      data: {'tls.crt': placeholder('certificate'), 'tls.key': placeholder('key')},
    })
  }

  private makeListenerSets(): void {
    const hosts = this.gateways.filter((g) => g.object.spec.allowedListeners !== undefined)
    if (hosts.length === 0) return
    const {listenerSets: count, namespaces: n} = this.spec
    for (let l = 0; l < count; l++) {
      const ns = this.ns(Math.floor((l * n) / count))
      const parent = this.rng.pick(hosts)
      const name = `${ns.team}-apps-${l}`
      const domain = `${name}.${ns.name}.apps.example.com`
      const listeners: Listener[] = [
        {name: 'https', protocol: 'HTTPS', port: 443, hostname: `*.${domain}`, tls: {mode: 'Terminate', certificateRefs: [{name: `${name}-tls`}]}},
        {name: 'http', protocol: 'HTTP', port: 80, hostname: `*.${domain}`},
      ]
      const object = this.add<ListenerSet>({
        apiVersion: V1,
        kind: 'ListenerSet',
        metadata: this.meta(name, ns.name, {team: ns.team}),
        spec: {parentRef: {group: GATEWAY_GROUP, kind: 'Gateway', name: parent.name, namespace: parent.ns.name}, listeners},
      })
      this.tlsSecret(`${name}-tls`, ns.name, `*.${domain}`)
      const info: ListenerSetInfo = {ns, name, domain, object}
      ns.listenerSets.push(info)
      this.targets.listenerSets.push(info)
    }
  }

  private servicesAndData(): void {
    for (const ns of this.namespaces) {
      for (let j = 0; j < this.perFlavour; j++) {
        for (const flavour of FLAVOURS) {
          const name = serviceName(flavour, j)
          this.add<Service>({
            apiVersion: 'v1',
            kind: 'Service',
            metadata: this.meta(name, ns.name, {app: name.slice(0, -flavour.length - 1), team: ns.team}),
            spec: {type: 'ClusterIP', clusterIP: `10.96.${ns.index % 256}.${(j * 4 + FLAVOURS.indexOf(flavour)) % 254 + 1}`, selector: {app: name}, ports: FLAVOUR_PORTS[flavour].map((p) => ({...p}))},
          })
        }
      }
      // The CA bundle BackendTLSPolicies validate backends with.
      this.add<K8sObject>({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: this.meta('trust-bundle', ns.name),
        data: {'ca.crt': `bench placeholder CA bundle for ${ns.name}, not a real certificate`},
      })
    }
  }

  private referenceGrants(): void {
    const routeKinds = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'Gateway']
    for (const ns of this.namespaces) {
      // Routes and Gateways of the previous namespace may use this one's Services and Secrets; two
      // namespaces back may not (those references come out RefNotPermitted).
      const from = this.ns(ns.index - 1)
      this.add<ReferenceGrant>({
        apiVersion: V1,
        kind: 'ReferenceGrant',
        metadata: this.meta(`from-${from.name}`, ns.name),
        spec: {
          from: routeKinds.map((kind) => ({group: GATEWAY_GROUP, kind, namespace: from.name})),
          to: [
            {group: '', kind: 'Service'},
            {group: '', kind: 'Secret'},
          ],
        },
      })
      // Left over from a decommissioned namespace: permits nothing in use.
      if (ns.index % 10 === 9) {
        this.add<ReferenceGrant>({
          apiVersion: V1,
          kind: 'ReferenceGrant',
          metadata: this.meta('from-monitoring', ns.name),
          spec: {from: [{group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace: 'monitoring'}], to: [{group: '', kind: 'Service', name: 'prometheus'}]},
        })
      }
    }
  }

  private sameNamespaceGateway(ns: NamespaceInfo): GatewayInfo {
    return this.rng.pick(ns.gateways)
  }

  private otherNamespaceGateway(ns: NamespaceInfo): GatewayInfo {
    // Gateways are spread g % N, so some index in any window of N others lies elsewhere: redraw a few
    // times, then walk to the next namespace.
    for (let tries = 0; tries < 8; tries++) {
      const g = this.rng.pick(this.gateways)
      if (g.ns !== ns) return g
    }
    return this.ns(ns.index + 1).gateways[0]
  }

  private app(): string {
    return this.rng.pick(APPS)
  }

  /** Hostnames a route uses so that listener `plan` of `gw` accepts it (HTTP/GRPC/TLS routes only). */
  private hostnamesFor(plan: ListenerPlan, gw: GatewayInfo, routeNs: NamespaceInfo): string[] {
    const r = this.rng.next()
    switch (plan.name) {
      case 'http':
        if (r < 0.1) return []
        return r < 0.7 ? [`${this.app()}.${routeNs.name}.example.com`] : [`${this.app()}.example.com`, `www.${this.app()}.example.com`]
      case 'http-alt':
      case 'https':
        if (r < 0.1) return []
        if (r < 0.25) return [`*.${gw.ns.name}.example.com`]
        return r < 0.8 ? [`${this.app()}.${gw.ns.name}.example.com`] : [`${this.app()}.${gw.ns.name}.example.com`, `${this.app()}-v2.${gw.ns.name}.example.com`]
      case 'https-api':
        return r < 0.2 ? [`*.${gw.ns.name}.example.com`] : [`api.${gw.ns.name}.example.com`]
      case 'tls':
        return [`${this.app()}.tls.${gw.ns.name}.example.com`]
      case 'tls-internal':
        return [`${this.app()}.internal.${gw.ns.name}.example.com`]
      default:
        return []
    }
  }

  private gatewayRef(gw: GatewayInfo, routeNs: NamespaceInfo): ParentReference {
    const ref: ParentReference = {name: gw.name}
    if (gw.ns !== routeNs) ref.namespace = gw.ns.name
    return ref
  }

  /** parentRefs and hostnames for a route that attaches. */
  private goodParents(kind: RouteKind, ns: NamespaceInfo): {parentRefs: ParentReference[]; hostnames: string[]} {
    if ((kind === 'HTTPRoute' || kind === 'GRPCRoute') && ns.listenerSets.length > 0 && this.rng.chance(0.3)) {
      const ls = this.rng.pick(ns.listenerSets)
      const ref: ParentReference = {group: GATEWAY_GROUP, kind: 'ListenerSet', name: ls.name}
      if (this.rng.chance(0.7)) ref.sectionName = this.rng.pick(['https', 'http'])
      return {parentRefs: [ref], hostnames: [`${this.app()}.${ls.domain}`]}
    }
    let gw = this.rng.chance(0.2) ? this.otherNamespaceGateway(ns) : this.sameNamespaceGateway(ns)
    let candidates = LISTENERS_FOR_KIND[kind].filter((l) => this.admits(l.name, gw, ns))
    if (candidates.length === 0) {
      // Nothing there takes routes from this namespace: its own Gateway's `Same` listeners do.
      gw = this.sameNamespaceGateway(ns)
      candidates = LISTENERS_FOR_KIND[kind].filter((l) => this.admits(l.name, gw, ns))
    }
    const plan = this.rng.pick(candidates)
    const hostnames = HOSTNAME_KINDS.has(kind) ? this.hostnamesFor(plan, gw, ns) : []
    const ref = this.gatewayRef(gw, ns)
    // Any of the three forms selects the chosen listener, which admits the route and matches its
    // hostnames, so the parentRef is Accepted whichever is written.
    const form = this.rng.next()
    if (form < 0.6) ref.sectionName = plan.name
    else if (form < 0.8) ref.port = plan.port
    const parentRefs = [ref]
    // HTTP and HTTPS of one Gateway together, as sites that redirect to HTTPS do.
    if (kind === 'HTTPRoute' && ref.sectionName === 'https' && hostnames.length > 0 && this.admits('http', gw, ns) && this.rng.chance(0.3)) {
      parentRefs.push({...this.gatewayRef(gw, ns), sectionName: 'http'})
    }
    return {parentRefs, hostnames}
  }

  /** One parentRef broken the labelled way, with hostnames that would otherwise fit. */
  private brokenParents(kind: RouteKind, ns: NamespaceInfo, broken: BreakKind): {parentRefs: ParentReference[]; hostnames: string[]} {
    const plans = LISTENERS_FOR_KIND[kind]
    switch (broken) {
      case 'missing-gateway': {
        const gw = this.rng.chance(0.5) ? this.sameNamespaceGateway(ns) : this.otherNamespaceGateway(ns)
        const plan = plans.find((p) => p.name === ANY_NAMESPACE[kind])!
        return {parentRefs: [{...this.gatewayRef(gw, ns), name: `${gw.name}-canary`}], hostnames: HOSTNAME_KINDS.has(kind) ? this.hostnamesFor(plan, gw, ns) : []}
      }
      case 'wrong-section': {
        const gw = this.sameNamespaceGateway(ns)
        const plan = this.rng.pick(plans)
        return {parentRefs: [{...this.gatewayRef(gw, ns), sectionName: `${plan.name}-v2`}], hostnames: HOSTNAME_KINDS.has(kind) ? this.hostnamesFor(plan, gw, ns) : []}
      }
      case 'hostname-mismatch': {
        const gw = this.rng.chance(0.5) ? this.sameNamespaceGateway(ns) : this.otherNamespaceGateway(ns)
        const hostnames = kind === 'TLSRoute' ? [`${this.app()}.tls.example.org`] : [`${this.app()}.${ns.name}.example.org`]
        return {parentRefs: [{...this.gatewayRef(gw, ns), sectionName: ANY_NAMESPACE[kind]}], hostnames}
      }
      case 'namespace-not-allowed': {
        const gw = this.otherNamespaceGateway(ns)
        const plan = plans.find((p) => p.name === SAME_ONLY[kind])!
        return {parentRefs: [{...this.gatewayRef(gw, ns), sectionName: plan.name}], hostnames: HOSTNAME_KINDS.has(kind) ? this.hostnamesFor(plan, gw, ns) : []}
      }
    }
  }

  /**
   * A backendRef of the right flavour: mostly a Service in the route's namespace; some to a Service
   * that does not exist, some to the next namespace (granted) or the one after (not granted).
   */
  private backendRef(kind: RouteKind, ns: NamespaceInfo): BackendRef {
    const {flavour, ports} = KIND_BACKEND[kind]
    const name = serviceName(flavour, this.rng.int(this.perFlavour))
    const ref: BackendRef = {name, port: this.rng.pick(ports)}
    const r = this.rng.next()
    if (r < 0.03) ref.name = `${name}-v2`
    else if (r < 0.08) ref.namespace = this.ns(ns.index + 1).name
    else if (r < 0.1) ref.namespace = this.ns(ns.index + 2).name
    return ref
  }

  private rules(kind: RouteKind, ns: NamespaceInfo): RouteRule[] {
    const backends = (): BackendRef[] => {
      if (!this.rng.chance(0.3)) return [this.backendRef(kind, ns)]
      const [a, b] = [this.backendRef(kind, ns), this.backendRef(kind, ns)]
      return [{...a, weight: 90}, {...b, weight: 10}]
    }
    if (kind === 'HTTPRoute') {
      const count = 1 + this.rng.int(3)
      const named = this.rng.chance(0.5)
      const start = this.rng.int(PATHS.length)
      const rules: RouteRule[] = []
      for (let k = 0; k < count; k++) {
        const path = PATHS[(start + k) % PATHS.length]
        const rule: RouteRule = {matches: [{path: {type: 'PathPrefix', value: path}}], backendRefs: backends()}
        if (named) rule.name = path === '/' ? 'root' : path.slice(1)
        const f = this.rng.next()
        if (f < 0.1) rule.filters = [{type: 'RequestHeaderModifier', requestHeaderModifier: {add: [{name: 'X-Team', value: ns.team}]}}]
        else if (f < 0.15) rule.filters = [{type: 'RequestMirror', requestMirror: {backendRef: {name: serviceName('web', this.rng.int(this.perFlavour)), port: 80}}}]
        rules.push(rule)
      }
      return rules
    }
    if (kind === 'GRPCRoute') {
      const service = `${this.app()}.v1.${this.app().replace(/^./, (c) => c.toUpperCase())}Service`
      return [{matches: [{method: {service}}], backendRefs: backends()}]
    }
    return [{backendRefs: backends()}]
  }

  private routes(): void {
    const {routes: count, namespaces: n} = this.spec
    for (let i = 0; i < count; i++) {
      // Consecutive indexes share a namespace, so every namespace gets every kind and every break.
      const ns = this.ns(Math.floor((i * n) / count))
      const kind = routeKindAt(i)
      const broken = breakAt(i, this.spec)
      const {parentRefs, hostnames} = broken ? this.brokenParents(kind, ns, broken) : this.goodParents(kind, ns)
      const app = this.app()
      const labels: Record<string, string> = {app, team: ns.team}
      if (broken) labels[BROKEN_LABEL] = broken
      const spec: Route['spec'] = {parentRefs}
      if (hostnames.length > 0) spec.hostnames = hostnames
      spec.rules = this.rules(kind, ns)
      const suffix = kind === 'HTTPRoute' ? '' : `-${kind.slice(0, -'Route'.length).toLowerCase()}`
      const route = this.add<Route>({apiVersion: V1, kind, metadata: this.meta(`${app}${suffix}-${i}`, ns.name, labels), spec})
      if (kind === 'HTTPRoute') this.targets.httpRoutes.push(route)
      if (kind === 'GRPCRoute') this.targets.grpcRoutes.push(route)
    }
  }

  private policies(): void {
    const pick = <T>(items: T[]): T | undefined => (items.length > 0 ? this.rng.pick(items) : undefined)
    const timeouts = (): Record<string, unknown> => {
      const spec: Record<string, unknown> = {default: {request: this.rng.pick(['15s', '30s', '60s']), backendRequest: this.rng.pick(['10s', '25s'])}}
      if (this.rng.chance(0.2)) spec.override = {idle: this.rng.pick(['2m', '5m'])}
      return spec
    }
    const classes = this.out.filter((o): o is GatewayClass => o.kind === 'GatewayClass')
    for (let p = 0; p < this.spec.policies; p++) {
      if (p < classes.length) {
        this.add<Policy>({
          apiVersion: `${POLICY_GROUP}/v1alpha1`,
          kind: 'ClusterTimeoutPolicy',
          metadata: this.meta(`${classes[p].metadata.name}-class-defaults`, undefined),
          spec: {targetRefs: [{group: GATEWAY_GROUP, kind: 'GatewayClass', name: classes[p].metadata.name}], default: {request: '60s', idle: '5m'}, override: {idle: '10m'}},
        })
        continue
      }
      const gw = this.rng.pick(this.gateways)
      const nsInfo = this.rng.pick(this.namespaces)
      const service = (flavours: Flavour[]) => serviceName(this.rng.pick(flavours), this.rng.int(this.perFlavour))
      let kind = 'TimeoutPolicy'
      let namespace = nsInfo.name
      let target: {group: string; kind: string; name: string; sectionName?: string}
      let body: Record<string, unknown> = timeouts()
      switch (p % 10) {
        case 0:
          namespace = gw.ns.name
          target = {group: GATEWAY_GROUP, kind: 'Gateway', name: gw.name}
          break
        case 1:
          namespace = gw.ns.name
          target = {group: GATEWAY_GROUP, kind: 'Gateway', name: gw.name, sectionName: this.rng.pick(LISTENERS).name}
          break
        case 2:
        case 3: {
          const route = pick(this.targets.httpRoutes)
          if (!route) {
            target = {group: '', kind: 'Namespace', name: nsInfo.name}
            break
          }
          namespace = route.metadata.namespace!
          target = {group: GATEWAY_GROUP, kind: 'HTTPRoute', name: route.metadata.name}
          const ruleName = route.spec.rules?.[0]?.name
          if (p % 10 === 3 && typeof ruleName === 'string') target.sectionName = ruleName
          break
        }
        case 4:
          target = {group: '', kind: 'Namespace', name: nsInfo.name}
          break
        case 5:
        case 6:
          kind = 'HealthCheckPolicy'
          target = {group: '', kind: 'Service', name: service(['web', 'grpc'])}
          if (p % 10 === 6) target.sectionName = target.name.endsWith('-web') ? 'http' : 'grpc'
          body = {path: '/healthz', interval: this.rng.pick(['5s', '10s', '15s']), timeout: '2s', unhealthyThreshold: 3}
          break
        case 7:
          target = {group: '', kind: 'Service', name: service(['web', 'grpc', 'db'])}
          break
        case 8: {
          kind = 'BackendTLSPolicy'
          const name = service(['web'])
          target = {group: '', kind: 'Service', name, sectionName: 'https'}
          body = {validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'trust-bundle'}], hostname: `${name}.${nsInfo.name}.svc.cluster.local`}}
          break
        }
        default: {
          const ls = p % 20 === 9 ? pick(this.targets.listenerSets) : undefined
          const route = ls ? undefined : pick(this.targets.grpcRoutes)
          if (ls) {
            namespace = ls.ns.name
            target = {group: GATEWAY_GROUP, kind: 'ListenerSet', name: ls.name}
          } else if (route) {
            namespace = route.metadata.namespace!
            target = {group: GATEWAY_GROUP, kind: 'GRPCRoute', name: route.metadata.name}
          } else {
            target = {group: '', kind: 'Namespace', name: nsInfo.name}
          }
        }
      }
      // A few policies outlive what they targeted (TargetNotFound).
      if (this.rng.chance(0.02)) target.name = `${target.name}-deleted`
      const apiVersion = kind === 'BackendTLSPolicy' ? V1 : `${POLICY_GROUP}/v1alpha1`
      this.add<Policy>({
        apiVersion,
        kind,
        metadata: this.meta(`${target.name}-${kind.replace(/Policy$/, '').toLowerCase()}-${p}`, namespace),
        spec: {targetRefs: [target], ...body},
      })
    }
  }
}

/** Every object of a cluster of this spec, CRDs first; the same spec always gives the same objects. */
export function generateCluster(spec: ClusterSpec): K8sObject[] {
  return new Generator(spec).run()
}
