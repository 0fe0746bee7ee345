// HTTPRoute / GRPCRoute hostname collisions on one listener (GEP-1016 "Cross Serving", semantics.md
// §1.6, §3.10): when an HTTPRoute and a GRPCRoute attached to the same listener have intersecting
// hostnames, a conformant implementation rejects the later one (creationTimestamp, then namespace/
// name) with Accepted=False. Reported by analyze on the later route.
//
// Linear in routes x hostnames x labels: each listener keeps, per route kind, indexes that answer "does
// any earlier route of the other kind intersect this hostname" without comparing pairs.

import {objText} from '../graph/refs.js'
import type {RouteAttachment} from '../graph/types.js'
import type {K8sObject} from '../model/types.js'
import type {Finding} from './findings.js'

export interface KindIndex {
  /** A route with no hostname restriction on this listener. */
  any?: K8sObject
  /** Exact hostnames. */
  exact: Map<string, K8sObject>
  /** Every label suffix of every exact hostname (`b.c`, `c` for `a.b.c`). */
  exactSuffix: Map<string, K8sObject>
  /** `s` for each wildcard `*.s`. */
  wild: Map<string, K8sObject>
  /** Every label suffix of `s`, including `s`, for each wildcard `*.s`. */
  wildSuffix: Map<string, K8sObject>
}

export const newIndex = (): KindIndex => ({exact: new Map(), exactSuffix: new Map(), wild: new Map(), wildSuffix: new Map()})

/** `a.b.c` -> [`b.c`, `c`] (proper suffixes); with `self`, `a.b.c` first. */
function suffixes(h: string, self: boolean): string[] {
  const labels = h.split('.')
  const out: string[] = []
  for (let i = self ? 0 : 1; i < labels.length; i++) out.push(labels.slice(i).join('.'))
  return out
}

/** A route in the index whose hostname intersects `host` (`*` for a route without hostnames), if any. */
export function find(ix: KindIndex, host: string): K8sObject | undefined {
  if (host === '*') return ix.any ?? ix.exact.values().next().value ?? ix.wild.values().next().value
  if (ix.any) return ix.any
  if (host.startsWith('*.')) {
    const s = host.slice(2)
    // Exact names under s; wildcards whose suffix contains s or is contained in it.
    return ix.exactSuffix.get(s) ?? ix.wildSuffix.get(s) ?? suffixes(s, true).map((t) => ix.wild.get(t)).find(Boolean)
  }
  return ix.exact.get(host) ?? suffixes(host, false).map((t) => ix.wild.get(t)).find(Boolean)
}

export function register(ix: KindIndex, host: string, route: K8sObject): void {
  const keep = (m: Map<string, K8sObject>, k: string) => {
    if (!m.has(k)) m.set(k, route)
  }
  if (host === '*') {
    ix.any ??= route
  } else if (host.startsWith('*.')) {
    keep(ix.wild, host.slice(2))
    for (const s of suffixes(host.slice(2), true)) keep(ix.wildSuffix, s)
  } else {
    keep(ix.exact, host)
    for (const s of suffixes(host, false)) keep(ix.exactSuffix, s)
  }
}

export function hostnameCollisions(routesByAge: readonly RouteAttachment[]): Finding[] {
  const out: Finding[] = []
  const listeners = new Map<unknown, {HTTPRoute: KindIndex; GRPCRoute: KindIndex}>()
  for (const ra of routesByAge) {
    const kind = ra.route.kind
    if (kind !== 'HTTPRoute' && kind !== 'GRPCRoute') continue
    const otherKind = kind === 'HTTPRoute' ? 'GRPCRoute' : 'HTTPRoute'
    const reported = new Set<unknown>()
    for (const p of ra.parents) {
      for (const v of p.listenerVerdicts) {
        if (!v.attached) continue
        let entry = listeners.get(v.listener)
        if (!entry) listeners.set(v.listener, (entry = {HTTPRoute: newIndex(), GRPCRoute: newIndex()}))
        const hosts = v.hostnames.any ? ['*'] : v.hostnames.effective
        for (const h of hosts) {
          const other = find(entry[otherKind], h)
          if (other && !reported.has(v.listener)) {
            reported.add(v.listener)
            const where = `listener ${JSON.stringify(v.listener.name)} of ${objText(v.listener.owner)}`
            out.push({
              code: 'RouteHostnameCollision',
              severity: 'error',
              object: {kind, ...(ra.route.metadata.namespace ? {namespace: ra.route.metadata.namespace} : {}), name: ra.route.metadata.name},
              subject: `${objText(v.listener.owner)}/${v.listener.name}`,
              message: `${objText(ra.route)} and the older ${objText(other)} (a ${otherKind}) both attach to ${where} with intersecting hostnames (${h === '*' ? 'any hostname' : h}); an implementation rejects the later route with Accepted=False (GEP-1016).`,
              hint: `Give the ${kind} hostnames that do not intersect the ${otherKind}'s on this listener, or attach it to another listener.`,
            })
          }
        }
        for (const h of hosts) register(entry[kind], h, ra.route)
      }
    }
  }
  return out
}
