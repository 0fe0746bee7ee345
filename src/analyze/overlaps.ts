// OverlappingRoutes: two HTTPRoutes or GRPCRoutes on one listener share a hostname and carry an
// identical match, yet the newer one's match is not dead: it still serves hostnames the older route
// does not. For the shared hostnames the older route takes every request (creation time decides,
// which is rarely what was meant); for the others the newer route still serves them.
//
// One finding per fact: when the newer match can never serve a request on that listener at all (the
// older route serves all its hostnames there), that is `DuplicateMatch` (or `ShadowedMatch` when an
// even higher match takes its requests), reported by shadowing.ts, and no OverlappingRoutes is added.
//
// Matches compare with the CRD defaults applied (matchIdentity, as DuplicateMatch does): a rule without
// matches and one with `PathPrefix /` are the same match. Cost: one pass per listener over its routes'
// matches and hostnames, in age order (oldest first), with a map from (hostname, match) to the first
// route that serves it.

import type {Analysis} from '../analysis.js'
import {nameOf, nsOf} from '../graph/access.js'
import {listenerId, listenerText} from '../graph/refs.js'
import type {Route} from '../model/types.js'
import {createdMs, matchIdentity, matchText, readRules} from '../trace/match.js'
import type {Finding} from './findings.js'
import {ANY, servedHostsByListener, shadowedMatchesOf} from './shadowing.js'


interface Served {
  route: Route
  rule: number
  ruleName?: string
  match: number
  text: string
}

/** Oldest first (creationTimestamp, missing ones as the newest), then `namespace/name`: the spec's tie-break. */
function byAge(x: Route, y: Route): number {
  const [tx, ty] = [createdMs(x), createdMs(y)]
  if (tx !== ty) return tx < ty ? -1 : 1
  const [kx, ky] = [`${nsOf(x)}/${nameOf(x)}`, `${nsOf(y)}/${nameOf(y)}`]
  return kx < ky ? -1 : kx > ky ? 1 : 0
}

const where = (m: Served) => `rule ${m.rule}${m.ruleName ? ` (${m.ruleName})` : ''} match ${m.match} (${m.text})`
const routeText = (r: Route) => `${r.kind} ${nsOf(r)}/${nameOf(r)}`
const hostText = (h: string) => (h === ANY ? 'every hostname' : h)

export function overlappingRoutes(a: Analysis): Finding[] {
  const hostsByListener = servedHostsByListener(a)
  const out: Finding[] = []
  for (const [l, hostsOf] of hostsByListener) {
    if (l.conflict) continue
    const first = new Map<string, Served>()
    for (const route of [...hostsOf.keys()].sort(byAge)) {
      const hosts = hostsOf.get(route)!
      const dead = new Set(shadowedMatchesOf(a, route).filter((s) => s.listener === l).map((s) => `${s.shadowed.rule}/${s.shadowed.match}`))
      for (const rule of readRules(route)) {
        rule.matches.forEach((m, i) => {
          const mine: Served = {route, rule: rule.index, ...(rule.name !== undefined ? {ruleName: rule.name} : {}), match: i, text: matchText(m)}
          const identity = matchIdentity(m)
          // Older route -> the shared hostnames, for this match.
          const shared = new Map<Served, string[]>()
          const own: string[] = []
          for (const h of hosts) {
            const key = `${h}\u0000${identity}`
            const older = first.get(key)
            if (!older) first.set(key, mine)
            else if (older.route !== route) {
              const list = shared.get(older)
              if (list) list.push(h)
              else shared.set(older, [h])
              continue
            }
            own.push(h)
          }
          if (shared.size === 0 || dead.has(`${rule.index}/${i}`)) return
          for (const [older, hs] of shared) {
            out.push({
              code: 'OverlappingRoutes',
              severity: 'warning',
              object: {kind: route.kind, ...(nsOf(route) ? {namespace: nsOf(route)} : {}), name: nameOf(route)},
              subject: `spec.rules[${rule.index}].matches[${i}] on ${listenerId(l)}`,
              message: `${where(mine)} has the same match as the older ${routeText(older.route)} ${where(older)} on ${listenerText(l)} for ${hs.map(hostText).join(', ')}: the older route takes those requests; this match still serves ${own.length ? own.map(hostText).join(', ') : 'no other hostname'}.`,
              hint: 'Merge the routes, or give each hostname to one route only.',
              ...(l.unverifiedRoutes ? {unverified: l.unverifiedRoutes} : {}),
            })
          }
        })
      }
    }
  }
  return out
}
