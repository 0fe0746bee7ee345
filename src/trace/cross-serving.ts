// HTTPRoute / GRPCRoute cross serving on one listener (GRPCRoute godoc, `hostnames`; GEP-1016 "Cross
// Serving"; semantics.md §1.6, §6): "If a Route (A) of type HTTPRoute or GRPCRoute is attached to a
// Listener and that listener already has another Route (B) of the other type attached and the
// intersection of the hostnames of A and B is non-empty, then the implementation MUST accept exactly
// one of these two routes": the oldest by creationTimestamp, then the first by `namespace/name`. The
// other gets Accepted=False and serves nothing on that listener.
//
// So for any one hostname on a listener only one of the two kinds serves requests: a gRPC request (an
// HTTP/2 POST to /SERVICE/METHOD with content-type application/grpc) goes to GRPCRoutes, or, where an
// older HTTPRoute holds the hostname, to HTTPRoutes, which match it as any HTTP request. No upstream
// conformance test exercises this rule (conformance/tests has no test with both kinds on one
// listener), so it follows the godoc.
//
// Routes are taken oldest first; a route is rejected when an accepted route of the other kind (a
// rejected one is not "attached") has an intersecting hostname, found through the hostname index of
// analyze's RouteHostnameCollision (linear in routes x hostnames x labels).

import {nameOf, nsOf} from '../graph/access.js'
import type {ListenerAttachment} from '../graph/types.js'
import type {Route} from '../model/types.js'
import {find, newIndex, register} from '../analyze/hostname-collisions.js'
import {createdMs} from './match.js'

export interface CrossRejection {
  /** The older route of the other kind that is accepted instead. */
  by: Route
  /** A hostname both serve (`*`: any hostname). */
  host: string
}

/** Oldest first, then `namespace/name`. */
export function byAge(x: Route, y: Route): number {
  const [tx, ty] = [createdMs(x), createdMs(y)]
  if (tx !== ty) return tx < ty ? -1 : 1
  const [kx, ky] = [`${nsOf(x)}/${nameOf(x)}`, `${nsOf(y)}/${nameOf(y)}`]
  return kx < ky ? -1 : kx > ky ? 1 : 0
}

/**
 * The HTTPRoutes and GRPCRoutes attached to the listener that the rule rejects, each with the route
 * accepted instead. `hostsOn(route)`: the route's hostnames on this listener (`*` for any).
 */
export function crossServingRejections(l: ListenerAttachment, hostsOn: (route: Route) => readonly string[]): Map<Route, CrossRejection> {
  const out = new Map<Route, CrossRejection>()
  const routes = l.attachedRoutes.filter((r) => r.kind === 'HTTPRoute' || r.kind === 'GRPCRoute')
  if (!routes.some((r) => r.kind === 'GRPCRoute') || !routes.some((r) => r.kind === 'HTTPRoute')) return out
  const index = {HTTPRoute: newIndex(), GRPCRoute: newIndex()}
  for (const route of [...routes].sort(byAge)) {
    const kind = route.kind as 'HTTPRoute' | 'GRPCRoute'
    const other = index[kind === 'HTTPRoute' ? 'GRPCRoute' : 'HTTPRoute']
    const hosts = hostsOn(route)
    let rejection: CrossRejection | undefined
    for (const h of hosts) {
      const by = find(other, h)
      if (by) {
        rejection = {by: by as Route, host: h}
        break
      }
    }
    if (rejection) out.set(route, rejection)
    else for (const h of hosts) register(index[kind], h, route)
  }
  return out
}
