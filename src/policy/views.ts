// Per-object views: for a GatewayClass, Namespace, Gateway, Route or Service, the policies attached to
// it, those it inherits (with the level they come from) and the effective result per context.
//
// Contexts, and which entries are produced:
// - GatewayClass, Namespace: the object itself.
// - Gateway: GatewayClass > GatewayNamespace > Gateway, plus one entry per listener that has
//   listener-targeted policies of the kind.
// - Route, per parent Gateway: GatewayClass > GatewayNamespace > Gateway > Listener > RouteNamespace >
//   Route, one entry per attached listener when any of them has listener-targeted policies of the kind,
//   plus one entry per rule that has rule-targeted policies.
// - Service: BackendNamespace > Backend on its own, plus one entry per port with port-targeted
//   policies; and, for Inherited kinds, one entry per path through a route (parent Gateway, listener,
//   route, rule, the backendRef's port) where something above the Service contributes, and for
//   BackendLBPolicy / XBackendTrafficPolicy, one per route rule whose own sessionPersistence wins.
// Direct kinds only ever look at the object and its sections: they are never inherited.

import type {PolicyKind} from '../model/snapshot.js'
import type {Gateway, GatewayClass, Route, Service} from '../model/types.js'
import {kindNameOf} from './attachments.js'
import {policiesIncomplete} from './caveats.js'
import {ContextLevel, RuleSessionPersistence, hasRuleSessionOverride, mergeContext, resolutionAt, toEffective} from './effective.js'
import type {PolicyIndex} from './engine.js'
import {AttachmentPoint, backendPoint, gatewayClassPoint, gatewayPoint, namespacePoint, routePoint} from './points.js'
import {
  CONTEXT_LEVELS,
  DirectlyAttachedPolicy,
  EffectivePolicy,
  InheritedPolicy,
  ObjectId,
  ObjectPolicies,
  PolicyLevel,
  RouteParent,
} from './types.js'
import {asArray, compareStrings, isObject, nonEmptyString} from './values.js'

export function gatewayClassPolicies(index: PolicyIndex, gc: GatewayClass): ObjectPolicies {
  const point = gatewayClassPoint(gc.metadata?.name ?? '')
  return singlePointView(index, point, 'GatewayClass')
}

/** A Namespace by name: Namespace objects are often absent from files. */
export function namespacePolicies(index: PolicyIndex, name: string): ObjectPolicies {
  return singlePointView(index, namespacePoint(name), 'Namespace')
}

function singlePointView(index: PolicyIndex, point: AttachmentPoint, level: PolicyLevel): ObjectPolicies {
  const view = new ViewBuilder(index, point.object)
  view.attached(point, level)
  for (const kind of view.kindsAt([point])) view.effective(kind, [{level, point}], {})
  return view.build()
}

export function gatewayPolicies(index: PolicyIndex, gw: Gateway): ObjectPolicies {
  const ns = gw.metadata?.namespace ?? ''
  const name = gw.metadata?.name ?? ''
  const own: ContextLevel = {level: 'Gateway', point: gatewayPoint(ns, name)}
  const listeners = listMapNames(gw.spec?.listeners).map((l): ContextLevel => ({level: 'Listener', point: gatewayPoint(ns, name, l)}))
  const upper = gatewayAncestorLevels(gw)
  const view = new ViewBuilder(index, own.point.object)
  view.attached(own.point, own.level)
  for (const l of listeners) view.attached(l.point, l.level)
  view.inherited(upper, {})
  for (const kind of view.kindsAt([...upper, own, ...listeners].map((l) => l.point))) {
    const base = kind.type === 'Direct' ? [own] : [...upper, own]
    view.effective(kind, base, {})
    for (const l of listeners) {
      if (resolutionAt(index.attachments, l.point, kind)) view.effective(kind, [...base, l], {listener: l.point.object.sectionName})
    }
  }
  return view.build()
}

export function routePolicies(index: PolicyIndex, route: Route): ObjectPolicies {
  const r = routeLevels(route)
  const view = new ViewBuilder(index, r.own.point.object)
  view.attached(r.own.point, r.own.level)
  for (const rule of r.rules) view.attached(rule.level.point, rule.level.level)
  const parents = index.parentsOf(route)
  const contexts: {parent?: RouteParent; upper: ContextLevel[]; listeners: ContextLevel[]}[] =
    parents.length > 0 ? parents.map((p) => ({parent: p, upper: gatewayUpperLevels(p.gateway), listeners: listenerLevels(p)})) : [{upper: [], listeners: []}]
  for (const {parent, upper, listeners} of contexts) {
    const parentKey = parent ? gatewayKey(parent.gateway) : undefined
    view.inherited([...upper, ...listeners, r.ns], {parent: parentKey})
    const points = [...upper, ...listeners, r.ns, r.own, ...r.rules.map((x) => x.level)].map((l) => l.point)
    for (const kind of view.kindsAt(points)) {
      const ruleVariants = [undefined, ...r.rules.filter((x) => resolutionAt(index.attachments, x.level.point, kind))]
      const listenerVariants = kind.type === 'Direct' ? [undefined] : variantsWithPolicies(index, kind, listeners)
      for (const listener of listenerVariants) {
        for (const rule of ruleVariants) {
          const levels =
            kind.type === 'Direct'
              ? [r.own, ...(rule ? [rule.level] : [])]
              : [...upper, ...(listener ? [listener] : []), r.ns, r.own, ...(rule ? [rule.level] : [])]
          view.effective(kind, levels, {
            parent: parentKey,
            listener: listener?.point.object.sectionName,
            rule: rule?.name,
            ruleIndex: rule?.index,
          })
        }
      }
    }
  }
  return view.build()
}

export function servicePolicies(index: PolicyIndex, svc: Service): ObjectPolicies {
  const ns = svc.metadata?.namespace ?? ''
  const name = svc.metadata?.name ?? ''
  const own: ContextLevel = {level: 'Backend', point: backendPoint(ns, name)}
  const backendNs: ContextLevel = {level: 'BackendNamespace', point: namespacePoint(ns)}
  const portByNumber = new Map<number, ContextLevel>()
  const ports: ContextLevel[] = []
  for (const p of asArray(svc.spec?.ports)) {
    const portName = isObject(p) ? nonEmptyString(p.name) : undefined
    if (portName === undefined || !isObject(p)) continue
    const level: ContextLevel = {level: 'BackendPort', point: backendPoint(ns, name, portName)}
    if (typeof p.port === 'number' && !portByNumber.has(p.port)) portByNumber.set(p.port, level)
    ports.push(level)
  }
  const view = new ViewBuilder(index, own.point.object)
  view.attached(own.point, own.level)
  for (const p of ports) view.attached(p.point, p.level)
  view.inherited([backendNs], {})

  // The Service on its own, whoever routes to it.
  for (const kind of view.kindsAt([backendNs, own, ...ports].map((l) => l.point))) {
    const base = kind.type === 'Direct' ? [own] : [backendNs, own]
    view.effective(kind, base, {})
    for (const p of ports) {
      if (resolutionAt(index.attachments, p.point, kind)) view.effective(kind, [...base, p], {port: p.point.object.sectionName})
    }
  }

  // Through each route rule that sends traffic to it (several rules of one route share its levels).
  const levelsOf = new Map<Route, ReturnType<typeof routeLevels>>()
  for (const use of index.serviceUses.get(`${ns}/${name}`) ?? []) {
    let r = levelsOf.get(use.route)
    if (!r) levelsOf.set(use.route, (r = routeLevels(use.route)))
    const ruleObj = asArray(use.route.spec?.rules)[use.ruleIndex]
    const rule = r.rulesByIndex.get(use.ruleIndex)
    const session = isObject(ruleObj) && isObject(ruleObj.sessionPersistence) ? ruleObj.sessionPersistence : undefined
    const port = use.port !== undefined ? portByNumber.get(use.port) : undefined
    const routeKey = `${use.route.metadata?.namespace ?? ''}/${use.route.metadata?.name ?? ''}`
    const routeKind = kindNameOf({group: r.own.point.object.group, kind: r.own.point.object.kind})
    const sp: RuleSessionPersistence | undefined = session ? {value: session, route: routeKey, routeKind} : undefined
    for (const parent of index.parentsOf(use.route)) {
      const parentKey = gatewayKey(parent.gateway)
      const upper = gatewayUpperLevels(parent.gateway)
      const listeners = listenerLevels(parent)
      const above = [...upper, ...listeners, r.ns, r.own, ...(rule ? [rule.level] : [])]
      view.inherited([...above, backendNs], {parent: parentKey, route: routeKey, routeKind: use.route.kind})
      for (const kind of view.kindsAt([...above, own, ...(port ? [port] : [])].map((l) => l.point))) {
        const withSession = sp && hasRuleSessionOverride(kind) ? sp : undefined
        const portLevel = port && resolutionAt(index.attachments, port.point, kind) ? port : undefined
        const ruleLevel = rule && resolutionAt(index.attachments, rule.level.point, kind) ? rule : undefined
        const where: EntryWhere = {
          parent: parentKey,
          route: routeKey,
          routeKind: use.route.kind,
          port: portLevel?.point.object.sectionName,
          // The rule is named only where it changes the result; with a session override the
          // entry holds for this rule alone, named or not.
          rule: ruleLevel || withSession ? rule?.name : undefined,
          ruleIndex: ruleLevel || withSession ? use.ruleIndex : undefined,
        }
        if (kind.type === 'Direct') {
          if (withSession) view.effective(kind, [own, ...(portLevel ? [portLevel] : [])], where, {session: withSession, onlyIfOverridden: true})
          continue
        }
        const contributes = above.some((l) => resolutionAt(index.attachments, l.point, kind))
        if (!contributes && !withSession) continue
        for (const listener of variantsWithPolicies(index, kind, listeners)) {
          const levels = [
            ...upper,
            ...(listener ? [listener] : []),
            r.ns,
            r.own,
            ...(ruleLevel ? [ruleLevel.level] : []),
            backendNs,
            own,
            ...(portLevel ? [portLevel] : []),
          ]
          view.effective(kind, levels, {...where, listener: listener?.point.object.sectionName}, {
            session: withSession,
            onlyIfOverridden: !contributes,
            ruleOnlyIfOverridden: !ruleLevel,
          })
        }
      }
    }
  }
  return view.build()
}

// ---------------------------------------------------------------------------------------------

function gatewayKey(gw: Gateway): string {
  return `${gw.metadata?.namespace ?? ''}/${gw.metadata?.name ?? ''}`
}

/** GatewayClass > GatewayNamespace: what a Gateway inherits from. */
function gatewayAncestorLevels(gw: Gateway): ContextLevel[] {
  const className = nonEmptyString(gw.spec?.gatewayClassName)
  const out: ContextLevel[] = []
  if (className !== undefined) out.push({level: 'GatewayClass', point: gatewayClassPoint(className)})
  out.push({level: 'GatewayNamespace', point: namespacePoint(gw.metadata?.namespace ?? '')})
  return out
}

/** GatewayClass > GatewayNamespace > Gateway: the top of a route's context. */
function gatewayUpperLevels(gw: Gateway): ContextLevel[] {
  return [...gatewayAncestorLevels(gw), {level: 'Gateway', point: gatewayPoint(gw.metadata?.namespace ?? '', gw.metadata?.name ?? '')}]
}

function listenerLevels(parent: RouteParent): ContextLevel[] {
  const ns = parent.gateway.metadata?.namespace ?? ''
  const name = parent.gateway.metadata?.name ?? ''
  return parent.listenerNames.map((l) => ({level: 'Listener', point: gatewayPoint(ns, name, l)}))
}

interface RuleLevel {
  index: number
  name: string
  level: ContextLevel
}

function routeLevels(route: Route): {ns: ContextLevel; own: ContextLevel; rules: RuleLevel[]; rulesByIndex: Map<number, RuleLevel>} {
  const ns = route.metadata?.namespace ?? ''
  const name = route.metadata?.name ?? ''
  const kind = route.kind
  const rules: RuleLevel[] = []
  asArray(route.spec?.rules).forEach((rule, index) => {
    const ruleName = isObject(rule) ? nonEmptyString(rule.name) : undefined
    if (ruleName !== undefined) rules.push({index, name: ruleName, level: {level: 'RouteRule', point: routePoint(kind, ns, name, ruleName)}})
  })
  return {
    ns: {level: 'RouteNamespace', point: namespacePoint(ns)},
    own: {level: 'Route', point: routePoint(kind, ns, name)},
    rules,
    rulesByIndex: new Map(rules.map((x) => [x.index, x])),
  }
}

/** Each listener separately when one of them carries policies of the kind, else the Gateway as a whole. */
function variantsWithPolicies(index: PolicyIndex, kind: PolicyKind, listeners: ContextLevel[]): (ContextLevel | undefined)[] {
  return listeners.some((l) => resolutionAt(index.attachments, l.point, kind)) ? listeners : [undefined]
}

function listMapNames(list: unknown): string[] {
  const out: string[] = []
  for (const item of asArray(list)) {
    const name = isObject(item) ? nonEmptyString(item.name) : undefined
    if (name !== undefined && !out.includes(name)) out.push(name)
  }
  return out
}

type EntryWhere = Partial<Pick<EffectivePolicy, 'parent' | 'listener' | 'route' | 'routeKind' | 'rule' | 'ruleIndex' | 'port'>>

const LEVEL_ORDER = new Map<PolicyLevel, number>([...CONTEXT_LEVELS, 'Namespace' as const].map((l, i) => [l, i]))

/** Collects one view, dropping duplicates (the same context reached twice) and sorting the result. */
class ViewBuilder {
  private readonly direct = new Map<string, DirectlyAttachedPolicy>()
  private readonly inheritedBy = new Map<string, InheritedPolicy>()
  private readonly effectives = new Map<string, EffectivePolicy>()

  constructor(
    private readonly index: PolicyIndex,
    private readonly object: ObjectId,
  ) {}

  /** The policy kinds present at any of these points. */
  kindsAt(points: AttachmentPoint[]): PolicyKind[] {
    const out = new Map<string, PolicyKind>()
    for (const p of points) {
      for (const [kk, res] of this.index.attachments.points.get(p.key) ?? []) out.set(kk, res.kind)
    }
    return [...out.values()]
  }

  attached(point: AttachmentPoint, level: PolicyLevel): void {
    for (const res of this.index.attachments.points.get(point.key)?.values() ?? []) {
      for (const entry of res.policies) {
        const item: DirectlyAttachedPolicy = {
          kind: entry.kindName,
          policy: entry.key,
          type: entry.kind.type,
          level,
          conflicted: res.conflicted.has(entry),
        }
        if (point.object.sectionName !== undefined) item.sectionName = point.object.sectionName
        this.direct.set(`${item.kind}\u0000${item.policy}\u0000${item.sectionName ?? ''}`, item)
      }
    }
  }

  /** Inherited-kind policies at these levels (the ones above the object in one context). */
  inherited(levels: ContextLevel[], where: {parent?: string; route?: string; routeKind?: string}): void {
    for (const l of levels) {
      for (const res of this.index.attachments.points.get(l.point.key)?.values() ?? []) {
        if (res.kind.type !== 'Inherited') continue
        for (const entry of res.policies) {
          const item: InheritedPolicy = {kind: entry.kindName, policy: entry.key, level: l.level, from: l.point.object}
          if (where.parent !== undefined) item.parent = where.parent
          if (where.route !== undefined) item.route = where.route
          if (where.routeKind !== undefined) item.routeKind = where.routeKind
          const key = [item.kind, item.policy, item.level, l.point.key, item.parent ?? '', item.route ?? ''].join('\u0000')
          this.inheritedBy.set(key, item)
        }
      }
    }
  }

  effective(
    kind: PolicyKind,
    levels: ContextLevel[],
    where: EntryWhere,
    opts: {session?: RuleSessionPersistence; onlyIfOverridden?: boolean; ruleOnlyIfOverridden?: boolean} = {},
  ): void {
    const merged = mergeContext(this.index.attachments, kind, levels, opts.session)
    if (!merged || (opts.onlyIfOverridden && !merged.sessionOverridden)) return
    if (opts.ruleOnlyIfOverridden && !merged.sessionOverridden) where = {...where, rule: undefined, ruleIndex: undefined}
    const tree = merged.tree
    const entry: EffectivePolicy = {kind: kindNameOf(kind), effective: {}, sources: []}
    for (const field of ['parent', 'listener', 'route', 'routeKind', 'rule', 'ruleIndex', 'port'] as const) {
      const value = where[field]
      if (value !== undefined) (entry as unknown as Record<string, unknown>)[field] = value
    }
    // Without a route the route's kind says nothing.
    if (entry.route === undefined) delete entry.routeKind
    const {effective, sources} = toEffective(tree)
    entry.effective = effective
    entry.sources = sources
    const key = [entry.kind, entry.parent, entry.listener, entry.routeKind, entry.route, entry.ruleIndex, entry.port].map((v) => v ?? '').join('\u0000')
    this.effectives.set(key, entry)
  }

  build(): ObjectPolicies {
    const directlyAttachedPolicies = [...this.direct.values()].sort(
      (a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.policy, b.policy) || compareStrings(a.sectionName ?? '', b.sectionName ?? ''),
    )
    const inheritedPolicies = [...this.inheritedBy.values()].sort(
      (a, b) =>
        compareStrings(a.parent ?? '', b.parent ?? '') ||
        compareStrings(a.route ?? '', b.route ?? '') ||
        (LEVEL_ORDER.get(a.level) ?? 0) - (LEVEL_ORDER.get(b.level) ?? 0) ||
        compareStrings(a.kind, b.kind) ||
        compareStrings(a.policy, b.policy),
    )
    const effectivePolicies = [...this.effectives.values()].sort(
      (a, b) =>
        compareStrings(a.kind, b.kind) ||
        compareStrings(a.parent ?? '', b.parent ?? '') ||
        compareStrings(a.listener ?? '', b.listener ?? '') ||
        compareStrings(a.routeKind ?? '', b.routeKind ?? '') ||
        compareStrings(a.route ?? '', b.route ?? '') ||
        (a.ruleIndex ?? -1) - (b.ruleIndex ?? -1) ||
        compareStrings(a.port ?? '', b.port ?? ''),
    )
    const incomplete = policiesIncomplete(this.index.snapshot, this.object)
    return {object: this.object, directlyAttachedPolicies, inheritedPolicies, effectivePolicies, ...(incomplete ? {incomplete} : {})}
  }
}
