// Hostname intersection between a listener and a route (semantics.md §1.6; HTTPRouteSpec.Hostnames
// godoc, hostnames.md §Hostname Intersection).
//
// A hostname is precise (`foo.example.com`) or a wildcard with a single leading `*.` label. A wildcard
// matches ONE OR MORE labels in its place (`*.example.com` matches `a.b.example.com`, never
// `example.com`). An unset listener hostname, or an empty route `hostnames`, matches everything.

/** Lower-cased hostname without a trailing dot; undefined when not a non-empty string. */
export function normalizeHostname(h: unknown): string | undefined {
  if (typeof h !== 'string') return undefined
  const t = h.trim().toLowerCase().replace(/\.$/, '')
  return t === '' ? undefined : t
}

export function isWildcard(h: string): boolean {
  return h.startsWith('*.')
}

/** Does wildcard `*.suffix` cover precise `host`? One or more labels must replace the `*`. */
function covers(wildcard: string, host: string): boolean {
  const suffix = wildcard.slice(1) // ".example.com"
  return host.length > suffix.length && host.endsWith(suffix)
}

/**
 * The hostname traffic can use when a listener with hostname `listener` (undefined = any) serves a
 * route hostname `route`: the more specific of the two, or undefined when they do not intersect.
 */
export function intersectHostname(listener: string | undefined, route: string): string | undefined {
  if (listener === undefined || listener === '*') return route
  if (route === '*') return listener
  const lw = isWildcard(listener)
  const rw = isWildcard(route)
  if (!lw && !rw) return listener === route ? route : undefined
  if (lw && !rw) return covers(listener, route) ? route : undefined
  if (!lw && rw) return covers(route, listener) ? listener : undefined
  // Both wildcards: one suffix must contain the other; the longer one is the intersection.
  if (listener === route) return route
  if (covers(listener, route.slice(2))) return route
  if (covers(route, listener.slice(2))) return listener
  return undefined
}

export function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  return intersectHostname(listener, route) !== undefined
}

export interface HostnameMatch {
  matched: boolean
  /** Nothing restricts the hostnames (listener unset and route hostnames empty). */
  any: boolean
  /** The intersected hostnames, in route order, without duplicates. */
  effective: string[]
  /** Route hostnames that do not intersect the listener's and are ignored on it. */
  ignored: string[]
}

/**
 * Matches a route's hostnames (already normalized; empty = all) against a listener hostname.
 * Route hostnames are ORed: one intersection is enough.
 */
export function matchHostnames(listener: string | undefined, routeHostnames: readonly string[]): HostnameMatch {
  if (routeHostnames.length === 0) {
    return {matched: true, any: listener === undefined, effective: listener === undefined ? [] : [listener], ignored: []}
  }
  const effective: string[] = []
  const ignored: string[] = []
  for (const h of routeHostnames) {
    const i = intersectHostname(listener, h)
    if (i === undefined) ignored.push(h)
    else if (!effective.includes(i)) effective.push(i)
  }
  return {matched: effective.length > 0, any: false, effective, ignored}
}
