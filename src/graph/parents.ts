// Route parentRefs: defaulting, resolution, scope and the `Accepted` decision (semantics.md §1.2, §1.3,
// §1.7, §1.14).
//
// Defaults: group gateway.networking.k8s.io, kind Gateway, namespace = the route's. Cross-namespace
// parentRefs need no ReferenceGrant (allowedRoutes is the handshake).
//
// Accepted, per parentRef:
//   candidates = listeners with name == sectionName and port == port (each when set)
//   none                              ⇒ False/NoMatchingParent
//   permitted = candidates allowing the route's kind and namespace
//   attached  = permitted whose hostname intersects the route's (HTTP/GRPC/TLS routes only)
//   attached non-empty                ⇒ True/Accepted (False/UnsupportedValue if every rule has an unknown
//                                       enum value, see enums.ts)
//   permitted empty                   ⇒ False/NotAllowedByListeners
//   else                              ⇒ False/NoMatchingListenerHostname
// A parentRef naming a port selects by port first, then reports NotAllowedByListeners when those
// listeners reject the kind (semantics.md §5; untested upstream). A TLSRoute on an HTTP(S) listener is
// NotAllowedByListeners as conformance tlsroute-invalid-no-matching-listener asserts, although the
// TLSRoute godoc says UnsupportedValue.
//
// A Gateway parentRef sees only the Gateway's own listeners: a ListenerSet listener's name as its
// sectionName is NoMatchingParent (conformance listenerset-gateway-parent-section-name-not-found).
//
// Mesh (GAMMA) parents (`group: "", kind: Service`): sectionName names a Service port, port its number;
// no listeners, no allowedRoutes, hostnames ignored. Accepted when the Service has the port. The
// controller cannot be known (no GatewayClass), so controllerName comes from a matching reported status
// entry when there is one.

import {GATEWAY_GROUP, GATEWAY_X_GROUP, type Condition, type Gateway, type ListenerSet, type ParentReference, type Route, type Service, type ServicePort} from '../model/types.js'
import {arr, name, nsOf, obj, plain, str} from './access.js'
import {condition, RouteReason} from './conditions.js'
import type {Context} from './context.js'
import {type EnumFindings, unsupportedValueText} from './enums.js'
import {judgeListener, listenerIndex, selectListeners} from './listeners.js'
import {closestListener, plausibility, rankVerdicts} from './plausible.js'
import {objText, refText} from './refs.js'
import type {DefaultedParentRef, GatewayAttachment, ListenerAttachment, ListenerSetAttachment, ListenerVerdict, NoStatusReason, ParentAttachment} from './types.js'
import {absenceProves, couldNotRead, unverifiedWhy} from './verify.js'

export interface ParentLookup {
  gateways: Map<Gateway, GatewayAttachment>
  listenerSets: Map<ListenerSet, ListenerSetAttachment>
}

export interface RouteFacts {
  route: Route
  hostnames: string[]
  resolvedRefs: Condition
  enums: EnumFindings
}

const q = JSON.stringify

/** Applies the defaults to one parentRef entry; undefined when it has no usable name. */
export function defaultParentRef(raw: unknown, routeNs: string): DefaultedParentRef | undefined {
  const o = obj(raw)
  const n = name(o?.name)
  if (!o || !n) return undefined
  const ref: DefaultedParentRef = {group: str(o.group) ?? GATEWAY_GROUP, kind: str(o.kind) ?? 'Gateway', namespace: name(o.namespace) ?? routeNs, name: n}
  // Kept as written, even when of the wrong type: a string port then simply matches no listener.
  if (o.sectionName !== undefined) ref.sectionName = o.sectionName as string
  if (o.port !== undefined) ref.port = o.port as number
  return ref
}

export function parentTypeOf(ref: ParentReference): ParentAttachment['parentType'] {
  if (ref.group === GATEWAY_GROUP && ref.kind === 'Gateway') return 'Gateway'
  if ((ref.group === GATEWAY_GROUP && ref.kind === 'ListenerSet') || (ref.group === GATEWAY_X_GROUP && ref.kind === 'XListenerSet')) return 'ListenerSet'
  if (ref.group === '' && ref.kind === 'Service') return 'Service'
  return 'Unsupported'
}

function parentText(ref: DefaultedParentRef): string {
  return refText(ref.kind, ref.namespace, ref.name)
}

export function evaluateParent(facts: RouteFacts, index: number, written: unknown, ctx: Context, lookup: ParentLookup): ParentAttachment {
  const {route} = facts
  const pa: ParentAttachment = {
    index,
    written,
    parentType: 'Unsupported',
    status: undefined,
    accepted: undefined,
    resolvedRefs: undefined,
    selectedListeners: [],
    attachedListeners: [],
    listenerVerdicts: [],
    notes: [],
  }
  const noStatus = (reason: NoStatusReason, message: string) => {
    pa.noStatusReason = reason
    pa.noStatusMessage = message
    return pa
  }
  const ref = defaultParentRef(written, nsOf(route))
  if (!ref) return noStatus('InvalidParentRef', `spec.parentRefs[${index}] is not an object with a name, so it refers to nothing. Set its name.`)
  pa.parentRef = ref
  pa.parentType = parentTypeOf(ref)
  const {snapshot} = ctx
  const missing = (group: string, kind: string) =>
    absenceProves(snapshot, group, kind, {namespace: ref.namespace, name: ref.name})
      ? noStatus('ParentNotFound', `${parentText(ref)} does not exist, so no controller owns this parentRef and no status entry is expected. Create it or fix spec.parentRefs[${index}].`)
      : noStatus('ParentUnverifiable', `${parentText(ref)} could not be checked because ${unverifiedWhy(snapshot, group, kind, {namespace: ref.namespace, name: ref.name})}.`)

  switch (pa.parentType) {
    case 'Unsupported':
      return noStatus(
        'UnsupportedParentKind',
        `spec.parentRefs[${index}] names kind ${q(ref.kind)} in group ${q(ref.group)}, which is not a Gateway, ListenerSet or Service, so no standard controller owns it.`,
      )
    case 'Gateway': {
      const gw = snapshot.find<Gateway>(GATEWAY_GROUP, 'Gateway', ref.namespace, ref.name)
      const ga = gw && lookup.gateways.get(gw)
      if (!gw || !ga) return missing(GATEWAY_GROUP, 'Gateway')
      pa.parent = gw
      pa.gateway = gw
      pa.gatewayClass = ga.gatewayClass
      if (!ga.inScope) return noStatus(ga.noStatusReason ?? 'GatewayClassNotAccepted', `${ga.noStatusMessage ?? ''} No status entry is expected for this parentRef.`)
      pa.controllerName = str(obj(ga.gatewayClass?.spec)?.controllerName) ?? ''
      if (ga.classAssumed !== undefined) pa.notes.push(`Assumes a controller accepts GatewayClass ${q(ga.classAssumed)}, which is not in the files`)
      return decideListeners(pa, ref, facts, ga.listeners, objText(gw), ctx, ga)
    }
    case 'ListenerSet': {
      const group = ref.group
      const ls = snapshot.find<ListenerSet>(group, ref.kind, ref.namespace, ref.name)
      const la = ls && lookup.listenerSets.get(ls)
      if (!ls || !la) return missing(group, ref.kind)
      pa.parent = ls
      pa.gateway = la.gateway
      const ga = la.gateway && lookup.gateways.get(la.gateway)
      pa.gatewayClass = ga?.gatewayClass
      const none = ' No status entry is expected for this parentRef.'
      if (!la.inScope) return noStatus(la.noStatusReason ?? 'ListenerSetParentNotFound', (la.noStatusMessage ?? '') + none)
      if (la.allowed === false) return noStatus('ListenerSetNotAllowed', (la.noStatusMessage ?? `${objText(ls)} is not allowed by its Gateway.`) + none)
      pa.controllerName = str(obj(ga?.gatewayClass?.spec)?.controllerName) ?? ''
      return decideListeners(pa, ref, facts, la.listeners, objText(ls), ctx)
    }
    case 'Service': {
      const svc = snapshot.find<Service>('', 'Service', ref.namespace, ref.name)
      if (!svc) return missing('', 'Service')
      pa.parent = svc
      pa.controllerName = reportedController(route, ref)
      return decideService(pa, ref, facts, svc)
    }
  }
}

function finish(pa: ParentAttachment, ref: ParentReference, facts: RouteFacts, accepted: Condition): ParentAttachment {
  const conditions = [accepted, facts.resolvedRefs]
  const {enums} = facts
  if (accepted.status === 'True' && enums.rules.size > 0) {
    const first = enums.values[0]
    conditions.push(
      condition(
        'PartiallyInvalid',
        'True',
        RouteReason.UnsupportedValue,
        `Dropped Rule${enums.rules.size > 1 ? 's' : ''} ${[...enums.rules].join(', ')}: ${unsupportedValueText(first)}.`,
        facts.route,
      ),
    )
  }
  pa.accepted = accepted
  pa.resolvedRefs = facts.resolvedRefs
  pa.status = {parentRef: ref, controllerName: pa.controllerName ?? '', conditions}
  return pa
}

/** The Accepted decision for Gateway and ListenerSet parents. */
function decideListeners(
  pa: ParentAttachment,
  ref: ParentReference,
  facts: RouteFacts,
  listeners: ListenerAttachment[],
  parent: string,
  ctx: Context,
  gateway?: GatewayAttachment,
): ParentAttachment {
  const {route} = facts
  const selected = selectListeners(listeners, ref.sectionName, ref.port)
  pa.selectedListeners = selected
  if (selected.length === 0) {
    const message = noMatchMessage(ref, listeners, parent, gateway) + closestText(ref, facts, listeners, ctx)
    return finish(pa, ref, facts, condition('Accepted', 'False', RouteReason.NoMatchingParent, message, route))
  }
  pa.listenerVerdicts = selected.map((l) => judgeListener(l, route, facts.hostnames, ctx.snapshot))
  for (const v of pa.listenerVerdicts) for (const n of v.notes) if (!pa.notes.includes(n)) pa.notes.push(n)
  const permitted = pa.listenerVerdicts.filter((v) => v.kindAllowed && v.namespaceAllowed)
  const attached = permitted.filter((v) => v.attached)
  if (attached.length > 0) {
    const {enums} = facts
    if (enums.ruleCount > 0 && enums.rules.size === enums.ruleCount) {
      const msg = `${unsupportedValueText(enums.values[0])}; every rule uses values the API does not define, so no rule can be implemented. Use one of the listed values.`
      return finish(pa, ref, facts, condition('Accepted', 'False', RouteReason.UnsupportedValue, msg, route))
    }
    pa.attachedListeners = attached.map((v) => v.listener)
    // Accepted only through admissions that could not be checked: the verdict is an assumption.
    if (attached.every((v) => v.unverified)) {
      pa.unverified = attached[0].unverified
      pa.unverifiedProblem = RouteReason.NotAllowedByListeners
    }
    const names = pa.attachedListeners.map((l) => q(l.name)).join(', ')
    return finish(pa, ref, facts, condition('Accepted', 'True', RouteReason.Accepted, `Accepted by listener${attached.length > 1 ? 's' : ''} ${names} of ${parent}.`, route))
  }
  const prefix = (n: number) => (n > 1 ? `None of the ${n} listeners of ${parent} selected by this parentRef accepts the route. ` : '')
  // The message leads with the listener the route was most plausibly meant for; the reason stays the
  // one the spec's order of checks gives.
  const best = rankVerdicts(pa.listenerVerdicts, route.kind)[0]
  if (permitted.length === 0) {
    return finish(pa, ref, facts, condition('Accepted', 'False', RouteReason.NotAllowedByListeners, prefix(selected.length) + best.message, route))
  }
  const hosts = permitted.map((v) => `${q(v.listener.name)}: ${v.listener.hostname}`).join(', ')
  const hostnameMsg =
    permitted.length === 1
      ? permitted[0].message
      : `The route's hostnames (${facts.hostnames.join(', ')}) match none of the hostnames of the listeners of ${parent} that allow it (${hosts}). Add a matching hostname to spec.hostnames or change the listeners' hostnames.`
  // Only a listener whose hostname and protocol fit the route is a better lead than the hostname fix.
  const [host, kind] = plausibility(best, route.kind)
  const msg = best.failed === 'hostname' || host === 0 || kind === 0 ? hostnameMsg : prefix(selected.length) + plausibleFirst(best, permitted)
  return finish(pa, ref, facts, condition('Accepted', 'False', RouteReason.NoMatchingListenerHostname, msg, route))
}

/**
 * NoMatchingListenerHostname where the listener the route's hostnames point at refused it for its kind
 * or namespace: that listener's fix first (adding a hostname of another listener would move the route
 * onto a site it was not meant for), then why the reason is about hostnames.
 */
function plausibleFirst(best: ListenerVerdict, permitted: ListenerVerdict[]): string {
  const h = best.hostnames
  const why = !h.applies || h.any || best.listener.hostname === undefined
    ? `${q(best.listener.name)} accepts any hostname`
    : `its hostname ${best.listener.hostname} matches the route's ${h.effective.join(', ')}`
  const others = permitted.map((v) => `${q(v.listener.name)} (${v.listener.hostname})`).join(', ')
  const verb = permitted.length === 1 ? 'allows' : 'allow'
  return `The route is most plausibly meant for listener ${q(best.listener.name)} (${why}): ${best.message} The reason is NoMatchingListenerHostname because ${others} ${verb} the route but ${permitted.length === 1 ? 'its hostname matches' : 'their hostnames match'} none of the route's hostnames.`
}

/**
 * ` The listener this route most plausibly means is "https" (HTTPS :443, shop.example.com).`, judged on
 * the route's hostnames and kind and the closeness of sectionName or port; only for parents with at most
 * LISTED listeners, so that many parentRefs to a Gateway with many listeners stay linear.
 */
function closestText(ref: ParentReference, facts: RouteFacts, listeners: ListenerAttachment[], ctx: Context): string {
  if (listeners.length === 0 || listeners.length > LISTED) return ''
  const verdicts = listeners.map((l) => judgeListener(l, facts.route, facts.hostnames, ctx.snapshot))
  const l = closestListener(verdicts, facts.route.kind, ref.sectionName, ref.port)
  if (!l) return ''
  return ` The listener this route most plausibly means is ${q(l.name)} (${l.protocol} :${l.port ?? '?'}${l.hostname ? `, ${l.hostname}` : ''}).`
}

/** How many listener names or ports a message lists before saying how many more there are. */
const LISTED = 20

function listed(items: string[]): string {
  return items.length > LISTED ? `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more` : items.join(', ')
}

/** The names and ports a no-match message lists, once per listener list (routes may be many). */
const summaries = new WeakMap<readonly ListenerAttachment[], {size: number; names: string; ports: string}>()

function summaryOf(listeners: readonly ListenerAttachment[]): {names: string; ports: string} {
  let s = summaries.get(listeners)
  if (s?.size !== listeners.length) {
    const ports = [...new Set(listeners.map((l) => l.port).filter((p) => p !== undefined))].map(String)
    s = {size: listeners.length, names: listed(listeners.map((l) => q(l.name))), ports: listed(ports) || 'none'}
    summaries.set(listeners, s)
  }
  return s
}

/** A ListenerSet listener of the Gateway with this name, found through one index per Gateway. */
const setListeners = new WeakMap<GatewayAttachment, ListenerAttachment[]>()

function setListenerNamed(gateway: GatewayAttachment | undefined, name: unknown): ListenerAttachment | undefined {
  if (!gateway) return undefined
  let all = setListeners.get(gateway)
  if (!all) setListeners.set(gateway, (all = gateway.listenerSets.flatMap((s) => s.listeners)))
  return listenerIndex(all).byName.get(name)?.[0]
}

function noMatchMessage(ref: ParentReference, listeners: ListenerAttachment[], parent: string, gateway?: GatewayAttachment): string {
  if (listeners.length === 0) return `${parent} has no listeners, so no parentRef to it can match. Add listeners to it.`
  const {names, ports} = summaryOf(listeners)
  const {sectionName, port} = ref
  if (sectionName !== undefined) {
    const byName = listenerIndex(listeners).byName.get(sectionName) ?? []
    if (byName.length > 0 && port !== undefined) {
      return `${parent} has a listener named ${q(sectionName)}, but it listens on port ${byName.map((l) => l.port).join(', ')}, not ${q(port)}. Fix the port or sectionName in the parentRef.`
    }
    const inSet = setListenerNamed(gateway, sectionName)
    const hint = inSet ? ` ${q(sectionName)} is a listener of ${objText(inSet.owner)}; a Gateway parentRef sees only the Gateway's own listeners, so attach to the ListenerSet (kind: ListenerSet) instead.` : ` Use one of its listeners: ${names}.`
    return `${parent} has no listener named ${q(sectionName)} (sectionName).${hint}`
  }
  return `${parent} has no listener on port ${q(port)} (parentRef port); its listeners use port${ports.includes(',') ? 's' : ''} ${ports}. Fix the port.`
}

/** Mesh parent: the Service must have the selected port(s). */
function decideService(pa: ParentAttachment, ref: ParentReference, facts: RouteFacts, svc: Service): ParentAttachment {
  const {route} = facts
  const spec = obj(svc.spec)
  const ports = arr(spec?.ports).map(obj).filter((p) => p !== undefined) as unknown as ServicePort[]
  const selected = ports.filter((p) => (ref.sectionName === undefined || p.name === ref.sectionName) && (ref.port === undefined || p.port === ref.port))
  pa.servicePorts = selected
  const who = objText(svc)
  pa.notes.push('Mesh (GAMMA) parent: hostnames are ignored, and many mesh implementations do not require ReferenceGrants for cross-namespace backends (this check applies the standard rule)')
  if (spec?.type === 'ExternalName' || spec?.clusterIP === 'None') {
    pa.notes.push(`${who} is ${spec?.type === 'ExternalName' ? 'an ExternalName' : 'a headless'} Service; mesh implementations SHOULD NOT support it as a parent`)
  }
  if (!pa.controllerName) pa.notes.push('No GatewayClass names the mesh controller, so the controllerName is unknown')
  if (selected.length === 0) {
    const what = ref.sectionName !== undefined && ref.port !== undefined
      ? `a port named ${q(ref.sectionName)} with number ${q(ref.port)}`
      : ref.sectionName !== undefined
        ? `a port named ${q(ref.sectionName)} (sectionName)`
        : `port ${q(ref.port)}`
    const have = ports.map((p) => (p.name ? `${plain(p.name)}/${plain(p.port)}` : plain(p.port))).join(', ') || 'none'
    return finish(pa, ref, facts, condition('Accepted', 'False', RouteReason.NoMatchingParent, `${who} has no ${what}; its ports are ${have}. Fix the parentRef.`, route))
  }
  const which = ref.sectionName === undefined && ref.port === undefined ? 'all its ports' : `port ${selected.map((p) => plain(p.port)).join(', ')}`
  return finish(pa, ref, facts, condition('Accepted', 'True', RouteReason.Accepted, `Attached to ${who} (${which}) as a mesh route.`, route))
}

/** The controllerName of the reported status entry for this parentRef, if any. */
function reportedController(route: Route, ref: ParentReference): string {
  for (const p of arr(obj(route.status)?.parents)) {
    const entry = obj(p)
    const r = defaultParentRef(entry?.parentRef, nsOf(route))
    if (r && sameParentRef(r, ref)) return str(entry?.controllerName) ?? ''
  }
  return ''
}

/** Equality of two defaulted parentRefs (group, kind, namespace, name, sectionName, port). */
export function sameParentRef(a: ParentReference, b: ParentReference): boolean {
  return a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name && a.sectionName === b.sectionName && a.port === b.port
}

