// Reported `.status` versus the computed one, and staleness (semantics.md §1.1, §4 step 14; peers.md
// item F: "controller says Accepted, but the spec says ...").
//
// Verdicts, in this precedence:
// - absent: the object has no status to compare (never reconciled, or no controller in scope);
// - stale: some reported condition has observedGeneration < metadata.generation, so it describes an
//   older spec and disagreements are expected;
// - wrong: the status is current but says something the spec does not allow;
// - agrees.
//
// Compared: condition status and reason (messages are free text), listener supportedKinds (as a set),
// attachedRoutes, Gateway attachedListenerSets, route parent entries matched by defaulted parentRef and
// controllerName. Conditions newer than some implementations are compared only when reported:
// Gateway ResolvedRefs [v1.5], listener Conflicted when computed False (absent ⇒ no conflict [v1.6]),
// attachedListenerSets [v1.4]. Conditions the engine does not compute (SupportedVersion,
// OverlappingTLSConfig, vendor ones) are ignored. Entries of other controllers are ignored.
//
// A difference where the computed side rests on a fact the snapshot could not show (a kind that could
// not be read, a Secret without data...) carries `unverified` and does not make the verdict `wrong`:
// the controller may simply know more. For counts that are lower bounds (route kinds unreadable) only
// a reported count above the computed one is unverified; one below it is still wrong.

import {GATEWAY_GROUP, type Condition, type K8sObject, type ParentReference, type Route} from '../model/types.js'
import {arr, generationOf, int, nsOf, obj, plain, str} from './access.js'
import {defaultParentRef, sameParentRef} from './parents.js'
import {objText, refText} from './refs.js'
import type {
  AttachmentGraph,
  GatewayAttachment,
  GatewayClassAttachment,
  ListenerAttachment,
  ListenerSetAttachment,
  RouteAttachment,
} from './types.js'

export type StatusVerdict = 'agrees' | 'absent' | 'stale' | 'wrong'

export interface StatusDifference {
  /** Where in the status: `conditions`, `listeners["https"]`, `parents[gateways/infra/edge#http]`. */
  path: string
  /** Condition type or field name. */
  field: string
  /** `True/Accepted`, a number, or undefined when missing. */
  reported?: string
  computed?: string
  message: string
  /** Set when the computed side rests on something that could not be checked: not counted as wrong. The reason. */
  unverified?: string
}

export interface StaleCondition {
  path: string
  type: string
  observedGeneration: number
}

export interface StatusComparison {
  object: K8sObject
  verdict: StatusVerdict
  generation?: number
  stale: StaleCondition[]
  differences: StatusDifference[]
  /** One sentence. */
  summary: string
}

const show = (c: Condition | undefined) => (c ? `${plain(c.status)}/${plain(c.reason)}` : undefined)

/** Reported conditions of one list, by type (first wins), ignoring malformed entries. */
function byType(list: unknown): Map<string, Condition> {
  const m = new Map<string, Condition>()
  for (const raw of arr(list)) {
    const c = obj(raw)
    const type = str(c?.type)
    if (c && type && !m.has(type)) m.set(type, c as unknown as Condition)
  }
  return m
}

class Collector {
  readonly stale: StaleCondition[] = []
  readonly differences: StatusDifference[] = []
  constructor(readonly generation: number | undefined) {}

  staleness(path: string, reported: Map<string, Condition>): void {
    if (this.generation === undefined) return
    for (const [type, c] of reported) {
      const og = int(c.observedGeneration)
      if (og !== undefined && og < this.generation) this.stale.push({path, type, observedGeneration: og})
    }
  }

  /**
   * Compares computed conditions with reported ones; `optional` types are skipped when not reported.
   * `unverified` gives, per condition type, why the computed condition may not hold.
   */
  conditions(
    path: string,
    reported: Map<string, Condition>,
    computed: readonly Condition[],
    optional: (c: Condition) => boolean = () => false,
    unverified: (type: string) => string | undefined = () => undefined,
  ): void {
    this.staleness(path, reported)
    for (const c of computed) {
      const r = reported.get(c.type)
      if (!r) {
        if (!optional(c)) this.diff(path, c.type, undefined, show(c), `${path}: condition ${c.type} is missing; expected ${show(c)}`)
        continue
      }
      if (r.status !== c.status || (r.reason ?? '') !== (c.reason ?? '')) {
        this.diff(path, c.type, show(r), show(c), `${path}: ${c.type} is ${show(r)}, expected ${show(c)}: ${c.message ?? ''}`, unverified(c.type))
      }
    }
  }

  diff(path: string, field: string, reported: string | undefined, computed: string | undefined, message: string, unverified?: string): void {
    this.differences.push({
      path,
      field,
      ...(reported !== undefined ? {reported} : {}),
      ...(computed !== undefined ? {computed} : {}),
      message: unverified ? `${message} (unverified: ${unverified})` : message,
      ...(unverified ? {unverified} : {}),
    })
  }

  result(o: K8sObject, absent: boolean): StatusComparison {
    const certain = this.differences.filter((d) => !d.unverified).length
    const unverified = this.differences.length - certain
    const verdict: StatusVerdict = absent ? 'absent' : this.stale.length > 0 ? 'stale' : certain > 0 ? 'wrong' : 'agrees'
    const who = objText(o)
    const plural = (n: number) => `${n} place${n > 1 ? 's' : ''}`
    const unchecked = unverified > 0 ? `; it differs in ${plural(unverified)} where the computed status could not be verified` : ''

    const summary =
      verdict === 'absent'
        ? `${who} has no status to compare.`
        : verdict === 'stale'
          ? `${who} has status from generation ${Math.min(...this.stale.map((s) => s.observedGeneration))} but is at generation ${this.generation}: the controller has not caught up${this.differences.length > 0 ? ` (${this.differences.length} disagreement${this.differences.length > 1 ? 's' : ''})` : ''}.`
          : verdict === 'wrong'
            ? `${who} reports a status that disagrees with the spec in ${plural(certain)}${unchecked}.`
            : unverified > 0
              ? `${who} reports the status the spec implies, as far as it could be verified${unchecked}.`
              : `${who} reports the status the spec implies.`
    return {
      object: o,
      verdict,
      ...(this.generation !== undefined ? {generation: this.generation} : {}),
      stale: this.stale,
      differences: this.differences,
      summary,
    }
  }
}

/** Distinct reasons joined, or undefined when there are none. */
function reasons(list: readonly (string | undefined)[]): string | undefined {
  const r = [...new Set(list.filter((x): x is string => !!x))]
  return r.length > 0 ? r.join('; ') : undefined
}

function parentPath(ref: ParentReference): string {
  const section = ref.sectionName !== undefined ? `#${plain(ref.sectionName)}` : ''
  const port = ref.port !== undefined ? `:${plain(ref.port)}` : ''
  return `parents[${refText(plain(ref.kind), ref.namespace, ref.name)}${section}${port}]`
}

export function compareRouteStatus(ra: RouteAttachment): StatusComparison {
  const route: Route = ra.route
  const col = new Collector(generationOf(route))
  const reported = arr(obj(route.status)?.parents)
    .map((p) => obj(p))
    .filter((p) => p !== undefined)
    .map((p) => ({entry: p, ref: defaultParentRef(p.parentRef, nsOf(route)), controller: str(p.controllerName) ?? ''}))
  const used = new Set<number>()
  const ours = new Set(ra.parents.map((p) => p.controllerName).filter((c) => c))
  // ResolvedRefs is route-wide: any backend that could not be checked leaves it open.
  const refsUnverified = reasons(ra.backends.map((b) => b.unverified))
  for (const p of ra.parents) {
    if (!p.status || !p.parentRef) continue
    const path = parentPath(p.parentRef)
    const i = reported.findIndex((r, k) => !used.has(k) && r.ref && sameParentRef(r.ref, p.parentRef as ParentReference) && (!p.controllerName || r.controller === p.controllerName))
    if (i < 0) {
      if (reported.length > 0) col.diff(path, 'parent', undefined, show(p.accepted), `${path}: no status entry${p.controllerName ? ` from ${p.controllerName}` : ''}; expected Accepted ${show(p.accepted)}`)
      continue
    }
    used.add(i)
    const unverified = (type: string) => (type === 'Accepted' ? p.unverified : type === 'ResolvedRefs' ? refsUnverified : undefined)
    col.conditions(path, byType(reported[i].entry.conditions), p.status.conditions, undefined, unverified)
  }
  reported.forEach((r, k) => {
    if (used.has(k) || !r.ref) return
    const path = parentPath(r.ref)
    const match = ra.parents.find((p) => p.parentRef && sameParentRef(p.parentRef, r.ref as ParentReference))
    if (match?.noStatusReason) {
      col.staleness(path, byType(r.entry.conditions))
      // A parent that could not be read may well exist: its controller's entry is then expected.
      const unverified = match.noStatusReason === 'ParentUnverifiable' ? (match.noStatusMessage ?? match.noStatusReason) : undefined
      col.diff(path, 'parent', show(byType(r.entry.conditions).get('Accepted')), undefined, `${path}: has a status entry, but none is expected: ${match.noStatusMessage ?? match.noStatusReason}`, unverified)
    } else if (!match && (ours.size === 0 || ours.has(r.controller))) {
      col.diff(path, 'parent', show(byType(r.entry.conditions).get('Accepted')), undefined, `${path}: status entry for a parentRef that is not in spec.parentRefs`)
    }
  })
  return col.result(route, reported.length === 0)
}

function compareListeners(col: Collector, reportedRaw: unknown, computed: readonly ListenerAttachment[]): void {
  const reported = new Map<string, Record<string, unknown>>()
  for (const raw of arr(reportedRaw)) {
    const l = obj(raw)
    const n = str(l?.name)
    if (l && n !== undefined && !reported.has(n)) reported.set(n, l)
  }
  const names = new Set<string>()
  for (const l of computed) {
    names.add(l.name)
    const path = `listeners[${JSON.stringify(l.name)}]`
    const r = reported.get(l.name)
    if (!r) {
      col.diff(path, 'listener', undefined, 'present', `${path}: no listener status`)
      continue
    }
    const kinds = (list: unknown) =>
      arr(list)
        .map(obj)
        .filter((k) => k !== undefined)
        .map((k) => `${str(k.group) ?? GATEWAY_GROUP}/${str(k.kind) ?? ''}`)
        .sort()
        .join(',')
    const rk = kinds(r.supportedKinds)
    const ck = kinds(l.status.supportedKinds)
    if (rk !== ck) col.diff(path, 'supportedKinds', rk || '[]', ck || '[]', `${path}: supportedKinds are [${rk}], expected [${ck}]`)
    const ra = int(r.attachedRoutes)
    if (ra !== l.status.attachedRoutes) {
      // A lower bound is contradicted only by a smaller reported count.
      const low = l.incomplete && ra !== undefined && ra > l.status.attachedRoutes ? l.incomplete : undefined
      col.diff(path, 'attachedRoutes', ra === undefined ? undefined : String(ra), String(l.status.attachedRoutes), `${path}: attachedRoutes is ${ra ?? 'missing'}, expected ${l.status.attachedRoutes}`, reasons([low, l.unverifiedRoutes]))
    }
    const certs = reasons(l.certificates.map((c) => c.unverified))
    const unverified = (type: string) => (type === 'ResolvedRefs' || type === 'Programmed' ? certs : undefined)
    col.conditions(path, byType(r.conditions), l.status.conditions, (c) => c.type === 'Conflicted' && c.status === 'False', unverified)
  }
  for (const n of reported.keys()) {
    if (!names.has(n)) col.diff(`listeners[${JSON.stringify(n)}]`, 'listener', 'present', undefined, `listeners[${JSON.stringify(n)}]: status for a listener that is not in the spec`)
  }
}

function hasStatus(o: K8sObject): boolean {
  const s = obj(o.status)
  return !!s && (arr(s.conditions).length > 0 || arr(s.listeners).length > 0)
}

export function compareGatewayStatus(ga: GatewayAttachment): StatusComparison {
  const gw = ga.gateway
  const col = new Collector(generationOf(gw))
  const status = obj(gw.status)
  const refs = reasons([ga.unverified, ...ga.listeners.flatMap((l) => l.certificates.map((c) => c.unverified))])
  const unverified = (type: string) => (type === 'ResolvedRefs' || type === 'Programmed' ? refs : undefined)
  col.conditions('conditions', byType(status?.conditions), ga.computedStatus.conditions, (c) => c.type === 'ResolvedRefs', unverified)
  if (ga.inScope) {
    compareListeners(col, status?.listeners, ga.listeners)
    const reported = int(status?.attachedListenerSets)
    const computed = ga.computedStatus.attachedListenerSets
    if (reported !== undefined && computed !== undefined && reported !== computed) {
      const low = ga.listenerSetsIncomplete && reported > computed ? ga.listenerSetsIncomplete : undefined
      const assumed = reasons(ga.listenerSets.map((la) => la.unverified))
      col.diff('attachedListenerSets', 'attachedListenerSets', String(reported), String(computed), `attachedListenerSets is ${reported}, expected ${computed}`, reasons([low, assumed]))
    }
  }
  return col.result(gw, !hasStatus(gw))
}

export function compareListenerSetStatus(la: ListenerSetAttachment): StatusComparison {
  const ls = la.listenerSet
  const col = new Collector(generationOf(ls))
  const status = obj(ls.status)
  // Acceptance rests on the admission and on the listeners' references.
  const basis = reasons([la.unverified, ...la.listeners.flatMap((l) => l.certificates.map((c) => c.unverified))])
  col.conditions('conditions', byType(status?.conditions), la.computedStatus.conditions, undefined, () => basis)
  if (la.inScope && la.allowed === true) compareListeners(col, status?.listeners, la.listeners)
  return col.result(ls, !hasStatus(ls))
}

export function compareGatewayClassStatus(ca: GatewayClassAttachment): StatusComparison {
  const gc = ca.gatewayClass
  const col = new Collector(generationOf(gc))
  col.conditions('conditions', byType(obj(gc.status)?.conditions), ca.computedStatus.conditions)
  return col.result(gc, !hasStatus(gc))
}

/** Compares any object the graph evaluated; undefined for objects it does not compute status for. */
export function compareStatus(graph: AttachmentGraph, o: K8sObject): StatusComparison | undefined {
  const route = graph.routes.get(o as never)
  if (route) return compareRouteStatus(route)
  const gw = graph.gateways.get(o as never)
  if (gw) return compareGatewayStatus(gw)
  const ls = graph.listenerSets.get(o as never)
  if (ls) return compareListenerSetStatus(ls)
  const gc = graph.gatewayClasses.get(o as never)
  if (gc) return compareGatewayClassStatus(gc)
  return undefined
}
