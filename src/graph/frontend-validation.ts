// Frontend (client-certificate) validation, GEP-91 (semantics.md §3.8), in both shapes:
// - v1.1-v1.3 (experimental): `spec.listeners[].tls.frontendValidation.caCertificateRefs` on the
//   listener itself (any listener that terminates TLS; no mode);
// - v1.4+ (standard v1.5): `spec.tls.frontend.default.validation` for every HTTPS listener of the
//   Gateway, overridden by `spec.tls.frontend.perPort[]` for the HTTPS listeners on that port, with
//   `mode` AllowValidOnly (default) or AllowInsecureFallback.
// A listener-level configuration, where one is written, wins over the Gateway's (the two come from
// different API versions and should not meet). The Gateway-level one applies to the Gateway's own
// listeners; ListenerSet listeners take only listener-level configurations.
//
// Each `caCertificateRef` (CRD: group, kind, name required; namespace optional):
// - a kind other than core ConfigMap (Core support) or Secret (implementation-specific, widely
//   supported) => ResolvedRefs False/InvalidCACertificateKind;
// - another namespace without a ReferenceGrant => RefNotPermitted (decided before existence);
// - missing object, no `ca.crt` key, or a `ca.crt` that is not PEM or holds no CA certificate =>
//   InvalidCACertificateRef.
// When every reference of the listener is invalid, the listener is also Accepted False/
// NoValidCACertificate (conformance GatewayInvalidFrontendClientCertificateValidation).

import {groupOf} from '../model/resources.js'
import {objectRefKey} from '../model/snapshot.js'
import type {ReferenceGrant} from '../model/types.js'
import {arr, int, name, nsOf, obj, str, type Obj} from './access.js'
import {needsCertificates} from './certificates.js'
import type {Context} from './context.js'
import {fromOf, grantNeeded} from './referencegrants.js'
import {listenerText, objText, objectRefText} from './refs.js'
import type {CaCertificateResolution, FrontendValidation, ListenerAttachment, ObjectRef} from './types.js'
import {absenceProves, couldNotRead, grantAbsenceProves, unverifiedWhy} from './verify.js'

export const ALLOW_INSECURE_FALLBACK = 'AllowInsecureFallback'

/** Kinds a caCertificateRef may name (core group). */
const CA_KINDS = new Set(['ConfigMap', 'Secret'])

interface Config {
  source: FrontendValidation['source']
  field: string
  validation: Obj
  port?: number
}

/** The configuration that applies to a listener, if any. */
function configFor(l: ListenerAttachment): Config | undefined {
  const raw = obj(arr(obj(l.owner.spec)?.listeners)[l.index])
  const own = obj(obj(raw?.tls)?.frontendValidation)
  if (own && needsCertificates(l)) return {source: 'listener', field: `spec.listeners[${l.index}].tls.frontendValidation`, validation: own}
  if (l.owner.kind !== 'Gateway' || l.protocol !== 'HTTPS') return undefined
  const frontend = obj(obj(obj(l.owner.spec)?.tls)?.frontend)
  if (!frontend) return undefined
  const perPort = arr(frontend.perPort)
  for (const [i, p] of perPort.entries()) {
    const e = obj(p)
    const validation = obj(obj(e?.tls)?.validation)
    if (validation && int(e?.port) !== undefined && int(e?.port) === l.port) {
      return {source: 'perPort', field: `spec.tls.frontend.perPort[${i}].tls.validation`, validation, port: l.port}
    }
  }
  const def = obj(obj(frontend.default)?.validation)
  return def ? {source: 'default', field: 'spec.tls.frontend.default.validation', validation: def} : undefined
}

export function resolveFrontendValidation(l: ListenerAttachment, ctx: Context): FrontendValidation | undefined {
  const config = configFor(l)
  if (!config) return undefined
  const refs = arr(config.validation.caCertificateRefs)
  return {
    source: config.source,
    field: config.field,
    ...(config.port !== undefined ? {port: config.port} : {}),
    mode: str(config.validation.mode) ?? 'AllowValidOnly',
    caCertificates: refs.map((r, i) => resolveCaRef(l, r, `${config.field}.caCertificateRefs[${i}]`, i, ctx)),
  }
}

function resolveCaRef(l: ListenerAttachment, raw: unknown, field: string, index: number, ctx: Context): CaCertificateResolution {
  const {snapshot, grants} = ctx
  const who = listenerText(l)
  const o = obj(raw)
  const ownerNs = nsOf(l.owner)
  const ref: ObjectRef = {group: str(o?.group) ?? '', kind: str(o?.kind) ?? 'ConfigMap', namespace: name(o?.namespace) ?? ownerNs, name: str(o?.name) ?? ''}
  const text = objectRefText(ref)
  const res = (problem: CaCertificateResolution['problem'], message: string, extra: Partial<CaCertificateResolution> = {}): CaCertificateResolution => ({
    index,
    field,
    ref,
    ...(problem ? {problem} : {}),
    ...extra,
    message,
  })
  if (ref.group !== '' || !CA_KINDS.has(ref.kind)) {
    return res('InvalidCACertificateKind', `${who} uses ${text} as a CA certificate (${field}), but only ConfigMaps (key ca.crt) and Secrets are supported. Reference a ConfigMap holding the CA bundle.`)
  }
  if (!ref.name) return res('InvalidCACertificateRef', `${who} has a CA certificate reference without a name (${field}). Set its name.`)
  let grant: ReferenceGrant | undefined
  let grantUnknown: string | undefined
  if (ref.namespace !== ownerNs) {
    const from = fromOf(l.owner, groupOf(l.owner.apiVersion))
    const match = grants.permit(from, ref)
    if (match) {
      grant = match.grant
      grants.record(match, {from: l.owner, field, to: ref, target: snapshot.find('', ref.kind, ref.namespace, ref.name)})
    } else if (grantAbsenceProves(snapshot)) {
      const near = grants.nearMisses(from, ref)
      return res('RefNotPermitted', `${who} uses ${text} as a CA certificate, in another namespace, and no ReferenceGrant permits it${near.length > 0 ? ` (${near.join('; ')})` : ''}. Create ${grantNeeded(from, ref)}.`)
    } else {
      grantUnknown = couldNotRead('ReferenceGrant')
    }
  }
  const withGrant = grant ? {grant} : {}
  const grantNote = grantUnknown ? ` (whether a ReferenceGrant permits the reference could not be checked because ${grantUnknown}; without one the reason is RefNotPermitted)` : ''
  const at = {namespace: ref.namespace, name: ref.name}
  const key = objectRefKey('', ref.kind, ref.namespace, ref.name)
  const target = snapshot.find('', ref.kind, ref.namespace, ref.name)
  const unverified = (why: string, sentence: string) =>
    res(undefined, sentence, {...withGrant, ...(target ? {target} : {}), unverified: grantUnknown ? `${grantUnknown}; ${why}` : why, unverifiedProblem: grantUnknown ? 'RefNotPermitted' : 'InvalidCACertificateRef'})
  if (!target) {
    if (!absenceProves(snapshot, '', ref.kind, at)) {
      const why = unverifiedWhy(snapshot, '', ref.kind, at)
      return unverified(why, `${who} uses ${text} as a CA certificate, which could not be checked because ${why}.`)
    }
    return res('InvalidCACertificateRef', `${who} uses ${text} as a CA certificate, which does not exist${grantNote}. Create it with the CA bundle under ca.crt or fix ${field}.`, withGrant)
  }
  if (!snapshot.hasContent(target) || snapshot.unreadableObjects.has(key)) {
    const why = snapshot.unreadableObjects.has(key) ? unverifiedWhy(snapshot, '', ref.kind, at) : `the ${ref.kind} was read as metadata only`
    return unverified(why, `${who} uses ${objText(target)} as a CA certificate; its contents could not be checked because ${why}.`)
  }
  const t = target as unknown as Obj
  const fields = ref.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData']
  if (fields.every((f) => t[f] === undefined)) {
    return unverified(`the ${ref.kind} data is not in the input`, `${who} uses ${objText(target)} as a CA certificate; its data is not in the input, so its contents were not checked.`)
  }
  if (!fields.some((f) => obj(t[f]) && 'ca.crt' in (obj(t[f]) as Obj))) {
    return res('InvalidCACertificateRef', `${who} uses ${objText(target)} as a CA certificate, which has no ca.crt key${grantNote}. Store the PEM CA bundle under ca.crt.`, {...withGrant, target})
  }
  const facts = snapshot.contentFacts.get(key)?.ca
  const withFacts = facts ? {facts} : {}
  if (facts?.problem) {
    return res('InvalidCACertificateRef', `${who} uses ${objText(target)} as a CA certificate, whose ${facts.problem}${grantNote}. Store a PEM bundle of CA certificates under ca.crt.`, {...withGrant, target, ...withFacts})
  }
  if (grantUnknown) {
    return res(
      undefined,
      `${who} uses ${text} as a CA certificate, in another namespace; whether a ReferenceGrant permits it could not be checked because ${grantUnknown}. Without one the reference is RefNotPermitted.`,
      {target, ...withFacts, unverified: grantUnknown, unverifiedProblem: 'RefNotPermitted'},
    )
  }
  return res(undefined, `${who} validates client certificates against ${objText(target)}${grant ? `, permitted by ${objText(grant)}` : ''}.`, {...withGrant, target, ...withFacts})
}

/** The CA reference whose problem the listener's ResolvedRefs reports: kind first, then permission, then the rest. */
export function caProblem(fv: FrontendValidation | undefined): CaCertificateResolution | undefined {
  const bad = fv?.caCertificates.filter((c) => c.problem) ?? []
  return bad.find((c) => c.problem === 'InvalidCACertificateKind') ?? bad.find((c) => c.problem === 'RefNotPermitted') ?? bad[0]
}

/** Whether every CA reference of the listener is invalid (Accepted False/NoValidCACertificate). */
export function noValidCaCertificate(fv: FrontendValidation | undefined): boolean {
  return fv !== undefined && fv.caCertificates.length > 0 && fv.caCertificates.every((c) => c.problem)
}
