// Builds the attachment subgraph around a set of selected objects: for each selected object, the
// objects one attachment away in each direction (a Gateway's class, listeners and routes; a route's
// parents, listeners and backends; the ReferenceGrants that permitted a backend). Rejected
// attachments become dashed edges labelled with the reason.

import type {AttachmentGraph, ListenerAttachment, ListenerVerdict, ParentAttachment, RouteAttachment} from '../graph/index.js'
import {plain} from '../graph/access.js'
import {groupOf} from '../model/resources.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP, isRouteKind, type K8sObject} from '../model/types.js'
import type {NodeKind, TopoEdge, TopoNode, Topology} from './model.js'

const idOf = (kind: string, ns: string | undefined, name: string) => (ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`)
const objId = (o: K8sObject) => idOf(o.kind, o.metadata.namespace, o.metadata.name)
const listenerNodeId = (l: ListenerAttachment) => `${objId(l.owner)}/${l.name}`

class Builder {
  readonly nodes = new Map<string, TopoNode>()
  readonly edges: TopoEdge[] = []
  constructor(readonly graph: AttachmentGraph) {}

  node(o: K8sObject, extra: string[] = [], problem = false): string {
    const id = objId(o)
    if (!this.nodes.has(id)) {
      const kind = (o.kind === 'XListenerSet' ? 'ListenerSet' : o.kind) as NodeKind
      this.nodes.set(id, {id, kind, namespace: o.metadata.namespace, label: [`${o.kind} ${o.metadata.name}`, ...extra], problem})
    }
    return id
  }

  /** An object the graph names but the input lacks; `unverified` when its kind could not be read. */
  missing(kind: string, ns: string | undefined, name: string, unverified = false): string {
    const id = `missing:${idOf(kind, ns, name)}`
    if (!this.nodes.has(id)) {
      this.nodes.set(id, {id, kind: 'Missing', namespace: ns, label: [`${kind} ${name}`, unverified ? '(could not be read)' : '(not found)'], problem: !unverified})
    }
    return id
  }

  listener(l: ListenerAttachment): string {
    const id = listenerNodeId(l)
    if (!this.nodes.has(id)) {
      const detail = `${l.protocol} :${l.port ?? '?'}${l.hostname ? ` ${l.hostname}` : ''}`
      this.nodes.set(id, {id, kind: 'Listener', namespace: l.owner.metadata.namespace, label: [`listener ${l.name}`, detail], problem: l.conditions.accepted.status !== 'True' || l.conditions.resolvedRefs.status !== 'True'})
      this.edges.push({from: id, to: this.node(l.owner)})
    }
    return id
  }

  gatewayWithClass(gw: K8sObject): string {
    const id = this.node(gw)
    const ga = this.graph.gateways.get(gw as never)
    if (ga?.gatewayClass) this.edges.push({from: id, to: this.node(ga.gatewayClass)})
    else if (ga) this.edges.push({from: id, to: this.missing('GatewayClass', undefined, plain(ga.gateway.spec?.gatewayClassName)), rejected: true, label: 'GatewayClassNotFound'})
    return id
  }

  parent(routeId: string, p: ParentAttachment): void {
    const ref = p.parentRef
    if (!ref) return
    if (!p.parent) {
      // A parent whose kind could not be read may well exist: drawn as unknown, not as a rejection.
      if (p.noStatusReason === 'ParentUnverifiable') this.edges.push({from: routeId, to: this.missing(ref.kind, ref.namespace, ref.name, true), label: 'unverified'})
      else this.edges.push({from: routeId, to: this.missing(ref.kind, ref.namespace, ref.name), rejected: true, label: p.noStatusReason ?? 'ParentNotFound'})
      return
    }
    const parentId = p.parentType === 'Gateway' ? this.gatewayWithClass(p.parent) : this.node(p.parent)
    if (p.gateway && p.parentType === 'ListenerSet') this.edges.push({from: parentId, to: this.gatewayWithClass(p.gateway)})
    if (p.noStatusReason) {
      this.edges.push({from: routeId, to: parentId, rejected: true, label: p.noStatusReason})
      return
    }
    for (const l of p.attachedListeners) this.edges.push({from: routeId, to: this.listener(l)})
    if (p.accepted?.status !== 'True') {
      // Each considered listener's edge carries that listener's own reason; the parent gets the
      // parentRef's reason when no listener was considered (NoMatchingParent, UnsupportedValue).
      const reason = p.accepted?.reason ?? 'NotAccepted'
      if (p.listenerVerdicts.length === 0) this.edges.push({from: routeId, to: parentId, rejected: true, label: reason})
      for (const v of p.listenerVerdicts) this.edges.push({from: routeId, to: this.listener(v.listener), rejected: true, label: v.attached ? reason : verdictLabel(v)})
    }
    if (p.parentType === 'Service' && p.accepted?.status === 'True') this.edges.push({from: routeId, to: parentId, label: 'mesh'})
  }

  route(ra: RouteAttachment): void {
    const rejected = ra.parents.some((p) => p.accepted?.status !== 'True') || ra.resolvedRefs.status !== 'True'
    const hostnames = Array.isArray(ra.route.spec?.hostnames) ? ra.route.spec.hostnames.map(plain) : []
    const id = this.node(ra.route, hostnames.length ? [hostnames.join(', ')] : [], rejected)
    for (const p of ra.parents) this.parent(id, p)
    for (const b of ra.backends) {
      const port = b.ref.port !== undefined ? `:${b.ref.port}` : ''
      // A refused reference (RefNotPermitted) to a Service that exists points at that Service.
      const found = b.service ?? b.refusedService
      const target = found ? this.node(found) : this.missing(b.ref.kind, b.ref.namespace, b.ref.name, !b.problem && b.unverified !== undefined)
      if (b.problem) this.edges.push({from: id, to: target, rejected: true, label: b.problem})
      else this.edges.push({from: id, to: target, label: [b.source === 'mirror' ? 'mirror' : '', port, b.unverified !== undefined ? 'unverified' : ''].filter(Boolean).join(' ') || undefined})
      if (b.grant) this.edges.push({from: this.node(b.grant), to: target, label: 'permits'})
    }
  }
}

/**
 * The label of a listener's rejection edge: the Accepted reason that listener alone would give
 * (NotAllowedByListeners for kind or namespace, NoMatchingListenerHostname for hostname) and the check
 * that failed, so that three listeners refusing one route for three causes read as three causes.
 */
export function verdictLabel(v: ListenerVerdict): string {
  return v.failed === 'hostname' ? 'NoMatchingListenerHostname' : `NotAllowedByListeners (${v.failed ?? 'unknown'})`
}

/** The subgraph around `selected`; everything in the graph when `selected` is undefined. */
export function buildTopology(graph: AttachmentGraph, selected?: readonly K8sObject[]): Topology {
  const b = new Builder(graph)
  const objects: K8sObject[] = selected ? [...selected] : [...graph.gatewayClasses.keys(), ...graph.gateways.keys(), ...graph.listenerSets.keys(), ...graph.routes.keys()]
  for (const o of objects) {
    const g = groupOf(o.apiVersion)
    if (g === GATEWAY_GROUP && isRouteKind(o.kind)) {
      const ra = graph.routes.get(o as never)
      if (ra) b.route(ra)
    } else if (g === GATEWAY_GROUP && o.kind === 'Gateway') {
      b.gatewayWithClass(o)
      const ga = graph.gateways.get(o as never)
      for (const l of ga?.listeners ?? []) b.listener(l)
      for (const r of [...(ga?.attachedRoutes ?? []), ...(ga?.rejectedRoutes.map((x) => x.route) ?? [])]) {
        const ra = graph.routes.get(r)
        if (ra) b.route(ra)
      }
      for (const la of ga?.listenerSets ?? []) {
        const id = b.node(la.listenerSet, [], !la.allowed)
        b.edges.push({from: id, to: b.node(o), ...(la.allowed ? {} : {rejected: true, label: 'NotAllowed'})})
      }
    } else if ((g === GATEWAY_GROUP && o.kind === 'ListenerSet') || (g === GATEWAY_X_GROUP && o.kind === 'XListenerSet')) {
      const la = graph.listenerSets.get(o as never)
      const id = b.node(o, [], la?.allowed === false)
      if (la?.gateway) b.edges.push({from: id, to: b.gatewayWithClass(la.gateway), ...(la.allowed ? {} : {rejected: true, label: 'NotAllowed'})})
      for (const l of la?.listeners ?? []) b.listener(l)
      for (const r of la?.attachedRoutes ?? []) {
        const ra = graph.routes.get(r)
        if (ra) b.route(ra)
      }
    } else if (g === GATEWAY_GROUP && o.kind === 'GatewayClass') {
      b.node(o)
      for (const gw of graph.gatewayClasses.get(o as never)?.gateways ?? []) b.gatewayWithClass(gw)
    } else if (g === '' && o.kind === 'Service') {
      const su = graph.services.get(o as never)
      b.node(o)
      for (const x of [...(su?.backendOf ?? []), ...(su?.meshParentOf ?? [])]) {
        const ra = graph.routes.get(x.route)
        if (ra) b.route(ra)
      }
    } else if (g === GATEWAY_GROUP && o.kind === 'ReferenceGrant') {
      const id = b.node(o)
      for (const p of graph.referenceGrants.get(o as never)?.permits ?? []) {
        b.edges.push({from: id, to: p.target ? b.node(p.target) : b.missing(p.to.kind, p.to.namespace, p.to.name), label: 'permits'})
      }
    }
  }
  return {nodes: [...b.nodes.values()], edges: b.edges}
}
