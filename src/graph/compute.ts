// computeAttachments: Snapshot -> AttachmentGraph. Pure; linear in the number of objects (every
// cross-object lookup is a Snapshot.find or a Map built once).
//
// Order of evaluation (each step needs the previous ones):
// 1. GatewayClasses (acceptance, parametersRef);
// 2. Gateways: scope from their class, listeners from spec, certificate references;
// 3. ListenerSets: parent Gateway, allowedListeners, listeners, certificates;
// 4. per Gateway, listener conflicts across the Gateway and its admitted ListenerSets (merge order);
// 5. listener conditions, then Gateway conditions, then ListenerSet conditions (they depend on the
//    Gateway being accepted);
// 6. routes: backends and ResolvedRefs, then every parentRef;
// 7. attachedRoutes counts and the final status shapes.

import type {Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, type Gateway, type GatewayClass, type ListenerSet, type Route, type Service} from '../model/types.js'
import {arr, nameOf, nsOf, obj} from './access.js'
import {resolveBackends, routeResolvedRefs} from './backends.js'
import {markIncomplete} from './caveats.js'
import {isTrue} from './conditions.js'
import {detectConflicts} from './conflicts.js'
import {makeContext} from './context.js'
import {findUnsupportedValues} from './enums.js'
import {evaluateGatewayClass} from './gatewayclasses.js'
import {gatewaysByClass, readGateway, setGatewayConditions, setListenerConditions} from './gateways.js'
import {routeHostnames} from './listeners.js'
import {mergeOrder, readListenerSet, setListenerSetConditions} from './listenersets.js'
import {evaluateParent, type RouteFacts} from './parents.js'
import type {
  AttachmentGraph,
  GatewayAttachment,
  GatewayClassAttachment,
  ListenerAttachment,
  ListenerSetAttachment,
  ParentAttachment,
  RouteAttachment,
  ServiceUsage,
} from './types.js'

/** The Gateways and ListenerSets as computed before any route is (listeners, conflicts, conditions). */
export interface ParentsComputed {
  gateways: ReadonlyMap<Gateway, GatewayAttachment>
  listenerSets: ReadonlyMap<ListenerSet, ListenerSetAttachment>
}

export interface ComputeOptions {
  /**
   * Which routes to evaluate, decided once the parents are computed: routes are independent of one
   * another, so leaving some out changes nothing for the others (`trace` evaluates only those that
   * can bear on its request). The graph then holds only the routes kept. Default: every route.
   */
  routes?: (parents: ParentsComputed) => (route: Route) => boolean
}

export function computeAttachments(snapshot: Snapshot, opts: ComputeOptions = {}): AttachmentGraph {
  const ctx = makeContext(snapshot)

  // 1. GatewayClasses
  const byClass = gatewaysByClass(snapshot.gateways())
  const gatewayClasses = new Map<GatewayClass, GatewayClassAttachment>()
  const classByName = new Map<string, GatewayClassAttachment>()
  for (const gc of snapshot.gatewayClasses()) {
    const ca = evaluateGatewayClass(gc, byClass.get(gc.metadata.name) ?? [], ctx)
    gatewayClasses.set(gc, ca)
    classByName.set(gc.metadata.name, ca)
  }

  // 2. Gateways
  const gateways = new Map<Gateway, GatewayAttachment>()
  for (const gw of snapshot.gateways()) gateways.set(gw, readGateway(gw, classByName, ctx))

  // 3. ListenerSets
  const listenerSets = new Map<ListenerSet, ListenerSetAttachment>()
  for (const ls of snapshot.listenerSets()) {
    const la = readListenerSet(ls, gateways, ctx)
    listenerSets.set(ls, la)
    const ga = la.gateway && gateways.get(la.gateway)
    if (ga) ga.listenerSets.push(la)
  }

  // 4-5. Conflicts and conditions, Gateway by Gateway.
  for (const ga of gateways.values()) {
    ga.listenerSets.sort(mergeOrder)
    const admitted = ga.listenerSets.filter((la) => la.inScope && la.allowed === true)
    detectConflicts([ga.listeners, ...admitted.map((la) => la.listeners)])
    for (const l of ga.listeners) setListenerConditions(l)
    setGatewayConditions(ga, ctx)
    for (const la of ga.listenerSets) {
      for (const l of la.listeners) setListenerConditions(l)
      setListenerSetConditions(la, ga)
    }
  }
  // ListenerSets without a Gateway still get listener conditions (for explanations).
  for (const la of listenerSets.values()) {
    if (!la.gateway) for (const l of la.listeners) setListenerConditions(l)
  }

  // 6. Routes
  const routes = new Map<Route, RouteAttachment>()
  const services = new Map<Service, ServiceUsage>()
  const usage = (svc: Service) => {
    let u = services.get(svc)
    if (!u) services.set(svc, (u = {service: svc, backendOf: [], meshParentOf: [], grants: []}))
    return u
  }
  // Distinct routes per listener / Gateway / ListenerSet, without scanning the lists.
  const seen = new Map<object, Set<Route>>()
  const attach = (holder: {attachedRoutes: Route[]}, route: Route) => {
    let s = seen.get(holder)
    if (!s) seen.set(holder, (s = new Set()))
    if (!s.has(route)) {
      s.add(route)
      holder.attachedRoutes.push(route)
    }
  }
  // GEP-3793 default Gateways. The fields exist only where the installed CRDs have them: an API server
  // prunes fields its CRD does not know, so in a cluster their presence is the proof.
  const defaultGateways = snapshot.gateways().filter((gw) => obj(gw.spec)?.defaultScope === 'All')
  const keep = opts.routes?.({gateways, listenerSets})
  for (const route of snapshot.routes()) {
    if (keep && !keep(route)) continue
    const backends = resolveBackends(route, ctx)
    const facts: RouteFacts = {route, hostnames: routeHostnames(route), resolvedRefs: routeResolvedRefs(route, backends), enums: findUnsupportedValues(route)}
    const spec = obj(route.spec)
    const notes: string[] = []
    if (spec?.parentRefs !== undefined && !Array.isArray(spec.parentRefs)) notes.push('spec.parentRefs is not a list, so the route has no parents')
    else if (arr(spec?.parentRefs).length === 0) notes.push('The route has no parentRefs, so it attaches nowhere')
    const parents = arr(spec?.parentRefs).map((raw, i) => evaluateParent(facts, i, raw, ctx, {gateways, listenerSets}))
    if (spec?.useDefaultGateways === 'All') {
      // "as if all default Gateways were explicitly specified in parentRefs", after the written ones.
      const named = new Set(parents.filter((p) => p.parentType === 'Gateway' && p.gateway).map((p) => p.gateway))
      const extra = defaultGateways.filter((gw) => !named.has(gw))
      for (const gw of extra) {
        const ref = {group: GATEWAY_GROUP, kind: 'Gateway', namespace: nsOf(gw), name: nameOf(gw)}
        parents.push({...evaluateParent(facts, parents.length, ref, ctx, {gateways, listenerSets}), defaultGateway: true})
      }
      if (defaultGateways.length === 0) notes.push('spec.useDefaultGateways is All, but no Gateway has spec.defaultScope All, so no default Gateway claims the route')
    }
    const ra: RouteAttachment = {
      route,
      parents,
      backends,
      resolvedRefs: facts.resolvedRefs,
      unsupportedValues: facts.enums.values,
      computedStatus: {parents: parents.flatMap((p) => (p.status ? [p.status] : []))},
      notes,
    }
    routes.set(route, ra)
    for (const b of backends) {
      const svc = b.service ?? b.refusedService
      if (!svc) continue
      const u = usage(svc)
      u.backendOf.push({route, backend: b})
      if (b.grant && !u.grants.includes(b.grant)) u.grants.push(b.grant)
    }
    for (const p of parents) recordParent(route, p, {gateways, listenerSets, attach, usage})
  }

  // 7. Final status shapes. attachedRoutes follows the v1.5+ definition: routes with Accepted=True on
  // the listener. Before v1.5 the godoc counted routes attached by allowedRoutes and parentRefs alone
  // ("MUST count successfully attached Routes that may themselves have Accepted: false"), so v1.1-v1.4
  // controllers may also count hostname-mismatched routes (`rejectedRoutes` with failed 'hostname').

  for (const ga of gateways.values()) {
    for (const l of ga.listeners) l.status.attachedRoutes = l.attachedRoutes.length
    if (ga.inScope) {
      ga.computedStatus.listeners = ga.listeners.map((l) => l.status)
      ga.computedStatus.attachedListenerSets = ga.listenerSets.filter(
        (la) => la.allowed === true && isTrue(la.computedStatus.conditions.find((c) => c.type === 'Accepted')),
      ).length
    }
  }
  for (const la of listenerSets.values()) {
    for (const l of la.listeners) l.status.attachedRoutes = l.attachedRoutes.length
    if (la.inScope && la.allowed === true) la.computedStatus.listeners = la.listeners.map((l) => l.status)
  }

  // Counts above are lower bounds where route kinds or ListenerSets could not be read: say so.
  markIncomplete(snapshot, gateways.values(), listenerSets.values())

  return {routes, gateways, listenerSets, gatewayClasses, services, referenceGrants: ctx.grants.usage}
}

interface Recorders {
  gateways: Map<Gateway, GatewayAttachment>
  listenerSets: Map<ListenerSet, ListenerSetAttachment>
  attach: (holder: {attachedRoutes: Route[]}, route: Route) => void
  usage: (svc: Service) => ServiceUsage
}

/** Adds one parentRef's outcome to its listeners, parent and Service usage. */
function recordParent(route: Route, p: ParentAttachment, r: Recorders): void {
  if (p.parentType === 'Service' && p.parent) r.usage(p.parent as Service).meshParentOf.push({route, parent: p})
  if (!p.status) return
  const accepted = isTrue(p.accepted)
  if (accepted) for (const l of p.attachedListeners) r.attach(l, route)
  for (const v of p.listenerVerdicts) if (!v.attached) v.listener.rejectedRoutes.push({route, parentIndex: p.index, verdict: v})
  if (accepted) for (const v of p.listenerVerdicts) if (v.attached && v.unverified) v.listener.unverifiedRoutes ??= v.unverified
  const owner = p.parentType === 'Gateway' ? r.gateways.get(p.parent as Gateway) : p.parentType === 'ListenerSet' ? r.listenerSets.get(p.parent as ListenerSet) : undefined
  if (!owner) return
  if (accepted) {
    r.attach(owner, route)
  } else {
    owner.rejectedRoutes.push({route, parent: p})
  }
}
