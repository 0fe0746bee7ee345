// Defensive readers for printing. Objects come from hand-written files and from clusters running any
// CRD version, so any field may be missing or of another type; a printer shows what is there and
// never throws.

import {isRecord} from '../model/guards.js'
import {groupOf} from '../model/resources.js'
import type {K8sObject} from '../model/types.js'

export {isRecord}

export function record(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {}
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

/** A string field as text; numbers and booleans (unquoted YAML scalars) are shown as written. */
export function text(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  if (typeof v === 'boolean') return String(v)
  return ''
}

/** Values in first-seen order without repeats or empties. */
export function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))]
}

export function spec(obj: K8sObject): Record<string, unknown> {
  return record(obj.spec)
}

export function status(obj: K8sObject): Record<string, unknown> {
  return record(obj.status)
}

export function metadata(obj: K8sObject): Record<string, unknown> {
  return record(obj.metadata)
}

export function nameOf(obj: K8sObject): string {
  return text(metadata(obj).name)
}

export function namespaceOf(obj: K8sObject): string {
  return text(metadata(obj).namespace)
}

export function groupOfObject(obj: K8sObject): string {
  return typeof obj.apiVersion === 'string' ? groupOf(obj.apiVersion) : ''
}

/**
 * The status of the condition of this type in a conditions list, or '' when none is reported. The
 * list should hold each type once; if not, the first one counts.
 */
export function conditionStatus(conditions: unknown, type: string): string {
  for (const c of list(conditions)) {
    if (isRecord(c) && c.type === type) return text(c.status)
  }
  return ''
}

// Groups whose kinds are unambiguous without the group in a short reference (`Gateway/infra/edge`).
const FAMILIAR_GROUPS: ReadonlySet<string> = new Set(['', 'core', 'gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'])

/** A kind as shown in a reference cell: `Service`, `HTTPRoute`, or `ServiceImport.multicluster.x-k8s.io`. */
export function shortKind(group: string, kind: string): string {
  return FAMILIAR_GROUPS.has(group) ? kind : `${kind}.${group}`
}
