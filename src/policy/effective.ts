// The effective policy of one kind in one context: a path down the hierarchy (GatewayClass ... Service
// port), each level an attachment point. Inherited kinds stack every level (overrides from the top,
// then defaults from the bottom); Direct kinds only look at the object itself and its section, the most
// specific of the two winning whole.

import type {PolicyKind} from '../model/snapshot.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP} from '../model/types.js'
import {Attachments, PointResolution, kindKeyOf} from './attachments.js'
import type {AttachmentPoint} from './points.js'
import {Branch, Contribution, emptyBranch, fillIn, provenance, toJson, treeOf} from './tree.js'
import type {EffectiveSource, PolicyLevel} from './types.js'
import {JsonObject, compareStrings, formatPath} from './values.js'

/** One level of a context: an attachment point seen in a role (a Namespace as the route's namespace). */
export interface ContextLevel {
  level: PolicyLevel
  point: AttachmentPoint
}

/** A route rule's own `sessionPersistence`, which beats the one a backend policy sets (GEP-1619). */
export interface RuleSessionPersistence {
  value: JsonObject
  /** Route key `namespace/name` and `Kind.group`. */
  route: string
  routeKind: string
}

// Kinds whose `sessionPersistence` a route rule overrides for that rule's backends.
const SESSION_PERSISTENCE_KINDS = new Set([`${GATEWAY_GROUP}/BackendLBPolicy`, `${GATEWAY_X_GROUP}/XBackendTrafficPolicy`])

export function hasRuleSessionOverride(kind: PolicyKind): boolean {
  return SESSION_PERSISTENCE_KINDS.has(kindKeyOf(kind))
}

export function resolutionAt(attachments: Attachments, point: AttachmentPoint, kind: PolicyKind): PointResolution | undefined {
  return attachments.points.get(point.key)?.get(kindKeyOf(kind))
}

export interface MergedContext {
  tree: Branch
  /** The route rule's sessionPersistence replaced the policy's. */
  sessionOverridden: boolean
}

/** The merged tree, or undefined when no policy of the kind sits at any of the levels. */
export function mergeContext(
  attachments: Attachments,
  kind: PolicyKind,
  levels: readonly ContextLevel[],
  rule?: RuleSessionPersistence,
): MergedContext | undefined {
  const at = levels.map((l) => resolutionAt(attachments, l.point, kind))
  if (at.every((r) => r === undefined)) return undefined
  const result = emptyBranch()
  const placeAt = (level: PolicyLevel) => (c: Contribution): Contribution => ({...c, level})
  if (kind.type === 'Direct') {
    for (let i = levels.length - 1; i >= 0; i--) {
      const direct = at[i]?.direct
      if (!direct) continue
      fillIn(result, direct, placeAt(levels[i].level))
      break
    }
  } else {
    for (let i = 0; i < levels.length; i++) {
      const overrides = at[i]?.overrides
      if (overrides) fillIn(result, overrides, placeAt(levels[i].level))
    }
    for (let i = levels.length - 1; i >= 0; i--) {
      const defaults = at[i]?.defaults
      if (defaults) fillIn(result, defaults, placeAt(levels[i].level))
    }
  }
  // Only a value the policy sets is overridden: a rule's sessionPersistence on its own is route
  // configuration, not an effect of this policy.
  const sessionOverridden = rule !== undefined && hasRuleSessionOverride(kind) && result.children.has('sessionPersistence')
  if (sessionOverridden) {
    const from: Contribution = {policy: rule.route, type: 'override', level: 'RouteRule', objectKind: rule.routeKind}
    result.children.set('sessionPersistence', treeOf(rule.value, from))
  }
  return {tree: result, sessionOverridden}
}

/** The value at a key path (the keys as they are, not the printed path). */
function valueAt(root: JsonObject, path: readonly string[]): unknown {
  let cur: unknown = root
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

export function toEffective(tree: Branch): {effective: JsonObject; sources: EffectiveSource[]} {
  const effective = toJson(tree) as JsonObject
  const sources = provenance(tree).map((p): EffectiveSource => {
    const s: EffectiveSource = {path: formatPath(p.path), value: valueAt(effective, p.path), policy: p.from.policy, level: p.from.level ?? 'Namespace', type: p.from.type}
    if (p.from.objectKind !== undefined) s.objectKind = p.from.objectKind
    return s
  })
  sources.sort((a, b) => compareStrings(a.path, b.path))
  return {effective, sources}
}
