// Matches that can never serve a request: on some listener, every request the match takes is also
// taken by a match of higher precedence (src/trace/match.ts, the rules `trace` uses). Reported as
// `DuplicateMatch` when the other match is identical and in another route (the older route wins),
// else as `ShadowedMatch`, naming the match that wins.
//
// Only provable cases are reported: match B shadows match A when B takes a superset of A's requests
// and ranks higher for every one of them. Superset means: B serves every hostname A serves on the
// listener (by identity of the intersected hostnames: a wildcard covering A's exact hostname could
// lose to it on hostname specificity), B's path covers A's (Exact equal; PathPrefix on element
// boundaries; a regular expression only by PathPrefix / or the identical expression), B's method is
// unset or A's, and every header and query condition of B appears identically in A. A catch-all
// `PathPrefix /` therefore shadows nothing more specific: the more specific match outranks it.
//
// Cost: matches are indexed per listener by hostname and path, each bucket sorted by precedence; a
// match looks only in the buckets of its own hostname whose path is one of its ancestors (O(path
// depth) buckets), in precedence order, at most SCAN_LIMIT entries each: n log n in the matches. The
// limit can only hide a shadow (many higher matches on one hostname and path, none covering), never
// invent one.

import type {Analysis} from '../analysis.js'
import {nameOf, nsOf} from '../graph/access.js'
import {listenerId, listenerText} from '../graph/refs.js'
import type {ListenerAttachment} from '../graph/types.js'
import type {Route} from '../model/types.js'
import {compareRanks, createdMs, matchIdentity, matchText, prefixBase, rankOf, readRules, type Rank, type RouteMatch, type ValueMatch} from '../trace/match.js'
import {lossReason} from '../trace/trace.js'
import type {Finding} from './findings.js'

export interface MatchRef {
  route: Route
  rule: number
  ruleName?: string
  match: number
  text: string
}

export interface Shadow {
  code: 'ShadowedMatch' | 'DuplicateMatch'
  listener: ListenerAttachment
  shadowed: MatchRef
  by: MatchRef
  /** The precedence criterion on which the shadowed match loses (`newer route (created after a/b)`). */
  reason: string
}

interface Entry {
  ref: MatchRef
  m: RouteMatch
  hosts: string[]
  rank: Rank
  identity: string
}

/** A route that serves every hostname of its listener (no hostnames of its own, or the listener has none). */
export const ANY = '\u0000any'

/**
 * The hostnames each attached HTTPRoute/GRPCRoute serves on each listener (ANY for all of them), from
 * one pass over the routes' verdicts: a route attached to many listeners is read once, not once per
 * listener. Shared by shadowing and the overlap findings.
 */
export function servedHostsByListener(a: Analysis): Map<ListenerAttachment, Map<Route, string[]>> {
  const out = new Map<ListenerAttachment, Map<Route, string[]>>()
  for (const ra of a.graph.routes.values()) {
    if (ra.route.kind !== 'HTTPRoute' && ra.route.kind !== 'GRPCRoute') continue
    for (const p of ra.parents) {
      for (const v of p.listenerVerdicts) {
        if (!v.attached) continue
        let m = out.get(v.listener)
        if (!m) out.set(v.listener, (m = new Map()))
        if (!m.has(ra.route)) m.set(ra.route, !v.hostnames.applies || v.hostnames.any ? [ANY] : v.hostnames.effective)
      }
    }
  }
  return out
}

const memo = new WeakMap<Analysis, {all: Shadow[]; byRoute: Map<Route, Shadow[]>}>()

function memoized(a: Analysis): {all: Shadow[]; byRoute: Map<Route, Shadow[]>} {
  let m = memo.get(a)
  if (!m) {
    const all = compute(a)
    const byRoute = new Map<Route, Shadow[]>()
    for (const s of all) {
      const list = byRoute.get(s.shadowed.route)
      if (list) list.push(s)
      else byRoute.set(s.shadowed.route, [s])
    }
    memo.set(a, (m = {all, byRoute}))
  }
  return m
}

/** Every shadowed match in the analysis, once per listener it is shadowed on. */
export function shadowedMatches(a: Analysis): Shadow[] {
  return memoized(a).all
}

/** The shadowed matches of one route (describe), without a scan per route. */
export function shadowedMatchesOf(a: Analysis, route: Route): Shadow[] {
  return memoized(a).byRoute.get(route) ?? []
}

function compute(a: Analysis): Shadow[] {
  const hostsByListener = servedHostsByListener(a)
  const out: Shadow[] = []
  for (const ga of a.graph.gateways.values()) {
    const listeners = [...ga.listeners, ...ga.listenerSets.filter((ls) => ls.allowed === true).flatMap((ls) => ls.listeners)]
    for (const l of listeners) {
      const hosts = hostsByListener.get(l)
      if (hosts && !l.conflict) out.push(...onListener(l, hosts))
    }
  }
  return out
}

/** Path bucket keys a match is filed under, and those its possible shadowers are filed under. */
function ownKey(m: RouteMatch): string {
  if (m.kind === 'GRPCRoute') return m.method?.service !== undefined && m.method.type === 'Exact' ? `S:${m.method.service}` : m.method ? 'S:?' : 'S:*'
  const {type, value} = m.path
  return type === 'PathPrefix' ? `P:${prefixBase(value)}` : type === 'Exact' ? `E:${value}` : `R:${value}`
}

function shadowerKeys(m: RouteMatch): string[] {
  if (m.kind === 'GRPCRoute') {
    if (!m.method) return ['S:*']
    return m.method.service !== undefined && m.method.type === 'Exact' ? ['S:*', 'S:?', `S:${m.method.service}`] : ['S:*', 'S:?']
  }
  const {type, value} = m.path
  if (type === 'RegularExpression') return ['P:', `R:${value}`]
  const path = type === 'PathPrefix' ? prefixBase(value) : value
  const keys = ['P:']
  // Every ancestor on element boundaries: /a/b -> /a, /a/b.
  for (let i = path.indexOf('/', 1); i !== -1; i = path.indexOf('/', i + 1)) keys.push(`P:${path.slice(0, i)}`)
  if (path !== '' && path !== '/') keys.push(`P:${prefixBase(path)}`)
  if (type === 'Exact') keys.push(`E:${value}`)
  return [...new Set(keys)]
}

/** Comparisons per match and bucket: bounds the work when many matches share a hostname and a path but none covers another. */
const SCAN_LIMIT = 64

function onListener(l: ListenerAttachment, hostsOf: Map<Route, string[]>): Shadow[] {
  const entries: Entry[] = []
  for (const route of l.attachedRoutes) {
    const hosts = hostsOf.get(route)
    if (!hosts) continue
    const created = createdMs(route)
    const key = `${nsOf(route)}/${nameOf(route)}`
    for (const rule of readRules(route)) {
      rule.matches.forEach((m, i) => {
        // Ranked without hostnames: the superset test below guarantees the shadower's hostname ranks
        // at least as high for every request, so the rest of the order decides.
        const rank = rankOf({match: m, hostname: undefined, created, key, rule: rule.index, matchIndex: i})
        const ref: MatchRef = {route, rule: rule.index, ...(rule.name !== undefined ? {ruleName: rule.name} : {}), match: i, text: matchText(m)}
        entries.push({ref, m, hosts, rank, identity: matchIdentity(m)})
      })
    }
  }
  if (entries.length < 2) return []
  // host -> path key -> entries, best rank first
  const index = new Map<string, Map<string, Entry[]>>()
  for (const e of entries) {
    for (const h of e.hosts) {
      let byPath = index.get(h)
      if (!byPath) index.set(h, (byPath = new Map()))
      const k = `${e.m.kind}:${ownKey(e.m)}`
      const list = byPath.get(k)
      if (list) list.push(e)
      else byPath.set(k, [e])
    }
  }
  for (const byPath of index.values()) for (const list of byPath.values()) list.sort((x, y) => compareRanks(x.rank, y.rank))
  const out: Shadow[] = []
  for (const e of entries) {
    const byPath = index.get(e.hosts[0])
    if (!byPath) continue
    let best: Entry | undefined
    for (const k of shadowerKeys(e.m)) {
      const list = byPath.get(`${e.m.kind}:${k}`) ?? []
      // In rank order: the first that covers `e` is this bucket's best; stop at `e`'s own rank.
      for (let i = 0; i < list.length && i < SCAN_LIMIT; i++) {
        const o = list[i]
        if (compareRanks(o.rank, e.rank) >= 0 || (best && compareRanks(o.rank, best.rank) >= 0)) break
        if (o !== e && covers(o, e)) {
          best = o
          break
        }
      }
    }
    if (!best) continue
    const duplicate = best.identity === e.identity && best.ref.route !== e.ref.route
    const reason = lossReason(
      {rank: e.rank, match: e.m, hostname: undefined, route: e.ref.route, ruleIndex: e.ref.rule, matchIndex: e.ref.match},
      {rank: best.rank, match: best.m, hostname: undefined, route: best.ref.route, ruleIndex: best.ref.rule, matchIndex: best.ref.match},
    )
    out.push({code: duplicate ? 'DuplicateMatch' : 'ShadowedMatch', listener: l, shadowed: e.ref, by: best.ref, reason})
  }
  return out
}

/** Does `o` take every request `e` takes (hostnames, path, method, headers, query)? */
function covers(o: Entry, e: Entry): boolean {
  const oh = new Set(o.hosts)
  if (!e.hosts.every((h) => oh.has(h))) return false
  if (o.m.kind === 'HTTPRoute' && e.m.kind === 'HTTPRoute') {
    if (!pathCovers(o.m.path, e.m.path)) return false
    if (o.m.method !== undefined && o.m.method !== e.m.method) return false
    return conditionsIn(o.m.headers, e.m.headers) && conditionsIn(o.m.query, e.m.query)
  }
  if (o.m.kind === 'GRPCRoute' && e.m.kind === 'GRPCRoute') {
    const om = o.m.method
    const em = e.m.method
    if (om) {
      if (!em || om.type !== em.type) return false
      if (om.service !== undefined && om.service !== em.service) return false
      if (om.method !== undefined && om.method !== em.method) return false
    }
    return conditionsIn(o.m.headers, e.m.headers)
  }
  return false
}

function pathCovers(o: {type: string; value: string}, e: {type: string; value: string}): boolean {
  if (o.type === 'PathPrefix') {
    const base = prefixBase(o.value)
    if (base === '') return e.type === 'Exact' || e.type === 'PathPrefix' || e.type === 'RegularExpression'
    const path = e.type === 'PathPrefix' ? prefixBase(e.value) : e.type === 'Exact' ? e.value : undefined
    return path !== undefined && (path === base || path.startsWith(`${base}/`))
  }
  if (o.type === 'Exact') return e.type === 'Exact' && e.value === o.value
  if (o.type === 'RegularExpression') return e.type === 'RegularExpression' && e.value === o.value
  return false
}

/** Every condition of `outer` appears, identically, among `inner`'s. */
function conditionsIn(outer: readonly ValueMatch[], inner: readonly ValueMatch[]): boolean {
  return outer.every((c) => inner.some((d) => d.name === c.name && d.type === c.type && d.value === c.value))
}


const routeText = (r: Route) => `${r.kind} ${nsOf(r)}/${nameOf(r)}`
const where = (m: MatchRef) => `rule ${m.rule}${m.ruleName ? ` (${m.ruleName})` : ''} match ${m.match} (${m.text})`

/** The analyze findings: one per shadowed match and listener. */
export function shadowFindings(a: Analysis): Finding[] {
  return shadowedMatches(a).map((s) => {
    const route = s.shadowed.route
    const listener = listenerText(s.listener)
    const winner = `${s.by.route === route ? 'its own' : routeText(s.by.route)} ${where(s.by)}`
    const duplicate = s.code === 'DuplicateMatch'
    return {
      code: s.code,
      severity: 'warning',
      object: {kind: route.kind, ...(nsOf(route) ? {namespace: nsOf(route)} : {}), name: nameOf(route)},
      subject: `spec.rules[${s.shadowed.rule}].matches[${s.shadowed.match}] on ${listenerId(s.listener)}`,
      message: duplicate
        ? `${where(s.shadowed)} is identical to ${winner} on ${listener}, which takes every request it matches; this one loses on: ${s.reason}.`
        : `${where(s.shadowed)} can never serve a request on ${listener}: ${winner} takes every request it matches; this one loses on: ${s.reason}.`,
      hint: duplicate
        ? 'Remove the duplicate match or merge the two routes.'
        : 'Make the match more specific than the one that wins (longer path, method, more headers or query params), or remove it.',
      ...(s.listener.unverifiedRoutes ? {unverified: s.listener.unverifiedRoutes} : {}),
    }
  })
}
