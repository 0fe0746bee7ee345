// What a real API server makes of examples/: which objects the CRDs' schema refuses, with the server's
// own message, per Gateway API release; and, where everything was accepted, that kubectl-gw computes the
// oracle's verdicts (test/examples/oracle.ts) for the deliberately broken routes from the cluster.

import {describe, expect, test} from 'vitest'
import {EXPECTED_ROUTES, routeId} from '../examples/oracle.js'
import {cluster, gw, parseJson} from './support/cli.js'

type Refusals = [id: string, file: string, message: string][]

// Gateway API v1.1.0 standard: kinds it does not have (ListenerSet, TLSRoute, TCPRoute, UDPRoute,
// BackendTLSPolicy, ReferenceGrant v1) and fields added since (rules[].name, Gateway infrastructure and
// allowedListeners, requestMirror.percent, GatewayClass status.supportedFeatures). kubectl's default
// field validation is Strict, so an unknown field refuses the object rather than being pruned.
const V110_REFUSED: Refusals = [
    ["Gateway infra/edge","examples/20-gateways.yaml#1","Error from server: failed to create typed patch object (infra/edge; gateway.networking.k8s.io/v1, Kind=Gateway): .spec.infrastructure: field not declared in schema"],
    ["Gateway infra/shared","examples/20-gateways.yaml#3","Error from server: failed to create typed patch object (infra/shared; gateway.networking.k8s.io/v1, Kind=Gateway): .spec.allowedListeners: field not declared in schema"],
    ["ListenerSet shop/shop-listeners","examples/21-listenersets.yaml#1","error: resource mapping not found for name: \"shop-listeners\" namespace: \"shop\" from \"examples/21-listenersets.yaml#1\": no matches for kind \"ListenerSet\" in version \"gateway.networking.k8s.io/v1\" ensure CRDs are installed first"],
    ["ListenerSet legacy/legacy-listeners","examples/21-listenersets.yaml#2","error: resource mapping not found for name: \"legacy-listeners\" namespace: \"legacy\" from \"examples/21-listenersets.yaml#2\": no matches for kind \"ListenerSet\" in version \"gateway.networking.k8s.io/v1\" ensure CRDs are installed first"],
    ["HTTPRoute shop/storefront","examples/30-httproutes.yaml#1","Error from server: failed to create typed patch object (shop/storefront; gateway.networking.k8s.io/v1, Kind=HTTPRoute): errors: .spec.rules[0].name: field not declared in schema .spec.rules[1].name: field not declared in schema .spec.rules[2].name: field not declared in schema .spec.rules[3].filters[0].requestMirror.percent: field not declared in schema .spec.rules[3].name: field not declared in schema"],
    ["HTTPRoute infra/http-to-https","examples/30-httproutes.yaml#2","Error from server: failed to create typed patch object (infra/http-to-https; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["HTTPRoute shop/storefront-legacy","examples/30-httproutes.yaml#3","Error from server: failed to create typed patch object (shop/storefront-legacy; gateway.networking.k8s.io/v1, Kind=HTTPRoute): errors: .spec.rules[0].name: field not declared in schema .spec.rules[1].name: field not declared in schema"],
    ["HTTPRoute payments/pay-portal","examples/30-httproutes.yaml#5","Error from server: failed to create typed patch object (payments/pay-portal; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["HTTPRoute mesh-demo/reviews-canary","examples/30-httproutes.yaml#8","Error from server: failed to create typed patch object (mesh-demo/reviews-canary; gateway.networking.k8s.io/v1, Kind=HTTPRoute): errors: .spec.rules[0].name: field not declared in schema .spec.rules[1].name: field not declared in schema"],
    ["GRPCRoute shop/inventory-grpc","examples/31-grpcroutes.yaml#1","Error from server: failed to create typed patch object (shop/inventory-grpc; gateway.networking.k8s.io/v1, Kind=GRPCRoute): errors: .spec.rules[0].name: field not declared in schema .spec.rules[1].name: field not declared in schema"],
    ["TLSRoute payments/vault-tls","examples/32-tls-tcp-udp-routes.yaml#1","error: resource mapping not found for name: \"vault-tls\" namespace: \"payments\" from \"examples/32-tls-tcp-udp-routes.yaml#1\": no matches for kind \"TLSRoute\" in version \"gateway.networking.k8s.io/v1\" ensure CRDs are installed first"],
    ["TCPRoute payments/ledger-postgres","examples/32-tls-tcp-udp-routes.yaml#2","error: resource mapping not found for name: \"ledger-postgres\" namespace: \"payments\" from \"examples/32-tls-tcp-udp-routes.yaml#2\": no matches for kind \"TCPRoute\" in version \"gateway.networking.k8s.io/v1\" ensure CRDs are installed first"],
    ["TCPRoute legacy/ftp-control","examples/32-tls-tcp-udp-routes.yaml#3","error: resource mapping not found for name: \"ftp-control\" namespace: \"legacy\" from \"examples/32-tls-tcp-udp-routes.yaml#3\": no matches for kind \"TCPRoute\" in version \"gateway.networking.k8s.io/v1alpha2\" ensure CRDs are installed first"],
    ["UDPRoute infra/dns","examples/32-tls-tcp-udp-routes.yaml#4","error: resource mapping not found for name: \"dns\" namespace: \"infra\" from \"examples/32-tls-tcp-udp-routes.yaml#4\": no matches for kind \"UDPRoute\" in version \"gateway.networking.k8s.io/v1\" ensure CRDs are installed first"],
    ["HTTPRoute shop-dev/broken-ns-not-allowed","examples/35-broken-routes.yaml#1","Error from server: failed to create typed patch object (shop-dev/broken-ns-not-allowed; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["HTTPRoute shop/broken-hostname-mismatch","examples/35-broken-routes.yaml#3","Error from server: failed to create typed patch object (shop/broken-hostname-mismatch; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["HTTPRoute shop/broken-missing-refgrant","examples/35-broken-routes.yaml#4","Error from server: failed to create typed patch object (shop/broken-missing-refgrant; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["HTTPRoute shop/broken-backend-not-found","examples/35-broken-routes.yaml#5","Error from server: failed to create typed patch object (shop/broken-backend-not-found; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["HTTPRoute shop/broken-wrong-section","examples/35-broken-routes.yaml#6","Error from server: failed to create typed patch object (shop/broken-wrong-section; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["HTTPRoute shop/broken-wrong-port","examples/35-broken-routes.yaml#7","Error from server: failed to create typed patch object (shop/broken-wrong-port; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["HTTPRoute shop/broken-unknown-backend-kind","examples/35-broken-routes.yaml#9","Error from server: failed to create typed patch object (shop/broken-unknown-backend-kind; gateway.networking.k8s.io/v1, Kind=HTTPRoute): .spec.rules[0].name: field not declared in schema"],
    ["ReferenceGrant payments/allow-shop-checkout","examples/50-referencegrants.yaml#2","error: resource mapping not found for name: \"allow-shop-checkout\" namespace: \"payments\" from \"examples/50-referencegrants.yaml#2\": no matches for kind \"ReferenceGrant\" in version \"gateway.networking.k8s.io/v1\" ensure CRDs are installed first"],
    ["BackendTLSPolicy payments/portal-backend-tls","examples/61-policies.yaml#14","error: resource mapping not found for name: \"portal-backend-tls\" namespace: \"payments\" from \"examples/61-policies.yaml#14\": no matches for kind \"BackendTLSPolicy\" in version \"gateway.networking.k8s.io/v1\" ensure CRDs are installed first"],
]
const V110_STATUS_REFUSED: Refusals = [
    ["GatewayClass edge", "examples/10-gatewayclasses.yaml#1", "Error from server: failed to create typed patch object (/edge; gateway.networking.k8s.io/v1, Kind=GatewayClass): .status.supportedFeatures: field not declared in schema"],
]

/**
 * A server-side apply names several unknown fields as `errors: .a: ... .b: ...`, but not always all of
 * them (seen: `requestMirror.percent` listed in one run and not the next). Such a message counts as the
 * expected one when it lists a non-empty subset of the expected fields, with the same text around them.
 */
function listed(actual: string, expected: Refusals): string {
  const split = (m: string) => {
    const at = m.indexOf(' errors: ')
    return at < 0 ? undefined : {head: m.slice(0, at), items: m.slice(at + 9).split(/ (?=\.)/)}
  }
  const a = split(actual)
  if (!a) return actual
  for (const [, , message] of expected) {
    const e = split(message)
    if (e && e.head === a.head && a.items.length > 0 && a.items.every((i) => e.items.includes(i))) return message
  }
  return actual
}

const EXPECTED: Record<string, {refused: Refusals; statusRefused: Refusals}> = {
  'v1.1.0/standard': {refused: V110_REFUSED, statusRefused: V110_STATUS_REFUSED},
  // Every example object, and every status, is valid under v1.6.1's schemas and CEL rules.
  'v1.6.1/experimental': {refused: [], statusRefused: []},
}

interface Described {
  kind: string
  namespace: string
  name: string
  computedStatus?: {parents?: {parentRef: {name: string; namespace?: string; sectionName?: string; port?: number}; conditions: {type: string; status: string; reason: string}[]}[]}
}

describe(`examples/ on kube-apiserver (${cluster().crds})`, () => {
  const {population, crds} = cluster()

  test('the objects and statuses the server refuses, with its messages', () => {
    const expected = EXPECTED[crds]
    expect(expected, `no expectations for ${crds}`).toBeDefined()
    expect(population.refused.map((r) => [r.id, r.file, listed(r.message, expected.refused)])).toEqual(expected.refused)
    expect(population.statusRefused.map((r) => [r.id, r.file, listed(r.message, expected.statusRefused)])).toEqual(expected.statusRefused)
    // Everything else was stored.
    expect(population.accepted.length + population.refused.length).toBeGreaterThan(60)
  })

  // Only where the server stored every example: elsewhere missing Gateways change the verdicts (the
  // comparison with files in verdicts.test.ts covers those runs).
  test.skipIf(population.refused.length > 0)('the broken routes get the oracle\'s verdicts from the cluster', async () => {
    const r = await gw(['describe', 'routes', '-A', '-o', 'json'])
    expect(r.code, r.stderr).toBe(0)
    const described = new Map(parseJson<Described[]>(r, 'describe routes').map((d) => [routeId(d), d]))
    expect(EXPECTED_ROUTES.length).toBeGreaterThan(15)
    for (const route of EXPECTED_ROUTES) {
      const d = described.get(routeId(route))
      expect(d, routeId(route)).toBeDefined()
      for (const p of route.parents) {
        const computed = (d!.computedStatus?.parents ?? []).find((c) =>
          c.parentRef.name === p.ref.name && (c.parentRef.namespace ?? route.namespace) === p.ref.namespace &&
          c.parentRef.sectionName === p.ref.sectionName && c.parentRef.port === p.ref.port)
        const what = `${routeId(route)} -> ${p.ref.kind} ${p.ref.namespace}/${p.ref.name}`
        if (!p.accepted) {
          expect(computed, `${what}: no status expected`).toBeUndefined()
          continue
        }
        const cond = (type: string) => computed?.conditions.find((c) => c.type === type)
        expect({status: cond('Accepted')?.status, reason: cond('Accepted')?.reason}, what).toEqual(p.accepted)
        expect({status: cond('ResolvedRefs')?.status, reason: cond('ResolvedRefs')?.reason}, what).toEqual(p.resolvedRefs)
      }
    }
  })
})
