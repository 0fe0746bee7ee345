// What one policy does, for `describe` of a policy: its own settings (each default, override or direct
// value) and every object it reaches, directly (a target) or by inheritance (a route under a targeted
// Gateway, a Service behind a targeted route), with the values it decides there and those another
// policy decides instead. Read off the per-object policy views, so it agrees with what `describe` of
// each of those objects says.

import type {Analysis} from '../analysis.js'
import {objectKey} from '../model/snapshot.js'
import type {K8sObject, Policy} from '../model/types.js'
import {directSpec, stanzasOf} from '../policy/attachments.js'
import {namespacePolicies} from '../policy/views.js'
import type {EffectivePolicy, ObjectId, ObjectPolicies} from '../policy/types.js'
import {formatPath, isObject} from '../policy/values.js'
import {policiesOf} from './entries.js'

export interface PolicySetting {
  /** Dotted path as the effective values print it (`request`, `sessionPersistence.idleTimeout`). */
  path: string
  type: 'default' | 'override' | 'direct'
  value: unknown
}

export interface PolicyReach {
  object: ObjectId
  /** `direct`: the object (or one of its sections) is a target; `inherited`: reached from a target above it. */
  how: 'direct' | 'inherited'
  /** Where an inherited policy came from, e.g. `Gateway infra/public` (for Services, also the route). */
  via: string[]
  /**
   * Paths whose effective value here is this policy's. `where` names the contexts (listener, route,
   * rule, port) when the path is decided by another policy in other contexts of the same object.
   */
  decides: {path: string; where?: string[]}[]
  /** Paths this policy sets that another policy decides here, with that policy and the contexts. */
  overruled: {path: string; by: string; where?: string[]}[]
}

/**
 * The policy's settings, leaf by leaf: defaults, then overrides, each sorted by field name at every level.
 * Not document order: an API server keeps no key order (it returns fields sorted), and the same policy
 * must read the same from a cluster and from its file.
 */
export function policySettings(policy: Policy, type: 'Direct' | 'Inherited'): PolicySetting[] {
  const out: PolicySetting[] = []
  const walk = (v: unknown, path: string[], t: PolicySetting['type']) => {
    if (v === null || v === undefined) return
    if (isObject(v) && Object.keys(v).length > 0) for (const k of Object.keys(v).sort()) walk(v[k], [...path, k], t)
    else out.push({path: formatPath(path), type: t, value: v})
  }
  if (type === 'Direct') walk(directSpec(policy), [], 'direct')
  else {
    const s = stanzasOf(policy)
    walk(s.default, [], 'default')
    walk(s.override, [], 'override')
  }
  return out
}

const cache = new WeakMap<Analysis, Map<string, PolicyReach[]>>()

/** Every object the policy reaches, sorted by kind, namespace and name. Views are computed once per analysis. */
export function policyReach(a: Analysis, policy: K8sObject): PolicyReach[] {
  let all = cache.get(a)
  if (!all) cache.set(a, (all = collect(a)))
  const entry = a.policies.entriesByObject.get(objectKey(policy))
  return entry ? (all.get(`${entry.kindName}\u0000${entry.key}`) ?? []) : []
}

function collect(a: Analysis): Map<string, PolicyReach[]> {
  const out = new Map<string, PolicyReach[]>()
  const s = a.snapshot
  const views: ObjectPolicies[] = []
  const objects: K8sObject[] = [...s.gatewayClasses(), ...s.gateways(), ...s.listenerSets(), ...s.routes(), ...s.services()]
  for (const o of objects) {
    const v = policiesOf(a, o)
    if (v) views.push(v)
  }
  for (const ns of s.namespaceNames()) views.push(namespacePolicies(a.policies, ns))
  // The settings of each policy, by policy key, to tell which of its paths another policy decides.
  const settings = new Map<string, Set<string>>()
  for (const e of a.policies.attachments.entries) {
    settings.set(`${e.kindName}\u0000${e.key}`, new Set(policySettings(e.policy, e.kind.type).map((x) => x.path)))
  }
  for (const v of views) {
    const reached = new Map<string, PolicyReach>()
    const at = (kind: string, policy: string, how: PolicyReach['how']) => {
      const id = `${kind}\u0000${policy}`
      let r = reached.get(id)
      if (!r) reached.set(id, (r = {object: v.object, how, via: [], decides: [], overruled: []}))
      if (how === 'direct') r.how = 'direct'
      return r
    }
    for (const d of v.directlyAttachedPolicies) at(d.kind, d.policy, 'direct')
    for (const i of v.inheritedPolicies) {
      const r = at(i.kind, i.policy, 'inherited')
      const from = `${i.from.kind} ${i.from.namespace ? `${i.from.namespace}/` : ''}${i.from.name}${i.from.sectionName ? `#${i.from.sectionName}` : ''}`
      const via = i.route ? `${from} (route ${i.route})` : from
      if (!r.via.includes(via)) r.via.push(via)
    }
    for (const [id, r] of reached) {
      const [kind, policy] = id.split('\u0000')
      const mine = settings.get(id) ?? new Set<string>()
      const decided = new Map<string, string[]>()
      const overruled = new Map<string, {path: string; by: string; where: string[]}>()
      for (const e of v.effectivePolicies) {
        if (e.kind !== kind) continue
        const where = contextOf(e)
        for (const src of e.sources) {
          if (src.policy === policy) {
            const list = decided.get(src.path) ?? []
            decided.set(src.path, [...list, where])
          } else if (mine.has(src.path)) {
            const k = `${src.path}\u0000${src.policy}`
            const o = overruled.get(k) ?? {path: src.path, by: src.policy, where: []}
            o.where.push(where)
            overruled.set(k, o)
          }
        }
      }
      // Contexts are named only for a path decided here in some contexts and by another policy in others.
      const split = new Set([...overruled.values()].map((o) => o.path).filter((p) => decided.has(p)))
      const contexts = (w: string[]) => [...new Set(w.filter((x) => x !== ''))]
      for (const [path, where] of decided) r.decides.push(split.has(path) && contexts(where).length ? {path, where: contexts(where)} : {path})
      for (const o of overruled.values()) r.overruled.push(split.has(o.path) && contexts(o.where).length ? {path: o.path, by: o.by, where: contexts(o.where)} : {path: o.path, by: o.by})
      let list = out.get(id)
      if (!list) out.set(id, (list = []))
      list.push(r)
    }
  }
  for (const list of out.values()) list.sort((x, y) => order(x.object) - order(y.object) || text(x.object).localeCompare(text(y.object)))
  return out
}

/** The narrowing part of an effective entry's context (`listener https, route shop/checkout`). */
function contextOf(e: EffectivePolicy): string {
  return [e.listener && `listener ${e.listener}`, e.route && `route ${e.route}`, e.rule && `rule ${e.rule}`, e.ruleIndex !== undefined && !e.rule ? `rule #${e.ruleIndex}` : '', e.port && `port ${e.port}`]
    .filter(Boolean)
    .join(', ')
}

const KIND_ORDER = ['GatewayClass', 'Namespace', 'Gateway', 'ListenerSet', 'XListenerSet', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'Service']
const order = (o: ObjectId) => {
  const i = KIND_ORDER.indexOf(o.kind)
  return i < 0 ? KIND_ORDER.length : i
}
const text = (o: ObjectId) => `${o.namespace ?? ''}/${o.name}`
