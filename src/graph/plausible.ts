// Which listener a route was most plausibly meant for, so that an explanation leads with the fix for
// the listener the user was aiming at rather than for whichever listener decided the reason code (the
// code itself stays the one the spec's order of checks gives). Ranked by hostname, then kind, then how
// close the listener's name or port is to the parentRef's sectionName or port.

import {compatibleKinds} from './listeners.js'
import type {ListenerAttachment, ListenerVerdict} from './types.js'

/**
 * [hostname, kind, -failed checks, -position]: hostname 2 when the listener's hostname matches the
 * route's, 1 when the listener takes any hostname (or hostnames do not apply), 0 on a mismatch; kind 2
 * when allowed, 1 when the protocol carries the kind but allowedRoutes.kinds leaves it out, 0 otherwise.
 */
export function plausibility(v: ListenerVerdict, routeKind: string): number[] {
  const h = v.hostnames
  const host = !h.applies ? 1 : !h.matched ? 0 : v.listener.hostname !== undefined ? 2 : 1
  const kind = v.kindAllowed ? 2 : (compatibleKinds(v.listener.protocol) ?? []).includes(routeKind) ? 1 : 0
  const failures = [!v.kindAllowed, !v.namespaceAllowed, h.applies && !h.matched].filter(Boolean).length
  return [host, kind, -failures, -v.listener.index]
}

/** The listeners' verdicts, most plausibly meant for the route first (plausibility, then position). */
export function rankVerdicts(verdicts: readonly ListenerVerdict[], routeKind: string): ListenerVerdict[] {
  return rankBy(verdicts, (v) => plausibility(v, routeKind))
}

/**
 * For a parentRef that selects no listener (NoMatchingParent): the listener it most plausibly means,
 * by hostname and kind, then by the edit distance of its name to sectionName (or of its port to port).
 * Undefined when no listener fits the route's hostname and kind.
 */
export function closestListener(verdicts: readonly ListenerVerdict[], routeKind: string, sectionName: unknown, port: unknown): ListenerAttachment | undefined {
  const closeness = (l: ListenerAttachment): number =>
    typeof sectionName === 'string' ? -editDistance(l.name, sectionName) : typeof port === 'number' && l.port !== undefined ? -Math.abs(l.port - port) : 0
  const [best] = rankBy(verdicts, (v) => {
    const [host, kind, failures, position] = plausibility(v, routeKind)
    return [host, kind, closeness(v.listener), failures, position]
  })
  if (!best) return undefined
  const [host, kind] = plausibility(best, routeKind)
  return host > 0 && kind > 0 ? best.listener : undefined
}

function rankBy<T>(items: readonly T[], score: (x: T) => number[]): T[] {
  const scored = items.map((x) => ({x, s: score(x)}))
  scored.sort((a, b) => {
    for (let i = 0; i < a.s.length; i++) if (a.s[i] !== b.s[i]) return b.s[i] - a.s[i]
    return 0
  })
  return scored.map((e) => e.x)
}

/** Levenshtein distance, ignoring case (as cobra's "did you mean" does). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase()
  const t = b.toLowerCase()
  let prev = Array.from({length: t.length + 1}, (_, j) => j)
  for (let i = 1; i <= s.length; i++) {
    const row = [i]
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[t.length]
}
