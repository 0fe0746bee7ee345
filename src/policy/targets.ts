// A policy's target references (`spec.targetRef` and `spec.targetRefs`), resolved against the snapshot:
// does the target exist, does its section exist, and which attachment point it gives. Also the
// summary of what controllers reported in `status.ancestors`.

import {typeForKind} from '../model/resources.js'
import type {Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, Policy, ROUTE_KINDS} from '../model/types.js'
import {AttachmentPoint, backendPoint, gatewayClassPoint, gatewayPoint, namespacePoint, routePoint} from './points.js'
import type {AncestorCondition, AncestorStatusSummary, ObjectId, ResolvedTarget} from './types.js'
import {asArray, isObject, nonEmptyString} from './values.js'

export interface TargetResolution {
  target: ResolvedTarget
  /** Set when the policy attaches there (target found, or its existence cannot be checked). */
  point?: AttachmentPoint
}

export interface TargetLookup {
  snapshot: Snapshot
  /** Every namespace known to exist (Namespace objects and namespaces objects live in). */
  namespaces: ReadonlySet<string>
  /** Whether objects of this kind were read, so that absence means "does not exist". */
  loaded(group: string, kind: string): boolean
}

const ROUTE_KIND_SET: ReadonlySet<string> = new Set(ROUTE_KINDS)
const GATEWAY_API_KINDS: ReadonlySet<string> = new Set(['GatewayClass', 'Gateway', 'ListenerSet', ...ROUTE_KINDS])

/**
 * The default `loaded` test: kinds kubectl-gw reads and could read. Kinds it never reads (ServiceImport,
 * vendor backends) are unverifiable.
 */
export function defaultLoaded(snapshot: Snapshot): (group: string, kind: string) => boolean {
  return (group, kind) => typeForKind(group, kind) !== undefined && snapshot.readable(group, kind)
}

/** The raw target references of a policy: `targetRef` and every `targetRefs` entry, duplicates dropped. */
export function targetRefsOf(policy: Policy): unknown[] {
  const spec = isObject(policy.spec) ? policy.spec : {}
  const refs: unknown[] = []
  const seen = new Set<string>()
  for (const ref of [spec.targetRef, ...asArray(spec.targetRefs)]) {
    if (ref === undefined || ref === null) continue
    const key = JSON.stringify(ref)
    if (seen.has(key)) continue
    seen.add(key)
    refs.push(ref)
  }
  return refs
}

export function resolveTargets(policy: Policy, lookup: TargetLookup): TargetResolution[] {
  return targetRefsOf(policy).map((ref) => resolveTarget(policy, ref, lookup))
}

function invalid(base: Omit<ResolvedTarget, 'exists'>, message: string): TargetResolution {
  return {target: {...base, exists: false, problem: 'Invalid', message}}
}

function resolveTarget(policy: Policy, raw: unknown, lookup: TargetLookup): TargetResolution {
  if (!isObject(raw)) return invalid({group: '', kind: '', name: ''}, 'target reference is not an object')
  const givenGroup = typeof raw.group === 'string' ? raw.group : undefined
  // `core` is how some people spell the empty core group.
  const group = givenGroup === undefined || givenGroup === 'core' ? '' : givenGroup
  const kind = nonEmptyString(raw.kind) ?? ''
  const name = nonEmptyString(raw.name) ?? ''
  const sectionName = nonEmptyString(raw.sectionName)
  const refNamespace = nonEmptyString(raw.namespace)
  const policyNs = nonEmptyString(policy.metadata?.namespace)
  const base: Omit<ResolvedTarget, 'exists'> = {group, kind, name, ...(sectionName !== undefined && {sectionName})}

  if (kind === '' || name === '') return invalid(base, 'target reference needs a kind and a name')
  if (givenGroup === undefined && GATEWAY_API_KINDS.has(kind)) {
    return invalid(base, `target reference to a ${kind} needs group: ${GATEWAY_GROUP}`)
  }

  const {snapshot} = lookup
  if (group === GATEWAY_GROUP && kind === 'GatewayClass') {
    base.level = 'GatewayClass'
    if (policyNs !== undefined) return invalid(base, 'only a cluster-scoped policy can target a GatewayClass')
    if (sectionName !== undefined) return invalid(base, 'a GatewayClass has no sections')
    const exists = existence(snapshot.find(group, kind, undefined, name) !== undefined, lookup.loaded(group, kind))
    return finish(base, exists, gatewayClassPoint(name))
  }
  if (group === '' && kind === 'Namespace') {
    base.level = 'Namespace'
    if (sectionName !== undefined) return invalid(base, 'a Namespace has no sections')
    if (policyNs !== undefined && policyNs !== name) base.crossNamespace = true
    const exists = existence(lookup.namespaces.has(name), lookup.loaded(group, kind))
    return finish(base, exists, namespacePoint(name))
  }

  const namespace = refNamespace ?? policyNs
  if (namespace === undefined) {
    const found = snapshot.find(group, kind, undefined, name)
    if (found) return {target: {...base, exists: true}}
    return invalid(base, 'a cluster-scoped policy must set the namespace of a namespaced target')
  }
  base.namespace = namespace
  if (policyNs !== undefined && policyNs !== namespace) base.crossNamespace = true

  const obj = snapshot.find(group, kind, namespace, name)
  const loaded = lookup.loaded(group, kind)
  if (group === GATEWAY_GROUP && kind === 'Gateway') {
    base.level = sectionName === undefined ? 'Gateway' : 'Listener'
    const sections = obj ? names(obj.spec?.listeners) : undefined
    return withSection(base, existence(obj !== undefined, loaded), sections, 'listener', gatewayPoint(namespace, name, sectionName))
  }
  if (group === GATEWAY_GROUP && ROUTE_KIND_SET.has(kind)) {
    base.level = sectionName === undefined ? 'Route' : 'RouteRule'
    const sections = obj ? names(obj.spec?.rules) : undefined
    return withSection(base, existence(obj !== undefined, loaded), sections, 'rule', routePoint(kind, namespace, name, sectionName))
  }
  if (group === '' && kind === 'Service') {
    base.level = sectionName === undefined ? 'Backend' : 'BackendPort'
    const sections = obj ? names(obj.spec?.ports) : undefined
    return withSection(base, existence(obj !== undefined, loaded), sections, 'port', backendPoint(namespace, name, sectionName))
  }
  // Outside the hierarchy (ListenerSet, ServiceImport, virtual kinds): existence only.
  const exists = obj !== undefined || snapshot.find(group, kind, undefined, name) !== undefined
  return finish(base, existence(exists, loaded), undefined)
}

function existence(found: boolean, loaded: boolean): boolean | undefined {
  return found ? true : loaded ? false : undefined
}

function finish(base: Omit<ResolvedTarget, 'exists'>, exists: boolean | undefined, point: AttachmentPoint | undefined): TargetResolution {
  if (exists === false) {
    return {target: {...base, exists, problem: 'TargetNotFound', message: `${base.kind} ${describe(base)} not found`}}
  }
  const target: ResolvedTarget = {...base, exists}
  if (exists === undefined) {
    target.problem = 'Unverifiable'
    target.message = `${base.kind} objects were not read`
  }
  return point ? {target, point} : {target}
}

function withSection(
  base: Omit<ResolvedTarget, 'exists'>,
  exists: boolean | undefined,
  sections: Set<string> | undefined,
  what: string,
  point: AttachmentPoint,
): TargetResolution {
  if (exists === true && base.sectionName !== undefined && !sections?.has(base.sectionName)) {
    return {
      target: {...base, exists: false, problem: 'SectionNotFound', message: `${base.kind} ${describe(base)} has no ${what} named ${base.sectionName}`},
    }
  }
  return finish(base, exists, point)
}

function describe(t: {namespace?: string; name: string}): string {
  return t.namespace ? `${t.namespace}/${t.name}` : t.name
}

/** The `name`s of a listMap (listeners, rules, ports), ignoring malformed entries. */
function names(list: unknown): Set<string> {
  const out = new Set<string>()
  for (const item of asArray(list)) {
    const name = isObject(item) ? nonEmptyString(item.name) : undefined
    if (name !== undefined) out.add(name)
  }
  return out
}

/** `status.ancestors[]`, summarised; malformed entries are skipped. */
export function ancestorsOf(policy: Policy): AncestorStatusSummary[] {
  const status = isObject(policy.status) ? policy.status : {}
  const policyNs = nonEmptyString(policy.metadata?.namespace)
  const out: AncestorStatusSummary[] = []
  for (const entry of asArray(status.ancestors)) {
    if (!isObject(entry) || !isObject(entry.ancestorRef)) continue
    const ref = entry.ancestorRef
    const name = nonEmptyString(ref.name)
    if (name === undefined) continue
    // ParentReference defaults: group gateway.networking.k8s.io, kind Gateway, the referrer's namespace.
    const group = typeof ref.group === 'string' ? ref.group : GATEWAY_GROUP
    const kind = nonEmptyString(ref.kind) ?? 'Gateway'
    const clusterScoped = (group === GATEWAY_GROUP && kind === 'GatewayClass') || (group === '' && kind === 'Namespace')
    const ancestor: ObjectId = {group, kind, name}
    const namespace = clusterScoped ? undefined : (nonEmptyString(ref.namespace) ?? policyNs)
    if (namespace !== undefined) ancestor.namespace = namespace
    const sectionName = nonEmptyString(ref.sectionName)
    if (sectionName !== undefined) ancestor.sectionName = sectionName
    const conditions: AncestorCondition[] = []
    for (const c of asArray(entry.conditions)) {
      if (!isObject(c) || typeof c.type !== 'string') continue
      const cond: AncestorCondition = {type: c.type, status: typeof c.status === 'string' ? c.status : 'Unknown'}
      if (typeof c.reason === 'string' && c.reason !== '') cond.reason = c.reason
      if (typeof c.message === 'string' && c.message !== '') cond.message = c.message
      conditions.push(cond)
    }
    const summary = conditions.map((c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}`).join(', ')
    const item: AncestorStatusSummary = {ancestor, conditions, summary}
    const controllerName = nonEmptyString(entry.controllerName)
    if (controllerName !== undefined) item.controllerName = controllerName
    out.push(item)
  }
  return out
}
