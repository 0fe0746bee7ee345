// What a trace needs computed, and no more. `trace` answers for some Gateways (those listening on the
// request's port, or the one named); most routes of a large cluster can bear on none of those answers,
// and evaluating them is most of the work. Routes are independent of one another in the attachment
// engine, so the graph is computed for the routes that can bear on the answer only, and the answer is
// the same as over the whole graph (test/trace/scope.test.ts compares them).
//
// A route bears on a Gateway's answer when it names that Gateway (or one of its ListenerSets) and
// either its own hostnames admit the request's host (it can win, lose, or "would match" elsewhere or
// unattached), or the Gateway has a listener that takes the request (every route attached to that
// listener is listed as a candidate, also those that serve other hosts).

import {analyze, type Analysis} from '../analysis.js'
import {arr, nameOf, nsOf, obj} from '../graph/access.js'
import type {ParentsComputed} from '../graph/compute.js'
import {routeHostnames, PROTOCOL_KINDS} from '../graph/listeners.js'
import {defaultParentRef, parentTypeOf} from '../graph/parents.js'
import type {Snapshot} from '../model/snapshot.js'
import type {Gateway, Route} from '../model/types.js'
import type {TraceRequest, TraceScheme} from './request.js'
import {chooseListener, hostMatches, listenersOf, SCHEME_PROTOCOLS} from './trace.js'

/** Route kinds the listeners a `scheme` request arrives on can carry: the only kinds a trace names. */
export function traceRouteKinds(scheme: TraceScheme): Set<string> {
  return new Set(SCHEME_PROTOCOLS[scheme].flatMap((p) => PROTOCOL_KINDS[p] ?? []))
}

/** Whether the route's own hostnames admit `host` (no hostnames, or TCP/UDP: any host). */
export function routeAdmitsHost(route: Route, host: string): boolean {
  if (route.kind === 'TCPRoute' || route.kind === 'UDPRoute') return true
  const hosts = routeHostnames(route)
  return hosts.length === 0 || hosts.some((h) => hostMatches(h, host))
}

export interface TraceScopeOptions {
  /** The Gateways in the user's scope (`--gateway`, or -n/-A/-l). */
  candidates: readonly Gateway[]
  /** `--gateway` named it: traced whatever its ports. */
  named: boolean
}

export interface TraceScope {
  analysis: Analysis
  /** The Gateways to trace on: the candidates with a listener on the port (all of them when none has one, or when named). */
  gateways: Gateway[]
}

/** Which of the candidates the trace answers for, from their computed listeners (ListenerSets' included). */
function pickGateways(parents: ParentsComputed, opts: TraceScopeOptions, port: number): Gateway[] {
  if (opts.named) return [...opts.candidates]
  const listening = opts.candidates.filter((gw) => {
    const ga = parents.gateways.get(gw)
    return ga !== undefined && listenersOf(ga).some((l) => l.port === port)
  })
  // No Gateway listens on the port: each one in scope says so, rather than an empty answer.
  return listening.length > 0 ? listening : [...opts.candidates]
}

/** The routes that can bear on the answer for `gateways` (see the top of this file). */
function bearing(parents: ParentsComputed, gateways: readonly Gateway[], req: TraceRequest): (route: Route) => boolean {
  const kinds = traceRouteKinds(req.scheme)
  const byName = new Map(gateways.map((g) => [`${nsOf(g)}/${nameOf(g)}`, g]))
  const traced = new Set(gateways)
  const viaSet = new Map<string, Gateway>()
  for (const la of parents.listenerSets.values()) {
    if (la.gateway && traced.has(la.gateway)) viaSet.set(`${la.listenerSet.kind}/${nsOf(la.listenerSet)}/${nameOf(la.listenerSet)}`, la.gateway)
  }
  const takes = new Map<Gateway, boolean>()
  const hasListenerFor = (gw: Gateway) => {
    let t = takes.get(gw)
    if (t === undefined) {
      const ga = parents.gateways.get(gw)
      takes.set(gw, (t = ga !== undefined && chooseListener(listenersOf(ga), req).listener !== undefined))
    }
    return t
  }
  return (route) => {
    if (!kinds.has(route.kind)) return false
    const spec = obj(route.spec)
    // Default Gateways (GEP-3793) claim routes without naming them: rare, always evaluated.
    if (spec?.useDefaultGateways !== undefined) return true
    const named: Gateway[] = []
    for (const raw of arr(spec?.parentRefs)) {
      const ref = defaultParentRef(raw, nsOf(route))
      if (!ref) continue
      const type = parentTypeOf(ref)
      const gw = type === 'Gateway' ? byName.get(`${ref.namespace}/${ref.name}`) : type === 'ListenerSet' ? viaSet.get(`${ref.kind}/${ref.namespace}/${ref.name}`) : undefined
      if (gw) named.push(gw)
    }
    if (named.length === 0) return false
    return routeAdmitsHost(route, req.host) || named.some(hasListenerFor)
  }
}

/**
 * The analysis a trace reads, computed for the routes that can bear on its answer, and the Gateways
 * it answers for. The policy index is built over every policy, fed with the kept routes' parents:
 * the winner's route, rule and backends get the same effective policies as over the whole graph
 * (entries that hold through other routes name those routes, and never fit the winner's context).
 */
export function analyzeForTrace(snapshot: Snapshot, req: TraceRequest, opts: TraceScopeOptions): TraceScope {
  let gateways: Gateway[] = []
  const analysis = analyze(snapshot, {
    routes: (parents) => {
      gateways = pickGateways(parents, opts, req.port)
      return bearing(parents, gateways, req)
    },
  })
  return {analysis, gateways}
}
