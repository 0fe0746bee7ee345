// Turns parsed documents into Kubernetes objects: unwraps Lists (kubectl's `kind: List` and any
// `FooList` carrying `items`), and checks the few fields every object must have before the engines
// may rely on them. Anything else about an object stays as found: engines cope with bad fields.

import type {K8sObject} from '../model/types.js'
import {errorAt, type Place} from './messages.js'

export interface FoundObject {
  object: K8sObject
  place: Place
}

// Real Lists nest one or two deep; the bound keeps a hostile document from exhausting the stack.
const MAX_LIST_DEPTH = 64

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'an object'
  return `a ${typeof v}`
}

/** `HTTPRoute "web"`, `HTTPRoute`, `object "web"` or `object`: whatever is known of the object. */
function subject(obj: Record<string, unknown>): string {
  const kind = typeof obj.kind === 'string' && obj.kind ? obj.kind : 'object'
  const meta = obj.metadata
  const name = isRecord(meta) && typeof meta.name === 'string' && meta.name ? meta.name : undefined
  return name === undefined ? kind : `${kind} "${name}"`
}

/** What is wrong with a field that must be a non-empty string, if anything. */
function stringProblem(value: unknown, field: string): string | undefined {
  if (typeof value === 'string') return value === '' ? `has an empty ${field}` : undefined
  if (value === undefined || value === null) return `has no ${field}`
  return `has ${typeName(value)} as ${field}, not a string`
}

/** The first reason `value` cannot be used as an object, or undefined when it can. */
export function objectProblem(value: Record<string, unknown>): string | undefined {
  const meta = value.metadata
  const problem =
    stringProblem(value.kind, 'kind') ??
    stringProblem(value.apiVersion, 'apiVersion') ??
    (meta !== undefined && meta !== null && !isRecord(meta) ? `has ${typeName(meta)} as metadata, not an object` : undefined) ??
    stringProblem(isRecord(meta) ? meta.name : undefined, 'metadata.name') ??
    (isRecord(meta) && meta.namespace !== undefined && meta.namespace !== null && typeof meta.namespace !== 'string'
      ? `has ${typeName(meta.namespace)} as metadata.namespace, not a string`
      : undefined)
  return problem === undefined ? undefined : `${subject(value)} ${problem}`
}

function isList(value: Record<string, unknown>): boolean {
  if (typeof value.kind !== 'string' || !value.kind.endsWith('List')) return false
  // A custom kind may merely end in "List" (an AllowList); only an `items` array makes it a list.
  return value.kind === 'List' || Array.isArray(value.items)
}

/**
 * Appends the usable objects in one document's value to `found` and a one-line error per unusable
 * one to `errors`.
 */
export function collectObjects(value: unknown, place: Place, found: FoundObject[], errors: string[], depth = 0): void {
  if (!isRecord(value)) {
    errors.push(errorAt(place, `expected a Kubernetes object, found ${typeName(value)}`))
    return
  }
  if (isList(value)) {
    const items = value.items
    // kubectl prints an empty `kind: List` as `items: null`; that is a list of nothing.
    if (items === undefined || items === null) return
    if (!Array.isArray(items)) {
      errors.push(errorAt(place, `${subject(value)} has ${typeName(items)} as items, not a list`))
      return
    }
    if (depth >= MAX_LIST_DEPTH) {
      errors.push(errorAt(place, `Lists nested more than ${MAX_LIST_DEPTH} deep`))
      return
    }
    const prefix = place.item ? `${place.item}.` : ''
    items.forEach((item, j) => {
      collectObjects(item, {...place, item: `${prefix}items[${j}]`}, found, errors, depth + 1)
    })
    return
  }
  const problem = objectProblem(value)
  if (problem !== undefined) {
    errors.push(errorAt(place, problem))
    return
  }
  found.push({object: value as K8sObject, place})
}
