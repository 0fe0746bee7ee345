// Conclusions that rest on kinds the snapshot could not read (a 403 puts a kind in
// `snapshot.unreadable`). The engine never turns "not read" into "does not exist": such verdicts are
// kept as assumptions and marked (`unverified`, `incomplete` on the attachment records). This module
// says so in two forms:
// - one summary line per affected class of conclusions, for stderr (`readCaveats`), in the form
//   "ReferenceGrants could not be read: RefNotPermitted verdicts are unverified";
// - per object, where each unverified or incomplete conclusion sits (`unverifiedConclusions`), for
//   `describe -o json` and `analyze`.
// Files never have unreadable kinds, so nothing here changes what is said about files.

import {groupOf} from '../model/resources.js'
import type {Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP, ROUTE_KINDS, isRouteKind, type K8sObject, type RouteGroupKind} from '../model/types.js'
import type {AttachmentGraph, GatewayAttachment, ListenerAttachment, ListenerSetAttachment, ParentAttachment} from './types.js'
import {couldNotRead, kindPlural} from './verify.js'

/** One conclusion of one object that could not be checked. */
export interface UnverifiedConclusion {
  /**
   * Where it is shown: a field of the object (`spec.rules[0].backendRefs[1]`, `spec.parentRefs[0]`,
   * `spec.listeners[1].tls.certificateRefs[0]`), a field of its computed status
   * (`status.listeners["http"].attachedRoutes`), or `effectivePolicies`.
   */
  path: string
  /**
   * What may be wrong: the reason code the verdict gets if the unchecked fact goes against it
   * (`RefNotPermitted`, `NotAllowedByListeners`, `ParentNotFound`, ...), `LowerBound` for counts and
   * lists that may miss objects, `UpperBound` for counts that include assumed attachments,
   * `Incomplete` for effective policies.
   */
  conclusion: string
  /** Why it could not be checked, e.g. "ReferenceGrants could not be read". */
  reason: string
}

/** `HTTPRoutes and GRPCRoutes could not be read`, or undefined when none of the kinds is unreadable. */
function unreadable(snapshot: Snapshot, refs: readonly {group: string; kind: string}[]): string | undefined {
  const kinds = refs.filter((r) => !snapshot.readable(r.group, r.kind)).map((r) => kindPlural(r.kind))
  const unique = [...new Set(kinds)]
  if (unique.length === 0) return undefined
  const list = unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`
  return `${list} could not be read`
}

const ROUTE_REFS = ROUTE_KINDS.map((kind) => ({group: GATEWAY_GROUP, kind}))
const LISTENER_SET_REFS = [
  {group: GATEWAY_GROUP, kind: 'ListenerSet'},
  {group: GATEWAY_X_GROUP, kind: 'XListenerSet'},
]

/** Why the references a ReferenceGrant permits in use may be more than the snapshot shows. */
export function grantReferrersUnread(snapshot: Snapshot): string | undefined {
  return unreadable(snapshot, [...ROUTE_REFS, {group: GATEWAY_GROUP, kind: 'Gateway'}, ...LISTENER_SET_REFS])
}

/** Why routes of the kinds a listener carries may be missing, if some could not be read. */
function listenerIncomplete(snapshot: Snapshot, kinds: readonly RouteGroupKind[]): string | undefined {
  return unreadable(
    snapshot,
    kinds.filter((k) => k.group === GATEWAY_GROUP && isRouteKind(k.kind)).map((k) => ({group: GATEWAY_GROUP, kind: k.kind})),
  )
}

const joinReasons = (reasons: (string | undefined)[]): string | undefined => {
  const r = [...new Set(reasons.filter((x): x is string => !!x))]
  return r.length > 0 ? r.join('; ') : undefined
}

/**
 * Marks attachedRoutes counts (and ListenerSet lists) as lower bounds where kinds that could attach
 * were unreadable. Called once the graph is complete; linear in listeners.
 */
export function markIncomplete(snapshot: Snapshot, gateways: Iterable<GatewayAttachment>, listenerSets: Iterable<ListenerSetAttachment>): void {
  if (snapshot.unreadable.size === 0) return
  const mark = (ls: ListenerAttachment[]) => {
    for (const l of ls) {
      const why = listenerIncomplete(snapshot, l.supportedKinds)
      if (why) l.incomplete = why
    }
    return joinReasons(ls.map((l) => l.incomplete))
  }
  const sets = unreadable(snapshot, LISTENER_SET_REFS)
  for (const ga of gateways) {
    const why = joinReasons([mark(ga.listeners), sets])
    if (why) ga.incomplete = why
    if (sets) ga.listenerSetsIncomplete = sets
  }
  for (const la of listenerSets) {
    const why = mark(la.listeners)
    if (why) la.incomplete = why
  }
}

/**
 * One line per class of conclusions that rests on an unreadable kind, in a fixed order, for stderr.
 * Empty when everything was read (always for files).
 */
export function readCaveats(snapshot: Snapshot): string[] {
  if (snapshot.unreadable.size === 0) return []
  const out: string[] = []
  const add = (refs: readonly {group: string; kind: string}[], what: string) => {
    const why = unreadable(snapshot, refs)
    if (why) out.push(`${why}: ${what}`)
  }
  add([{group: GATEWAY_GROUP, kind: 'ReferenceGrant'}], 'RefNotPermitted verdicts are unverified')
  add([{group: '', kind: 'Namespace'}], 'allowedRoutes and allowedListeners namespace selector verdicts are unverified')
  add(ROUTE_REFS, 'attachedRoutes counts and route overlap checks are lower bounds, unused ReferenceGrant findings are unverified')
  add(LISTENER_SET_REFS, 'attachedListenerSets counts are lower bounds and parentRefs to ListenerSets are unverified')
  add([{group: GATEWAY_GROUP, kind: 'Gateway'}], 'parentRefs to Gateways are unverified and Gateway counts are lower bounds')
  add([{group: GATEWAY_GROUP, kind: 'GatewayClass'}], 'Gateways are assumed to have an accepted GatewayClass')
  add([{group: '', kind: 'Service'}], 'BackendNotFound verdicts and Service parentRefs are unverified')
  add([{group: '', kind: 'Secret'}], 'certificate Secret verdicts are unverified')
  add([{group: '', kind: 'ConfigMap'}], 'parametersRefs and caCertificateRefs to ConfigMaps are unverified')
  return out
}

/**
 * Why a parentRef with noStatusReason ParentUnverifiable could not be checked: its own kind, or, for a
 * ListenerSet that was read, the Gateway behind it.
 */
export function parentUnverifiedReason(p: ParentAttachment): string | undefined {
  if (p.noStatusReason !== 'ParentUnverifiable' || !p.parentRef) return undefined
  return couldNotRead(p.parent ? 'Gateway' : p.parentRef.kind)
}

/** Every conclusion about `obj` that rests on something the snapshot could not show, in output order. */
export function unverifiedConclusions(graph: AttachmentGraph, snapshot: Snapshot, obj: K8sObject): UnverifiedConclusion[] {
  const out: UnverifiedConclusion[] = []
  const add = (path: string, conclusion: string, reason: string | undefined) => {
    if (reason) out.push({path, conclusion, reason})
  }
  const o = obj as never
  const ra = graph.routes.get(o)
  if (ra) {
    for (const p of ra.parents) {
      const path = `spec.parentRefs[${p.index}]`
      add(path, 'ParentNotFound', parentUnverifiedReason(p))
      add(path, p.unverifiedProblem ?? 'Accepted', p.unverified)
    }
    for (const b of ra.backends) add(b.field, b.unverifiedProblem ?? 'BackendNotFound', b.unverified)
    return out
  }
  const listeners = (ls: ListenerAttachment[]) => {
    for (const l of ls) {
      for (const c of l.certificates) add(`spec.listeners[${l.index}].tls.certificateRefs[${c.index}]`, c.unverifiedProblem ?? 'InvalidCertificateRef', c.unverified)
      const count = `status.listeners[${JSON.stringify(l.name)}].attachedRoutes`
      add(count, 'LowerBound', l.incomplete)
      add(count, 'UpperBound', l.unverifiedRoutes)
    }
  }
  const ga = graph.gateways.get(o)
  if (ga) {
    if (!ga.gatewayClass && ga.inScope) {
      const assumed = ga.classAssumed !== undefined ? `GatewayClass ${JSON.stringify(ga.classAssumed)} is not in the files (assumed accepted)` : undefined
      add('spec.gatewayClassName', 'GatewayClassNotFound', assumed ?? unreadable(snapshot, [{group: GATEWAY_GROUP, kind: 'GatewayClass'}]))
    }
    if (ga.infrastructureParameters?.resolved === undefined && ga.infrastructureParameters) {
      add('spec.infrastructure.parametersRef', 'InvalidParameters', ga.infrastructureParameters.message)
    }
    if (ga.unverified) {
      const field = obj.spec?.tls?.backend?.clientCertificateRef !== undefined ? 'spec.tls.backend.clientCertificateRef' : 'spec.backendTLS.clientCertificateRef'
      add(field, ga.unverified.startsWith(couldNotRead('ReferenceGrant')) ? 'RefNotPermitted' : 'InvalidClientCertificateRef', ga.unverified)
    }
    listeners(ga.listeners)
    add('status.attachedListenerSets', 'LowerBound', unreadable(snapshot, LISTENER_SET_REFS))
    return out
  }
  const la = graph.listenerSets.get(o)
  if (la) {
    if (la.noStatusReason === 'ParentUnverifiable') add('spec.parentRef', 'ListenerSetParentNotFound', unreadable(snapshot, [{group: GATEWAY_GROUP, kind: 'Gateway'}]))
    add('spec.parentRef', 'NotAllowed', la.unverified)
    listeners(la.listeners)
    return out
  }
  const ca = graph.gatewayClasses.get(o)
  if (ca) {
    if (ca.parametersRef?.resolved === undefined && ca.parametersRef) add('spec.parametersRef', 'InvalidParameters', ca.parametersRef.message)
    add('gateways', 'LowerBound', unreadable(snapshot, [{group: GATEWAY_GROUP, kind: 'Gateway'}]))
    return out
  }
  const g = groupOf(obj.apiVersion)
  if (g === GATEWAY_GROUP && obj.kind === 'ReferenceGrant') {
    add('permits', 'LowerBound', grantReferrersUnread(snapshot))
  } else if (g === '' && obj.kind === 'Service') {
    add('referencedBy', 'LowerBound', unreadable(snapshot, ROUTE_REFS))
  }
  return out
}
