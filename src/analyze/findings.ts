// Every problem the engines know about, as findings with stable codes (documented in
// docs/findings.md). Pure: reads an Analysis, never the cluster.

import type {Analysis} from '../analysis.js'
import {compareStatus, objText} from '../graph/index.js'
import {groupOf, lookupType, VERSION_INTRODUCED, versionOf} from '../model/resources.js'
import {kindKey, type Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, type K8sObject} from '../model/types.js'
import {grantReferrersUnread, parentUnverifiedReason} from '../graph/caveats.js'
import {plain} from '../graph/access.js'
import {absenceProves, couldNotRead} from '../graph/verify.js'
import {policyReports} from '../policy/engine.js'
import {listenerCertificateFindings, type CertificateFindingOptions} from './certificate-findings.js'
import {overlappingRoutes} from './overlaps.js'
import {shadowFindings} from './shadowing.js'
import {hostnameCollisions} from './hostname-collisions.js'
import {routeParentHint} from './route-hints.js'

export type Severity = 'error' | 'warning' | 'info'

export const SEVERITY_RANK: Record<Severity, number> = {error: 3, warning: 2, info: 1}

export interface FindingObject {
  kind: string
  namespace?: string
  name: string
}

export interface Finding {
  code: string
  severity: Severity
  object: FindingObject
  message: string
  hint: string
  /** What distinguishes two findings of one code on one object (a parentRef, a field); part of identity. */
  subject?: string
  /**
   * Set when the finding rests on something that could not be read (a 403 on ReferenceGrants,
   * Namespaces, routes...): the problem is possible, not certain. The reason, e.g. "ReferenceGrants
   * could not be read". Such findings are never errors (see docs/findings.md).
   */
  unverified?: string
}

/** Identity used to compare findings before and after a change (messages may change wording). */
export function findingKey(f: Finding): string {
  return [f.code, f.object.kind, f.object.namespace ?? '', f.object.name, f.subject ?? ''].join('\u0000')
}

const objOf = (o: K8sObject): FindingObject => ({kind: o.kind, ...(o.metadata.namespace ? {namespace: o.metadata.namespace} : {}), name: o.metadata.name})

/** An unverified finding is at most a warning: it must not fail a run the way a certain error does. */
function capped(f: Finding): Finding {
  return f.unverified && f.severity === 'error' ? {...f, severity: 'warning'} : f
}

export interface FindingOptions extends CertificateFindingOptions {}

export function collectFindings(a: Analysis, opts: FindingOptions = {}): Finding[] {
  const out: Finding[] = []
  const add = (f: Finding) => out.push(capped(f))
  const {snapshot} = a

  for (const ra of a.graph.routes.values()) {
    const route = objOf(ra.route)
    const spec = ra.route.spec as unknown as Record<string, unknown> | undefined
    // A route with no parentRefs attaches to nothing and no controller writes its status: the "route
    // does nothing" case in its purest form. useDefaultGateways (GEP-3793) is the one exception.
    if (ra.parents.length === 0 && spec?.useDefaultGateways === undefined) {
      const refs = spec?.parentRefs
      add({
        code: 'NoParentRefs',
        severity: 'warning',
        object: route,
        subject: 'spec.parentRefs',
        message: `${refs === undefined ? 'spec.parentRefs is not set' : Array.isArray(refs) ? 'spec.parentRefs is empty' : 'spec.parentRefs is not a list'}: the route attaches to no Gateway and no controller serves it.`,
        hint: 'Add a parentRef naming the Gateway (and sectionName or port) the route is for.',
      })
    }
    for (const p of ra.parents) {
      const subject = `parentRefs[${p.index}]`
      if (p.noStatusReason) {
        const unverifiable = p.noStatusReason === 'ParentUnverifiable'
        const missing = unverifiable || p.noStatusReason === 'ParentNotFound' || p.noStatusReason === 'ListenerSetParentNotFound'
        add({
          code: missing ? 'ParentNotFound' : p.noStatusReason === 'GatewayClassNotFound' ? 'GatewayClassNotFound' : 'NoController',
          severity: 'error',
          object: route,
          subject,
          message: p.noStatusMessage ?? p.noStatusReason,
          hint: missing ? 'Create the parent or fix the parentRef (name, namespace, kind).' : 'Make sure the parent Gateway has an existing, accepted GatewayClass.',
          ...(unverifiable ? {unverified: parentUnverifiedReason(p)} : {}),
        })
      } else if (p.unverified && p.accepted?.status === 'True') {
        const problem = p.unverifiedProblem ?? 'NotAllowedByListeners'
        const basis = p.listenerVerdicts.find((v) => v.attached && v.unverified)
        add({
          code: 'RouteNotAccepted',
          severity: 'error',
          object: route,
          subject: `${subject}:${problem}`,
          message: `${problem} unless the namespace is admitted: ${basis?.message ?? p.accepted.message ?? ''}`,
          hint: routeParentHint(p, ra.route, a.graph, snapshot, problem),
          unverified: p.unverified,
        })
      } else if (p.accepted && p.accepted.status !== 'True') {
        add({
          code: `RouteNotAccepted`,
          severity: 'error',
          object: route,
          subject: `${subject}:${p.accepted.reason}`,
          message: `${p.accepted.reason}: ${p.accepted.message ?? ''}`,
          hint: routeParentHint(p, ra.route, a.graph, snapshot, p.accepted.reason ?? ''),
        })
      }
    }
    for (const b of ra.backends) {
      // Only a possible RefNotPermitted is reported: Services that could not be read are covered by
      // the stderr summary, as they always were, instead of one warning per backendRef.
      if (!b.problem && b.unverifiedProblem === 'RefNotPermitted' && b.unverified) {
        add({
          code: 'RefNotPermitted',
          severity: 'error',
          object: route,
          subject: b.field,
          message: b.message,
          hint: 'Check that a ReferenceGrant in the backend namespace permits this route kind and namespace.',
          unverified: b.unverified,
        })
        continue
      }
      if (!b.problem) continue
      add({
        code: b.problem === 'RefNotPermitted' ? 'RefNotPermitted' : b.problem === 'BackendNotFound' ? 'BackendNotFound' : 'InvalidBackendKind',
        severity: 'error',
        object: route,
        subject: b.field,
        message: b.message,
        hint:
          b.problem === 'RefNotPermitted'
            ? 'Create a ReferenceGrant in the backend namespace permitting this route kind and namespace.'
            : b.problem === 'BackendNotFound'
              ? 'Create the Service or fix the backendRef name/namespace.'
              : 'Reference a Service (group "", kind Service) or a kind your implementation supports.',
      })
    }
  }

  const listenerFindings = (owner: K8sObject, listeners: Iterable<import('../graph/index.js').ListenerAttachment>) => {
    for (const l of listeners) {
      const subject = `listener ${l.name}`
      const c = l.conditions
      const possible = l.certificates.find((x) => !x.problem && x.unverifiedProblem === 'RefNotPermitted' && x.unverified)
      if (possible && c.resolvedRefs.status !== 'False') {
        add({
          code: 'CertificateRefNotPermitted',
          severity: 'error',
          object: objOf(owner),
          subject,
          message: possible.message,
          hint: 'Check that a ReferenceGrant in the Secret namespace permits this Gateway (or ListenerSet).',
          unverified: possible.unverified,
        })
      }
      if (c.conflicted.status === 'True') {
        add({code: 'ListenerConflict', severity: 'error', object: objOf(owner), subject, message: c.conflicted.message ?? String(c.conflicted.reason), hint: 'Give the listeners distinct ports or hostnames.'})
      }
      if (c.accepted.status === 'False') {
        const hint = c.accepted.reason === 'NoValidCACertificate' ? 'Give the client-certificate validation at least one valid CA reference.' : 'Use a supported protocol and valid settings for this listener.'
        add({code: 'ListenerNotAccepted', severity: 'error', object: objOf(owner), subject, message: `${c.accepted.reason}: ${c.accepted.message ?? ''}`, hint})
      }
      for (const f of listenerCertificateFindings(owner, l, snapshot.now, opts)) add(f)
      // CA reference problems are reported per reference above; ResolvedRefs names only one of them.
      const caReported = l.frontendValidation?.caCertificates.some((x) => x.problem) && !l.certificates.some((x) => x.problem)
      if (c.resolvedRefs.status === 'False' && !(caReported && c.resolvedRefs.reason !== 'InvalidRouteKinds')) {
        const reason = String(c.resolvedRefs.reason)
        add({
          code: reason === 'InvalidRouteKinds' ? 'InvalidRouteKinds' : reason === 'RefNotPermitted' ? 'CertificateRefNotPermitted' : 'InvalidCertificateRef',
          severity: reason === 'InvalidRouteKinds' ? 'warning' : 'error',
          object: objOf(owner),
          subject,
          message: c.resolvedRefs.message ?? reason,
          hint:
            reason === 'InvalidRouteKinds'
              ? 'Remove route kinds the protocol cannot carry from allowedRoutes.kinds.'
              : reason === 'RefNotPermitted'
                ? 'Create a ReferenceGrant in the Secret namespace permitting this Gateway (or ListenerSet).'
                : 'Create the Secret (type kubernetes.io/tls, keys tls.crt and tls.key) or fix certificateRefs.',
        })
      }
    }
  }

  const assumedClasses = new Map<string, K8sObject[]>()
  for (const ga of a.graph.gateways.values()) {
    listenerFindings(ga.gateway, ga.listeners)
    const listeners: unknown = ga.gateway.spec?.listeners
    if (!Array.isArray(listeners) || listeners.length === 0) {
      add({
        code: 'NoListeners',
        severity: 'error',
        object: objOf(ga.gateway),
        subject: 'spec.listeners',
        message: `${listeners === undefined ? 'spec.listeners is not set' : Array.isArray(listeners) ? 'spec.listeners is empty' : 'spec.listeners is not a list'}: the Gateway has nothing for routes to attach to (the CRD requires at least one listener).`,
        hint: 'Give the Gateway at least one listener (name, port, protocol).',
      })
    }
    if (ga.classAssumed !== undefined) {
      // From files: once per missing class (below), on the first Gateway that uses it.
      const users = assumedClasses.get(ga.classAssumed)
      if (users) users.push(ga.gateway)
      else assumedClasses.set(ga.classAssumed, [ga.gateway])
    } else if (!ga.gatewayClass) {
      // After a 403 on GatewayClasses the class is assumed to exist (the Gateway stays in scope).
      const unverified = snapshot.readable(GATEWAY_GROUP, 'GatewayClass') ? undefined : couldNotRead('GatewayClass')
      add({
        code: 'GatewayClassNotFound',
        severity: 'error',
        object: objOf(ga.gateway),
        message: ga.noStatusMessage ?? `GatewayClass ${plain(ga.gateway.spec?.gatewayClassName)} ${unverified ? 'could not be checked' : 'does not exist'}.`,
        hint: 'Create the GatewayClass or fix spec.gatewayClassName.',
        ...(unverified ? {unverified} : {}),
      })
    }
    if (ga.infrastructureParameters && ga.infrastructureParameters.resolved === false) {
      add({code: 'ParametersNotFound', severity: 'error', object: objOf(ga.gateway), subject: 'spec.infrastructure.parametersRef', message: ga.infrastructureParameters.message, hint: 'Create the referenced parameters object or fix the reference.'})
    }
  }
  for (const [name, users] of assumedClasses) {
    users.sort((x, y) => cmp(`${x.metadata.namespace ?? ''}/${x.metadata.name}`, `${y.metadata.namespace ?? ''}/${y.metadata.name}`))
    const listed = users.slice(0, 3).map(objText).join(', ') + (users.length > 3 ? ` and ${users.length - 3} more` : '')
    add({
      code: 'GatewayClassNotFound',
      severity: 'warning',
      object: objOf(users[0]),
      message: `GatewayClass ${JSON.stringify(name)} is not in the files (used by ${listed}); listeners and routes were checked assuming a controller accepts it.`,
      hint: 'Check that the cluster has this GatewayClass (kubectl get gatewayclass), or add it to the files.',
      unverified: 'assumed: the GatewayClass is not in the files',
    })
  }
  for (const la of a.graph.listenerSets.values()) {
    listenerFindings(la.listenerSet, la.listeners)
    if (la.allowed === false || la.noStatusReason === 'ListenerSetParentNotFound' || la.noStatusReason === 'ParentUnverifiable') {
      add({
        code: la.allowed === false ? 'ListenerSetNotAllowed' : 'ParentNotFound',
        severity: 'error',
        object: objOf(la.listenerSet),
        message: la.noStatusMessage ?? 'not attached',
        hint: "Admit the namespace in the Gateway's spec.allowedListeners, or fix spec.parentRef.",
        ...(la.noStatusReason === 'ParentUnverifiable' ? {unverified: couldNotRead('Gateway')} : {}),
      })
    } else if (la.unverified) {
      add({
        code: 'ListenerSetNotAllowed',
        severity: 'error',
        object: objOf(la.listenerSet),
        message: `NotAllowed unless the namespace is admitted: ${la.notes.find((n) => n.includes(la.unverified ?? '')) ?? la.unverified}.`,
        hint: "Check that the Gateway's spec.allowedListeners admits the namespace.",
        unverified: la.unverified,
      })
    }
  }
  for (const ca of a.graph.gatewayClasses.values()) {
    if (ca.parametersRef && ca.parametersRef.resolved === false) {
      add({code: 'ParametersNotFound', severity: 'error', object: objOf(ca.gatewayClass), subject: 'spec.parametersRef', message: ca.parametersRef.message, hint: 'Create the referenced parameters object or fix spec.parametersRef.'})
    }
    if (ca.state === 'Pending') {
      add({code: 'NoController', severity: 'warning', object: objOf(ca.gatewayClass), message: `No controller has accepted GatewayClass ${ca.gatewayClass.metadata.name} (controllerName ${plain(ca.gatewayClass.spec?.controllerName)}).`, hint: 'Install or start the controller named by spec.controllerName.'})
    } else if (ca.state === 'Rejected') {
      add({code: 'GatewayClassNotAccepted', severity: 'error', object: objOf(ca.gatewayClass), message: ca.notes[0] ?? `GatewayClass ${ca.gatewayClass.metadata.name} is not accepted.`, hint: "Read the class's Accepted condition and fix what it names."})
    }
  }
  // Unused as far as the referring objects that were read show.
  const referrersUnread = grantReferrersUnread(snapshot)
  for (const gu of a.graph.referenceGrants.values()) {
    if (gu.permits.length === 0) {
      add({
        code: 'ReferenceGrantUnused',
        severity: 'info',
        object: objOf(gu.grant),
        message: `${objText(gu.grant)} permits no reference that is in use${referrersUnread ? ' by the objects that could be read' : ''}.`,
        hint: 'Delete it, or check its from/to entries against the references you meant to permit.',
        ...(referrersUnread ? {unverified: referrersUnread} : {}),
      })
    }
  }

  for (const r of policyReports(a.policies)) {
    const policy = a.snapshot.find(r.id.group, r.id.kind, r.id.namespace, r.id.name)
    if (!policy) continue
    for (const t of r.targets) {
      if (t.problem === 'TargetNotFound' || t.problem === 'SectionNotFound' || t.problem === 'Invalid') {
        add({code: 'PolicyTargetNotFound', severity: 'warning', object: objOf(policy), subject: `${t.kind}/${t.namespace ?? ''}/${t.name}#${t.sectionName ?? ''}`, message: t.message ?? `${t.kind} ${t.name}: ${t.problem}`, hint: 'Fix targetRef(s) to name an existing object (and section).'})
      }
    }
    for (const c of r.conflicts) {
      if (c.loser !== r.policy) continue
      add({code: 'PolicyConflict', severity: 'warning', object: objOf(policy), subject: `${c.field ?? '*'}`, message: `${c.loser} loses to ${c.winner} on ${c.field ?? 'the whole policy'} (decided by ${c.decidedBy}).`, hint: 'Remove one of the conflicting policies or make them set different fields.'})
    }
  }

  out.push(...backendTlsCaRefs(a))

  for (const o of a.snapshot.objects) {
    const cmp = compareStatus(a.graph, o)
    if (cmp && (cmp.verdict === 'wrong' || cmp.verdict === 'stale')) {
      add({
        code: cmp.verdict === 'wrong' ? 'StatusDisagrees' : 'StatusStale',
        severity: cmp.verdict === 'wrong' ? 'warning' : 'info',
        object: objOf(o),
        message: cmp.summary,
        hint: cmp.verdict === 'wrong' ? 'The controller reports something the spec does not imply: check the controller and kubectl gw describe.' : 'The controller has not reconciled the latest generation yet.',
      })
    }
    const advice = versionAdvice(o, a.snapshot)
    if (advice) add({code: 'DeprecatedApiVersion', severity: 'info', object: objOf(o), ...advice})
  }

  out.push(...overlappingRoutes(a))
  out.push(...shadowFindings(a))
  out.push(...hostnameCollisions([...a.graph.routes.values()].sort((x, y) => compareRouteAge(x.route, y.route))))
  return out.sort(compareFindings)
}

/**
 * BackendTLSPolicy `spec.validation.caCertificateRefs` are local references (same namespace) to
 * ConfigMaps in the core group; a missing one makes the policy unusable (NoValidCACertificate).
 */
function backendTlsCaRefs(a: Analysis): Finding[] {
  const out: Finding[] = []
  for (const p of a.snapshot.list(GATEWAY_GROUP, 'BackendTLSPolicy')) {
    const refs: unknown = (p.spec as {validation?: {caCertificateRefs?: unknown}} | undefined)?.validation?.caCertificateRefs
    if (!Array.isArray(refs)) continue
    refs.forEach((r: {group?: unknown; kind?: unknown; name?: unknown}, i) => {
      if (!r || typeof r !== 'object' || r.group !== '' || r.kind !== 'ConfigMap' || typeof r.name !== 'string') return
      if (a.snapshot.find('', 'ConfigMap', p.metadata.namespace, r.name)) return
      if (!absenceProves(a.snapshot, '', 'ConfigMap', {namespace: p.metadata.namespace, name: r.name})) return
      out.push({
        code: 'CACertificateRefNotFound',
        severity: 'error',
        object: objOf(p),
        subject: `spec.validation.caCertificateRefs[${i}]`,
        message: `spec.validation.caCertificateRefs[${i}] names ConfigMap ${p.metadata.namespace}/${r.name}, which does not exist.`,
        hint: 'Create the ConfigMap (key ca.crt) in the policy namespace or fix the reference.',
      })
    })
  }
  return out
}

/**
 * Advice to move to a newer apiVersion, only to one that is served: by the cluster (discovery,
 * snapshot.servedVersions), or by the kind's CRD among the files. Where neither is known (files without
 * the CRD), the newest version kubectl-gw knows and the Gateway API release that introduced it, so the
 * reader can check the cluster's CRDs. Undefined when the object already uses the newest served version.
 */
function versionAdvice(o: K8sObject, snapshot: Snapshot): {message: string; hint: string} | undefined {
  const group = groupOf(o.apiVersion)
  if (!group.startsWith('gateway.networking.')) return undefined
  const ref = lookupType(o.kind)?.refs.find((r) => r.group === group && r.kind === o.kind)
  if (!ref) return undefined
  const i = ref.versions.indexOf(versionOf(o.apiVersion))
  if (i <= 0) return undefined
  const newer = ref.versions.slice(0, i)
  const fromCluster = snapshot.servedVersions.get(kindKey(group, o.kind))
  const served = fromCluster ?? crdServedVersions(snapshot, group, o.kind)
  if (served) {
    const target = newer.find((v) => served.includes(v))
    if (!target) return undefined
    const who = fromCluster ? 'the cluster serves' : `the ${o.kind} CRD in the input serves`
    return {message: `${o.kind} uses ${o.apiVersion}; ${who} ${group}/${target} too, the newer version.`, hint: `Switch to apiVersion ${group}/${target}.`}
  }
  const newest = newer[0]
  const since = VERSION_INTRODUCED[`${o.kind}/${newest}`]
  const release = since ? `Gateway API ${since}` : 'a newer Gateway API release'
  return {
    message: `${o.kind} uses ${o.apiVersion}; ${group}/${newest} was introduced in ${release}. Whether the cluster serves it is not known from the input (no ${o.kind} CRD in it).`,
    hint: `Switch to apiVersion ${group}/${newest} where the cluster's Gateway API CRDs are ${since ?? 'new enough'}${since ? ' or newer' : ''}.`,
  }
}

/** The served versions of a kind's CRD in the input, or undefined without one. */
function crdServedVersions(snapshot: Snapshot, group: string, kind: string): string[] | undefined {
  const crd = snapshot.crds().find((c) => c.spec?.group === group && c.spec?.names?.kind === kind)
  if (!crd) return undefined
  return (Array.isArray(crd.spec.versions) ? crd.spec.versions : []).flatMap((v) => (v?.served !== false && typeof v?.name === 'string' ? [v.name] : []))
}

/**
 * Route precedence on a tie (Gateway API): the oldest route first, then `namespace/name` in
 * alphabetical order, so the verdict does not depend on input order. A missing or malformed
 * creationTimestamp (any JSON value) ranks as the newest, as in the policy engine.
 */
function compareRouteAge(x: K8sObject, y: K8sObject): number {
  const created = (o: K8sObject) => {
    const t: unknown = o.metadata.creationTimestamp
    const ms = typeof t === 'string' ? Date.parse(t) : NaN
    return Number.isNaN(ms) ? Infinity : ms
  }
  const tx = created(x)
  const ty = created(y)
  if (tx !== ty) return tx < ty ? -1 : 1
  return cmp(`${x.metadata.namespace ?? ''}/${x.metadata.name}`, `${y.metadata.namespace ?? ''}/${y.metadata.name}`)
}

export function compareFindings(x: Finding, y: Finding): number {
  return (
    SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] ||
    cmp(x.object.kind, y.object.kind) ||
    cmp(x.object.namespace ?? '', y.object.namespace ?? '') ||
    cmp(x.object.name, y.object.name) ||
    cmp(x.code, y.code) ||
    cmp(x.subject ?? '', y.subject ?? '')
  )
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
