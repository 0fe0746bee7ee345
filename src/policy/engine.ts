// Entry point of the policy engine: one PolicyIndex per snapshot (policy kinds, resolved targets,
// same-level conflicts, which routes use which Services), from which the per-object views (views.ts)
// and the per-policy reports are read. Building it is linear in the number of objects plus the size of
// the policy specs.

import {PolicyKind, Snapshot, objectKey} from '../model/snapshot.js'
import type {Gateway, K8sObject, Route} from '../model/types.js'
import {GATEWAY_GROUP} from '../model/types.js'
import {Attachments, PolicyEntry, buildAttachments} from './attachments.js'
import {policyKindsOf} from './kinds.js'
import {ancestorsOf, defaultLoaded} from './targets.js'
import type {PolicyConflict, PolicyReport, RouteParent, RouteParentsFn} from './types.js'
import {asArray, compareStrings, isObject, nonEmptyString} from './values.js'

/** A route rule's reference to a Service. */
export interface ServiceUse {
  route: Route
  ruleIndex: number
  /** backendRef port, when given as a number. */
  port?: number
}

export interface PolicyIndex {
  snapshot: Snapshot
  kinds: PolicyKind[]
  attachments: Attachments
  /** objectKey of a policy -> its entry. */
  entriesByObject: Map<string, PolicyEntry>
  /** The parents of a route, one entry per Gateway (listener names merged), memoised. */
  parentsOf(route: Route): RouteParent[]
  /** `namespace/name` of a Service -> the route rules whose backendRefs name it. */
  serviceUses: Map<string, ServiceUse[]>
}

export interface PolicyIndexOptions {
  /**
   * Whether objects of a kind were read, so that a missing target means TargetNotFound rather than
   * "cannot tell". Default: kinds kubectl-gw knows that are not marked unreadable in the snapshot; a
   * command that did not list a target kind (Services, say) should say so here.
   */
  loaded?: (group: string, kind: string) => boolean
  /**
   * Whether the route's reference to Service `namespace/name` is refused (RefNotPermitted): such a
   * reference carries no traffic, so no policy reaches the Service through that route. Default: none.
   */
  refused?: (route: Route, namespace: string, name: string) => boolean
}

export function buildPolicyIndex(snapshot: Snapshot, routeParents: RouteParentsFn, options: PolicyIndexOptions = {}): PolicyIndex {
  const kinds = policyKindsOf(snapshot)
  const attachments = buildAttachments(kinds, (pk) => snapshot.list(pk.group, pk.kind), {
    snapshot,
    namespaces: new Set(snapshot.namespaceNames()),
    loaded: options.loaded ?? defaultLoaded(snapshot),
  })
  const memo = new Map<Route, RouteParent[]>()
  return {
    snapshot,
    kinds,
    attachments,
    entriesByObject: new Map(attachments.entries.map((e) => [objectKey(e.policy), e])),
    parentsOf(route) {
      let parents = memo.get(route)
      if (!parents) memo.set(route, (parents = mergeParents(routeParents(route))))
      return parents
    },
    serviceUses: indexServiceUses(snapshot.routes(), options.refused),
  }
}

function gatewayKey(gw: Gateway): string {
  return `${gw.metadata?.namespace ?? ''}/${gw.metadata?.name ?? ''}`
}

function mergeParents(parents: readonly RouteParent[]): RouteParent[] {
  const byGateway = new Map<string, RouteParent>()
  for (const p of parents) {
    if (!p?.gateway) continue
    const key = gatewayKey(p.gateway)
    const listeners = asArray(p.listenerNames).filter((l): l is string => typeof l === 'string' && l !== '')
    const seen = byGateway.get(key)
    if (!seen) byGateway.set(key, {gateway: p.gateway, listenerNames: [...new Set(listeners)]})
    else for (const l of listeners) if (!seen.listenerNames.includes(l)) seen.listenerNames.push(l)
  }
  return [...byGateway.values()].sort((a, b) => compareStrings(gatewayKey(a.gateway), gatewayKey(b.gateway)))
}

function indexServiceUses(routes: Route[], refused?: PolicyIndexOptions['refused']): Map<string, ServiceUse[]> {
  const out = new Map<string, ServiceUse[]>()
  for (const route of routes) {
    const routeNs = route.metadata?.namespace ?? ''
    const seen = new Set<string>()
    asArray(route.spec?.rules).forEach((rule, ruleIndex) => {
      if (!isObject(rule)) return
      for (const ref of asArray(rule.backendRefs)) {
        if (!isObject(ref)) continue
        const group = typeof ref.group === 'string' ? ref.group : ''
        const kind = nonEmptyString(ref.kind) ?? 'Service'
        const name = nonEmptyString(ref.name)
        if ((group !== '' && group !== 'core') || kind !== 'Service' || name === undefined) continue
        const ns = nonEmptyString(ref.namespace) ?? routeNs
        if (refused?.(route, ns, name)) continue
        const key = `${ns}/${name}`
        const port = typeof ref.port === 'number' ? ref.port : undefined
        const once = `${key}\u0000${ruleIndex}\u0000${port ?? ''}`
        if (seen.has(once)) continue
        seen.add(once)
        let uses = out.get(key)
        if (!uses) out.set(key, (uses = []))
        uses.push(port === undefined ? {route, ruleIndex} : {route, ruleIndex, port})
      }
    })
  }
  return out
}

/** Targets, controller-reported status and conflicts of every policy, sorted by kind then key. */
export function policyReports(index: PolicyIndex): PolicyReport[] {
  return index.attachments.entries.map(reportOf).sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.policy, b.policy))
}

/** The report of one policy object (matched by group, kind, namespace and name), if it is a policy. */
export function policyReport(index: PolicyIndex, policy: K8sObject): PolicyReport | undefined {
  const entry = index.entriesByObject.get(objectKey(policy))
  return entry ? reportOf(entry) : undefined
}

function reportOf(entry: PolicyEntry): PolicyReport {
  const meta = entry.policy.metadata
  const id = {group: entry.kind.group, kind: entry.kind.kind, name: meta?.name ?? '', ...(meta?.namespace ? {namespace: meta.namespace} : {})}
  return {
    id,
    kind: entry.kindName,
    policy: entry.key,
    type: entry.kind.type,
    targets: entry.targets.map((t) => t.target),
    ancestors: ancestorsOf(entry.policy),
    conflicts: [...entry.conflicts].sort(compareConflicts),
  }
}

function compareConflicts(a: PolicyConflict, b: PolicyConflict): number {
  return (
    compareStrings(a.target.kind, b.target.kind) ||
    compareStrings(a.target.namespace ?? '', b.target.namespace ?? '') ||
    compareStrings(a.target.name, b.target.name) ||
    compareStrings(a.target.sectionName ?? '', b.target.sectionName ?? '') ||
    compareStrings(a.type, b.type) ||
    compareStrings(a.field ?? '', b.field ?? '') ||
    compareStrings(a.winner, b.winner) ||
    compareStrings(a.loser, b.loser)
  )
}

/**
 * Parents as the routes declare them (`spec.parentRefs` naming an existing Gateway, listeners by
 * `sectionName`, else all of them), without any acceptance check. For tests and for use before the
 * attachment engine is wired in; commands should pass the attachment engine's accepted parents.
 */
export function declaredRouteParents(snapshot: Snapshot): RouteParentsFn {
  return (route) => {
    const out: RouteParent[] = []
    for (const ref of asArray(route.spec?.parentRefs)) {
      if (!isObject(ref)) continue
      const group = typeof ref.group === 'string' ? ref.group : GATEWAY_GROUP
      const kind = nonEmptyString(ref.kind) ?? 'Gateway'
      const name = nonEmptyString(ref.name)
      if (group !== GATEWAY_GROUP || kind !== 'Gateway' || name === undefined) continue
      const ns = nonEmptyString(ref.namespace) ?? route.metadata?.namespace
      const gateway = snapshot.find<Gateway>(GATEWAY_GROUP, 'Gateway', ns, name)
      if (!gateway) continue
      const all = asArray(gateway.spec?.listeners)
        .map((l) => (isObject(l) ? nonEmptyString(l.name) : undefined))
        .filter((l): l is string => l !== undefined)
      const section = nonEmptyString(ref.sectionName)
      const listenerNames = section !== undefined ? all.filter((l) => l === section) : all
      // A sectionName naming no listener attaches nowhere.
      if (section !== undefined && listenerNames.length === 0) continue
      out.push({gateway, listenerNames})
    }
    return out
  }
}
