// Human `describe` output, kubectl-describe style: `Field:  value` lines, nested sections indented
// by two spaces, one blank line between objects. Every string from the input is escaped.

import type {Analysis} from '../analysis.js'
import {
  explainGateway,
  explainGatewayClass,
  explainGrant,
  explainListener,
  explainListenerSet,
  explainParent,
  listenerText,
  objText,
  trafficEffect,
  type ListenerAttachment,
  type ParentAttachment,
  type RouteAttachment,
} from '../graph/index.js'
import {parentUnverifiedReason, unverifiedConclusions} from '../graph/caveats.js'
import {plain} from '../graph/access.js'
import {admitNamespace} from '../graph/namespaces.js'
import {groupOf} from '../model/resources.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP, isRouteKind, type K8sObject, type Policy} from '../model/types.js'
import {policyReport} from '../policy/engine.js'
import {describePolicyCrds} from '../policy/crds.js'
import type {ObjectPolicies} from '../policy/types.js'
import type {PemFacts, TlsFacts} from '../model/content-facts.js'
import {ageOf} from '../printers/age.js'
import {escapeControl} from '../printers/escape.js'
import {shadowedMatchesOf} from '../analyze/shadowing.js'
import {policiesOf, statusOf} from './entries.js'
import {eventsTable, type ObjectEvent} from './events.js'
import {policyReach, policySettings} from './policy-reach.js'

const ROUTES = {what: 'routes', field: 'allowedRoutes.namespaces'}

class Out {
  readonly lines: string[] = []
  field(indent: number, key: string, value: unknown): void {
    const pad = '  '.repeat(indent)
    this.lines.push(`${pad}${key}:${value === undefined ? '' : ' '.repeat(Math.max(1, 14 - key.length - pad.length)) + esc(value)}`)
  }
  text(indent: number, s: string): void {
    this.lines.push(`${'  '.repeat(indent)}${esc(s)}`)
  }
}

const esc = (v: unknown) => escapeControl(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v))

function header(out: Out, a: Analysis, obj: K8sObject): void {
  out.field(0, 'Name', obj.metadata.name)
  if (obj.metadata.namespace) out.field(0, 'Namespace', obj.metadata.namespace)
  out.field(0, 'Kind', `${obj.kind} (${obj.apiVersion})`)
  const labels = Object.entries(obj.metadata.labels ?? {}).map(([k, v]) => `${k}=${plain(v)}`)
  out.field(0, 'Labels', labels.length ? labels.join(',') : '<none>')
  out.field(0, 'Age', ageOf(obj, a.snapshot.now))
}

function listenerLine(l: ListenerAttachment): string {
  const parts = [`${l.protocol} :${l.port ?? '?'}`]
  if (l.hostname) parts.push(`hostname ${l.hostname}`)
  if (l.tlsMode) parts.push(`tls ${l.tlsMode}`)
  parts.push(`kinds ${l.supportedKinds.map((k) => k.kind).join(',') || '<none>'}`)
  parts.push(`namespaces ${l.namespaces.from}`)
  return `${l.name}: ${parts.join(', ')}`
}

function parentTitle(p: ParentAttachment): string {
  const r = p.parentRef
  if (!r) return `parentRefs[${p.index}] (unusable entry)`
  // Kept as written by the engine, so possibly not a string (plain() never throws).
  const sec = r.sectionName !== undefined ? ` sectionName=${plain(r.sectionName)}` : ''
  const port = r.port !== undefined ? ` port=${plain(r.port)}` : ''
  return `${r.kind} ${r.namespace}/${r.name}${sec}${port}${p.defaultGateway ? ' (default Gateway: spec.useDefaultGateways All)' : ''}`
}

/** ` (unverified: why; possibly RefNotPermitted)`: the mark every unverified verdict carries. */
function unverifiedMark(why: string | undefined, problem?: string): string {
  return why ? ` (unverified: ${why}${problem ? `; possibly ${problem}` : ''})` : ''
}

function verdict(p: ParentAttachment): string {
  if (p.noStatusReason === 'ParentUnverifiable') return `UNKNOWN${unverifiedMark(parentUnverifiedReason(p), 'ParentNotFound')}`
  if (p.noStatusReason) return `NO STATUS EXPECTED (${p.noStatusReason})`
  if (p.accepted?.status === 'True') return `ATTACHED to ${p.attachedListeners.map((l) => l.name).join(', ')}${unverifiedMark(p.unverified, p.unverifiedProblem)}`
  return `NOT ATTACHED (${p.accepted?.reason ?? 'unknown'})`
}

function route(out: Out, a: Analysis, ra: RouteAttachment): void {
  const spec = ra.route.spec ?? {}
  const hostnames = Array.isArray(spec.hostnames) ? spec.hostnames.map(plain) : []
  out.field(0, 'Hostnames', hostnames.length ? hostnames.join(', ') : '<any>')
  out.field(0, 'Parents', undefined)
  if (ra.parents.length === 0) out.text(1, 'No parentRefs: this route attaches nowhere.')
  for (const p of ra.parents) {
    out.text(1, `${parentTitle(p)}`)
    out.field(2, 'Verdict', verdict(p))
    if (p.accepted) out.field(2, 'Accepted', `${p.accepted.status} (${p.accepted.reason})`)
    if (p.resolvedRefs) out.field(2, 'ResolvedRefs', `${p.resolvedRefs.status} (${p.resolvedRefs.reason})`)
    for (const v of p.listenerVerdicts) {
      const hosts = v.hostnames.applies ? (v.hostnames.any ? ' hostnames: any' : ` hostnames: ${v.hostnames.effective.join(',') || 'none'}`) : ''
      out.text(2, `- listener ${v.listener.name}: ${v.attached ? 'attached' : `rejected (${v.failed})`}${unverifiedMark(v.unverified)}${hosts}`)
    }
    out.text(2, 'Why:')
    for (const s of explainParent(p, ra.route.kind)) out.text(3, s)
  }
  out.field(0, 'Backends', undefined)
  if (ra.backends.length === 0) out.text(1, '<none>')
  for (const b of ra.backends) {
    const port = b.ref.port !== undefined ? `:${b.ref.port}` : ''
    const how = b.problem
      ? b.problem
      : b.unverified
        ? `unverified: ${b.unverified}${b.unverifiedProblem ? ` (possibly ${b.unverifiedProblem})` : ''}`
        : b.grant
          ? `resolved (permitted by ReferenceGrant ${b.grant.metadata.namespace}/${b.grant.metadata.name})`
          : 'resolved'
    out.text(1, `${b.source === 'mirror' ? 'mirror ' : ''}${b.ref.kind} ${b.ref.namespace}/${b.ref.name}${port} [${b.field}]: ${how}`)
    if (b.problem || b.unverified) out.text(2, b.message)
    const effect = trafficEffect(ra.route, b)
    if (effect) out.text(2, effect)
    for (const n of b.grantNearMisses) out.text(2, `near miss: ${n}`)
  }
  out.field(0, 'ResolvedRefs', `${ra.resolvedRefs.status} (${ra.resolvedRefs.reason})${ra.resolvedRefs.message ? ': ' + ra.resolvedRefs.message : ''}`)
  shadowed(out, a, ra)
  for (const n of ra.notes) out.text(0, `Note: ${n}`)
}

/** Matches of the route that can never serve a request (analyze ShadowedMatch / DuplicateMatch). */
function shadowed(out: Out, a: Analysis, ra: RouteAttachment): void {
  const mine = shadowedMatchesOf(a, ra.route)
  if (mine.length === 0) return
  out.field(0, 'Shadowed matches', undefined)
  for (const s of mine) {
    const m = s.shadowed
    const by = s.by.route === ra.route ? 'rule' : `${s.by.route.kind} ${s.by.route.metadata.namespace}/${s.by.route.metadata.name} rule`
    out.text(1, `rule ${m.rule}${m.ruleName ? ` (${m.ruleName})` : ''} match ${m.match} (${m.text}) on listener ${s.listener.name}: every request goes to ${by} ${s.by.rule}${s.by.ruleName ? ` (${s.by.ruleName})` : ''} match ${s.by.match}; this one loses on: ${s.reason}`)
  }
}

function listeners(out: Out, ls: ListenerAttachment[]): void {
  out.field(0, 'Listeners', undefined)
  if (ls.length === 0) out.text(1, '<none>')
  for (const l of ls) {
    out.text(1, listenerLine(l))
    const statusListeners: unknown = l.owner.status?.listeners
    const reported: unknown = Array.isArray(statusListeners) ? statusListeners.find((s: {name?: unknown}) => s?.name === l.name)?.attachedRoutes : undefined
    for (const c of l.certificates) {
      const how = c.problem ?? (c.unverified ? `unverified: ${c.unverified}${c.unverifiedProblem ? ` (possibly ${c.unverifiedProblem})` : ''}` : 'resolved')
      out.text(2, `certificateRef ${c.ref.kind} ${c.ref.namespace ?? ''}/${c.ref.name}: ${how}${c.grant ? ` (ReferenceGrant ${c.grant.metadata.namespace}/${c.grant.metadata.name})` : ''}`)
      certificateLines(out, 3, c.facts)
    }
    const fv = l.frontendValidation
    if (fv) {
      const from = fv.source === 'listener' ? 'listener tls.frontendValidation' : fv.source === 'perPort' ? `Gateway perPort ${fv.port}` : 'Gateway default'
      out.text(2, `clientValidation: mode ${fv.mode}, from ${from} (${fv.field})`)
      for (const ca of fv.caCertificates) {
        const how = ca.problem ?? (ca.unverified ? `unverified: ${ca.unverified}${ca.unverifiedProblem ? ` (possibly ${ca.unverifiedProblem})` : ''}` : 'resolved')
        out.text(3, `caCertificateRef ${ca.ref.kind} ${ca.ref.namespace ?? ''}/${ca.ref.name}: ${how}${ca.grant ? ` (ReferenceGrant ${ca.grant.metadata.namespace}/${ca.grant.metadata.name})` : ''}`)
        certificateLines(out, 4, ca.facts)
      }
    }
    const bound = [l.incomplete && `a lower bound: ${l.incomplete}`, l.unverifiedRoutes && `counts routes admitted by assumption: ${l.unverifiedRoutes}`].filter(Boolean).join('; ')
    out.field(2, 'Attached', `${l.attachedRoutes.length} computed${bound ? ` (${bound})` : ''}${reported !== undefined ? `, ${plain(reported)} reported` : ''}${l.attachedRoutes.length ? ': ' + l.attachedRoutes.map(objText).join(', ') : ''}`)
    for (const r of l.rejectedRoutes) out.text(2, `- rejected ${objText(r.route)} (${r.verdict.failed}): ${r.verdict.message}`)
    for (const s of explainListener(l).filter((x) => !x.startsWith(listenerText(l) + ' has '))) out.text(2, s)
  }
}

/** What a Secret's or ConfigMap's certificates say: subject, SANs, issuer, validity (never the PEM). */
function certificateLines(out: Out, indent: number, facts: PemFacts | undefined): void {
  if (!facts) return
  if (facts.problem) {
    out.text(indent, facts.problem)
    return
  }
  for (const c of facts.certificates) {
    const sans = [...c.dnsNames, ...c.ipAddresses]
    out.text(indent, `${c.subject}${c.ca ? ' (CA)' : ''}; SANs ${sans.length > 0 ? sans.join(', ') : '<none>'}; issuer ${c.issuer}; valid ${c.notBefore} to ${c.notAfter}`)
  }
  const key = (facts as TlsFacts).keyProblem
  if (key) out.text(indent, key)
}

function policies(out: Out, p: ObjectPolicies | undefined): void {
  if (!p) return
  // Each list may miss policies of kinds that could not be read: the mark goes on every one of them.
  const mark = p.incomplete ? `(may be incomplete: ${p.incomplete.reason})` : ''
  const head = (key: string, empty: boolean) => out.field(0, key, empty ? `<none>${mark ? ' ' + mark : ''}` : mark || undefined)
  head('DirectlyAttachedPolicies', p.directlyAttachedPolicies.length === 0)
  for (const d of p.directlyAttachedPolicies) {
    out.text(1, `${d.kind} ${d.policy} (${d.type}, level ${d.level}${d.sectionName ? `, section ${d.sectionName}` : ''})${d.conflicted ? ' CONFLICTED' : ''}`)
  }
  head('InheritedPolicies', p.inheritedPolicies.length === 0)
  for (const i of p.inheritedPolicies) {
    const ctx = [i.parent ? `via Gateway ${i.parent}` : '', i.route ? `via ${i.routeKind ?? 'route'} ${i.route}` : ''].filter(Boolean).join(' ')
    out.text(1, `${i.kind} ${i.policy} (level ${i.level}) on ${i.from.kind} ${i.from.namespace ? i.from.namespace + '/' : ''}${i.from.name}${i.from.sectionName ? '#' + i.from.sectionName : ''}${ctx ? ' ' + ctx : ''}`)
  }
  head('EffectivePolicies', p.effectivePolicies.length === 0)
  for (const e of p.effectivePolicies) {
    const ctx = [e.parent && `parent ${e.parent}`, e.listener && `listener ${e.listener}`, e.route && `route ${e.route}`, e.rule && `rule ${e.rule}`, e.ruleIndex !== undefined && !e.rule ? `rule #${e.ruleIndex}` : '', e.port && `port ${e.port}`]
      .filter(Boolean)
      .join(', ')
    out.text(1, `${e.kind}${ctx ? ` (${ctx})` : ''}:`)
    if (e.sources.length === 0) out.text(2, '(no values)')
    for (const s of e.sources) {
      out.text(2, `${s.path} = ${esc(s.value)}  <- ${s.type} from ${s.policy} (${s.level})`)
    }
  }
}

/** A policy's own values, then every object it reaches and what it decides there. */
function policyEffect(out: Out, a: Analysis, obj: K8sObject, type: 'Direct' | 'Inherited'): void {
  const settings = policySettings(obj as Policy, type)
  out.field(0, 'Values', settings.length ? undefined : '<none>')
  for (const s of settings) out.text(1, `${s.path} = ${esc(s.value)}  (${s.type})`)
  const reach = policyReach(a, obj)
  out.field(0, 'Reaches', reach.length ? undefined : '<nothing>')
  for (const r of reach) {
    const o = r.object
    const how = r.how === 'direct' ? 'target' : `inherited from ${r.via.join(', ')}`
    out.text(1, `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}${o.sectionName ? `#${o.sectionName}` : ''} (${how})`)
    const where = (w?: string[]) => (w ? ` (${w.join('; ')})` : '')
    if (r.decides.length) out.text(2, `decides: ${r.decides.map((d) => d.path + where(d.where)).join(', ')}`)
    for (const x of r.overruled) out.text(2, `${x.path}: decided by ${x.by} instead${where(x.where)}`)
  }
}

function statusSection(out: Out, a: Analysis, obj: K8sObject): void {
  const {comparison} = statusOf(a, obj)
  if (!comparison) return
  out.field(0, 'Status', comparison.summary)
  for (const d of comparison.differences) out.text(1, `- ${d.message}`)
}

/**
 * One object's human description (no trailing blank line). `events` (from a cluster) end it as in
 * kubectl describe; undefined leaves the section out (files, --show-events=false, events unreadable).
 */
export function describeText(a: Analysis, obj: K8sObject, events?: readonly ObjectEvent[]): string {
  const out = new Out()
  header(out, a, obj)
  const g = groupOf(obj.apiVersion)
  if (g === GATEWAY_GROUP && isRouteKind(obj.kind)) {
    const ra = a.graph.routes.get(obj as never)
    if (ra) route(out, a, ra)
  } else if (g === GATEWAY_GROUP && obj.kind === 'Gateway') {
    const ga = a.graph.gateways.get(obj as never)
    if (ga) {
      out.field(0, 'Class', ga.gateway.spec?.gatewayClassName)
      listeners(out, ga.listeners)
      if (ga.rejectedRoutes.length) {
        out.field(0, 'Rejected routes', undefined)
        for (const r of ga.rejectedRoutes) out.text(1, `${objText(r.route)}: ${r.parent.accepted?.reason ?? r.parent.noStatusReason}: ${r.parent.accepted?.message ?? ''}`)
      }
      out.field(0, 'Summary', undefined)
      for (const s of explainGateway(ga)) out.text(1, s)
      if (ga.incomplete) out.text(1, `Attached routes and ListenerSets are lower bounds: ${ga.incomplete}.`)
    }
  } else if ((g === GATEWAY_GROUP && obj.kind === 'ListenerSet') || (g === GATEWAY_X_GROUP && obj.kind === 'XListenerSet')) {
    const la = a.graph.listenerSets.get(obj as never)
    if (la) {
      out.field(0, 'Parent', la.gateway ? objText(la.gateway) : la.parentRef ? `${la.parentRef.kind} ${la.parentRef.namespace}/${la.parentRef.name} (not found)` : '<none>')
      out.field(0, 'Allowed', `${la.allowed === undefined ? 'unknown' : la.allowed ? 'yes' : 'no'}${unverifiedMark(la.unverified, la.unverified ? 'NotAllowed' : undefined)}`)
      listeners(out, la.listeners)
      out.field(0, 'Summary', undefined)
      for (const s of explainListenerSet(la)) out.text(1, s)
    }
  } else if (g === GATEWAY_GROUP && obj.kind === 'GatewayClass') {
    const ca = a.graph.gatewayClasses.get(obj as never)
    if (ca) {
      out.field(0, 'Controller', ca.gatewayClass.spec?.controllerName)
      out.field(0, 'Summary', undefined)
      for (const s of explainGatewayClass(ca)) out.text(1, s)
    }
  } else if (g === GATEWAY_GROUP && obj.kind === 'ReferenceGrant') {
    const gu = a.graph.referenceGrants.get(obj as never)
    const spec = obj.spec ?? {}
    out.field(0, 'From', (Array.isArray(spec.from) ? spec.from : []).map((f: {kind?: unknown; namespace?: unknown}) => `${plain(f?.kind)}/${plain(f?.namespace)}`).join(', '))
    out.field(0, 'To', (Array.isArray(spec.to) ? spec.to : []).map((t: {kind?: unknown; name?: unknown}) => `${plain(t?.kind)}${t?.name ? '/' + plain(t.name) : ' (any name)'}`).join(', '))
    out.field(0, 'In use', lowerBound(a, obj))
    for (const s of gu ? explainGrant(gu) : []) out.text(1, s)
  } else if (g === '' && obj.kind === 'Service') {
    const su = a.graph.services.get(obj as never)
    out.field(0, 'Type', obj.spec?.type ?? 'ClusterIP')
    const bound = lowerBound(a, obj)
    out.field(0, 'Referenced by', su && (su.backendOf.length || su.meshParentOf.length) ? bound : `<none>${bound ? ' ' + bound : ''}`)
    for (const b of su?.backendOf ?? []) {
      const how = b.backend.problem ?? (b.backend.unverified ? `unverified: ${b.backend.unverified}` : 'resolved')
      out.text(1, `${objText(b.route)} ${b.backend.field}: ${how}${b.backend.grant ? ` (ReferenceGrant ${b.backend.grant.metadata.namespace}/${b.backend.grant.metadata.name})` : ''}`)
      // A refused reference is listed (the route does name this Service) with what refusing it means.
      if (b.backend.problem === 'RefNotPermitted') {
        out.text(2, `refused: no ReferenceGrant in namespace ${JSON.stringify(obj.metadata.namespace ?? '')} permits ${b.route.kind}s from namespace ${JSON.stringify(b.route.metadata.namespace ?? '')} to reference it, so no traffic and no policy reaches it through this route.`)
        for (const n of b.backend.grantNearMisses) out.text(2, `near miss: ${n}`)
      }
    }
    for (const m of su?.meshParentOf ?? []) out.text(1, `${objText(m.route)} mesh parentRef: ${m.parent.accepted?.reason ?? m.parent.noStatusReason ?? ''}`)
  } else if (g === '' && obj.kind === 'Namespace') {
    namespace(out, a, obj.metadata.name)
  } else if (g === 'apiextensions.k8s.io' && obj.kind === 'CustomResourceDefinition') {
    const crd = describePolicyCrds(a.snapshot).find((c) => c.name === obj.metadata.name)
    if (crd) {
      out.field(0, 'Policy kind', `${crd.kind}.${crd.group} (${crd.type}, ${crd.scope})`)
      out.field(0, 'Versions', crd.versions.map((v) => `${v.name}${v.served ? '' : ' (not served)'}${v.storage ? ' (storage)' : ''}`).join(', '))
      out.field(0, 'Target kinds', crd.targetKinds.length ? crd.targetKinds.join(', ') : '<not stated by the schema>')
      out.field(0, 'Instances', crd.instances === undefined ? 'unknown (not readable)' : crd.instances)
    }
  }
  const report = policyReport(a.policies, obj)
  if (report) {
    out.field(0, 'Policy type', report.type)
    out.field(0, 'Targets', undefined)
    for (const t of report.targets) {
      out.text(1, `${t.kind} ${t.namespace ? t.namespace + '/' : ''}${t.name}${t.sectionName ? '#' + t.sectionName : ''}: ${t.problem ?? (t.exists === undefined ? 'unverified' : 'found')}${t.message ? ' - ' + t.message : ''}`)
    }
    for (const c of report.conflicts) out.text(1, `conflict on ${c.field ?? 'whole policy'}: ${c.winner} wins over ${c.loser} (by ${c.decidedBy})`)
    for (const an of report.ancestors) out.text(1, `reported for ${an.ancestor.kind} ${an.ancestor.namespace ?? ''}/${an.ancestor.name}: ${an.summary}`)
    policyEffect(out, a, obj, report.type)
  }
  policies(out, policiesOf(a, obj))
  statusSection(out, a, obj)
  if (events) {
    out.field(0, 'Events', events.length === 0 ? '<none>' : undefined)
    if (events.length > 0) out.lines.push(...eventsTable(events, a.snapshot.now))
  }
  return out.lines.join('\n')
}

/** `(a lower bound: HTTPRoutes could not be read)` for lists of referrers, or undefined. */
function lowerBound(a: Analysis, obj: K8sObject): string | undefined {
  const c = unverifiedConclusions(a.graph, a.snapshot, obj).find((u) => u.conclusion === 'LowerBound')
  return c ? `(a lower bound: ${c.reason})` : undefined
}

/** Routes and Gateways per namespace, built once per analysis (describing every namespace stays linear). */
const byNamespace = new WeakMap<Analysis, Map<string, K8sObject[]>>()

function objectsIn(a: Analysis, ns: string): K8sObject[] {
  let index = byNamespace.get(a)
  if (!index) {
    index = new Map()
    for (const o of [...a.graph.routes.keys(), ...a.graph.gateways.keys()]) {
      const key = o.metadata.namespace ?? ''
      const list = index.get(key)
      if (list) list.push(o)
      else index.set(key, [o])
    }
    byNamespace.set(a, index)
  }
  return index.get(ns) ?? []
}

function namespace(out: Out, a: Analysis, ns: string): void {
  const objects = objectsIn(a, ns)
  const routes = objects.filter((o) => o.kind !== 'Gateway')
  const gateways = objects.filter((o) => o.kind === 'Gateway')
  out.field(0, 'Routes', routes.length ? routes.map(objText).join(', ') : '<none>')
  out.field(0, 'Gateways', gateways.length ? gateways.map(objText).join(', ') : '<none>')
  out.field(0, 'Admitted by', undefined)
  let any = false
  for (const ga of a.graph.gateways.values()) {
    for (const l of ga.listeners) {
      // The same admission rule the attachment engine applies (Same/All/Selector, namespace labels).
      const admission = admitNamespace(l.namespaces, ga.gateway.metadata.namespace ?? '', ns, a.snapshot, ROUTES)
      if (admission.allowed) {
        any = true
        out.text(1, `${listenerText(l)} (from ${l.namespaces.from})${unverifiedMark(admission.unverified)}`)
      }
    }
  }
  if (!any) out.text(1, '<no listener admits routes from this namespace>')
}
