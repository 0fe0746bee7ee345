// Which policies attach where, and what each attachment point contributes once the policies of one
// kind at that point have been reconciled with each other (same-level conflicts). Computed once per
// snapshot; contexts (effective.ts) then only look points up and stack them.

import type {PolicyKind} from '../model/snapshot.js'
import type {Policy} from '../model/types.js'
import type {AttachmentPoint} from './points.js'
import {TargetLookup, TargetResolution, resolveTargets} from './targets.js'
import {Branch, emptyBranch, fillIn, sameValue, treeOf} from './tree.js'
import type {PolicyConflict, SourceType} from './types.js'
import {JsonObject, compareStrings, formatPath, isObject, nonEmptyString, timestampOf} from './values.js'

export interface PolicyEntry {
  policy: Policy
  kind: PolicyKind
  /** `Kind.group`. */
  kindName: string
  /** `namespace/name` or `name`. */
  key: string
  targets: TargetResolution[]
  /** Filled while points are resolved. */
  conflicts: PolicyConflict[]
}

/** What the policies of one kind at one attachment point amount to. */
export interface PointResolution {
  point: AttachmentPoint
  kind: PolicyKind
  /** Highest precedence first: oldest, then by `namespace/name`. */
  policies: PolicyEntry[]
  /** Direct kinds: the policy that applies here and its spec (without target references). */
  winner?: PolicyEntry
  direct?: Branch
  /** Inherited kinds: the merged stanzas of every policy here. */
  overrides?: Branch
  defaults?: Branch
  /** Policies that lost here, entirely (Direct) or on some field (Inherited). */
  conflicted: Set<PolicyEntry>
}

export interface Attachments {
  entries: PolicyEntry[]
  /** Point key -> kind key (`group/Kind`) -> resolution. */
  points: Map<string, Map<string, PointResolution>>
}

export function kindKeyOf(pk: {group: string; kind: string}): string {
  return `${pk.group}/${pk.kind}`
}

export function kindNameOf(pk: {group: string; kind: string}): string {
  return pk.group === '' ? pk.kind : `${pk.kind}.${pk.group}`
}

export function policyKeyOf(policy: Policy): string {
  const ns = nonEmptyString(policy.metadata?.namespace)
  const name = policy.metadata?.name ?? ''
  return ns === undefined ? name : `${ns}/${name}`
}

export function buildAttachments(kinds: PolicyKind[], list: (pk: PolicyKind) => Policy[], lookup: TargetLookup): Attachments {
  const entries: PolicyEntry[] = []
  const grouped = new Map<string, Map<string, {point: AttachmentPoint; kind: PolicyKind; policies: PolicyEntry[]}>>()
  for (const kind of kinds) {
    const kk = kindKeyOf(kind)
    for (const policy of list(kind)) {
      if (!policy) continue
      const entry: PolicyEntry = {
        policy,
        kind,
        kindName: kindNameOf(kind),
        key: policyKeyOf(policy),
        targets: resolveTargets(policy, lookup),
        conflicts: [],
      }
      entries.push(entry)
      for (const t of entry.targets) {
        if (!t.point) continue
        let byKind = grouped.get(t.point.key)
        if (!byKind) grouped.set(t.point.key, (byKind = new Map()))
        let at = byKind.get(kk)
        if (!at) byKind.set(kk, (at = {point: t.point, kind, policies: []}))
        // Two references of one policy to the same point count once. A policy's references are
        // handled together, so a repeat can only be the last one added (no scan: a point may hold
        // thousands of policies).
        if (at.policies[at.policies.length - 1] !== entry) at.policies.push(entry)
      }
    }
  }
  const points = new Map<string, Map<string, PointResolution>>()
  for (const [pointKey, byKind] of grouped) {
    const resolved = new Map<string, PointResolution>()
    for (const [kk, at] of byKind) resolved.set(kk, resolvePoint(at.point, at.kind, at.policies.sort(byPrecedence)))
    points.set(pointKey, resolved)
  }
  return {entries, points}
}

/** Same-level precedence: the older policy first; equal or missing timestamps by `namespace/name`. */
export function byPrecedence(a: PolicyEntry, b: PolicyEntry): number {
  const ta = timestampOf(a.policy.metadata?.creationTimestamp) ?? Infinity
  const tb = timestampOf(b.policy.metadata?.creationTimestamp) ?? Infinity
  if (ta !== tb) return ta < tb ? -1 : 1
  return compareStrings(precedenceName(a), precedenceName(b))
}

function precedenceName(e: PolicyEntry): string {
  return `${nonEmptyString(e.policy.metadata?.namespace) ?? ''}/${e.policy.metadata?.name ?? ''}`
}

function decidedBy(winner: PolicyEntry, loser: PolicyEntry): PolicyConflict['decidedBy'] {
  const tw = timestampOf(winner.policy.metadata?.creationTimestamp) ?? Infinity
  const tl = timestampOf(loser.policy.metadata?.creationTimestamp) ?? Infinity
  return tw !== tl ? 'creationTimestamp' : 'name'
}

function resolvePoint(point: AttachmentPoint, kind: PolicyKind, policies: PolicyEntry[]): PointResolution {
  const res: PointResolution = {point, kind, policies, conflicted: new Set()}
  const record = (winner: PolicyEntry, loser: PolicyEntry, type: SourceType, field?: string): void => {
    const conflict: PolicyConflict = {
      kind: loser.kindName,
      target: point.object,
      level: point.level,
      type,
      winner: winner.key,
      loser: loser.key,
      decidedBy: decidedBy(winner, loser),
    }
    if (field !== undefined) conflict.field = field
    winner.conflicts.push(conflict)
    loser.conflicts.push(conflict)
    res.conflicted.add(loser)
  }

  if (kind.type === 'Direct') {
    // Merge strategy None: the first policy applies whole, every other one is rejected.
    const [winner, ...losers] = policies
    if (winner) {
      res.winner = winner
      res.direct = treeOf(directSpec(winner.policy), {policy: winner.key, type: 'direct'})
      for (const loser of losers) record(winner, loser, 'direct')
    }
    return res
  }

  const entryOf = new Map<string, PolicyEntry>(policies.map((p) => [p.key, p]))
  const merge = (type: 'default' | 'override'): Branch => {
    const out = emptyBranch()
    for (const entry of policies) {
      const stanza = stanzasOf(entry.policy)[type]
      if (!stanza) continue
      fillIn(out, treeOf(stanza, {policy: entry.key, type}), undefined, (path, kept, incoming) => {
        if (sameValue(kept, incoming)) return
        const winner = kept.from ? entryOf.get(kept.from.policy) : undefined
        if (winner) record(winner, entry, type, formatPath(path))
      })
    }
    return out
  }
  res.overrides = merge('override')
  res.defaults = merge('default')
  return res
}

const TARGET_FIELDS = new Set(['targetRef', 'targetRefs'])
const STANZA_FIELDS = new Set(['default', 'defaults', 'override', 'overrides'])

/** A Direct policy's spec without its target references. */
export function directSpec(policy: Policy): JsonObject {
  const spec = isObject(policy.spec) ? policy.spec : {}
  // fromEntries defines keys: assigning a `__proto__` key from the input would drop it.
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !TARGET_FIELDS.has(k)))
}

/**
 * The `defaults` and `overrides` of an Inherited policy. Both spellings are accepted (`default` is the
 * Go API's JSON name, `defaults` the GEP examples'); where both are given, the plural wins key by key.
 * A spec without any of those stanzas is taken as all defaults, as GEP-713 makes defaults the implicit
 * strategy (its examples write `p1[color:red]` for a default).
 */
export function stanzasOf(policy: Policy): {default?: JsonObject; override?: JsonObject} {
  const spec = isObject(policy.spec) ? policy.spec : {}
  const hasStanza = Object.keys(spec).some((k) => STANZA_FIELDS.has(k))
  if (!hasStanza) {
    const bare: JsonObject = Object.fromEntries(Object.entries(spec).filter(([k]) => !TARGET_FIELDS.has(k)))
    return Object.keys(bare).length > 0 ? {default: bare} : {}
  }
  const combine = (plural: unknown, singular: unknown): JsonObject | undefined => {
    if (!isObject(plural)) return isObject(singular) ? singular : undefined
    if (!isObject(singular)) return plural
    return {...singular, ...plural}
  }
  const out: {default?: JsonObject; override?: JsonObject} = {}
  const d = combine(spec.defaults, spec.default)
  const o = combine(spec.overrides, spec.override)
  if (d) out.default = d
  if (o) out.override = o
  return out
}
