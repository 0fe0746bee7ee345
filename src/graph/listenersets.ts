// ListenerSets (v1 `ListenerSet` [v1.5], v1alpha1 `XListenerSet` [v1.3]; semantics.md §1.13).
//
// A ListenerSet attaches to the Gateway named by `spec.parentRef` (group/kind default to Gateway,
// namespace to its own) when the Gateway's `spec.allowedListeners.namespaces` admits its namespace
// (`from` defaults to None). Not admitted ⇒ Accepted=False/NotAllowed and Programmed=False/NotAllowed,
// and no status for its listeners or for routes attaching to it (conformance listenerset-default-not-
// allowed, listenerset-allowed-namespace-selector).
//
// Acceptance of an admitted ListenerSet follows conformance: a listener counts as valid only when it is
// Accepted, resolved and not Conflicted (listenerset-reference-grant: a lone listener with a
// RefNotPermitted certificate makes the ListenerSet Accepted=False/ListenersNotValid). Some valid ⇒
// True/ListenersNotValid; none ⇒ False/ListenersNotValid.

import {GATEWAY_GROUP, type Condition, type Gateway, type ListenerSet} from '../model/types.js'
import {name, nameOf, nsOf, obj, str} from './access.js'
import {resolveCertificates} from './certificates.js'
import {resolveFrontendValidation} from './frontend-validation.js'
import {condition, isTrue, ListenerSetReason, pending} from './conditions.js'
import type {Context} from './context.js'
import {markOutOfScope} from './gateways.js'
import {readListeners} from './listeners.js'
import {admitNamespace, readFromPolicy} from './namespaces.js'
import {objText, objectRefText} from './refs.js'
import type {GatewayAttachment, ListenerSetAttachment, NoStatusReason, ObjectRef} from './types.js'
import {absenceProves, unverifiedWhy} from './verify.js'

export function readListenerSet(ls: ListenerSet, gateways: Map<Gateway, GatewayAttachment>, ctx: Context): ListenerSetAttachment {
  const {snapshot} = ctx
  const who = objText(ls)
  const la: ListenerSetAttachment = {
    listenerSet: ls,
    allowed: undefined,
    inScope: true,
    listeners: readListeners(ls),
    attachedRoutes: [],
    rejectedRoutes: [],
    computedStatus: {conditions: [], listeners: []},
    notes: [],
  }
  const listeners = obj(ls.spec)?.listeners
  if (listeners != null && !Array.isArray(listeners)) la.notes.push('spec.listeners is not a list, so the ListenerSet has no listeners')
  for (const l of la.listeners) {
    l.certificates = resolveCertificates(l, snapshot, ctx.grants)
    l.frontendValidation = resolveFrontendValidation(l, ctx)
  }
  const p = obj(obj(ls.spec)?.parentRef)
  if (!p || !name(p.name)) {
    return outOfScope(la, 'ListenerSetParentNotFound', `${who} has no spec.parentRef name, so no Gateway owns it. Set spec.parentRef.`)
  }
  const ref: ObjectRef = {group: str(p.group) ?? GATEWAY_GROUP, kind: str(p.kind) ?? 'Gateway', namespace: name(p.namespace) ?? nsOf(ls), name: String(p.name)}
  la.parentRef = ref
  if (ref.group !== GATEWAY_GROUP || ref.kind !== 'Gateway') {
    return outOfScope(la, 'ListenerSetParentNotFound', `${who} names ${objectRefText(ref)} as its parent, but a ListenerSet's parent must be a Gateway. Fix spec.parentRef.`)
  }
  const gw = snapshot.find<Gateway>(GATEWAY_GROUP, 'Gateway', ref.namespace, ref.name)
  const ga = gw && gateways.get(gw)
  if (!gw || !ga) {
    const at = {namespace: ref.namespace, name: ref.name}
    if (!absenceProves(snapshot, GATEWAY_GROUP, 'Gateway', at)) {
      return outOfScope(la, 'ParentUnverifiable', `${who} names Gateway ${ref.namespace}/${ref.name}, which could not be checked because ${unverifiedWhy(snapshot, GATEWAY_GROUP, 'Gateway', at)}.`)
    }
    return outOfScope(la, 'ListenerSetParentNotFound', `${who} names Gateway ${ref.namespace}/${ref.name}, which does not exist, so nothing reconciles it. Create the Gateway or fix spec.parentRef.`)
  }
  la.gateway = gw
  if (!ga.inScope) {
    return outOfScope(la, ga.noStatusReason ?? 'GatewayClassNotAccepted', `${who} belongs to ${objText(gw)}, which no controller reconciles: ${ga.noStatusMessage ?? ''}`)
  }
  const policy = readFromPolicy(obj(obj(gw.spec)?.allowedListeners)?.namespaces, true)
  const admission = admitNamespace(policy, nsOf(gw), nsOf(ls), snapshot, {what: 'ListenerSets', field: 'allowedListeners.namespaces'})
  la.allowed = admission.allowed
  if (admission.unverified) la.unverified = admission.unverified
  la.notes.push(...admission.notes)
  if (!admission.allowed) {
    const msg = `${objText(gw)} ${admission.why}, so ${who} is not attached. ${admission.fix}`
    la.noStatusMessage = msg
    la.noStatusReason = 'ListenerSetNotAllowed'
    for (const l of la.listeners) {
      l.inScope = false
      l.noStatusReason = 'ListenerSetNotAllowed'
    }
    la.computedStatus = {
      conditions: [
        condition('Accepted', 'False', ListenerSetReason.NotAllowed, msg, ls),
        condition('Programmed', 'False', ListenerSetReason.NotAllowed, msg, ls),
      ],
      listeners: [],
    }
  }
  return la
}

function outOfScope(la: ListenerSetAttachment, reason: NoStatusReason, message: string): ListenerSetAttachment {
  markOutOfScope(la, reason, message)
  la.computedStatus = {conditions: [pending('Accepted'), pending('Programmed')], listeners: []}
  return la
}

/** The order in which ListenerSets merge into their Gateway: oldest first, then `namespace/name`. */
export function mergeOrder(a: ListenerSetAttachment, b: ListenerSetAttachment): number {
  const ta = str(obj(a.listenerSet.metadata)?.creationTimestamp)
  const tb = str(obj(b.listenerSet.metadata)?.creationTimestamp)
  // Objects without a timestamp (hand-written files) sort after those with one.
  const ka = ta ? Date.parse(ta) : Number.POSITIVE_INFINITY
  const kb = tb ? Date.parse(tb) : Number.POSITIVE_INFINITY
  const na = Number.isNaN(ka) ? Number.POSITIVE_INFINITY : ka
  const nb = Number.isNaN(kb) ? Number.POSITIVE_INFINITY : kb
  if (na !== nb) return na < nb ? -1 : 1
  const ida = `${nsOf(a.listenerSet)}/${nameOf(a.listenerSet)}`
  const idb = `${nsOf(b.listenerSet)}/${nameOf(b.listenerSet)}`
  return ida < idb ? -1 : ida > idb ? 1 : 0
}

/** ListenerSet conditions, once its listeners' conditions are set and its Gateway's are known. */
export function setListenerSetConditions(la: ListenerSetAttachment, gateway: GatewayAttachment | undefined): void {
  if (!la.inScope || la.allowed === false) return
  const ls = la.listenerSet
  const who = objText(ls)
  const gwAccepted = gateway?.computedStatus.conditions.find((c) => c.type === 'Accepted')
  let accepted: Condition
  let programmed: Condition
  const valid = la.listeners.filter((l) => isTrue(l.conditions.programmed))
  if (gateway && !isTrue(gwAccepted)) {
    const msg = `${who} is attached to ${objText(gateway.gateway)}, which is not accepted (${gwAccepted?.reason ?? 'unknown'}).`
    accepted = condition('Accepted', 'False', ListenerSetReason.ParentNotAccepted, msg, ls)
    programmed = condition('Programmed', 'False', ListenerSetReason.ParentNotProgrammed, msg, ls)
  } else if (valid.length === 0) {
    const msg = la.listeners.length === 0
      ? `${who} has no listeners. Add at least one to spec.listeners.`
      : `No listener of ${who} is valid: ${describeInvalid(la)}. Fix the listeners.`
    accepted = condition('Accepted', 'False', ListenerSetReason.ListenersNotValid, msg, ls)
    programmed = condition('Programmed', 'False', ListenerSetReason.ListenersNotValid, msg, ls)
  } else if (valid.length < la.listeners.length) {
    accepted = condition('Accepted', 'True', ListenerSetReason.ListenersNotValid, `${who} is accepted with its valid listeners only; not valid: ${describeInvalid(la)}. Fix or remove those listeners.`, ls)
    programmed = condition('Programmed', 'True', ListenerSetReason.Programmed, `${who} has programmable listeners.`, ls)
  } else {
    accepted = condition('Accepted', 'True', ListenerSetReason.Accepted, `${who} is accepted by ${gateway ? objText(gateway.gateway) : 'its Gateway'}.`, ls)
    programmed = condition('Programmed', 'True', ListenerSetReason.Programmed, `${who} has programmable listeners.`, ls)
  }
  la.computedStatus = {conditions: [accepted, programmed], listeners: []}
}

function describeInvalid(la: ListenerSetAttachment): string {
  return la.listeners
    .filter((l) => !isTrue(l.conditions.programmed))
    .map((l) => `${JSON.stringify(l.name)} (${l.conditions.programmed.reason === 'Invalid' ? (isTrue(l.conditions.accepted) ? l.conditions.resolvedRefs.reason : l.conditions.accepted.reason) : l.conditions.programmed.reason})`)
    .join(', ')
}

