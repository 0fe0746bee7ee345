// Values with provenance, and the one merge operation the engine needs.
//
// Every precedence rule of the issue reduces to "fill in": contributions are visited from the highest
// precedence to the lowest, and each one only sets what is still unset. Objects merge key by key;
// anything else (scalars, lists, and an object meeting a non-object) is taken whole from whichever
// contribution got there first. Overrides are visited top-down, then defaults bottom-up, which gives
// exactly "the least specific override wins, then the most specific default".

import type {PolicyLevel, SourceType} from './types.js'
import {JsonObject, isObject, jsonEqual} from './values.js'

export interface Contribution {
  /** Policy key (or route key for a route rule's own value). */
  policy: string
  type: SourceType
  /** Set when the contribution is placed in a context. */
  level?: PolicyLevel
  objectKind?: string
}

export interface Leaf {
  branch: false
  value: unknown
  from: Contribution
}

export interface Branch {
  branch: true
  children: Map<string, Node>
  /** Who created this object; reported for objects that end up empty. Absent on a merge root. */
  from?: Contribution
}

export type Node = Leaf | Branch

export function emptyBranch(): Branch {
  return {branch: true, children: new Map()}
}

/** A tree for a JSON object. `null` values are treated as unset, as Kubernetes drops them. */
export function treeOf(value: JsonObject, from: Contribution): Branch {
  const children = new Map<string, Node>()
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue
    children.set(key, isObject(v) ? treeOf(v, from) : {branch: false, value: v, from})
  }
  return {branch: true, children, from}
}

/** Called when `incoming` loses against `kept` on `path` (both set, not both objects). */
export type ClashHandler = (path: string[], kept: Node, incoming: Node) => void

/**
 * Copies into `target` every part of `source` that `target` does not set yet. `relabel` rewrites the
 * provenance of what is copied (to place it at a level); `source` is never modified or shared.
 */
export function fillIn(
  target: Branch,
  source: Branch,
  relabel: (c: Contribution) => Contribution = (c) => c,
  onClash?: ClashHandler,
  path: string[] = [],
): void {
  for (const [key, incoming] of source.children) {
    const kept = target.children.get(key)
    if (kept === undefined) {
      target.children.set(key, copy(incoming, relabel))
    } else if (kept.branch && incoming.branch) {
      fillIn(kept, incoming, relabel, onClash, [...path, key])
    } else {
      onClash?.([...path, key], kept, incoming)
    }
  }
}

function copy(node: Node, relabel: (c: Contribution) => Contribution): Node {
  if (!node.branch) return {branch: false, value: node.value, from: relabel(node.from)}
  const children = new Map<string, Node>()
  for (const [k, child] of node.children) children.set(k, copy(child, relabel))
  return node.from ? {branch: true, children, from: relabel(node.from)} : {branch: true, children}
}

/** Whether two nodes stand for the same JSON value. */
export function sameValue(a: Node, b: Node): boolean {
  return jsonEqual(toJson(a), toJson(b))
}

export function toJson(node: Node): unknown {
  if (!node.branch) return structuredClone(node.value)
  // fromEntries defines keys: assigning a `__proto__` key from the input would drop it.
  return Object.fromEntries([...node.children].map(([k, child]) => [k, toJson(child)]))
}

export interface Provenance {
  path: string[]
  from: Contribution
}

/** The leaves (and empty objects) of a tree with their provenance, in key order. */
export function provenance(root: Branch): Provenance[] {
  const out: Provenance[] = []
  const walk = (node: Node, path: string[]): void => {
    if (!node.branch) {
      out.push({path, from: node.from})
    } else if (node.children.size === 0) {
      if (node.from && path.length > 0) out.push({path, from: node.from})
    } else {
      for (const [k, child] of node.children) walk(child, [...path, k])
    }
  }
  walk(root, [])
  return out
}
