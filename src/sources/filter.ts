// What one ListRequest shows: the objects of its type, in its namespace, matching its label selector,
// in kubectl's order. The cluster source already filtered on the server and the file source did not
// filter at all; applying this to either gives the same answer, so commands call it for both.

import {expandTypes, type ResourceType} from '../model/resources.js'
import {kindKey, type Snapshot} from '../model/snapshot.js'
import type {CustomResourceDefinition, K8sObject} from '../model/types.js'
import {isPolicyCrd, policyKindsNamed, policyKindsOf} from '../policy/kinds.js'
import {matches, parseSelector} from '../selectors/labels.js'
import type {ListRequest} from './request.js'

interface KindScope {
  group: string
  kind: string
  namespaced: boolean
}

/** The group/kinds a type stands for in this snapshot. */
function kindsOf(snapshot: Snapshot, type: ResourceType): KindScope[] {
  if (type.policyKind !== undefined) return policyKindsNamed(snapshot, type.policyKind)
  if (type.dynamic === 'policies') return policyKindsOf(snapshot)
  const types = type.expandsTo ? expandTypes([type]) : [type]
  return types.flatMap((t) => t.refs.map((r) => ({group: r.group, kind: r.kind, namespaced: r.namespaced})))
}

function isPolicyCrdsType(type: ResourceType): boolean {
  return type.name === 'policycrds'
}

/** Labels as a selector may read them: only string values of a plain object count. */
function labelsOf(obj: K8sObject): Record<string, string> | undefined {
  const labels: unknown = obj.metadata?.labels
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return undefined
  const entries = Object.entries(labels as Record<string, unknown>)
  if (entries.every(([, v]) => typeof v === 'string')) return labels as Record<string, string>
  return Object.fromEntries(entries.filter(([, v]) => typeof v === 'string')) as Record<string, string>
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

// Byte order, as the API server returns lists (by namespace, then name), not locale order.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compareObjects(a: K8sObject, b: K8sObject): number {
  return (
    compareText(text(a.metadata?.namespace), text(b.metadata?.namespace)) ||
    compareText(text(a.metadata?.name), text(b.metadata?.name)) ||
    compareText(text(a.kind), text(b.kind)) ||
    compareText(text(a.apiVersion), text(b.apiVersion))
  )
}

/**
 * The objects `request` lists, sorted by namespace then name. `request.labelSelector` must already
 * be valid kubectl syntax (commands check it first); parseSelector throws a SelectorError otherwise.
 */
export function selectObjects(snapshot: Snapshot, request: ListRequest): K8sObject[] {
  const selector = parseSelector(request.labelSelector ?? '')
  const seen = new Set<string>()
  const out: K8sObject[] = []
  for (const k of kindsOf(snapshot, request.type)) {
    const key = kindKey(k.group, k.kind)
    if (seen.has(key)) continue
    seen.add(key)
    // An empty namespace means all of them, as an empty namespace segment does in a list URL.
    const namespace = k.namespaced && request.namespace ? request.namespace : undefined
    for (const obj of snapshot.list(k.group, k.kind)) {
      if (namespace !== undefined && obj.metadata?.namespace !== namespace) continue
      if (!matches(selector, labelsOf(obj))) continue
      if (isPolicyCrdsType(request.type) && !isPolicyCrd(obj as CustomResourceDefinition)) continue
      out.push(obj)
    }
  }
  return out.sort(compareObjects)
}

/** kubectl's text for an empty result of `request`. */
export function describeScope(request: ListRequest): string {
  return request.namespace && request.type.namespaced
    ? `No resources found in ${request.namespace} namespace.`
    : 'No resources found'
}
