// Listeners: what kinds they carry, which namespaces they admit, which ones a parentRef selects, and
// whether one accepts a given route (semantics.md §1.3-§1.7).

import type {Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, type Route, type RouteGroupKind} from '../model/types.js'
import {arr, int, nsOf, obj, str, type Obj} from './access.js'
import {pending} from './conditions.js'
import {matchHostnames, normalizeHostname} from './hostnames.js'
import {admitNamespace, readFromPolicy} from './namespaces.js'
import {listenerText} from './refs.js'
import type {ListenerAttachment, ListenerOwner, ListenerVerdict} from './types.js'

/**
 * Route kinds compatible with each core protocol; they are also the default `supportedKinds` when
 * `allowedRoutes.kinds` is empty. The spec has no single table: this follows the api-overview route
 * table, the TLSRoute and GRPCRoute godoc and conformance (semantics.md §1.4). GRPCRoute is listed for
 * HTTP/HTTPS because it is Standard since v1.1; conformance only requires HTTPRoute there. TCPRoute on a
 * TLS listener is rejected (conformance tlsroute-listener-passthrough-supported-kinds).
 */
export const PROTOCOL_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
}

/** Protocols whose listeners and routes match on hostnames. */
const HOSTNAME_PROTOCOLS = new Set(['HTTP', 'HTTPS', 'TLS'])
const HOSTNAME_ROUTES = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute'])

export function compatibleKinds(protocol: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(PROTOCOL_KINDS, protocol) ? PROTOCOL_KINDS[protocol] : undefined
}

export interface KindsResult {
  supported: RouteGroupKind[]
  /** Entries of `allowedRoutes.kinds` that are unknown or incompatible with the protocol. */
  invalid: RouteGroupKind[]
  /** Whether the kinds came from `allowedRoutes.kinds` (true) or from the protocol. */
  explicit: boolean
}

/**
 * `supportedKinds`: the valid entries of `allowedRoutes.kinds` (group defaults to
 * gateway.networking.k8s.io), or the protocol's kinds when the list is empty. Invalid entries are
 * dropped and reported (listener ResolvedRefs=False/InvalidRouteKinds, conformance
 * gateway-invalid-route-kind). An unsupported protocol supports nothing, and its kinds are not judged.
 */
export function evaluateKinds(allowedRoutes: unknown, protocol: string): KindsResult {
  const compatible = compatibleKinds(protocol)
  const written = arr(obj(allowedRoutes)?.kinds)
  if (!compatible) return {supported: [], invalid: [], explicit: written.length > 0}
  if (written.length === 0) return {supported: compatible.map((kind) => ({group: GATEWAY_GROUP, kind})), invalid: [], explicit: false}
  const supported: RouteGroupKind[] = []
  const invalid: RouteGroupKind[] = []
  for (const raw of written) {
    const o = obj(raw)
    const group = str(o?.group) ?? GATEWAY_GROUP
    const kind = str(o?.kind) ?? ''
    if (group === GATEWAY_GROUP && compatible.includes(kind)) {
      if (!supported.some((k) => k.kind === kind)) supported.push({group, kind})
    } else {
      invalid.push({group, kind})
    }
  }
  return {supported, invalid, explicit: true}
}

/**
 * Reads one `spec.listeners[i]` into an attachment skeleton: spec-derived fields only. Certificates,
 * conflicts, conditions and attached routes are filled in by the Gateway/ListenerSet evaluation.
 */
export function readListener(owner: ListenerOwner, raw: unknown, index: number): ListenerAttachment {
  const l: Obj = obj(raw) ?? {}
  const protocol = str(l.protocol) ?? ''
  const kinds = evaluateKinds(l.allowedRoutes, protocol)
  const hostnameApplies = HOSTNAME_PROTOCOLS.has(protocol)
  const att: ListenerAttachment = {
    owner,
    index,
    name: str(l.name) ?? '',
    port: int(l.port),
    protocol,
    hostname: hostnameApplies ? normalizeHostname(l.hostname) : undefined,
    protocolSupported: compatibleKinds(protocol) !== undefined,
    supportedKinds: kinds.supported,
    invalidKinds: kinds.invalid,
    namespaces: readFromPolicy(obj(l.allowedRoutes)?.namespaces, false),
    certificates: [],
    attachedRoutes: [],
    rejectedRoutes: [],
    conditions: {
      accepted: pending('Accepted'),
      resolvedRefs: pending('ResolvedRefs'),
      programmed: pending('Programmed'),
      conflicted: pending('Conflicted'),
    },
    status: {name: str(l.name) ?? '', supportedKinds: kinds.supported, attachedRoutes: 0, conditions: []},
    inScope: true,
    notes: [],
  }
  if (protocol === 'HTTPS' || protocol === 'TLS') att.tlsMode = str(obj(l.tls)?.mode) ?? 'Terminate'
  if (raw !== undefined && !obj(raw)) att.notes.push(`spec.listeners[${index}] is not an object`)
  if (att.port === undefined && l.port !== undefined) att.notes.push(`port ${JSON.stringify(l.port)} is not a number`)
  return att
}

export function readListeners(owner: ListenerOwner): ListenerAttachment[] {
  return arr(obj(owner.spec)?.listeners).map((raw, i) => readListener(owner, raw, i))
}

/**
 * The listeners a parentRef selects: those named `sectionName` and listening on `port`; both must match
 * when both are set (conformance httproute-invalid-parentref-section-name-not-matching-port).
 * A port of the wrong type matches nothing, like any other port no listener has.
 */
export function selectListeners(listeners: readonly ListenerAttachment[], sectionName: unknown, port: unknown): ListenerAttachment[] {
  // Through an index, so that many parentRefs to a Gateway with many listeners stay linear.
  const candidates = sectionName !== undefined ? listenerIndex(listeners).byName.get(sectionName) : port !== undefined ? listenerIndex(listeners).byPort.get(port) : listeners
  return (candidates ?? []).filter((l) => (sectionName === undefined || l.name === sectionName) && (port === undefined || l.port === port))
}

interface ListenerIndex {
  /** The array's length when indexed: a list that grew since gets a fresh index. */
  size: number
  byName: Map<unknown, ListenerAttachment[]>
  byPort: Map<unknown, ListenerAttachment[]>
}

const indexes = new WeakMap<readonly ListenerAttachment[], ListenerIndex>()

/** Listeners by name and by port, built once per listener list. */
export function listenerIndex(listeners: readonly ListenerAttachment[]): ListenerIndex {
  let index = indexes.get(listeners)
  if (index?.size === listeners.length) return index
  index = {size: listeners.length, byName: new Map(), byPort: new Map()}
  for (const l of listeners) {
    push(index.byName, l.name, l)
    if (l.port !== undefined) push(index.byPort, l.port, l)
  }
  indexes.set(listeners, index)
  return index
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

/** The route's hostnames, normalized; empty for kinds without hostnames and for "all hostnames". */
export function routeHostnames(route: Route): string[] {
  if (!HOSTNAME_ROUTES.has(route.kind)) return []
  const out: string[] = []
  for (const h of arr(obj(route.spec)?.hostnames)) {
    const n = normalizeHostname(h)
    if (n !== undefined && !out.includes(n)) out.push(n)
  }
  return out
}

const article = (kind: string) => (/^[AEIOU]/.test(kind) ? 'an' : 'a')

/** Whether listener `l` accepts `route` (kind, namespace, hostname), and why (§1.7). */
export function judgeListener(l: ListenerAttachment, route: Route, hostnames: readonly string[], snapshot: Snapshot): ListenerVerdict {
  const who = listenerText(l)
  const kindAllowed = l.supportedKinds.some((k) => k.group === GATEWAY_GROUP && k.kind === route.kind)
  const admission = admitNamespace(l.namespaces, nsOf(l.owner), nsOf(route), snapshot, {what: 'routes', field: 'allowedRoutes.namespaces'})
  const applies = HOSTNAME_ROUTES.has(route.kind) && HOSTNAME_PROTOCOLS.has(l.protocol)
  const match = applies ? matchHostnames(l.hostname, hostnames) : {matched: true, any: true, effective: [], ignored: []}
  const attached = kindAllowed && admission.allowed && match.matched
  const verdict: ListenerVerdict = {
    listener: l,
    kindAllowed,
    namespaceAllowed: admission.allowed,
    hostnames: {applies, ...match},
    attached,
    message: '',
    notes: [...admission.notes],
  }
  // Only an attachment rests on the assumed admission; a rejection for kind or hostname is certain.
  if (admission.unverified && attached) verdict.unverified = admission.unverified
  if (!kindAllowed) {
    verdict.failed = 'kind'
    verdict.message = kindMessage(l, route.kind)
  } else if (!admission.allowed) {
    verdict.failed = 'namespace'
    verdict.message = `${who} ${admission.why}. ${admission.fix}`
  } else if (!match.matched) {
    verdict.failed = 'hostname'
    verdict.message = `${who} has hostname ${l.hostname}, which none of the route's hostnames (${hostnames.join(', ')}) matches. Add a hostname that matches ${l.hostname} to spec.hostnames or attach the route to a listener for these hostnames.`
  } else {
    const where = !applies ? '' : match.any ? ' for any hostname' : ` for ${match.effective.join(', ')}`
    const ignored = match.ignored.length > 0 ? ` (hostnames ${match.ignored.join(', ')} do not match it and are ignored there)` : ''
    const assumed = admission.unverified ? `, assuming it admits namespace ${JSON.stringify(nsOf(route))} (${admission.unverified})` : ''
    verdict.message = `${who} accepts the route${where}${ignored}${assumed}.`
  }
  if (attached && l.conflict) verdict.notes.push(`${who} is Conflicted (${l.conflict.reason}): it carries no traffic`)
  return verdict
}

function kindMessage(l: ListenerAttachment, kind: string): string {
  const who = listenerText(l)
  if (!l.protocolSupported) {
    return `${who} has the unsupported protocol ${JSON.stringify(l.protocol)}, so no route can attach to it. Change its protocol to HTTP, HTTPS, TLS, TCP or UDP.`
  }
  const compatible = compatibleKinds(l.protocol) ?? []
  if (!compatible.includes(kind)) {
    const carriers = Object.keys(PROTOCOL_KINDS).filter((p) => PROTOCOL_KINDS[p].includes(kind))
    return `${who} has protocol ${l.protocol}, which carries ${compatible.join(' and ')} only; ${article(kind)} ${kind} cannot attach to it. Attach the route to ${carriers.length > 0 ? `a ${carriers.join(' or ')} listener` : 'a listener that supports it'}.`
  }
  const listed = l.supportedKinds.map((k) => k.kind)
  return listed.length === 0
    ? `${who} lists no valid route kind in allowedRoutes.kinds, so no route can attach to it. Add ${kind} to allowedRoutes.kinds.`
    : `${who} allows only ${listed.join(', ')} (allowedRoutes.kinds); the route is ${article(kind)} ${kind}. Add ${kind} to allowedRoutes.kinds or attach the route to another listener.`
}

