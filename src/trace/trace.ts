// `trace`: which listener, route, rule and backend serve one request on each Gateway, computed from the
// objects (semantics.md §6), with every other candidate and why it did not win. Reads the attachment
// graph for what is attached where and the policy engine for what applies; decides only precedence.
//
// Cost: per Gateway, one pass over its listeners and one over the routes attached to it (each route's
// matches evaluated once): linear in the routes, never pairwise.

import type {Analysis} from '../analysis.js'
import {arr, int, nameOf, nsOf, obj, str} from '../graph/access.js'
import {isTrue} from '../graph/conditions.js'
import {isWildcard} from '../graph/hostnames.js'
import {routeHostnames} from '../graph/listeners.js'
import type {BackendResolution, GatewayAttachment, ListenerAttachment, ListenerVerdict, RouteAttachment} from '../graph/types.js'
import type {Gateway, Route} from '../model/types.js'
import {traceFilters, type TraceFilter} from './filters.js'
import {compareRanks, createdMs, firstDifference, hostnameRank, matchText, mismatch, rankOf, readRules, weightOf, type Rank, type RouteMatch} from './match.js'
import {byAge, crossServingRejections, type CrossRejection} from './cross-serving.js'
import {tracePolicies, type TracePolicy} from './policies.js'
import {isHttpScheme, type TraceRequest, type TraceScheme} from './request.js'

export type TraceOutcome = 'routed' | 'redirect' | 'no-listener' | 'no-route' | 'error'
export type CandidateResult = 'won' | 'lost' | 'not-matched' | 'not-attached'

export interface RouteId {
  kind: string
  namespace: string
  name: string
}

export interface TraceBackend {
  kind: string
  namespace: string
  name: string
  port: number | null
  weight: number
  resolved: boolean
  /** Why it does not resolve (BackendNotFound, RefNotPermitted, InvalidKind), or what could not be checked. */
  problem?: string
  /** Filters on this backendRef, in order. */
  filters?: TraceFilter[]
}

export interface TraceCandidate {
  route: RouteId
  rule: number | null
  ruleName?: string
  match: number | null
  /** The match as text (`PathPrefix /api, method GET`). */
  matchText?: string
  listener: string | null
  result: CandidateResult
  reason: string
}

export interface TraceResult {
  gateway: {namespace: string; name: string}
  /** The Gateway's spec or reported addresses include the request's host. */
  preferred: boolean
  listener: string | null
  /** Set when the listener belongs to a ListenerSet of the Gateway. */
  listenerSet?: {namespace: string; name: string}
  outcome: TraceOutcome
  /** The status the Gateway answers with itself (404, 500, a redirect's 3xx); null when a backend answers. */
  status: number | null
  /** One sentence: what happens to the request. */
  message: string
  route: RouteId | null
  rule: number | null
  ruleName: string | null
  match: number | null
  matchText: string | null
  filters: TraceFilter[]
  redirect: {status: number; location: string} | null
  backends: TraceBackend[]
  effectivePolicies: TracePolicy[]
  candidates: TraceCandidate[]
  notes: string[]
}

export interface TraceReport {
  request: {scheme: TraceScheme; host: string; port: number; path: string; query: {name: string; value: string}[]; method: string; headers: {name: string; value: string}[]}
  results: TraceResult[]
}

/** Listener protocols a scheme's requests arrive on. https and grpcs also reach TLS passthrough listeners (TLSRoute by SNI). */
export const SCHEME_PROTOCOLS: Record<TraceScheme, readonly string[]> = {
  http: ['HTTP'],
  https: ['HTTPS', 'TLS'],
  grpc: ['HTTP'],
  grpcs: ['HTTPS', 'TLS'],
  tls: ['TLS'],
  tcp: ['TCP'],
  udp: ['UDP'],
}

/**
 * The route kinds that can serve a request arriving on a listener of `protocol`. A gRPC request is an
 * HTTP request too (HTTP/2 POST to /SERVICE/METHOD, content-type application/grpc): HTTPRoutes on the
 * listener can take it, where no GRPCRoute holds the hostname (cross-serving.ts). A plain HTTP request
 * is never served by a GRPCRoute.
 */
function servingKinds(scheme: TraceScheme, protocol: string): readonly string[] {
  if (protocol === 'TLS') return ['TLSRoute']
  if (protocol === 'TCP') return ['TCPRoute']
  if (protocol === 'UDP') return ['UDPRoute']
  return scheme === 'grpc' || scheme === 'grpcs' ? ['GRPCRoute', 'HTTPRoute'] : ['HTTPRoute']
}

const routeId = (r: Route): RouteId => ({kind: r.kind, namespace: nsOf(r), name: nameOf(r)})
const routeKey = (r: Route): string => `${nsOf(r)}/${nameOf(r)}`
const routeText = (r: Route): string => `${r.kind} ${routeKey(r)}`

/** Does hostname `h` (precise or `*.suffix`) match request host `host`? */
export function hostMatches(h: string, host: string): boolean {
  return isWildcard(h) ? host.length > h.length - 1 && host.endsWith(h.slice(1)) : h === host
}

/** Listener specificity for traffic: exact hostname, then the longest wildcard, then none. */
function listenerSpecificity(l: ListenerAttachment): [number, number] {
  if (l.hostname === undefined) return [0, 0]
  return [isWildcard(l.hostname) ? 1 : 2, l.hostname.length]
}

/** Every listener of a Gateway: its own, then those of the ListenerSets it admits. */
export function listenersOf(ga: GatewayAttachment): ListenerAttachment[] {
  return [...ga.listeners, ...ga.listenerSets.filter((ls) => ls.allowed === true).flatMap((ls) => ls.listeners)]
}

export interface TraceOptions {
  /** Gateways to trace on; the command picks them (--gateway, or those in scope with a listener on the port). */
  gateways: Gateway[]
}

export function traceRequest(a: Analysis, req: TraceRequest, opts: TraceOptions): TraceReport {
  return {
    request: {scheme: req.scheme, host: req.host, port: req.port, path: req.path, query: req.query, method: req.method, headers: req.headers},
    results: opts.gateways.map((gw) => traceGateway(a, req, gw)),
  }
}

/** Whether the Gateway has any listener on the request's port (how the command picks Gateways). */
export function listensOn(a: Analysis, gw: Gateway, port: number): boolean {
  const ga = a.graph.gateways.get(gw)
  return ga !== undefined && listenersOf(ga).some((l) => l.port === port)
}

/** The Gateway's spec or reported addresses include `host`. */
export function addressedBy(gw: Gateway, host: string): boolean {
  const values = [...arr(obj(gw.spec)?.addresses), ...arr(obj(gw.status)?.addresses)].map((x) => str(obj(x)?.value)?.toLowerCase())
  return values.includes(host)
}

function emptyResult(gw: Gateway, req: TraceRequest): TraceResult {
  return {
    gateway: {namespace: nsOf(gw), name: nameOf(gw)},
    preferred: addressedBy(gw, req.host),
    listener: null,
    outcome: 'no-listener',
    status: null,
    message: '',
    route: null,
    rule: null,
    ruleName: null,
    match: null,
    matchText: null,
    filters: [],
    redirect: null,
    backends: [],
    effectivePolicies: [],
    candidates: [],
    notes: [],
  }
}

export interface ListenerChoice {
  listener?: ListenerAttachment
  /** Why no listener takes the request. */
  why?: string
  /** Listeners on the port that were skipped (conflicted, unsupported), with why. */
  skipped: string[]
  /** No listener matched the host, but HTTP(S) listeners of the right protocol are on the port. */
  httpOnPort?: boolean
}

/** The listener that takes the request: port, protocol, then the most specific hostname (§6). */
export function chooseListener(listeners: readonly ListenerAttachment[], req: TraceRequest): ListenerChoice {
  const protocols = SCHEME_PROTOCOLS[req.scheme]
  const onPort = listeners.filter((l) => l.port === req.port)
  const skipped: string[] = []
  if (onPort.length === 0) {
    const ports = [...new Set(listeners.map((l) => l.port).filter((p) => p !== undefined))].sort((x, y) => x! - y!)
    return {why: `no listener on port ${req.port}${ports.length ? ` (listeners are on ${ports.join(', ')})` : ''}`, skipped}
  }
  const usable = onPort.filter((l) => {
    if (!protocols.includes(l.protocol)) return false
    if (l.conflict) skipped.push(`listener ${l.name} is Conflicted (${l.conflict.reason}) and carries no traffic`)
    else if (!l.protocolSupported) skipped.push(`listener ${l.name} has an unsupported protocol`)
    return !l.conflict && l.protocolSupported
  })
  if (usable.length === 0) {
    const have = [...new Set(onPort.map((l) => l.protocol))].join(', ')
    return {why: skipped.length ? skipped.join('; ') : `port ${req.port} has ${have} listeners; a ${req.scheme}:// request needs ${protocols.join(' or ')}`, skipped}
  }
  const matching = usable.filter((l) => l.hostname === undefined || hostMatches(l.hostname, req.host))
  if (matching.length === 0) {
    const httpOnPort = usable.some((l) => l.protocol === 'HTTP' || l.protocol === 'HTTPS')
    return {why: `no listener on port ${req.port} matches host ${req.host} (${usable.map((l) => `${l.name}: ${l.hostname}`).join(', ')})`, skipped, httpOnPort}
  }
  let best = matching[0]
  for (const l of matching.slice(1)) {
    const [a, b] = [listenerSpecificity(l), listenerSpecificity(best)]
    if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) best = l
  }
  return {listener: best, skipped}
}

/** One (route, rule, match) that could serve the request on the listener. */
interface Candidate {
  route: Route
  ra: RouteAttachment
  ruleIndex: number
  ruleName?: string
  matchIndex: number | null
  match?: RouteMatch
  hostname: string | undefined
  rank: Rank
}

function traceGateway(a: Analysis, req: TraceRequest, gw: Gateway): TraceResult {
  const result = emptyResult(gw, req)
  const ga = a.graph.gateways.get(gw)
  if (!ga) {
    result.message = 'the Gateway is not in the attachment graph'
    return result
  }
  if (!ga.inScope) result.notes.push(`no controller reconciles this Gateway (${ga.noStatusMessage ?? ga.noStatusReason ?? 'GatewayClass not accepted'}): nothing serves this request`)
  const all = listenersOf(ga)
  const choice = chooseListener(all, req)
  result.notes.push(...choice.skipped)
  const l = choice.listener
  if (!l) {
    result.outcome = 'no-listener'
    // An HTTP listener on the port that does not match the host still answers: with a 404
    // (conformance httproute-listener-hostname-matching, gateway-http-listener-isolation).
    result.status = choice.httpOnPort && isHttpScheme(req.scheme) ? 404 : null
    result.message = `No listener takes the request: ${choice.why}${result.status ? '; the Gateway answers 404' : ''}.`
    result.candidates = notAttached(a, ga, req)
    return result
  }
  result.listener = l.name
  if (l.owner !== gw) result.listenerSet = {namespace: nsOf(l.owner), name: nameOf(l.owner)}
  if (l.incomplete) result.notes.push(`routes on listener ${l.name} may be incomplete: ${l.incomplete}`)
  const kinds = servingKinds(req.scheme, l.protocol)
  const kind = kinds.join(' or ')
  const rejected = l.protocol === 'HTTP' || l.protocol === 'HTTPS' ? crossServingRejections(l, (r) => hostsOn(a, r, l)) : new Map<Route, CrossRejection>()

  // Candidates on the chosen listener (listener isolation: only these compete).
  const matched: Candidate[] = []
  const candidates: TraceCandidate[] = []
  const onListener = new Set<Route>()
  for (const route of l.attachedRoutes) {
    onListener.add(route)
    const ra = a.graph.routes.get(route)
    if (!ra) continue
    const rejection = rejected.get(route)
    if (rejection) {
      const by = rejection.by
      candidates.push({
        route: routeId(route),
        rule: null,
        match: null,
        listener: l.name,
        result: 'not-attached',
        reason: `not accepted on this listener: its hostnames intersect those of the older ${routeText(by)} (${rejection.host === '*' ? 'any hostname' : rejection.host}); an HTTPRoute and a GRPCRoute on one listener may not share a hostname, and the spec accepts only the older of the two (creationTimestamp, then namespace/name; analyze: RouteHostnameCollision)`,
      })
      continue
    }
    if (!kinds.includes(route.kind)) {
      const reason = route.kind === 'GRPCRoute' && isHttpScheme(req.scheme) ? grpcOnly(route, ra, l, req) : `a ${route.kind} does not serve ${req.scheme}:// requests (${kind}s do)`
      candidates.push({route: routeId(route), rule: null, match: null, listener: l.name, result: 'not-matched', reason})
      continue
    }
    const hostname = matchedHostname(verdictFor(ra, l), req.host, l)
    if (hostname === null) {
      const hosts = verdictFor(ra, l)?.hostnames.effective ?? []
      candidates.push({route: routeId(route), rule: null, match: null, listener: l.name, result: 'not-matched', reason: `the route serves ${hosts.join(', ') || 'no hostname'} on this listener, not ${req.host}`})
      continue
    }
    for (const c of routeCandidates(route, ra, hostname)) {
      const why = c.match ? mismatch(c.match, req) : undefined
      if (why === undefined) matched.push(c)
      else candidates.push({...candidateBase(c, l), result: 'not-matched', reason: why})
    }
  }
  let winner: Candidate | undefined
  for (const c of matched) if (!winner || beats(c, winner)) winner = c
  const ranked: TraceCandidate[] = []
  for (const c of matched) {
    if (c === winner) ranked.push({...candidateBase(c, l), result: 'won', reason: 'highest precedence among the matches that take the request'})
    else ranked.push({...candidateBase(c, l), result: 'lost', reason: c.route.kind === winner!.route.kind ? lossReason(c, winner!) : `a ${c.route.kind} and a ${winner!.route.kind} never share a hostname on one listener: the older route is accepted (${routeKey(winner!.route)})`})
  }
  result.candidates = [...ranked, ...candidates, ...elsewhere(a, ga, l, req, kinds, onListener), ...notAttached(a, ga, req)]
  if (winner && req.grpc && winner.route.kind === 'HTTPRoute') {
    result.notes.push(
      `a gRPC request is an HTTP/2 POST to ${req.path} with content-type application/grpc: ${routeText(winner.route)} takes it as an HTTP request. No GRPCRoute competes for ${req.host} on listener ${l.name}: an HTTPRoute and a GRPCRoute on one listener never share a hostname (the older one is accepted)`,
    )
  }
  if (!winner) {
    result.outcome = 'no-route'
    result.status = isHttpScheme(req.scheme) && kind !== 'TLSRoute' ? 404 : null
    result.message = `No ${kind} on listener ${l.name} takes the request${result.status ? ': the Gateway answers 404' : ': the connection is refused'}.`
    return result
  }
  fillWinner(a, result, req, gw, l, winner)
  return result
}

/** Whether candidate `c` takes the request over `w`. Kinds differ only if the cross-serving rule let both through, which it never does; the older route would win. */
function beats(c: Candidate, w: Candidate): boolean {
  if (c.route.kind !== w.route.kind) return byAge(c.route, w.route) < 0
  return compareRanks(c.rank, w.rank) < 0
}

/** The route's hostnames on the listener, `*` for any (for the cross-serving rule). */
function hostsOn(a: Analysis, route: Route, l: ListenerAttachment): readonly string[] {
  const ra = a.graph.routes.get(route)
  const v = ra && verdictFor(ra, l)
  if (!v || !v.hostnames.applies || v.hostnames.any) return l.hostname !== undefined ? [l.hostname] : ['*']
  return v.hostnames.effective
}

/** Why a GRPCRoute on the listener does not take a plain HTTP request, saying so when its match would take the path as /SERVICE/METHOD. */
function grpcOnly(route: Route, ra: RouteAttachment, l: ListenerAttachment, req: TraceRequest): string {
  const plain = `a GRPCRoute serves only gRPC requests (HTTP/2 with content-type application/grpc: trace grpc:// or grpcs://), never a plain ${req.scheme}:// request`
  if (matchedHostname(verdictFor(ra, l), req.host, l) === null) return plain
  const g = /^\/([^/]+)\/([^/]+)$/.exec(req.path)
  if (!g) return plain
  const asGrpc: TraceRequest = {...req, grpc: {service: g[1], method: g[2]}}
  const hit = readRules(route).some((rule) => rule.matches.some((m) => mismatch(m, asGrpc) === undefined))
  return hit ? `would take ${req.path} as gRPC service ${g[1]} method ${g[2]}, but ${plain}` : plain
}

function verdictFor(ra: RouteAttachment, l: ListenerAttachment): ListenerVerdict | undefined {
  for (const p of ra.parents) for (const v of p.listenerVerdicts) if (v.listener === l && v.attached) return v
  return undefined
}

/**
 * The hostname through which the route takes the request on the listener: the most specific of its
 * effective (intersected) hostnames that matches the host; undefined when the route serves any host;
 * null when none matches.
 */
function matchedHostname(v: ListenerVerdict | undefined, host: string, l: ListenerAttachment): string | undefined | null {
  if (!v || !v.hostnames.applies) return l.hostname !== undefined && hostMatches(l.hostname, host) ? l.hostname : l.hostname === undefined ? undefined : null
  if (v.hostnames.any) return undefined
  let best: string | null = null
  for (const h of v.hostnames.effective) {
    if (!hostMatches(h, host)) continue
    if (best === null) best = h
    else {
      const [a, b] = [hostnameRank(h), hostnameRank(best)]
      if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) best = h
    }
  }
  return best
}

/** Every rule and match of a route, ranked; L4 routes give one candidate (rule 0, no match). */
function routeCandidates(route: Route, ra: RouteAttachment, hostname: string | undefined): Candidate[] {
  const created = createdMs(route)
  const key = routeKey(route)
  if (route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute') {
    return readRules(route).flatMap((rule) =>
      rule.matches.map((match, matchIndex) => ({
        route,
        ra,
        ruleIndex: rule.index,
        ...(rule.name !== undefined ? {ruleName: rule.name} : {}),
        matchIndex,
        match,
        hostname,
        rank: rankOf({match, hostname, created, key, rule: rule.index, matchIndex}),
      })),
    )
  }
  // TLSRoute by SNI (hostname precedence), TCPRoute/UDPRoute by port: then the oldest, then the name.
  const [hx, hc] = hostnameRank(hostname)
  const rank: Rank =
    route.kind === 'TLSRoute'
      ? {criteria: ['hostname-exact', 'hostname', 'age', 'name'], values: [hx, hc, created, key]}
      : {criteria: ['age', 'name'], values: [created, key]}
  const rules = arr(obj(route.spec)?.rules)
  const ruleName = str(obj(rules[0])?.name)
  return [{route, ra, ruleIndex: 0, ...(ruleName !== undefined ? {ruleName} : {}), matchIndex: null, hostname, rank}]
}

function candidateBase(c: Candidate, l: ListenerAttachment): Omit<TraceCandidate, 'result' | 'reason'> {
  return {
    route: routeId(c.route),
    rule: c.ruleIndex,
    ...(c.ruleName !== undefined ? {ruleName: c.ruleName} : {}),
    match: c.matchIndex,
    ...(c.match ? {matchText: matchText(c.match)} : {}),
    listener: l.name,
  }
}

/** The precedence criterion on which `c` lost to `w`, as the reason a user reads. */
export function lossReason(c: Candidate | {rank: Rank; match?: RouteMatch; hostname: string | undefined; route: Route; ruleIndex: number; matchIndex: number | null}, w: typeof c): string {
  const i = firstDifference(c.rank, w.rank)
  const crit = c.rank.criteria[i]
  const [cv, wv] = [c.rank.values[i], w.rank.values[i]]
  const wt = `${routeText(w.route)} rule ${w.ruleIndex}${w.matchIndex !== null ? ` match ${w.matchIndex}` : ''}`
  switch (crit) {
    case 'hostname-exact':
    case 'hostname':
      return `less specific hostname (${c.hostname ?? 'any'}; ${wt} matches ${w.hostname ?? 'any'})`
    case 'path-exact':
      return `a ${c.match?.kind === 'HTTPRoute' ? c.match.path.type : ''} path match loses to the Exact path match of ${wt}`
    case 'path-kind':
      return `RegularExpression path precedence is implementation-specific (ranked after PathPrefix here); ${wt} has ${w.match ? matchText(w.match) : ''}`
    case 'path-length':
      return `shorter path prefix (${c.match?.kind === 'HTTPRoute' ? c.match.path.value : ''} vs ${w.match?.kind === 'HTTPRoute' ? w.match.path.value : ''} of ${wt})`
    case 'method':
      return `no method match (${wt} matches the method)`
    case 'headers':
      return `fewer header matches (${cv} vs ${wv} of ${wt})`
    case 'query':
      return `fewer query param matches (${cv} vs ${wv} of ${wt})`
    case 'service':
      return `shorter service match (${cv} vs ${wv} characters of ${wt})`
    case 'grpc-method':
      return `shorter method match (${cv} vs ${wv} characters of ${wt})`
    case 'age':
      return cv === Infinity ? `no valid creationTimestamp: ranks as the newest route (${wt} wins)` : `newer route (created after ${routeKey(w.route)})`
    case 'name':
      return `same creation time; ${routeKey(w.route)} comes first by namespace/name`
    case 'rule':
      return `later rule: rule ${w.ruleIndex} of the same route takes the request first`
    case 'match':
      return `later match in the same rule: match ${w.matchIndex} takes the request first`
    default:
      return 'lower precedence'
  }
}

/** Routes attached to this Gateway but not to the chosen listener that would match: why they do not apply. */
function elsewhere(a: Analysis, ga: GatewayAttachment, chosen: ListenerAttachment, req: TraceRequest, kinds: readonly string[], onListener: Set<Route>): TraceCandidate[] {
  const out: TraceCandidate[] = []
  const routes = new Set<Route>([...ga.attachedRoutes, ...ga.listenerSets.flatMap((ls) => ls.attachedRoutes)])
  for (const route of routes) {
    if (onListener.has(route) || !kinds.includes(route.kind)) continue
    const ra = a.graph.routes.get(route)
    if (!ra) continue
    const best = wouldMatch(route, req)
    if (!best) continue
    const listeners = ra.parents.flatMap((p) => (p.gateway === ga.gateway ? p.attachedListeners : []))
    const reasons = [...new Set(listeners)].map((x) => {
      if (x.port !== req.port) return `attached to listener ${x.name} on port ${x.port ?? '?'}, not ${req.port}`
      if (!SCHEME_PROTOCOLS[req.scheme].includes(x.protocol)) return `attached to listener ${x.name} (${x.protocol}), which does not take ${req.scheme}:// requests`
      if (x.hostname !== undefined && !hostMatches(x.hostname, req.host)) return `attached to listener ${x.name} for ${x.hostname}, which does not match ${req.host}`
      return `attached to listener ${x.name}${x.hostname ? ` (${x.hostname})` : ' (any hostname)'}, but the request lands on the more specific listener ${chosen.name} (listener isolation)`
    })
    out.push({route: routeId(route), rule: best.rule, match: best.match, listener: null, result: 'not-matched', reason: reasons.join('; ') || 'attached to no listener of this Gateway'})
  }
  return out
}

/**
 * Whether a route would take the request if it were attached: its own hostnames and its matches.
 * The first matching rule and match, or undefined.
 */
function wouldMatch(route: Route, req: TraceRequest): {rule: number | null; match: number | null} | undefined {
  const hosts = routeHostnames(route)
  if (route.kind !== 'TCPRoute' && route.kind !== 'UDPRoute' && hosts.length > 0 && !hosts.some((h) => hostMatches(h, req.host))) return undefined
  if (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute') return {rule: 0, match: null}
  for (const rule of readRules(route)) {
    for (const [i, m] of rule.matches.entries()) if (mismatch(m, req) === undefined) return {rule: rule.index, match: i}
  }
  return undefined
}

/** Routes whose parentRef names this Gateway but that are not attached, and would take the request. */
function notAttached(a: Analysis, ga: GatewayAttachment, req: TraceRequest): TraceCandidate[] {
  const out: TraceCandidate[] = []
  const seen = new Set<Route>()
  const rejected = [...ga.rejectedRoutes, ...ga.listenerSets.flatMap((ls) => ls.rejectedRoutes)]
  for (const {route, parent} of rejected) {
    if (seen.has(route)) continue
    const ra = a.graph.routes.get(route)
    // Attached through another parentRef to this Gateway: not "not attached".
    if (ra?.parents.some((p) => p.gateway === ga.gateway && isTrue(p.accepted))) continue
    if (!SCHEME_PROTOCOLS[req.scheme].some((p) => servingKinds(req.scheme, p).includes(route.kind))) continue
    const best = wouldMatch(route, req)
    if (!best) continue
    seen.add(route)
    const why = parent.accepted ? `${parent.accepted.reason}: ${parent.accepted.message ?? ''}` : 'not attached'
    out.push({route: routeId(route), rule: best.rule, match: best.match, listener: null, result: 'not-attached', reason: `would match but not attached: ${why} (kubectl gw describe ${route.kind.toLowerCase()} ${nameOf(route)} -n ${nsOf(route)})`})
  }
  return out
}

function fillWinner(a: Analysis, result: TraceResult, req: TraceRequest, gw: Gateway, l: ListenerAttachment, w: Candidate): void {
  const route = w.route
  const rule = obj(arr(obj(route.spec)?.rules)[w.ruleIndex]) ?? {}
  result.route = routeId(route)
  result.rule = w.ruleIndex
  result.ruleName = w.ruleName ?? null
  result.match = w.matchIndex
  result.matchText = w.match ? matchText(w.match) : null
  const ctx = {listenerPort: l.port ?? req.port, match: w.match, routeNs: nsOf(route)}
  result.filters = traceFilters(rule.filters, req, ctx)
  result.backends = traceBackends(w.ra, rule, w.ruleIndex, req, ctx)
  result.effectivePolicies = tracePolicies(a, route, gw, l, w.ruleIndex, result.backends)
  const redirect = result.filters.find((f) => f.redirect)?.redirect
  const how = `${routeText(route)} rule ${w.ruleIndex}${w.ruleName ? ` (${w.ruleName})` : ''}${w.matchIndex !== null ? ` match ${w.matchIndex}` : ''}`
  if (redirect) {
    result.outcome = 'redirect'
    result.status = redirect.status
    result.redirect = redirect
    result.message = `${how} redirects: ${redirect.status} to ${redirect.location}.`
    return
  }
  const serving = result.backends.filter((b) => b.resolved && b.weight > 0)
  const total = result.backends.reduce((s, b) => s + Math.max(0, b.weight), 0)
  if (serving.length === 0) {
    result.outcome = 'error'
    const l4 = !isHttpScheme(req.scheme) || l.protocol === 'TLS'
    result.status = l4 ? null : 500
    const why = result.backends.length === 0 ? 'the rule has no backendRefs' : total === 0 ? 'every backendRef has weight 0' : 'no backendRef resolves'
    result.message = `${how} takes the request, but ${why}: ${l4 ? 'the connection is rejected' : 'the Gateway answers 500'}.`
    return
  }
  result.outcome = 'routed'
  const bad = result.backends.filter((b) => !b.resolved && b.weight > 0).reduce((s, b) => s + b.weight, 0)
  const share = bad > 0 ? ` ${Math.round((bad / total) * 100)}% of such requests get ${isHttpScheme(req.scheme) && l.protocol !== 'TLS' ? 'a 500' : 'a rejected connection'} (unresolved backendRefs).` : ''
  result.message = `${how} forwards to ${serving.map((b) => `${b.namespace}/${b.name}${b.port !== null ? `:${b.port}` : ''}`).join(', ')}.${share}`
}

function traceBackends(ra: RouteAttachment, rule: Record<string, unknown>, ruleIndex: number, req: TraceRequest, ctx: Parameters<typeof traceFilters>[2]): TraceBackend[] {
  const byField = new Map<string, BackendResolution>()
  for (const b of ra.backends) if (b.ruleIndex === ruleIndex && b.source === 'backendRef') byField.set(b.field, b)
  return arr(rule.backendRefs).map((raw, j) => {
    const o = obj(raw) ?? {}
    const res = byField.get(`spec.rules[${ruleIndex}].backendRefs[${j}]`)
    const problem = res?.problem ? `${res.problem}: ${res.message}` : res?.unverified ? `unverified: ${res.unverified}` : undefined
    const filters = arr(o.filters).length ? traceFilters(o.filters, req, ctx) : undefined
    return {
      kind: res?.ref.kind ?? str(o.kind) ?? 'Service',
      namespace: res?.ref.namespace ?? str(o.namespace) ?? nsOf(ra.route),
      name: res?.ref.name ?? str(o.name) ?? '',
      port: int(o.port) ?? null,
      weight: weightOf(o),
      resolved: res !== undefined && res.problem === undefined,
      ...(problem ? {problem} : {}),
      ...(filters ? {filters} : {}),
    }
  })
}
