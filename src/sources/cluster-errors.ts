// kubectl's wording for everything that can go wrong talking to an API server: HTTP Status errors,
// network and TLS failures, timeouts, credential plugins. Each becomes a one-line UserError. Server
// messages are quoted verbatim but made printable, since a hostile server chooses them.

import {flatten, oneLine} from './messages.js'
import {UserError} from './request.js'

/** One HTTP response, body undecoded. */
export interface ApiResponse {
  status: number
  contentType: string
  body: string
  /** The Retry-After header, as sent. */
  retryAfter?: string
}

/** A non-2xx answer, read as the Kubernetes Status it carries (or the one client-go would make up). */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/**
 * The connection ended before the whole response arrived: fewer bytes than Content-Length, or a chunked
 * body cut off. Transient (retried like a 5xx); after the last retry, one line naming the request and,
 * once getJson knows it, the resource (`what`).
 */
export class IncompleteResponseError extends UserError {
  constructor(
    readonly path: string,
    readonly detail: string,
    readonly what?: string,
  ) {
    // client-go's words (kubectl prints them without an `error: ` prefix), less its "Please retry": we did.
    super(oneLine(`unexpected error when reading response body of GET ${path}${what ? ` (${what})` : ''}. Original error: ${detail}`))
    this.name = 'IncompleteResponseError'
  }
}

/** The client ran out of --request-timeout; `headers` says whether the response had begun. */
export class RequestTimeoutError extends Error {
  constructor(readonly headers: boolean) {
    super('request timed out')
    this.name = 'RequestTimeoutError'
  }
}

// client-go's NewGenericServerResponse: what a status code means when the body is not a Status
// (a proxy's HTML page, the `404 page not found` text a real apiserver sends for unknown groups).
const GENERIC: Record<number, [string, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', 'the server does not allow access to the requested resource'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  406: ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Expired', 'the server has expired the requested resource'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
}

const MAX_QUOTED = 200

function genericError(code: number, body: string, what?: string): ApiError {
  const known = GENERIC[code]
  let reason: string
  let message: string
  if (known) {
    ;[reason, message] = known
  } else if (code >= 500) {
    const text = flatten(body)
    reason = 'InternalError'
    message = `an error on the server (${JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}...` : text)}) has prevented the request from succeeding`
  } else {
    reason = 'Unknown'
    message = `the server responded with the status code ${code} but did not return more information`
  }
  return new ApiError(code, reason, what ? `${message} (${what})` : message)
}

/**
 * The error a non-2xx response stands for. `what` (`get gateways.gateway.networking.k8s.io`) is added
 * to made-up messages, as client-go does, so that a bare `404 page not found` still says what failed.
 */
export function apiErrorOf(res: ApiResponse, what?: string): ApiError {
  let doc: unknown
  try {
    doc = JSON.parse(res.body)
  } catch {
    return genericError(res.status, res.body, what)
  }
  if (typeof doc !== 'object' || doc === null || (doc as {kind?: unknown}).kind !== 'Status') return genericError(res.status, res.body, what)
  const s = doc as {message?: unknown; reason?: unknown; code?: unknown}
  const fallback = genericError(res.status, res.body, what)
  const code = typeof s.code === 'number' && s.code > 0 ? s.code : res.status
  const reason = typeof s.reason === 'string' && s.reason !== '' ? s.reason : fallback.reason
  const message = typeof s.message === 'string' && s.message !== '' ? s.message : fallback.message
  return new ApiError(code, reason, oneLine(message))
}

/** Whether a Status error says the server failed (429, 5xx) rather than that our request was wrong. */
export function isServerFailure(err: ApiError): boolean {
  return err.code === 429 || err.code >= 500
}

/**
 * kubectl's line for a Status error (`Error from server (ServiceUnavailable): ...`), naming the request
 * (`list services`) when the server's own message does not name `resource`, since with several lists
 * in flight a bare "the server is currently unable to handle the request" would not say which failed.
 */
export function statusLineFor(err: ApiError, what: string, resource: string): string {
  const message = err.message.includes(resource) ? err.message : `${err.message} (${what})`
  return oneLine(`Error from server (${err.reason}): ${message}`)
}

/** How kubectl reports a Status error from the server. */
export function userErrorOf(err: ApiError): UserError {
  if (err.code === 401) return new UserError('error: You must be logged in to the server (the server has asked for the client to provide credentials)')
  return new UserError(oneLine(`Error from server (${err.reason}): ${err.message}`))
}

/** `host:port` as written in the server URL, which is what kubectl names in its messages. */
export function serverAddress(server: string): string {
  const afterScheme = server.includes('://') ? server.slice(server.indexOf('://') + 3) : server
  const authority = afterScheme.split(/[/?#]/, 1)[0]
  return authority.slice(authority.lastIndexOf('@') + 1)
}

function hostOf(address: string): string {
  if (address.startsWith('[')) return address.slice(1, address.indexOf(']'))
  const colon = address.lastIndexOf(':')
  return colon >= 0 ? address.slice(0, colon) : address
}

// Node's names for "the chain does not lead to a CA we trust", all of which Go calls unknown authority.
const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
])

const connectFailure = (detail: string) => new UserError(oneLine(`Unable to connect to the server: ${detail}`))

/** A failure below HTTP (connect, TLS, timeout) in kubectl's words. */
export function networkErrorOf(err: unknown, server: string): UserError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodeJS.ErrnoException & {
    reason?: string
    cert?: {subjectaltname?: string}
  }
  const address = serverAddress(server)
  if (err instanceof RequestTimeoutError) {
    return connectFailure(
      err.headers
        ? 'net/http: request canceled (Client.Timeout or context cancellation while reading body)'
        : 'net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    )
  }
  const code = typeof e.code === 'string' ? e.code : ''
  if (code === 'ECONNREFUSED') {
    return new UserError(oneLine(`The connection to the server ${address} was refused - did you specify the right host or port?`))
  }
  if (UNKNOWN_AUTHORITY.has(code)) return connectFailure('tls: failed to verify certificate: x509: certificate signed by unknown authority')
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return connectFailure('tls: failed to verify certificate: x509: certificate has expired or is not yet valid')
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = (e.cert?.subjectaltname ?? '').split(',').map((n) => n.trim().replace(/^(DNS|IP Address):/, '')).filter(Boolean)
    return connectFailure(`tls: failed to verify certificate: x509: certificate is valid for ${names.join(', ')}, not ${hostOf(address)}`)
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return connectFailure(`dial tcp: lookup ${hostOf(address)}: no such host`)
  if (code === 'ETIMEDOUT') return connectFailure(`dial tcp ${address}: i/o timeout`)
  if (code === 'EHOSTUNREACH') return connectFailure(`dial tcp ${address}: connect: no route to host`)
  if (code === 'ENETUNREACH') return connectFailure(`dial tcp ${address}: connect: network is unreachable`)
  if (code === 'ECONNRESET') return connectFailure('read: connection reset by peer')
  const message = typeof e.message === 'string' ? e.message : String(err)
  if (code === 'EPROTO' && /wrong version number|packet length too long/.test(message)) {
    return connectFailure('http: server gave HTTP response to HTTPS client')
  }
  return connectFailure(flatten(message))
}

/** A failure while preparing credentials (reading certificate files, running an exec plugin). */
export function credentialErrorOf(err: unknown): UserError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodeJS.ErrnoException & {spawnargs?: string[]}
  const message = flatten(typeof e.message === 'string' ? e.message : String(err))
  if (e.code === 'ENOENT' && typeof e.syscall === 'string' && e.syscall.startsWith('spawn')) {
    return connectFailure(`getting credentials: exec: executable ${e.path ?? ''} not found`)
  }
  if (e.code === 'ENOENT' && typeof e.path === 'string') return new UserError(oneLine(`error: open ${e.path}: no such file or directory`))
  if (e.code === 'EACCES' && typeof e.path === 'string') return new UserError(oneLine(`error: open ${e.path}: permission denied`))
  return connectFailure(`getting credentials: ${message}`)
}
