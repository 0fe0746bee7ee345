// What a winning rule's filters do to the request (HTTPRouteFilter / GRPCRouteFilter godoc): the
// redirect a RequestRedirect answers with, the host and path a URLRewrite forwards, header changes,
// mirrors. Pure.

import {arr, int, obj, str, type Obj} from '../graph/access.js'
import {prefixBase, type RouteMatch} from './match.js'
import type {TraceRequest} from './request.js'

export interface TraceFilter {
  /** `spec.rules[i].filters[j].type` as written. */
  type: string
  /** One line: what the filter does to this request. */
  summary: string
  /** RequestRedirect. */
  redirect?: {status: number; location: string}
  /** URLRewrite: the host and path forwarded to the backend. */
  rewrite?: {host: string; path: string}
  /** RequestMirror: the mirrored backend `namespace/name[:port]`. */
  mirror?: string
}

const WELL_KNOWN: Record<string, number> = {http: 80, https: 443}

/**
 * The path after a path modifier (HTTPPathModifier godoc). ReplacePrefixMatch replaces the part of
 * the path the PathPrefix matched, on element boundaries (conformance httproute-rewrite-path:
 * `/prefix/one/two` with prefix `/prefix/one` and replacement `/one` gives `/one/two`; replacement
 * `/` on `/strip-prefix` gives `/`).
 */
export function modifiedPath(modifier: unknown, path: string, match: RouteMatch | undefined): {path: string; problem?: string} {
  const m = obj(modifier)
  if (!m) return {path}
  const type = str(m.type)
  if (type === 'ReplaceFullPath') return {path: str(m.replaceFullPath) ?? path}
  if (type === 'ReplacePrefixMatch') {
    if (match?.kind !== 'HTTPRoute' || match.path.type !== 'PathPrefix') return {path, problem: 'ReplacePrefixMatch needs a PathPrefix match (the route is invalid)'}
    const rest = path.slice(prefixBase(match.path.value).length)
    const replacement = prefixBase(str(m.replacePrefixMatch) ?? '/')
    const out = replacement + rest
    return {path: out === '' ? '/' : out.startsWith('/') ? out : `/${out}`}
  }
  return {path, problem: `path modifier type ${JSON.stringify(type ?? null)} is not defined by the API`}
}

function pathAndQuery(path: string, req: TraceRequest): string {
  if (req.query.length === 0) return path
  return `${path}?${req.query.map((q) => (q.value === '' ? encodeURIComponent(q.name) : `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`)).join('&')}`
}

/**
 * The Location a RequestRedirect sends (HTTPRequestRedirectFilter godoc): scheme, hostname, port and
 * path from the filter or the request; without a port, the scheme's well-known port when the filter
 * sets a scheme, else the listener's port; no port in the Location for http:80 and https:443.
 */
export function redirectOf(f: Obj, req: TraceRequest, listenerPort: number, match: RouteMatch | undefined): {status: number; location: string; problem?: string} {
  const scheme = str(f.scheme) ?? (req.scheme === 'grpcs' ? 'https' : req.scheme === 'grpc' ? 'http' : req.scheme)
  const host = str(f.hostname) ?? req.host
  const port = int(f.port) ?? (str(f.scheme) !== undefined ? (WELL_KNOWN[scheme] ?? listenerPort) : listenerPort)
  const {path, problem} = modifiedPath(f.path, req.path, match)
  const status = int(f.statusCode) ?? 302
  const showPort = WELL_KNOWN[scheme] !== port
  return {status, location: `${scheme}://${host}${showPort ? `:${port}` : ''}${pathAndQuery(path, req)}`, ...(problem ? {problem} : {})}
}

function headerChanges(m: unknown): string {
  const o = obj(m) ?? {}
  const pairs = (v: unknown) =>
    arr(v)
      .map((x) => obj(x))
      .filter((x): x is Obj => x !== undefined)
      .map((x) => `${str(x.name) ?? ''}: ${str(x.value) ?? ''}`)
  const parts: string[] = []
  const set = pairs(o.set)
  const add = pairs(o.add)
  const remove = arr(o.remove).filter((x): x is string => typeof x === 'string')
  if (set.length) parts.push(`set ${set.join(', ')}`)
  if (add.length) parts.push(`add ${add.join(', ')}`)
  if (remove.length) parts.push(`remove ${remove.join(', ')}`)
  return parts.length ? parts.join('; ') : 'no changes'
}

function refName(ref: unknown, routeNs: string): string {
  const o = obj(ref) ?? {}
  const port = int(o.port)
  return `${str(o.namespace) ?? routeNs}/${str(o.name) ?? ''}${port !== undefined ? `:${port}` : ''}`
}

/** The filters of a rule (or a backendRef), in order, as they apply to `req`. */
export function traceFilters(filters: unknown, req: TraceRequest, ctx: {listenerPort: number; match: RouteMatch | undefined; routeNs: string}): TraceFilter[] {
  return arr(filters).map((raw) => {
    const f = obj(raw) ?? {}
    const type = str(f.type) ?? ''
    switch (type) {
      case 'RequestRedirect': {
        const r = redirectOf(obj(f.requestRedirect) ?? {}, req, ctx.listenerPort, ctx.match)
        return {type, summary: `redirect ${r.status} to ${r.location}${r.problem ? ` (${r.problem})` : ''}`, redirect: {status: r.status, location: r.location}}
      }
      case 'URLRewrite': {
        const u = obj(f.urlRewrite) ?? {}
        const host = str(u.hostname) ?? req.host
        const p = modifiedPath(u.path, req.path, ctx.match)
        return {type, summary: `forward as host ${host}, path ${p.path}${p.problem ? ` (${p.problem})` : ''}`, rewrite: {host, path: p.path}}
      }
      case 'RequestHeaderModifier':
        return {type, summary: `request headers: ${headerChanges(f.requestHeaderModifier)}`}
      case 'ResponseHeaderModifier':
        return {type, summary: `response headers: ${headerChanges(f.responseHeaderModifier)}`}
      case 'RequestMirror': {
        const m = obj(f.requestMirror) ?? {}
        const mirror = refName(m.backendRef, ctx.routeNs)
        const pct = int(m.percent)
        const frac = obj(m.fraction)
        const share = pct !== undefined ? ` (${pct}%)` : frac ? ` (${int(frac.numerator) ?? 0}/${int(frac.denominator) ?? 100})` : ''
        return {type, summary: `mirror to ${mirror}${share}`, mirror}
      }
      case 'ExtensionRef': {
        const e = obj(f.extensionRef) ?? {}
        return {type, summary: `extension ${str(e.kind) ?? ''} ${str(e.name) ?? ''} (${str(e.group) ?? ''}): implementation-specific`}
      }
      default:
        return {type, summary: type === 'CORS' ? 'CORS headers on responses (and preflight answers)' : `${type || 'untyped'} filter`}
    }
  })
}
