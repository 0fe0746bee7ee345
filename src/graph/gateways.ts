// Gateways and their listeners: scope, listener conditions, Gateway conditions (semantics.md §1.10-§1.12).
//
// Listener conditions:
// - Accepted: False/UnsupportedProtocol for a protocol outside HTTP/HTTPS/TLS/TCP/UDP; False/
//   UnsupportedValue for a TLS mode the protocol cannot have or a missing port; False with the conflict
//   reason when Conflicted (conformance listenerset-*-conflict); else True/Accepted.
// - ResolvedRefs: certificate problems (InvalidCertificateRef for a bad group/kind first, then
//   RefNotPermitted, then InvalidCertificateRef for a missing Secret), then InvalidRouteKinds.
// - Programmed: Accepted ∧ ResolvedRefs ∧ ¬Conflicted (§5: reproduces every conformance assertion);
//   False carries the conflict reason when Conflicted, else Invalid.
// - Conflicted: True/HostnameConflict|ProtocolConflict, else False/NoConflicts.
//
// Gateway Accepted counts a listener as invalid only when the listener itself is not Accepted
// (UnsupportedProtocol, conflicts): unresolved references make a listener unprogrammed but not invalid
// (the example Gateway infra/edge, conformance gateway-with-attached-routes). True/ListenersNotValid when
// some listeners are invalid, False/ListenersNotValid when all are (gateway-invalid-listeners-
// unsupported-protocol). Gateway ResolvedRefs [v1.5] summarizes the listeners (ListenersNotResolved) after
// checking `spec.tls.backend.clientCertificateRef`.

import {groupOf} from '../model/resources.js'
import {objectRefKey} from '../model/snapshot.js'
import {GATEWAY_GROUP, type Condition, type Gateway} from '../model/types.js'
import {arr, name, nsOf, obj, str} from './access.js'
import {needsCertificates, resolveCertificates} from './certificates.js'
import {condition, GatewayReason, isTrue, ListenerReason, pending} from './conditions.js'
import type {Context} from './context.js'
import {ALLOW_INSECURE_FALLBACK, caProblem, noValidCaCertificate, resolveFrontendValidation} from './frontend-validation.js'
import {classReconciles} from './gatewayclasses.js'
import {readListeners} from './listeners.js'
import {fromOf, grantNeeded} from './referencegrants.js'
import {listenerText, objText, objectRefText} from './refs.js'
import type {FrontendValidation, GatewayAttachment, GatewayClassAttachment, ListenerAttachment, NoStatusReason, ObjectRef, ParametersResolution} from './types.js'
import {absenceProves, couldNotRead, grantAbsenceProves, unverifiedWhy} from './verify.js'

const q = JSON.stringify

/** Builds the spec-derived part of a Gateway's attachment: scope, listeners, certificates. */
export function readGateway(gw: Gateway, classes: Map<string, GatewayClassAttachment>, ctx: Context): GatewayAttachment {
  const spec = obj(gw.spec) ?? {}
  const className = str(spec.gatewayClassName) ?? ''
  const ga: GatewayAttachment = {
    gateway: gw,
    inScope: true,
    listeners: readListeners(gw),
    listenerSets: [],
    attachedRoutes: [],
    rejectedRoutes: [],
    computedStatus: {conditions: [], listeners: []},
    notes: [],
  }
  // Null is "not set"; anything else that is not a list would otherwise vanish without a word.
  if (spec.listeners != null && !Array.isArray(spec.listeners)) ga.notes.push('spec.listeners is not a list, so the Gateway has no listeners')
  const ca = classes.get(className)
  const who = objText(gw)
  if (ca) {
    ga.gatewayClass = ca.gatewayClass
    if (!classReconciles(ca.state)) {
      const c = ca.computedStatus.conditions[0]
      outOfScope(
        ga,
        'GatewayClassNotAccepted',
        `${who} uses ${objText(ca.gatewayClass)}, whose Accepted condition is ${c.status}/${c.reason ?? ''}, so no controller reconciles the Gateway and its status stays Pending. Fix the GatewayClass or use an accepted one.`,
      )
    } else if (ca.state === 'Unknown') {
      ga.notes.push(`Assumes a controller accepts ${objText(ca.gatewayClass)} (it has no reported status)`)
    }
  } else if (!absenceProves(ctx.snapshot, GATEWAY_GROUP, 'GatewayClass', {name: className})) {
    ga.notes.push(`GatewayClass ${q(className)} could not be checked because ${unverifiedWhy(ctx.snapshot, GATEWAY_GROUP, 'GatewayClass', {name: className})}; assumed to exist and be accepted`)
  } else if (ctx.snapshot.source === 'files') {
    // Application manifests rarely ship the GatewayClass: stopping here would hide every listener,
    // namespace and hostname problem behind GatewayClassNotFound. The assumption is marked.
    ga.classAssumed = className
    ga.notes.push(`GatewayClass ${q(className)} is not in the files; assumed to exist and be accepted by a controller`)
  } else {
    outOfScope(ga, 'GatewayClassNotFound', `${who} uses GatewayClass ${q(className)}, which does not exist, so no controller reconciles the Gateway. Create the GatewayClass or fix spec.gatewayClassName.`)
  }
  ga.infrastructureParameters = resolveInfrastructure(gw, ctx)
  for (const l of ga.listeners) {
    l.certificates = resolveCertificates(l, ctx.snapshot, ctx.grants)
    l.frontendValidation = resolveFrontendValidation(l, ctx)
  }
  return ga
}

/** Marks a listener owner (Gateway or ListenerSet) and its listeners as getting no status. */
export function markOutOfScope(
  owner: {inScope: boolean; noStatusReason?: NoStatusReason; noStatusMessage?: string; listeners: ListenerAttachment[]},
  reason: NoStatusReason,
  message: string,
): void {
  owner.inScope = false
  owner.noStatusReason = reason
  owner.noStatusMessage = message
  for (const l of owner.listeners) {
    l.inScope = false
    l.noStatusReason = reason
  }
}

const outOfScope = markOutOfScope

/** `spec.infrastructure.parametersRef`: a LocalParametersReference in the Gateway's namespace. */
function resolveInfrastructure(gw: Gateway, ctx: Context): ParametersResolution | undefined {
  const p = obj(obj(obj(gw.spec)?.infrastructure)?.parametersRef)
  if (!p) return undefined
  const ref: ObjectRef = {group: str(p.group) ?? '', kind: str(p.kind) ?? '', namespace: nsOf(gw), name: str(p.name) ?? ''}
  const who = objText(gw)
  if (!ref.kind || !ref.name) return {ref, resolved: false, message: `${who} has an infrastructure.parametersRef without kind or name. Complete it.`}
  const target = ctx.snapshot.find(ref.group, ref.kind, ref.namespace, ref.name)
  const text = objectRefText(ref)
  if (target) return {ref, resolved: true, target, message: `${who} takes infrastructure parameters from ${text}.`}
  const at = {namespace: ref.namespace, name: ref.name}
  if (!absenceProves(ctx.snapshot, ref.group, ref.kind, at)) {
    const why = unverifiedWhy(ctx.snapshot, ref.group, ref.kind, at)
    return {ref, resolved: undefined, unverified: why, message: `${who} takes infrastructure parameters from ${text}, which could not be checked because ${why}.`}
  }
  if (ctx.snapshot.servesKind(ref.group, ref.kind) === false) {
    return {ref, resolved: false, message: `${who} references infrastructure parameters of kind ${kindText(ref)}, which the cluster does not serve (no such CRD). Install the CRD or fix spec.infrastructure.parametersRef.`}
  }
  return {ref, resolved: false, message: `${who} references infrastructure parameters ${text}, which do not exist. Create them or fix spec.infrastructure.parametersRef.`}
}

/** `InvalidParameters (group "invalid.io")`: a kind with its group, for messages. */
export function kindText(ref: {group: string; kind: string}): string {
  return `${ref.kind} (group ${q(ref.group)})`
}

/** Fills a listener's four conditions (after conflicts are known). */
export function setListenerConditions(l: ListenerAttachment): void {
  const who = listenerText(l)
  const owner = l.owner
  const at = `spec.listeners[${l.index}]`
  let accepted: Condition
  if (!l.protocolSupported) {
    accepted = condition('Accepted', 'False', ListenerReason.UnsupportedProtocol, `${who} has protocol ${q(l.protocol)}, which is not supported (HTTP, HTTPS, TLS, TCP, UDP). Change ${at}.protocol.`, owner)
  } else if (l.port === undefined) {
    accepted = condition('Accepted', 'False', ListenerReason.UnsupportedValue, `${who} has no valid port. Set ${at}.port to a number from 1 to 65535.`, owner)
  } else if (l.tlsMode !== undefined && l.tlsMode !== 'Terminate' && !(l.protocol === 'TLS' && l.tlsMode === 'Passthrough')) {
    accepted = condition(
      'Accepted',
      'False',
      ListenerReason.UnsupportedValue,
      l.protocol === 'HTTPS' && l.tlsMode === 'Passthrough'
        ? `${who} has protocol HTTPS with tls.mode Passthrough; HTTPS terminates TLS. Use protocol TLS for passthrough or set tls.mode to Terminate.`
        : `${who} has tls.mode ${q(l.tlsMode)}, which is not Terminate or Passthrough. Fix ${at}.tls.mode.`,
      owner,
    )
  } else if (noValidCaCertificate(l.frontendValidation)) {
    const fv = l.frontendValidation as FrontendValidation
    accepted = condition(
      'Accepted',
      'False',
      ListenerReason.NoValidCACertificate,
      `${who} has no valid CA certificate for client-certificate validation (${fv.field}): ${fv.caCertificates.map((c) => c.problem).join(', ')}. Fix the caCertificateRefs.`,
      owner,
    )
  } else if (l.conflict) {
    accepted = condition('Accepted', 'False', l.conflict.reason, conflictMessage(l), owner)
  } else {
    accepted = condition('Accepted', 'True', ListenerReason.Accepted, `${who} is valid.`, owner)
  }
  const resolvedRefs = listenerResolvedRefs(l)
  const conflicted = l.conflict
    ? condition('Conflicted', 'True', l.conflict.reason, conflictMessage(l), owner)
    : condition('Conflicted', 'False', ListenerReason.NoConflicts, `${who} does not conflict with other listeners.`, owner)
  let programmed: Condition
  if (isTrue(accepted) && isTrue(resolvedRefs) && !l.conflict) {
    programmed = condition('Programmed', 'True', ListenerReason.Programmed, `${who} is valid and its references resolved.`, owner)
  } else {
    const because = !isTrue(accepted) ? accepted.message : resolvedRefs.message
    programmed = condition('Programmed', 'False', l.conflict ? l.conflict.reason : ListenerReason.Invalid, because ?? '', owner)
  }
  l.conditions = {accepted, resolvedRefs, programmed, conflicted}
  l.status = {name: l.name, supportedKinds: l.supportedKinds, attachedRoutes: l.attachedRoutes.length, conditions: [accepted, resolvedRefs, programmed, conflicted]}
}

function conflictMessage(l: ListenerAttachment): string {
  const c = l.conflict
  if (!c) return ''
  const others = c.with.map(listenerText).join(', ')
  if (c.reason === 'ProtocolConflict') {
    const protos = [...new Set(c.with.map((o) => o.protocol))].join('/')
    return `${listenerText(l)} (${l.protocol}) shares port ${l.port} with ${others} (${protos}), and the two protocols cannot be told apart on one port. Move one of them to another port.`
  }
  const host = l.hostname === undefined || l.protocol === 'TCP' || l.protocol === 'UDP' ? 'no hostname' : `hostname ${l.hostname}`
  return `${listenerText(l)} has the same port ${l.port}, protocol family and ${host} as ${others}. Give it a different hostname or port.`
}

function listenerResolvedRefs(l: ListenerAttachment): Condition {
  const who = listenerText(l)
  const owner = l.owner
  const bad = l.certificates.filter((c) => c.problem)
  const kindProblem = bad.find((c) => c.problem === 'InvalidCertificateRef' && (c.ref.group !== '' || c.ref.kind !== 'Secret'))
  const refProblem = bad.find((c) => c.problem === 'RefNotPermitted')
  const otherProblem = bad.find((c) => c.problem === 'InvalidCertificateRef')
  const cert = kindProblem ?? refProblem ?? otherProblem
  if (cert) return condition('ResolvedRefs', 'False', cert.problem as string, cert.message, owner)
  const ca = caProblem(l.frontendValidation)
  if (ca) return condition('ResolvedRefs', 'False', ca.problem as string, ca.message, owner)
  const raw = obj(arr(obj(owner.spec)?.listeners)[l.index])
  const tls = obj(raw?.tls)
  if (needsCertificates(l) && l.certificates.length === 0 && !obj(tls?.options)) {
    return condition('ResolvedRefs', 'False', ListenerReason.InvalidCertificateRef, `${who} terminates TLS but has no tls.certificateRefs. Add a certificate Secret reference.`, owner)
  }
  if (l.invalidKinds.length > 0) {
    const kinds = l.invalidKinds.map((k) => (k.group === GATEWAY_GROUP ? k.kind || '(no kind)' : `${k.kind || '(no kind)'} (group ${q(k.group)})`)).join(', ')
    return condition(
      'ResolvedRefs',
      'False',
      ListenerReason.InvalidRouteKinds,
      `${who} lists route kinds in allowedRoutes.kinds that ${l.protocol} listeners cannot carry: ${kinds}. Remove them or fix their group and kind.`,
      owner,
    )
  }
  const unverified = [...l.certificates, ...(l.frontendValidation?.caCertificates ?? [])].filter((c) => c.unverified)
  const msg = unverified.length > 0 ? `${who} has no unresolved references (${unverified.length} certificate reference${unverified.length > 1 ? 's' : ''} not verifiable).` : `${who} has no unresolved references.`
  return condition('ResolvedRefs', 'True', ListenerReason.ResolvedRefs, msg, owner)
}

/** Gateway conditions, once listener conditions are set. */
export function setGatewayConditions(ga: GatewayAttachment, ctx: Context): void {
  const gw = ga.gateway
  const who = objText(gw)
  if (!ga.inScope) {
    ga.computedStatus = {conditions: [pending('Accepted'), pending('Programmed')], listeners: []}
    return
  }
  const invalid = ga.listeners.filter((l) => !isTrue(l.conditions.accepted))
  let accepted: Condition
  if (ga.infrastructureParameters?.resolved === false) {
    accepted = condition('Accepted', 'False', GatewayReason.InvalidParameters, ga.infrastructureParameters.message, gw)
  } else if (ga.listeners.length === 0) {
    accepted = condition('Accepted', 'False', GatewayReason.ListenersNotValid, `${who} has no listeners. Add at least one to spec.listeners.`, gw)
  } else if (invalid.length > 0) {
    const all = invalid.length === ga.listeners.length
    const list = invalid.map((l) => `${q(l.name)} (${l.conditions.accepted.reason})`).join(', ')
    accepted = condition(
      'Accepted',
      all ? 'False' : 'True',
      GatewayReason.ListenersNotValid,
      all
        ? `No listener of ${who} is valid: ${list}. Fix the listeners.`
        : `${who} is accepted with its valid listeners only; not valid: ${list}. Fix or remove those listeners.`,
      gw,
    )
  } else {
    accepted = condition('Accepted', 'True', GatewayReason.Accepted, `${who} is accepted.`, gw)
  }
  let programmed: Condition
  if (!isTrue(accepted)) {
    programmed = condition('Programmed', 'False', GatewayReason.Invalid, `${who} is not accepted, so nothing is programmed.`, gw)
  } else if (!ga.listeners.some((l) => isTrue(l.conditions.programmed))) {
    programmed = condition('Programmed', 'False', GatewayReason.Invalid, `No listener of ${who} can be programmed.`, gw)
  } else {
    programmed = condition('Programmed', 'True', GatewayReason.Programmed, `${who} has programmable listeners (addresses cannot be checked offline).`, gw)
  }
  const conditions = [accepted, programmed, gatewayResolvedRefs(ga, ctx)]
  // [v1.4] Said while any listener accepts clients without a valid certificate.
  const insecure = ga.listeners.filter((l) => l.frontendValidation?.mode === ALLOW_INSECURE_FALLBACK)
  if (insecure.length > 0) {
    conditions.push(
      condition(
        'InsecureFrontendValidationMode',
        'True',
        GatewayReason.ConfigurationChanged,
        `Client-certificate validation of ${insecure.map((l) => q(l.name)).join(', ')} uses mode AllowInsecureFallback: clients without a valid certificate are let through.`,
        gw,
      ),
    )
  }
  ga.computedStatus = {conditions, listeners: []}
}

function gatewayResolvedRefs(ga: GatewayAttachment, ctx: Context): Condition {
  const gw = ga.gateway
  const who = objText(gw)
  const spec = obj(gw.spec)
  // v1.4+ spec.tls.backend.clientCertificateRef; v1.2-v1.3 experimental spec.backendTLS.clientCertificateRef.
  const fromTls = obj(obj(obj(spec?.tls)?.backend)?.clientCertificateRef)
  const legacy = obj(obj(spec?.backendTLS)?.clientCertificateRef)
  const raw = fromTls ?? legacy
  if (raw) {
    const field = fromTls ? 'spec.tls.backend.clientCertificateRef' : 'spec.backendTLS.clientCertificateRef'
    const ref: ObjectRef = {group: str(raw.group) ?? '', kind: str(raw.kind) ?? 'Secret', namespace: name(raw.namespace) ?? nsOf(gw), name: str(raw.name) ?? ''}
    const text = objectRefText(ref)
    if (ref.group !== '' || ref.kind !== 'Secret' || !ref.name) {
      return condition('ResolvedRefs', 'False', GatewayReason.InvalidClientCertificateRef, `${who} references ${text} in ${field}; it must name a core Secret. Fix the reference.`, gw)
    }
    const unknown: string[] = []
    if (ref.namespace !== nsOf(gw)) {
      const from = fromOf(gw, groupOf(gw.apiVersion))
      const match = ctx.grants.permit(from, ref)
      if (match) {
        ctx.grants.record(match, {from: gw, field, to: ref, target: ctx.snapshot.find('', 'Secret', ref.namespace, ref.name)})
      } else if (grantAbsenceProves(ctx.snapshot)) {
        return condition('ResolvedRefs', 'False', GatewayReason.RefNotPermitted, `${who} references ${text} in another namespace (${field}) and no ReferenceGrant permits it. Create ${grantNeeded(from, ref)}.`, gw)
      } else {
        unknown.push(couldNotRead('ReferenceGrant'))
      }
    }
    const at = {namespace: ref.namespace, name: ref.name}
    if (!ctx.snapshot.find('', 'Secret', ref.namespace, ref.name)) {
      if (absenceProves(ctx.snapshot, '', 'Secret', at)) {
        return condition('ResolvedRefs', 'False', GatewayReason.InvalidClientCertificateRef, `${who} references ${text} in ${field}, which does not exist. Create the Secret or fix the reference.`, gw)
      }
      unknown.push(unverifiedWhy(ctx.snapshot, '', 'Secret', at))
    } else {
      const facts = ctx.snapshot.contentFacts.get(objectRefKey('', 'Secret', ref.namespace, ref.name))?.tls
      const bad = facts?.problem ?? facts?.keyProblem
      if (bad) {
        return condition('ResolvedRefs', 'False', GatewayReason.InvalidClientCertificateRef, `${who} references ${text} in ${field}, whose ${bad}. Store a PEM certificate chain and its key under tls.crt and tls.key.`, gw)
      }
    }
    if (unknown.length > 0) {
      ga.unverified = unknown.join('; ')
      ga.notes.push(`${field} (${text}) could not be checked because ${ga.unverified}; assumed to resolve`)
    }
  }
  const unresolved = ga.listeners.filter((l) => !isTrue(l.conditions.resolvedRefs))
  if (unresolved.length > 0) {
    return condition('ResolvedRefs', 'False', GatewayReason.ListenersNotResolved, `Listeners with unresolved references: ${unresolved.map((l) => l.name).join(', ')}.`, gw)
  }
  return condition('ResolvedRefs', 'True', GatewayReason.ResolvedRefs, `${who} has no unresolved references.`, gw)
}

/** Gateways by class name, in snapshot order. */
export function gatewaysByClass(gateways: readonly Gateway[]): Map<string, Gateway[]> {
  const m = new Map<string, Gateway[]>()
  for (const gw of gateways) {
    const c = str(obj(gw.spec)?.gatewayClassName) ?? ''
    const l = m.get(c)
    if (l) l.push(gw)
    else m.set(c, [gw])
  }
  return m
}

