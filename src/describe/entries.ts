// The machine-readable form of `describe` (-o json|yaml): one entry per object, a stable contract
// documented in the README. `computedStatus` has exactly the shape of the kind's Gateway API `.status`;
// `reportedStatus` is the object's `.status` as read (null when absent). Extra fields (policies,
// status comparison) may be added; these keep their names and meaning.

import type {Analysis} from '../analysis.js'
import {unverifiedConclusions, type UnverifiedConclusion} from '../graph/caveats.js'
import {compareStatus, type ListenerAttachment, type ObjectRef, type StatusComparison} from '../graph/index.js'
import type {CertificateFacts, PemFacts, TlsFacts} from '../model/content-facts.js'
import {GATEWAY_GROUP, isRouteKind, type K8sObject, type Policy, type Route} from '../model/types.js'
import {shadowedMatchesOf} from '../analyze/shadowing.js'
import {policyReach, policySettings} from './policy-reach.js'
import {groupOf} from '../model/resources.js'
import {eventEntries, type EventEntry, type ObjectEvent} from './events.js'
import {policyReport} from '../policy/engine.js'
import {describePolicyCrds} from '../policy/crds.js'
import type {EffectivePolicy, ObjectPolicies} from '../policy/types.js'
import {gatewayClassPolicies, gatewayPolicies, namespacePolicies, routePolicies, servicePolicies} from '../policy/views.js'

export interface DescribeEntry {
  kind: string
  apiVersion: string
  namespace?: string
  name: string
  computedStatus: unknown
  reportedStatus: unknown
  /**
   * Where the reported status disagrees with the computed one, or is stale or absent. A difference with
   * `unverified` rests on something that could not be read and does not make the verdict `wrong`.
   */
  statusComparison?: {verdict: string; summary: string; differences: {path: string; field: string; reported?: string; computed?: string; unverified?: string}[]}
  effectivePolicies?: EffectivePolicy[]
  directlyAttachedPolicies?: ObjectPolicies['directlyAttachedPolicies']
  inheritedPolicies?: ObjectPolicies['inheritedPolicies']
  /** For policies: targets, conflicts, reported ancestors, own settings and every object reached. */
  policy?: unknown
  /** For policy CRDs: versions, target kinds, number of instances. */
  policyCrd?: unknown
  /**
   * Conclusions about this object that rest on kinds that could not be read (403), each with where it
   * is shown, what it may hide and why: `{path: "spec.rules[0].backendRefs[0]", conclusion:
   * "RefNotPermitted", reason: "ReferenceGrants could not be read"}`. Present only when non-empty.
   */
  unverified?: UnverifiedConclusion[]
  /** From a cluster, unless --show-events=false or events could not be read: oldest first. */
  events?: EventEntry[]
  /**
   * Gateways and ListenerSets: per listener, its certificateRefs and the client-certificate validation
   * that applies, each with the facts of its certificates (subject, SANs, issuer, validity). Never the
   * PEM text or key material.
   */
  listenerTls?: ListenerTls[]
  /**
   * Routes: the matches that can never serve a request (analyze's ShadowedMatch and DuplicateMatch),
   * one entry per match and listener, naming the match that takes its requests and the precedence
   * criterion it loses on. Present only when non-empty.
   */
  shadowedMatches?: ShadowedMatchEntry[]
}

export interface ShadowedMatchEntry {
  code: 'ShadowedMatch' | 'DuplicateMatch'
  rule: number
  ruleName?: string
  match: number
  /** The match as text (`PathPrefix /api, method GET`). */
  matchText: string
  listener: {name: string; parent: {kind: string; namespace: string; name: string}}
  by: {route: {kind: string; namespace: string; name: string}; rule: number; ruleName?: string; match: number; matchText: string}
  /** The criterion the shadowed match loses on (`newer route (created after shop/storefront)`). */
  reason: string
}

/** The route's shadowed matches, in the JSON shape (see DescribeEntry.shadowedMatches). */
export function shadowedMatchEntries(a: Analysis, route: Route): ShadowedMatchEntry[] {
  const id = (o: K8sObject) => ({kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name})
  return shadowedMatchesOf(a, route).map((s) => ({
    code: s.code,
    rule: s.shadowed.rule,
    ...(s.shadowed.ruleName !== undefined ? {ruleName: s.shadowed.ruleName} : {}),
    match: s.shadowed.match,
    matchText: s.shadowed.text,
    listener: {name: s.listener.name, parent: id(s.listener.owner)},
    by: {route: id(s.by.route), rule: s.by.rule, ...(s.by.ruleName !== undefined ? {ruleName: s.by.ruleName} : {}), match: s.by.match, matchText: s.by.text},
    reason: s.reason,
  }))
}

export interface ListenerTls {
  listener: string
  certificateRefs: {ref: ObjectRef; status: string; certificates?: CertificateFacts[]; problem?: string}[]
  frontendValidation?: {source: string; field: string; port?: number; mode: string; caCertificateRefs: {ref: ObjectRef; status: string; certificates?: CertificateFacts[]; problem?: string}[]}
}

function refStatus(r: {problem?: string; unverified?: string; unverifiedProblem?: string}): string {
  return r.problem ?? (r.unverified ? `Unverified${r.unverifiedProblem ? `: possibly ${r.unverifiedProblem}` : ''} (${r.unverified})` : 'Resolved')
}

function factsPart(f: PemFacts | undefined): {certificates?: CertificateFacts[]; problem?: string} {
  if (!f) return {}
  const problem = f.problem ?? (f as TlsFacts).keyProblem
  return {...(f.certificates.length > 0 ? {certificates: f.certificates} : {}), ...(problem ? {problem} : {})}
}

/** The TLS view of a Gateway's or ListenerSet's listeners (listeners without TLS settings left out). */
export function listenerTls(listeners: readonly ListenerAttachment[]): ListenerTls[] {
  return listeners
    .filter((l) => l.certificates.length > 0 || l.frontendValidation)
    .map((l) => ({
      listener: l.name,
      certificateRefs: l.certificates.map((c) => ({ref: c.ref, status: refStatus(c), ...factsPart(c.facts)})),
      ...(l.frontendValidation
        ? {
            frontendValidation: {
              source: l.frontendValidation.source,
              field: l.frontendValidation.field,
              ...(l.frontendValidation.port !== undefined ? {port: l.frontendValidation.port} : {}),
              mode: l.frontendValidation.mode,
              caCertificateRefs: l.frontendValidation.caCertificates.map((c) => ({ref: c.ref, status: refStatus(c), ...factsPart(c.facts)})),
            },
          }
        : {}),
    }))
}

/** The policy view of an object, for the kinds the policy engine has one for. */
export function policiesOf(a: Analysis, obj: K8sObject): ObjectPolicies | undefined {
  const g = groupOf(obj.apiVersion)
  if (g === GATEWAY_GROUP && obj.kind === 'GatewayClass') return gatewayClassPolicies(a.policies, obj as never)
  if (g === GATEWAY_GROUP && obj.kind === 'Gateway') return gatewayPolicies(a.policies, obj as never)
  if (g === GATEWAY_GROUP && isRouteKind(obj.kind)) return routePolicies(a.policies, obj as never)
  if (g === '' && obj.kind === 'Service') return servicePolicies(a.policies, obj as never)
  if (g === '' && obj.kind === 'Namespace') return namespacePolicies(a.policies, obj.metadata.name)
  return undefined
}

/**
 * Computed status and its comparison with the reported one. The graph's maps are keyed by the
 * snapshot's own objects, so a lookup in each is enough: kinds without a computed status get null.
 */
export function statusOf(a: Analysis, obj: K8sObject): {computed: unknown; comparison?: StatusComparison} {
  const o = obj as never
  const att = a.graph.routes.get(o) ?? a.graph.gateways.get(o) ?? a.graph.listenerSets.get(o) ?? a.graph.gatewayClasses.get(o)
  return att ? {computed: att.computedStatus, comparison: compareStatus(a.graph, obj)} : {computed: null}
}

export function describeEntry(a: Analysis, obj: K8sObject, events?: readonly ObjectEvent[]): DescribeEntry {
  const {computed, comparison} = statusOf(a, obj)
  const entry: DescribeEntry = {
    kind: obj.kind,
    apiVersion: obj.apiVersion,
    ...(obj.metadata.namespace ? {namespace: obj.metadata.namespace} : {}),
    name: obj.metadata.name,
    computedStatus: computed,
    reportedStatus: obj.status ?? null,
  }
  if (comparison) {
    entry.statusComparison = {
      verdict: comparison.verdict,
      summary: comparison.summary,
      differences: comparison.differences.map((d) => ({path: d.path, field: d.field, reported: d.reported, computed: d.computed, ...(d.unverified ? {unverified: d.unverified} : {})})),
    }
  }
  const pol = policiesOf(a, obj)
  if (pol) {
    entry.effectivePolicies = pol.effectivePolicies
    entry.directlyAttachedPolicies = pol.directlyAttachedPolicies
    entry.inheritedPolicies = pol.inheritedPolicies
  }
  const report = policyReport(a.policies, obj)
  if (report) {
    entry.policy = {
      type: report.type,
      targets: report.targets,
      conflicts: report.conflicts,
      ancestors: report.ancestors,
      settings: policySettings(obj as Policy, report.type),
      reaches: policyReach(a, obj),
    }
  }
  if (obj.kind === 'CustomResourceDefinition') {
    const crd = describePolicyCrds(a.snapshot).find((c) => c.name === obj.metadata.name)
    if (crd) entry.policyCrd = crd
  }
  const listeners = (a.graph.gateways.get(obj as never) ?? a.graph.listenerSets.get(obj as never))?.listeners
  const tls = listeners ? listenerTls(listeners) : []
  if (tls.length > 0) entry.listenerTls = tls
  const ra = a.graph.routes.get(obj as never)
  const shadowed = ra ? shadowedMatchEntries(a, ra.route) : []
  if (shadowed.length > 0) entry.shadowedMatches = shadowed
  const unverified = unverifiedConclusions(a.graph, a.snapshot, obj)
  if (pol?.incomplete) unverified.push({path: 'effectivePolicies', conclusion: 'Incomplete', reason: pol.incomplete.reason})
  if (unverified.length > 0) entry.unverified = unverified
  if (events) entry.events = eventEntries(events, a.snapshot.now)
  return entry
}
