// Route matches, read with the CRD defaults, evaluated against a request, and ranked by the spec's
// precedence (semantics.md §6; HTTPRoute rules godoc, GRPCRoute rules godoc, Hostnames godoc).
// Pure functions shared by `trace` (which match serves a request) and `analyze` (which matches can
// never serve one).

import {arr, int, obj, str} from '../graph/access.js'
import type {Route} from '../model/types.js'
import type {TraceRequest} from './request.js'

export interface ValueMatch {
  /** Header names lower-cased (case-insensitive); query param names as written. */
  name: string
  type: 'Exact' | 'RegularExpression' | string
  value: string
}

export interface HttpMatch {
  kind: 'HTTPRoute'
  path: {type: 'Exact' | 'PathPrefix' | 'RegularExpression' | string; value: string}
  method?: string
  headers: ValueMatch[]
  query: ValueMatch[]
}

export interface GrpcMatch {
  kind: 'GRPCRoute'
  /** Absent: every service and method. */
  method?: {type: 'Exact' | 'RegularExpression' | string; service?: string; method?: string}
  headers: ValueMatch[]
}

export type RouteMatch = HttpMatch | GrpcMatch

/** One rule of a route with its matches read (defaults applied). */
export interface ReadRule {
  index: number
  name?: string
  matches: RouteMatch[]
  /** The rule as written. */
  raw: Record<string, unknown>
}

/**
 * The rules of an HTTPRoute or GRPCRoute. HTTPRoute: a rule without matches gets `PathPrefix /`, a
 * match without path gets `PathPrefix /` (+kubebuilder:default; objects from files may lack them).
 * GRPCRoute: a rule without matches matches every request.
 */
export function readRules(route: Route): ReadRule[] {
  return arr(obj(route.spec)?.rules).map((r, index) => {
    const raw = obj(r) ?? {}
    const written = arr(raw.matches)
    const matches: RouteMatch[] = route.kind === 'GRPCRoute' ? (written.length === 0 ? [{kind: 'GRPCRoute', headers: []}] : written.map(readGrpcMatch)) : (written.length === 0 ? [{}] : written).map(readHttpMatch)
    const name = str(raw.name)
    return {index, ...(name !== undefined ? {name} : {}), matches, raw}
  })
}

function readValues(v: unknown, lower: boolean): ValueMatch[] {
  return arr(v).map((x) => {
    const o = obj(x) ?? {}
    const name = str(o.name) ?? ''
    return {name: lower ? name.toLowerCase() : name, type: str(o.type) ?? 'Exact', value: str(o.value) ?? ''}
  })
}

function readHttpMatch(m: unknown): HttpMatch {
  const o = obj(m) ?? {}
  const p = obj(o.path)
  const method = str(o.method)
  return {
    kind: 'HTTPRoute',
    path: {type: str(p?.type) ?? 'PathPrefix', value: str(p?.value) ?? '/'},
    ...(method !== undefined ? {method} : {}),
    headers: readValues(o.headers, true),
    query: readValues(o.queryParams, false),
  }
}

function readGrpcMatch(m: unknown): GrpcMatch {
  const o = obj(m) ?? {}
  const mm = obj(o.method)
  const service = str(mm?.service)
  const method = str(mm?.method)
  return {
    kind: 'GRPCRoute',
    ...(mm ? {method: {type: str(mm.type) ?? 'Exact', ...(service !== undefined ? {service} : {}), ...(method !== undefined ? {method} : {})}} : {}),
    headers: readValues(o.headers, true),
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** PathPrefix value without its trailing slash: the prefix matches on whole path elements. */
export function prefixBase(value: string): string {
  return value.replace(/\/+$/, '')
}

/** Does PathPrefix `value` match `path`? `/abc` matches `/abc`, `/abc/`, `/abc/d`, never `/abcd`. */
export function prefixMatches(value: string, path: string): boolean {
  const base = prefixBase(value)
  return base === '' || path === base || path.startsWith(`${base}/`)
}

const regexCache = new Map<string, RegExp | null>()

/** A whole-string regular expression (RE2 and JS agree on the common subset); null when invalid. */
export function fullRegex(pattern: string): RegExp | null {
  let re = regexCache.get(pattern)
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`)
    } catch {
      re = null
    }
    if (regexCache.size > 10_000) regexCache.clear()
    regexCache.set(pattern, re)
  }
  return re
}

/** Why `match` does not take the request, or undefined when it does. */
export function mismatch(match: RouteMatch, req: TraceRequest): string | undefined {
  return match.kind === 'HTTPRoute' ? httpMismatch(match, req) : grpcMismatch(match, req)
}

function valueMismatch(what: 'header' | 'query param', vm: ValueMatch, actual: string | undefined): string | undefined {
  const label = `${what} ${vm.name}`
  if (actual === undefined) return `${label} is not in the request`
  if (vm.type === 'Exact') return actual === vm.value ? undefined : `${label} is "${actual}", the match wants "${vm.value}"`
  if (vm.type === 'RegularExpression') {
    const re = fullRegex(vm.value)
    if (!re) return `${label}: the regular expression "${vm.value}" is invalid`
    return re.test(actual) ? undefined : `${label} "${actual}" does not match the regular expression "${vm.value}"`
  }
  return `${label}: match type "${vm.type}" is not defined by the API`
}

/** The request's header value for a lower-cased name; repeated headers are joined with ", " as HTTP allows. */
function headerValue(req: TraceRequest, name: string): string | undefined {
  const values = req.headers.filter((h) => h.name === name).map((h) => h.value)
  return values.length === 0 ? undefined : values.join(', ')
}

function httpMismatch(m: HttpMatch, req: TraceRequest): string | undefined {
  const {type, value} = m.path
  if (type === 'Exact') {
    if (req.path !== value) return `path ${req.path} is not Exact ${value}`
  } else if (type === 'PathPrefix') {
    if (!prefixMatches(value, req.path)) return `path ${req.path} is not under PathPrefix ${value}`
  } else if (type === 'RegularExpression') {
    const re = fullRegex(value)
    if (!re) return `the path regular expression "${value}" is invalid`
    if (!re.test(req.path)) return `path ${req.path} does not match RegularExpression ${value}`
  } else return `path match type "${type}" is not defined by the API`
  if (m.method !== undefined && m.method !== req.method) return `method ${req.method} is not ${m.method}`
  for (const h of m.headers) {
    const why = valueMismatch('header', h, headerValue(req, h.name))
    if (why) return why
  }
  for (const q of m.query) {
    // The first value of a repeated query parameter, as Envoy does (implementation-specific).
    const why = valueMismatch('query param', q, req.query.find((x) => x.name === q.name)?.value)
    if (why) return why
  }
  return undefined
}

function grpcMismatch(m: GrpcMatch, req: TraceRequest): string | undefined {
  if (!req.grpc) return 'not a gRPC request'
  if (m.method) {
    const {type, service, method} = m.method
    const test = (want: string | undefined, actual: string, what: string): string | undefined => {
      if (want === undefined) return undefined
      if (type === 'Exact') return want === actual ? undefined : `${what} ${actual} is not ${want}`
      if (type === 'RegularExpression') {
        const re = fullRegex(want)
        if (!re) return `the ${what} regular expression "${want}" is invalid`
        return re.test(actual) ? undefined : `${what} ${actual} does not match RegularExpression ${want}`
      }
      return `method match type "${type}" is not defined by the API`
    }
    const why = test(service, req.grpc.service, 'service') ?? test(method, req.grpc.method, 'method')
    if (why) return why
  }
  for (const h of m.headers) {
    const why = valueMismatch('header', h, headerValue(req, h.name))
    if (why) return why
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Precedence

/** Which criterion of the precedence list a rank position is; used to say why a candidate lost. */
export type Criterion =
  | 'hostname-exact'
  | 'hostname'
  | 'path-exact'
  | 'path-kind'
  | 'path-length'
  | 'method'
  | 'headers'
  | 'query'
  | 'service'
  | 'grpc-method'
  | 'age'
  | 'name'
  | 'rule'
  | 'match'

/**
 * Where hostnames rank. The Hostnames godoc puts the most specific matching hostname before the match
 * criteria, but conformance disagrees and conformance is followed: in httproute-matching-across-routes
 * a request for example.com with `version: two` must reach the route for `*.com` (its header match
 * beats the PathPrefix / of the route for example.com). Match criteria therefore come first and
 * hostname specificity breaks their ties, before route age. TLSRoutes have no match criteria: SNI
 * specificity comes first there.
 *
 * A candidate's position in the precedence order: criteria in the spec's order, each a number where
 * larger wins, except the tie-breaks `age` (older wins), `name`, `rule` and `match` (smaller wins).
 */
export interface Rank {
  criteria: Criterion[]
  values: (number | string)[]
}

const LOWER_WINS = new Set<Criterion>(['age', 'name', 'rule', 'match'])

/** Rank of a hostname that matched the request: (characters if not a wildcard, characters); 0 for "any". */
export function hostnameRank(h: string | undefined): [number, number] {
  if (h === undefined) return [0, 0]
  return [h.startsWith('*.') ? 0 : h.length, h.length]
}

/** Path kind, for precedence: Exact, then PathPrefix; RegularExpression is implementation-specific and ranked last here. */
const PATH_KIND: Record<string, number> = {Exact: 2, PathPrefix: 1, RegularExpression: 0}

export interface RankInput {
  match: RouteMatch
  /** The hostname by which the route matched the request (undefined: the route serves any). */
  hostname: string | undefined
  /** creationTimestamp in ms; Infinity when missing or malformed (ranks as the newest). */
  created: number
  /** `namespace/name`. */
  key: string
  rule: number
  matchIndex: number
}

export function rankOf(c: RankInput): Rank {
  const [hx, hc] = hostnameRank(c.hostname)
  const tail: [Criterion, number | string][] = [
    ['age', c.created],
    ['name', c.key],
    ['rule', c.rule],
    ['match', c.matchIndex],
  ]
  let head: [Criterion, number | string][]
  if (c.match.kind === 'HTTPRoute') {
    const m = c.match
    head = [
      ['path-exact', m.path.type === 'Exact' ? 1 : 0],
      ['path-kind', PATH_KIND[m.path.type] ?? -1],
      // A trailing slash in a prefix is ignored (it matches the same paths), so it adds no characters.
      ['path-length', m.path.type === 'PathPrefix' ? prefixBase(m.path.value).length : 0],
      ['method', m.method !== undefined ? 1 : 0],
      ['headers', m.headers.length],
      ['query', m.query.length],
      ['hostname-exact', hx],
      ['hostname', hc],
    ]
  } else {
    const m = c.match
    head = [
      ['service', m.method?.service?.length ?? 0],
      ['grpc-method', m.method?.method?.length ?? 0],
      ['headers', m.headers.length],
      ['hostname-exact', hx],
      ['hostname', hc],
    ]
  }
  const all = [...head, ...tail]
  return {criteria: all.map((x) => x[0]), values: all.map((x) => x[1])}
}

/** Negative when `a` wins over `b`; 0 only for the same candidate. */
export function compareRanks(a: Rank, b: Rank): number {
  const i = firstDifference(a, b)
  if (i < 0) return 0
  const [x, y] = [a.values[i], b.values[i]]
  const aBetter = LOWER_WINS.has(a.criteria[i]) ? x < y : x > y
  return aBetter ? -1 : 1
}

/** Index of the first criterion on which the ranks differ, -1 when equal. */
export function firstDifference(a: Rank, b: Rank): number {
  for (let i = 0; i < a.values.length && i < b.values.length; i++) if (a.values[i] !== b.values[i]) return i
  return -1
}

/** creationTimestamp in ms, Infinity when missing or not a date (such a route ranks as the newest). */
export function createdMs(route: {metadata: {creationTimestamp?: unknown}}): number {
  const t = route.metadata.creationTimestamp
  const ms = typeof t === 'string' ? Date.parse(t) : NaN
  return Number.isNaN(ms) ? Infinity : ms
}

/** A match as a short text: `PathPrefix /api, method GET, 1 header, 2 query params`. */
export function matchText(m: RouteMatch): string {
  const parts: string[] = []
  if (m.kind === 'HTTPRoute') {
    parts.push(`${m.path.type} ${m.path.value}`)
    if (m.method !== undefined) parts.push(`method ${m.method}`)
  } else if (m.method) {
    const s = m.method.service ?? '*'
    const meth = m.method.method ?? '*'
    parts.push(`${m.method.type === 'RegularExpression' ? 'regex ' : ''}${s}/${meth}`)
  } else parts.push('any service and method')
  for (const h of m.headers) parts.push(`header ${h.name}${h.type === 'RegularExpression' ? ' ~ ' : '='}${h.value}`)
  if (m.kind === 'HTTPRoute') for (const q of m.query) parts.push(`query ${q.name}${q.type === 'RegularExpression' ? ' ~ ' : '='}${q.value}`)
  return parts.join(', ')
}

/** A JSON-stable identity of a match (for identical-match detection): defaults applied, order kept. */
export function matchIdentity(m: RouteMatch): string {
  if (m.kind === 'HTTPRoute') {
    const path = m.path.type === 'PathPrefix' ? {type: 'PathPrefix', value: prefixBase(m.path.value) || '/'} : m.path
    const sorted = (v: ValueMatch[]) => [...v].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    return JSON.stringify(['H', path, m.method ?? null, sorted(m.headers), sorted(m.query)])
  }
  return JSON.stringify(['G', m.method ?? null, [...m.headers].sort((a, b) => (a.name < b.name ? -1 : 1))])
}

/** Backend weight as written (default 1). */
export function weightOf(ref: unknown): number {
  const w = int(obj(ref)?.weight)
  return w === undefined ? 1 : w
}
