// The expected results for the example cluster (examples/*.yaml), written by hand from the Gateway
// API rules (shared docs gateway-api-semantics.md §1-§4), not computed by any implementation.
// examples/README.md shows the same facts as tables; test/examples/examples.test.ts keeps the two in
// step and checks the facts each expectation rests on. Engine tests (graph, policy) import this.
//
// Conventions: parents are written `Kind namespace/name`, listeners `Kind namespace/name/listener`.
// A parent without `accepted` is one no controller is expected to write status for (§1.1).

import type {RouteKind} from '../../src/model/types.js'

export interface ExpectedCondition {
  status: 'True' | 'False'
  reason: string
}

export interface ExpectedParentRef {
  group: string
  kind: 'Gateway' | 'ListenerSet' | 'Service'
  namespace: string
  name: string
  sectionName?: string
  port?: number
}

export interface ExpectedParent {
  /** The parentRef with defaults applied (group, kind, namespace). */
  ref: ExpectedParentRef
  /** Absent: no status entry is expected for this parentRef. */
  accepted?: ExpectedCondition
  resolvedRefs?: ExpectedCondition
  /** Listeners the route attaches to through this parentRef (`Kind ns/name/listener`). */
  attachedTo: string[]
  /** Why no status is expected, when `accepted` is absent. */
  noStatus?: string
}

/**
 * What the status block in the YAML says relative to the expectation:
 * agrees (written like a conformant, up-to-date controller), absent (not reconciled yet, or no
 * controller in scope), stale (observedGeneration behind generation) or wrong (current generation,
 * but claims something the spec does not allow).
 */
export type StatusInFile = 'agrees' | 'absent' | 'stale' | 'wrong'

export interface ExpectedRoute {
  kind: RouteKind
  namespace: string
  name: string
  /** Deliberately broken routes: the single thing that is wrong (the name starts with `broken-`). */
  defect?: string
  parents: ExpectedParent[]
  statusInFile: StatusInFile
}

const GW = 'gateway.networking.k8s.io'
const ok: ExpectedCondition = {status: 'True', reason: 'Accepted'}
const resolved: ExpectedCondition = {status: 'True', reason: 'ResolvedRefs'}
const gw = (name: string, sectionName?: string, port?: number): ExpectedParentRef => ({
  group: GW,
  kind: 'Gateway',
  namespace: 'infra',
  name,
  ...(sectionName === undefined ? {} : {sectionName}),
  ...(port === undefined ? {} : {port}),
})

export const EXPECTED_ROUTES: ExpectedRoute[] = [
  // ---- routes that work
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'storefront',
    statusInFile: 'agrees',
    parents: [
      {ref: gw('edge', 'https-shop'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge/https-shop']},
      {ref: gw('edge', 'https-wildcard'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge/https-wildcard']},
    ],
  },
  {
    // Attached and working, but its /cart match duplicates the older storefront's (DuplicateMatch).
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'storefront-legacy',
    statusInFile: 'absent',
    parents: [{ref: gw('edge', 'https-shop'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge/https-shop']}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'infra',
    name: 'http-to-https',
    statusInFile: 'agrees',
    parents: [{ref: gw('edge', 'http'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge/http']}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop-dev',
    name: 'storefront-dev',
    statusInFile: 'absent',
    parents: [{ref: gw('edge', 'http'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge/http']}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'payments',
    name: 'pay-portal',
    statusInFile: 'agrees',
    // The listener's certificate reference is not permitted (listener ResolvedRefs=False), but
    // listener health does not gate attachment (§1.7).
    parents: [{ref: gw('edge', 'https-payments'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge/https-payments']}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'infra',
    name: 'status-page',
    statusInFile: 'agrees',
    parents: [{ref: gw('shared', 'http'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/shared/http']}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'storefront-apps',
    statusInFile: 'agrees',
    parents: [
      {
        ref: {group: GW, kind: 'ListenerSet', namespace: 'shop', name: 'shop-listeners', sectionName: 'store-https'},
        accepted: ok,
        resolvedRefs: resolved,
        attachedTo: ['ListenerSet shop/shop-listeners/store-https'],
      },
    ],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'mesh-demo',
    name: 'reviews-canary',
    statusInFile: 'agrees',
    // Mesh (GAMMA) parent: no listeners, no allowedRoutes; accepted because the ClusterIP Service
    // exists and has port 9080 (§1.14).
    parents: [{ref: {group: '', kind: 'Service', namespace: 'mesh-demo', name: 'reviews', port: 9080}, accepted: ok, resolvedRefs: resolved, attachedTo: []}],
  },
  {
    kind: 'GRPCRoute',
    namespace: 'shop',
    name: 'inventory-grpc',
    statusInFile: 'agrees',
    parents: [{ref: gw('edge', 'https-wildcard'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge/https-wildcard']}],
  },
  {
    kind: 'TLSRoute',
    namespace: 'payments',
    name: 'vault-tls',
    statusInFile: 'agrees',
    parents: [{ref: gw('edge-l4', 'tls-passthrough'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge-l4/tls-passthrough']}],
  },
  {
    kind: 'TCPRoute',
    namespace: 'payments',
    name: 'ledger-postgres',
    statusInFile: 'agrees',
    parents: [{ref: gw('edge-l4', 'tcp-postgres'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge-l4/tcp-postgres']}],
  },
  {
    kind: 'TCPRoute',
    namespace: 'legacy',
    name: 'ftp-control',
    statusInFile: 'absent',
    parents: [{ref: gw('edge-l4', 'tcp-legacy'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge-l4/tcp-legacy']}],
  },
  {
    kind: 'UDPRoute',
    namespace: 'infra',
    name: 'dns',
    statusInFile: 'absent',
    parents: [{ref: gw('edge-l4', 'udp-dns'), accepted: ok, resolvedRefs: resolved, attachedTo: ['Gateway infra/edge-l4/udp-dns']}],
  },

  // ---- deliberately broken routes, one defect each
  {
    kind: 'HTTPRoute',
    namespace: 'shop-dev',
    name: 'broken-ns-not-allowed',
    defect: 'namespace shop-dev (env=dev) is not selected by listener https-shop (namespaces from Selector env=prod)',
    statusInFile: 'wrong',
    parents: [{ref: gw('edge', 'https-shop'), accepted: {status: 'False', reason: 'NotAllowedByListeners'}, resolvedRefs: resolved, attachedTo: []}],
  },
  {
    kind: 'GRPCRoute',
    namespace: 'shop',
    name: 'broken-kind-not-allowed',
    defect: 'listener http-alt allows only HTTPRoute (its other kind, FTPRoute, is invalid), not GRPCRoute',
    statusInFile: 'agrees',
    parents: [{ref: gw('edge', 'http-alt'), accepted: {status: 'False', reason: 'NotAllowedByListeners'}, resolvedRefs: resolved, attachedTo: []}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'broken-hostname-mismatch',
    defect: 'hostname shop.example.org does not intersect listener hostname shop.example.com',
    statusInFile: 'stale',
    parents: [{ref: gw('edge', 'https-shop'), accepted: {status: 'False', reason: 'NoMatchingListenerHostname'}, resolvedRefs: resolved, attachedTo: []}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'broken-missing-refgrant',
    defect: 'backend Service legacy/old-catalog is in another namespace and no ReferenceGrant in legacy admits HTTPRoutes from shop',
    statusInFile: 'agrees',
    parents: [
      {ref: gw('edge', 'https-shop'), accepted: ok, resolvedRefs: {status: 'False', reason: 'RefNotPermitted'}, attachedTo: ['Gateway infra/edge/https-shop']},
    ],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'broken-backend-not-found',
    defect: 'backend Service shop/recommendations does not exist',
    statusInFile: 'agrees',
    parents: [
      {ref: gw('edge', 'https-shop'), accepted: ok, resolvedRefs: {status: 'False', reason: 'BackendNotFound'}, attachedTo: ['Gateway infra/edge/https-shop']},
    ],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'broken-wrong-section',
    defect: 'sectionName https names no listener of Gateway infra/edge',
    statusInFile: 'agrees',
    parents: [{ref: gw('edge', 'https'), accepted: {status: 'False', reason: 'NoMatchingParent'}, resolvedRefs: resolved, attachedTo: []}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'broken-wrong-port',
    defect: 'port 8443: Gateway infra/edge has no listener on that port',
    statusInFile: 'absent',
    parents: [{ref: gw('edge', undefined, 8443), accepted: {status: 'False', reason: 'NoMatchingParent'}, resolvedRefs: resolved, attachedTo: []}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'broken-missing-gateway',
    defect: 'parent Gateway infra/edge-v2 does not exist',
    statusInFile: 'absent',
    parents: [{ref: gw('edge-v2'), attachedTo: [], noStatus: 'parent Gateway does not exist, so no controller owns the route (§1.1)'}],
  },
  {
    kind: 'HTTPRoute',
    namespace: 'shop',
    name: 'broken-unknown-backend-kind',
    defect: 'backendRef kind Bucket (group storage.kubectl-gw.example) is not a supported backend kind',
    statusInFile: 'absent',
    parents: [{ref: gw('edge', 'https-shop'), accepted: ok, resolvedRefs: {status: 'False', reason: 'InvalidKind'}, attachedTo: ['Gateway infra/edge/https-shop']}],
  },
]

export interface ExpectedListener {
  /** `Kind ns/name/listener` */
  id: string
  supportedKinds: string[]
  attachedRoutes: number
  resolvedRefs: ExpectedCondition
  /** Absent: no status is expected for this listener. */
  noStatus?: string
}

const HTTP_KINDS = ['HTTPRoute', 'GRPCRoute']
export const EXPECTED_LISTENERS: ExpectedListener[] = [
  {id: 'Gateway infra/edge/http', supportedKinds: HTTP_KINDS, attachedRoutes: 2, resolvedRefs: resolved},
  {id: 'Gateway infra/edge/http-alt', supportedKinds: ['HTTPRoute'], attachedRoutes: 0, resolvedRefs: {status: 'False', reason: 'InvalidRouteKinds'}},
  {id: 'Gateway infra/edge/https-shop', supportedKinds: HTTP_KINDS, attachedRoutes: 5, resolvedRefs: resolved},
  {id: 'Gateway infra/edge/https-wildcard', supportedKinds: HTTP_KINDS, attachedRoutes: 2, resolvedRefs: resolved},
  {id: 'Gateway infra/edge/https-payments', supportedKinds: HTTP_KINDS, attachedRoutes: 1, resolvedRefs: {status: 'False', reason: 'RefNotPermitted'}},
  {id: 'Gateway infra/edge-l4/tls-passthrough', supportedKinds: ['TLSRoute'], attachedRoutes: 1, resolvedRefs: resolved},
  {id: 'Gateway infra/edge-l4/tcp-postgres', supportedKinds: ['TCPRoute'], attachedRoutes: 1, resolvedRefs: resolved},
  {id: 'Gateway infra/edge-l4/tcp-legacy', supportedKinds: ['TCPRoute'], attachedRoutes: 1, resolvedRefs: resolved},
  {id: 'Gateway infra/edge-l4/udp-dns', supportedKinds: ['UDPRoute'], attachedRoutes: 1, resolvedRefs: resolved},
  {id: 'Gateway infra/shared/http', supportedKinds: HTTP_KINDS, attachedRoutes: 1, resolvedRefs: resolved},
  {id: 'ListenerSet shop/shop-listeners/store-https', supportedKinds: HTTP_KINDS, attachedRoutes: 1, resolvedRefs: resolved},
  {
    id: 'Gateway infra/internal/http',
    supportedKinds: HTTP_KINDS,
    attachedRoutes: 0,
    resolvedRefs: resolved,
    noStatus: 'GatewayClass internal is not Accepted, so nothing reconciles the Gateway (§1.1)',
  },
  {
    id: 'ListenerSet legacy/legacy-listeners/legacy-http',
    supportedKinds: HTTP_KINDS,
    attachedRoutes: 0,
    resolvedRefs: resolved,
    noStatus: 'the ListenerSet is not allowed by Gateway infra/shared (§1.13)',
  },
]

export interface ExpectedObjectCondition {
  /** `Kind name` or `Kind ns/name` */
  id: string
  /** Absent: the status stays at the CRD default (Unknown/Pending). */
  accepted?: ExpectedCondition
  why: string
}

export const EXPECTED_GATEWAY_CLASSES: ExpectedObjectCondition[] = [
  {id: 'GatewayClass edge', accepted: ok, why: 'parametersRef ConfigMap infra/edge-params exists'},
  {id: 'GatewayClass internal', accepted: {status: 'False', reason: 'InvalidParameters'}, why: 'parametersRef ConfigMap infra/internal-gw-config does not exist'},
  {id: 'GatewayClass partner', why: 'no controller named partner.example.net/gateway-controller is running'},
]

export const EXPECTED_GATEWAYS: ExpectedObjectCondition[] = [
  {id: 'Gateway infra/edge', accepted: ok, why: 'every listener is Accepted; two have ResolvedRefs=False, which does not make them invalid'},
  {id: 'Gateway infra/edge-l4', accepted: ok, why: 'all listeners valid'},
  {id: 'Gateway infra/shared', accepted: ok, why: 'all listeners valid; attachedListenerSets 1 (shop/shop-listeners)'},
  {id: 'Gateway infra/internal', why: 'its GatewayClass is not Accepted'},
]

export const EXPECTED_LISTENER_SETS: ExpectedObjectCondition[] = [
  {id: 'ListenerSet shop/shop-listeners', accepted: ok, why: 'namespace shop carries gateway.kubectl-gw.example/shared=true'},
  {id: 'ListenerSet legacy/legacy-listeners', accepted: {status: 'False', reason: 'NotAllowed'}, why: 'namespace legacy lacks gateway.kubectl-gw.example/shared=true'},
]

export interface ExpectedPolicy {
  /** `Kind ns/name` (`Kind name` when cluster-scoped) */
  id: string
  /** `Kind ns/name`, plus `#section` for a sectionName. */
  target: string
  outcome: 'Accepted' | 'Conflicted' | 'TargetNotFound'
  level: string
}

export const EXPECTED_POLICIES: ExpectedPolicy[] = [
  {id: 'ClusterTimeoutPolicy edge-class-defaults', target: 'GatewayClass edge', outcome: 'Accepted', level: 'GatewayClass'},
  {id: 'TimeoutPolicy infra/infra-namespace-defaults', target: 'Namespace infra', outcome: 'Accepted', level: 'Gateway namespace'},
  {id: 'TimeoutPolicy infra/edge-timeouts', target: 'Gateway infra/edge', outcome: 'Accepted', level: 'Gateway'},
  {id: 'TimeoutPolicy infra/edge-https-shop-timeouts', target: 'Gateway infra/edge#https-shop', outcome: 'Accepted', level: 'listener'},
  {id: 'TimeoutPolicy shop/shop-namespace-defaults', target: 'Namespace shop', outcome: 'Accepted', level: 'route namespace'},
  {id: 'TimeoutPolicy shop/storefront-timeouts', target: 'HTTPRoute shop/storefront', outcome: 'Accepted', level: 'route'},
  {id: 'TimeoutPolicy shop/storefront-checkout-timeouts', target: 'HTTPRoute shop/storefront#checkout', outcome: 'Accepted', level: 'route rule'},
  {id: 'TimeoutPolicy shop/missing-target-catalog-v1', target: 'HTTPRoute shop/catalog-v1', outcome: 'TargetNotFound', level: 'route'},
  {id: 'TimeoutPolicy shop/frontend-timeouts', target: 'Service shop/frontend', outcome: 'Accepted', level: 'Service'},
  {id: 'HealthCheckPolicy shop/catalog-health', target: 'Service shop/catalog', outcome: 'Accepted', level: 'Service'},
  {id: 'HealthCheckPolicy shop/cart-health', target: 'Service shop/cart', outcome: 'Accepted', level: 'Service'},
  {id: 'HealthCheckPolicy shop/cart-health-strict', target: 'Service shop/cart', outcome: 'Conflicted', level: 'Service'},
  {id: 'HealthCheckPolicy payments/checkout-api-health', target: 'Service payments/checkout-api#http', outcome: 'Accepted', level: 'Service port'},
  {id: 'BackendTLSPolicy payments/portal-backend-tls', target: 'Service payments/portal#https', outcome: 'Accepted', level: 'Service port'},
]

export interface EffectiveValue {
  value: string
  /** The policy that supplied the value, `Kind ns/name`. */
  from: string
}

export interface ExpectedEffectiveTimeouts {
  /** `Kind ns/name` of the route, `#rule` for a rule. */
  route: string
  /** The listener the traffic enters through (`Kind ns/name/listener`). */
  via: string
  values: Partial<Record<'request' | 'backendRequest' | 'idle', EffectiveValue>>
}

// GEP-2649 precedence over the levels GatewayClass > Gateway namespace > Gateway > listener >
// route namespace > route > route rule > backend namespace > backend: overrides from the top down
// (the least specific override wins), then defaults from the bottom up (the most specific default
// wins). Placing "listener" under its Gateway and "rule" under its route is this project's reading
// of sectionName targets (GEP-713 §sectionName); the GEP does not draw those two levels.
const T = (name: string) => `TimeoutPolicy ${name}`
const classPolicy = 'ClusterTimeoutPolicy edge-class-defaults'
export const EXPECTED_EFFECTIVE_TIMEOUTS: ExpectedEffectiveTimeouts[] = [
  {
    route: 'HTTPRoute shop/storefront#checkout',
    via: 'Gateway infra/edge/https-shop',
    values: {
      request: {value: '40s', from: T('shop/storefront-checkout-timeouts')},
      backendRequest: {value: '35s', from: T('shop/storefront-checkout-timeouts')},
      // Only TimeoutPolicies merge with each other (same kind); the ClusterTimeoutPolicy's idle 10m
      // is a different kind's setting and is reported separately (EXPECTED_CLASS_TIMEOUTS).
      idle: {value: '2m', from: T('shop/shop-namespace-defaults')},
    },
  },
  {
    route: 'HTTPRoute shop/storefront#catalog',
    via: 'Gateway infra/edge/https-shop',
    values: {
      request: {value: '15s', from: T('shop/storefront-timeouts')},
      backendRequest: {value: '10s', from: T('shop/shop-namespace-defaults')},
      idle: {value: '2m', from: T('shop/shop-namespace-defaults')},
    },
  },
  {
    route: 'HTTPRoute shop/broken-backend-not-found#recommendations',
    via: 'Gateway infra/edge/https-shop',
    values: {
      request: {value: '20s', from: T('infra/edge-https-shop-timeouts')},
      backendRequest: {value: '10s', from: T('shop/shop-namespace-defaults')},
      idle: {value: '2m', from: T('shop/shop-namespace-defaults')},
    },
  },
  {
    route: 'HTTPRoute payments/pay-portal#portal',
    via: 'Gateway infra/edge/https-payments',
    values: {
      request: {value: '30s', from: T('infra/edge-timeouts')},
      backendRequest: {value: '25s', from: T('infra/edge-timeouts')},
      // No TimeoutPolicy on this path sets idle.
    },
  },
  {
    // The backend (Service shop/frontend) is the most specific level: its default wins for request.
    route: 'HTTPRoute shop/storefront#web',
    via: 'Gateway infra/edge/https-wildcard',
    values: {
      request: {value: '8s', from: T('shop/frontend-timeouts')},
      backendRequest: {value: '10s', from: T('shop/shop-namespace-defaults')},
      idle: {value: '2m', from: T('shop/shop-namespace-defaults')},
    },
  },
]

/**
 * The ClusterTimeoutPolicy on GatewayClass edge is its own kind: it merges with nothing else and
 * reaches every route whose parent Gateway is of class edge, with the same values everywhere.
 */
export const EXPECTED_CLASS_TIMEOUTS = {
  policy: classPolicy,
  values: {request: '60s', backendRequest: '50s', idle: '10m'},
}

/** Direct policies that apply to each route's backends (winners only; see EXPECTED_POLICIES). */
export const EXPECTED_DIRECT_POLICIES: {route: string; policies: string[]}[] = [
  {
    route: 'HTTPRoute shop/storefront',
    policies: ['HealthCheckPolicy shop/catalog-health', 'HealthCheckPolicy shop/cart-health', 'HealthCheckPolicy payments/checkout-api-health'],
  },
  {route: 'HTTPRoute payments/pay-portal', policies: ['BackendTLSPolicy payments/portal-backend-tls']},
]

export function routeId(r: {kind: string; namespace: string; name: string}): string {
  return `${r.kind} ${r.namespace}/${r.name}`
}
