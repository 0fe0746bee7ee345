// The effective policies on a traced request's path, read from the policy engine's views (no policy
// logic here): for the winning route in the context of this Gateway, listener and rule, and for each
// backend Service reached through that rule. An entry that names a listener, rule or port holds only
// there; an entry without one holds wherever no narrower entry exists, so per kind the narrowest entry
// that fits the context is the one that applies.

import type {Analysis} from '../analysis.js'
import {arr, int, nameOf, nsOf, obj, str} from '../graph/access.js'
import type {ListenerAttachment} from '../graph/types.js'
import type {Gateway, Route, Service} from '../model/types.js'
import type {EffectivePolicy} from '../policy/types.js'
import {routePolicies, servicePolicies} from '../policy/views.js'

export type TracePolicy = EffectivePolicy & {
  /** What the policy applies to on this path: `route` or the backend `Service namespace/name`. */
  appliesTo: string
}

interface Context {
  parent: string
  listener: string
  route: string
  ruleIndex: number
  port?: string
}

/** Whether the entry holds in the context, and how narrow it is (more fields set: narrower). */
function fit(e: EffectivePolicy, c: Context): number {
  if (e.parent !== undefined && e.parent !== c.parent) return -1
  if (e.listener !== undefined && e.listener !== c.listener) return -1
  if (e.route !== undefined && e.route !== c.route) return -1
  if (e.ruleIndex !== undefined && e.ruleIndex !== c.ruleIndex) return -1
  if (e.port !== undefined && e.port !== c.port) return -1
  return [e.parent, e.listener, e.route, e.ruleIndex, e.port].filter((x) => x !== undefined).length
}

function narrowest(entries: readonly EffectivePolicy[], c: Context, appliesTo: string): TracePolicy[] {
  const best = new Map<string, {e: EffectivePolicy; score: number}>()
  for (const e of entries) {
    const score = fit(e, c)
    if (score < 0) continue
    const seen = best.get(e.kind)
    if (!seen || score > seen.score) best.set(e.kind, {e, score})
  }
  return [...best.values()].map(({e}) => ({appliesTo, ...e}))
}

export function tracePolicies(a: Analysis, route: Route, gw: Gateway, l: ListenerAttachment, ruleIndex: number, backends: readonly {kind: string; namespace: string; name: string; port: number | null; resolved: boolean}[]): TracePolicy[] {
  const ctx: Context = {parent: `${nsOf(gw)}/${nameOf(gw)}`, listener: l.name, route: `${nsOf(route)}/${nameOf(route)}`, ruleIndex}
  const out = narrowest(routePolicies(a.policies, route).effectivePolicies, ctx, 'route')
  const done = new Set<string>()
  for (const b of backends) {
    if (b.kind !== 'Service' || !b.resolved) continue
    const svc = a.snapshot.find<Service>('', 'Service', b.namespace, b.name)
    const key = `${b.namespace}/${b.name}:${b.port ?? ''}`
    if (!svc || done.has(key)) continue
    done.add(key)
    const portName = arr(obj(svc.spec)?.ports)
      .map((p) => obj(p))
      .find((p) => p !== undefined && int(p.port) === b.port)
    const name = str(portName?.name)
    out.push(...narrowest(servicePolicies(a.policies, svc).effectivePolicies, {...ctx, ...(name ? {port: name} : {})}, `Service ${b.namespace}/${b.name}`))
  }
  return out
}

