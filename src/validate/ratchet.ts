// CRD validation ratcheting (KEP-4008, on by default since Kubernetes 1.30, GA in 1.33) and the
// stored-object correlation transition rules use. On an update the API server drops an error when the
// part of the object it concerns is unchanged from the stored object, so that objects stored before a
// CRD tightened can still be updated elsewhere. "Unchanged" is decided on the nearest node that can be
// correlated with the stored object, as apiextensions-apiserver (v1.36) decides it:
// - an object property (or additionalProperties key) correlates when both objects have the key and the
//   schema describes it; a list item only in a `x-kubernetes-list-type: map` list, by its map keys
//   (sets, atomic lists and lists without a type do not correlate item by item);
// - below the first node that does not correlate, nothing does: the nearest correlated ancestor decides;
// - `apiVersion` and `kind` of the object never correlate;
// - equal means equal through the same correlation (a property without a schema, or a map-list item
//   without a match, makes its parent unequal; other lists compare whole).
// Which errors ratchet (strategy.go, ratcheting.go, schema/cel/validation.go): every OpenAPI schema
// error, at the node that reports it; CEL rule failures unless the rule reads oldSelf (run-time errors
// of a rule do not ratchet); list-type uniqueness errors only as a whole, when the stored object had one.

import {isRecord} from '../model/guards.js'
import type {SchemaNode} from './schema.js'

/** A place in the value: property names and list indexes from the root. */
export type Location = ReadonlyArray<string | number>

/** The identity of a map-list item: its map keys, which must all be scalars (else it does not correlate). */
export function mapListKey(item: unknown, keys: readonly string[]): string | undefined {
  if (!isRecord(item) || keys.length === 0) return undefined
  const parts: unknown[] = []
  for (const k of keys) {
    const v = item[k]
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined
    parts.push(v)
  }
  return JSON.stringify(parts)
}

/** Whether a list's items correlate with the stored list's by map keys. */
export function correlatesItems(node: SchemaNode): boolean {
  return node.type === 'array' && node.listType === 'map' && (node.mapKeys?.length ?? 0) > 0
}

/**
 * The stored item each new item of a map list correlates with (undefined where none does); the first
 * stored item with a key wins, as the server's map list keeps the first.
 */
export function correlateItems(list: readonly unknown[], old: unknown, node: SchemaNode): unknown[] {
  if (!Array.isArray(old) || old.length === 0 || !correlatesItems(node)) return []
  const byKey = new Map<string, unknown>()
  for (const o of old) {
    const k = mapListKey(o, node.mapKeys!)
    if (k !== undefined && !byKey.has(k)) byKey.set(k, o)
  }
  return list.map((x) => {
    const k = mapListKey(x, node.mapKeys!)
    return k === undefined ? undefined : byKey.get(k)
  })
}

/** The schema of a property, or of a map's values; none for `additionalProperties: true`. */
function propertySchema(node: SchemaNode, key: string): SchemaNode | undefined {
  return node.properties?.get(key) ?? (node.additional && node.additional !== true ? node.additional : undefined)
}

interface Correlated {
  value: unknown
  old: unknown
  node: SchemaNode
}

function childOf(c: Correlated, seg: string | number, root: boolean): Correlated | undefined {
  if (typeof seg === 'string') {
    if (root && (seg === 'apiVersion' || seg === 'kind')) return undefined
    if (!isRecord(c.value) || !isRecord(c.old) || !Object.hasOwn(c.value, seg) || !Object.hasOwn(c.old, seg)) return undefined
    const node = propertySchema(c.node, seg)
    return node && {value: c.value[seg], old: c.old[seg], node}
  }
  if (!Array.isArray(c.value) || seg >= c.value.length || !c.node.items || !correlatesItems(c.node)) return undefined
  const old = correlateItems([c.value[seg]], c.old, c.node)[0]
  return old === undefined ? undefined : {value: c.value[seg], old, node: c.node.items}
}

/** Equal to the stored value through the server's correlation (CorrelatedObject.CachedDeepEqual). */
export function unchanged(value: unknown, old: unknown, node: SchemaNode): boolean {
  if (value === undefined || value === null || old === undefined || old === null) return (value ?? null) === (old ?? null)
  if (Array.isArray(value) || Array.isArray(old)) {
    if (!Array.isArray(value) || !Array.isArray(old) || value.length !== old.length) return false
    if (!correlatesItems(node) || !node.items) return deepEqual(value, old)
    const olds = correlateItems(value, old, node)
    return value.every((x, i) => olds[i] !== undefined && unchanged(x, olds[i], node.items!))
  }
  if (isRecord(value) || isRecord(old)) {
    if (!isRecord(value) || !isRecord(old)) return false
    const keys = Object.keys(value)
    if (keys.length !== Object.keys(old).length) return false
    return keys.every((k) => {
      const sub = Object.hasOwn(old, k) ? propertySchema(node, k) : undefined
      return sub !== undefined && unchanged(value[k], old[k], sub)
    })
  }
  return value === old
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isRecord(a)) {
    if (!isRecord(b) || Array.isArray(b)) return false
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
  }
  return false
}

/**
 * Whether an error reported by the node at `at` is dropped: the nearest node on the way that correlates
 * with the stored object (the root always does) is unchanged. `root` is false for fragments (tests).
 */
export function ratchets(value: unknown, old: unknown, schema: SchemaNode, at: Location, root = true): boolean {
  let nearest: Correlated = {value, old, node: schema}
  for (let i = 0; i < at.length; i++) {
    const next = childOf(nearest, at[i], root && i === 0)
    if (!next) break
    nearest = next
  }
  return unchanged(nearest.value, nearest.old, nearest.node)
}
