// What `get` lists and how it groups the result: the ListRequests for the source, then, once the
// snapshot is loaded, one group of objects per table (a `routes` table holds every route kind), with
// the names the user asked for looked up in it.

import {BUILTIN_POLICY_KINDS, expandTypes, lookupType, type ResourceType} from '../src/model/resources.js'
import type {Snapshot} from '../src/model/snapshot.js'
import type {K8sObject} from '../src/model/types.js'
import {escapeControl} from '../src/printers/escape.js'
import type {ListingGroup} from '../src/printers/listing.js'
import {describeScope, selectObjects} from '../src/sources/filter.js'
import {parseSelector, SelectorError, type Selector} from '../src/selectors/labels.js'
import {matchesFields, parseFieldSelector, type FieldRequirement} from '../src/selectors/fields.js'
import {UserError, type ListRequest} from '../src/sources/request.js'
import {unknownType, type TypeSelection} from './resource-args.js'
import {policyKindsNamed} from '../src/policy/kinds.js'

export interface GetScope {
  /** Namespace for namespaced types; ignored with allNamespaces. */
  namespace: string
  allNamespaces: boolean
  /** Validated kubectl selector. */
  selector?: string
  /** kubectl --field-selector (metadata.name, metadata.namespace). */
  fieldSelector?: string
  /** -o wide: some columns need objects of other types (GATEWAYS counts Gateways). */
  wide?: boolean
}

export interface PlannedGroup {
  /** The type the table is for (a grouping such as `routes`, or a concrete type). */
  type: ResourceType
  requests: ListRequest[]
  names: string[]
}

export interface GetPlan {
  /** Everything to load: the groups' requests plus support requests for computed columns. */
  requests: ListRequest[]
  groups: PlannedGroup[]
  /** -A: checked against names once a policy kind's scope is known (collectGet). */
  allNamespaces: boolean
}

function isPolicyType(t: ResourceType): boolean {
  if (t.policyKind !== undefined) return true
  return t.refs.length > 0 && t.refs.every((r) => BUILTIN_POLICY_KINDS.some((b) => b.group === r.group && b.kind === r.kind))
}

/** Whether a grouping type already shows every object of `t`. */
function covers(grouping: ResourceType, t: ResourceType): boolean {
  if (grouping.expandsTo) return grouping.expandsTo.includes(t.name)
  if (grouping.dynamic === 'policies' && grouping.policyKind === undefined) return isPolicyType(t)
  return false
}

function requestKey(t: ResourceType): string {
  return `${t.name}|${t.refs.map((r) => `${r.group}/${r.kind}`).join(',')}`
}

/**
 * What kubectl refuses before contacting anything: a malformed selector, names together with a
 * selector, and names across all namespaces.
 */
export function checkGetArgs(selections: TypeSelection[], scope: GetScope): void {
  parseUserSelector(scope.selector)
  parseUserFieldSelector(scope.fieldSelector)
  const named = selections.filter((s) => s.names.length > 0)
  if (named.length > 0 && (scope.selector || scope.fieldSelector)) throw new UserError('error: name cannot be provided when a selector is specified')
  // A policy kind's scope is its CRD's, known once it is read: collectGet checks those.
  if (scope.allNamespaces && named.some((s) => s.type.namespaced && s.type.policyKind === undefined)) throw acrossNamespaces()
}

function acrossNamespaces(): UserError {
  return new UserError('error: a resource cannot be retrieved by name across all namespaces')
}

/** Parses `-l` for a command: bad syntax is a one-line UserError; no selector is the empty one. */
export function parseUserSelector(selector: string | undefined): Selector {
  try {
    return parseSelector(selector ?? '')
  } catch (err) {
    if (err instanceof SelectorError) throw new UserError(`error: ${escapeControl(err.message)}`)
    throw err
  }
}

/**
 * Parses --field-selector. The API server would refuse other fields with a BadRequest; refusing them
 * here, in its words, gives the same answer for files and before any request.
 */
export function parseUserFieldSelector(selector: string | undefined): FieldRequirement[] {
  try {
    return parseFieldSelector(selector ?? '')
  } catch (err) {
    if (err instanceof SelectorError) throw new UserError(`error: field selector "${escapeControl(selector ?? '')}": ${escapeControl(err.message)}`)
    throw err
  }
}

export function planGet(selections: TypeSelection[], scope: GetScope): GetPlan {
  const byKey = new Map<string, ListRequest>()
  const request = (type: ResourceType, explicit: boolean): ListRequest => {
    const key = requestKey(type)
    const existing = byKey.get(key)
    if (existing) {
      existing.explicit ||= explicit
      return existing
    }
    const r: ListRequest = {
      type,
      namespace: scope.allNamespaces || !type.namespaced ? undefined : scope.namespace,
      labelSelector: scope.selector || undefined,
      fieldSelector: scope.fieldSelector || undefined,
      explicit,
    }
    byKey.set(key, r)
    return r
  }

  const groupings = selections.filter((s) => s.type.expandsTo || (s.type.dynamic && s.type.policyKind === undefined))
  const groups: PlannedGroup[] = []
  for (const sel of selections) {
    // The kinds a grouping expands to were not named: a cluster without TLSRoute must not fail `get routes`.
    const requests = sel.type.expandsTo ? expandTypes([sel.type]).map((t) => request(t, false)) : [request(sel.type, true)]
    const absorbed = groupings.find((g) => g !== sel && covers(g.type, sel.type))
    if (absorbed) {
      for (const n of sel.names) if (!absorbed.names.includes(n)) absorbed.names.push(n)
      continue
    }
    groups.push({type: sel.type, requests, names: sel.names})
  }

  const requests = [...byKey.values()]
  if (scope.wide && selections.some((s) => s.type.name === 'gatewayclasses')) {
    const gateways = lookupType('gateways')
    // Counted over every namespace and regardless of -l, which select GatewayClasses, not Gateways.
    if (gateways) requests.push({type: gateways, namespace: undefined, explicit: false})
  }
  return {requests, groups, allNamespaces: scope.allNamespaces}
}

/**
 * The type as the snapshot knows it: a policy kind named at run time (`get fooclusterpolicies`) takes
 * its CRD's scope, as kubectl takes the REST mapping's: cluster-scoped when every kind it names is, so
 * that tables have no NAMESPACE column and an empty list names no namespace.
 */
export function scopedType(snapshot: Snapshot, type: ResourceType): ResourceType {
  if (type.policyKind === undefined) return type
  const kinds = policyKindsNamed(snapshot, type.policyKind)
  return kinds.length > 0 && kinds.every((k) => !k.namespaced) ? {...type, namespaced: false} : type
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function byNamespaceNameKind(a: K8sObject, b: K8sObject): number {
  const ka = [text(a.metadata?.namespace), text(a.metadata?.name), text(a.kind)]
  const kb = [text(b.metadata?.namespace), text(b.metadata?.name), text(b.kind)]
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1
  return 0
}

/** How kubectl names a type in a NotFound error: `gateways.gateway.networking.k8s.io`, `services`. */
export function resourceLabel(type: ResourceType, snapshot?: Snapshot): string {
  if (type.policyKind !== undefined && snapshot) {
    const pk = policyKindsNamed(snapshot, type.policyKind)[0]
    if (pk?.resource) return `${pk.resource}.${pk.group}`
  }
  const ref = type.refs[0]
  if (!ref || type.expandsTo || type.dynamic) return type.name
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource
}

export interface GetResult {
  groups: ListingGroup[]
  /** kubectl's NotFound lines, one per missing name, in the order asked. */
  notFound: string[]
}

export function collectGet(snapshot: Snapshot, plan: GetPlan): GetResult {
  const groups: ListingGroup[] = []
  const notFound: string[] = []
  for (const g of plan.groups) {
    // A name that is no built-in type had to be a policy kind of the cluster or the files.
    if (g.type.policyKind !== undefined && policyKindsNamed(snapshot, g.type.policyKind).length === 0) throw unknownType(g.type.policyKind)
    const type = scopedType(snapshot, g.type)
    if (plan.allNamespaces && g.names.length > 0 && type.namespaced) throw acrossNamespaces()
    let objects = g.requests.flatMap((r) => selectObjects(snapshot, r))
    // The server already applied it to what it listed; files, and lists read for the whole graph, were not filtered.
    const fields = parseUserFieldSelector(g.requests.find((r) => r.fieldSelector)?.fieldSelector)
    if (fields.length > 0) objects = objects.filter((o) => matchesFields(fields, o))
    if (g.requests.length > 1) objects.sort(byNamespaceNameKind)
    if (g.names.length > 0) {
      const byName = new Map<string, K8sObject[]>()
      for (const o of objects) {
        const n = text(o.metadata?.name)
        const list = byName.get(n)
        if (list) list.push(o)
        else byName.set(n, [o])
      }
      objects = []
      for (const name of g.names) {
        const found = byName.get(name)
        if (found) objects.push(...found)
        else notFound.push(`Error from server (NotFound): ${resourceLabel(g.type, snapshot)} "${escapeControl(name)}" not found`)
      }
    }
    groups.push({type, objects})
  }
  return {groups, notFound}
}

/**
 * kubectl's "single item implied": one type and one name. -o json|yaml then print the object itself,
 * and print nothing when it is missing. A grouping (`routes`) may match several objects, so never.
 */
export function isSingleItem(plan: GetPlan): boolean {
  if (plan.groups.length !== 1) return false
  const g = plan.groups[0]
  return g.names.length === 1 && !g.type.expandsTo && (!g.type.dynamic || g.type.policyKind !== undefined)
}

/**
 * kubectl's message for an empty result: the namespace is named only if every type is namespaced (a
 * policy kind's scope read from the snapshot when there is one).
 */
export function emptyMessage(plan: GetPlan, snapshot?: Snapshot): string {
  const scoped = (r: ListRequest) => (snapshot ? {...r, type: scopedType(snapshot, r.type)} : r)
  const messages = new Set(plan.groups.flatMap((g) => g.requests.map((r) => describeScope(scoped(r)))))
  return messages.size === 1 ? [...messages][0] : 'No resources found'
}
