// The request a trace follows, parsed from what the user typed: a URL (the scheme says which listeners
// and routes can carry it), -X and -H. Pure; bad input is a UserError naming the argument.

import {UserError} from '../sources/request.js'
import {escapeControl} from '../printers/escape.js'

export type TraceScheme = 'http' | 'https' | 'grpc' | 'grpcs' | 'tls' | 'tcp' | 'udp'

export interface TraceRequest {
  scheme: TraceScheme
  /** Host header / :authority / SNI, lower-cased, without port. */
  host: string
  port: number
  /** Path as sent (percent-encoding kept); `/` for schemes without one. */
  path: string
  /** Query parameters in order; a name may repeat. */
  query: {name: string; value: string}[]
  method: string
  /** Header names lower-cased; a name may repeat. */
  headers: {name: string; value: string}[]
  /** grpc(s): the service and method from the path. */
  grpc?: {service: string; method: string}
}

const DEFAULT_PORTS: Record<TraceScheme, number | undefined> = {http: 80, https: 443, grpc: 80, grpcs: 443, tls: 443, tcp: undefined, udp: undefined}
const SCHEMES = Object.keys(DEFAULT_PORTS) as TraceScheme[]

/** Schemes whose requests carry HTTP semantics (path, method, headers). */
export function isHttpScheme(s: TraceScheme): boolean {
  return s === 'http' || s === 'https' || s === 'grpc' || s === 'grpcs'
}

export interface RequestInput {
  url: string
  method?: string
  headers?: string[]
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

export function parseTraceRequest(input: RequestInput): TraceRequest {
  const shown = escapeControl(input.url)
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?$/.exec(input.url)
  if (!m) throw new UserError(`error: cannot parse URL "${shown}": expected SCHEME://HOST[:PORT][/PATH][?QUERY] with SCHEME one of ${SCHEMES.join(', ')}`)
  const scheme = m[1].toLowerCase() as TraceScheme
  if (!SCHEMES.includes(scheme)) throw new UserError(`error: URL "${shown}": unsupported scheme "${escapeControl(m[1])}" (use one of ${SCHEMES.join(', ')})`)
  const authority = m[2]
  const hp = /^([^:@[\]]+|\[[0-9a-fA-F:.]+\])(?::(\d*))?$/.exec(authority)
  if (!hp || hp[1] === '') throw new UserError(`error: URL "${shown}": no valid host in "${escapeControl(authority)}"`)
  const host = hp[1].toLowerCase().replace(/\.$/, '')
  let port = DEFAULT_PORTS[scheme]
  if (hp[2] !== undefined && hp[2] !== '') {
    const p = Number(hp[2])
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new UserError(`error: URL "${shown}": port ${escapeControl(hp[2])} is not between 1 and 65535`)
    port = p
  }
  if (port === undefined) throw new UserError(`error: URL "${shown}": ${scheme}:// needs a port (${scheme}://HOST:PORT)`)
  const rawPath = m[3]
  const query = m[4] === undefined ? [] : parseQuery(m[4])
  const headers = (input.headers ?? []).map(parseHeader)
  if (!isHttpScheme(scheme)) {
    if (rawPath !== '' && rawPath !== '/') throw new UserError(`error: URL "${shown}": a ${scheme}:// request has no path`)
    if (input.method !== undefined) throw new UserError(`error: -X applies to http, https, grpc and grpcs requests only, not ${scheme}://`)
    if (headers.length > 0) throw new UserError(`error: -H applies to http, https, grpc and grpcs requests only, not ${scheme}://`)
    return {scheme, host, port, path: '/', query: [], method: '', headers: []}
  }
  const path = rawPath === '' ? '/' : rawPath
  // curl's rule: an explicit Host header is the host the server sees.
  const hostHeader = headers.find((h) => h.name === 'host')
  const effectiveHost = hostHeader ? hostHeader.value.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '') : host
  if (scheme === 'grpc' || scheme === 'grpcs') {
    const g = /^\/([^/]+)\/([^/]+)$/.exec(path)
    if (!g) throw new UserError(`error: URL "${shown}": a gRPC request is ${scheme}://HOST[:PORT]/SERVICE/METHOD`)
    if (input.method !== undefined && input.method.toUpperCase() !== 'POST') throw new UserError('error: -X: gRPC requests are always POST')
    // Every gRPC request carries content-type application/grpc (an HTTPRoute header match can test it).
    const withType = headers.some((h) => h.name === 'content-type') ? headers : [...headers, {name: 'content-type', value: 'application/grpc'}]
    return {scheme, host: effectiveHost, port, path, query, method: 'POST', headers: withType, grpc: {service: g[1], method: g[2]}}
  }
  const method = (input.method ?? 'GET').toUpperCase()
  if (!TOKEN.test(method)) throw new UserError(`error: -X "${escapeControl(input.method ?? '')}" is not an HTTP method`)
  return {scheme, host: effectiveHost, port, path, query, method, headers}
}

function parseQuery(q: string): {name: string; value: string}[] {
  return q
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=')
      return i < 0 ? {name: decode(p), value: ''} : {name: decode(p.slice(0, i)), value: decode(p.slice(i + 1))}
    })
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

function parseHeader(h: string): {name: string; value: string} {
  const i = h.indexOf(':')
  const name = i < 0 ? '' : h.slice(0, i).trim()
  if (i < 0 || !TOKEN.test(name)) throw new UserError(`error: -H "${escapeControl(h)}": expected 'Name: value'`)
  return {name: name.toLowerCase(), value: h.slice(i + 1).trim()}
}
