// Listener `tls.certificateRefs` (semantics.md §1.10, §2).
//
// Defaults: group "", kind Secret, namespace = the listener owner's. A cross-namespace reference needs a
// ReferenceGrant from the owner's kind (Gateway, or ListenerSet/XListenerSet: grants are not inherited
// between a Gateway and its ListenerSets). `InvalidCertificateRef` "MUST be used only when the
// reference is allowed", so RefNotPermitted is decided first and its message never says whether the
// Secret exists.
//
// Contents are judged from the facts derived at load time (src/model/content-facts.ts): tls.crt must
// be a PEM chain of parseable certificates and tls.key the leaf's private key, else
// InvalidCertificateRef (conformance gateway-invalid-tls-configuration: non-PEM tls.crt). A Secret read
// as metadata only, or whose own read was refused, leaves its contents unverified.
//
// ReferenceGrants unreadable (403): a cross-namespace reference no grant in the snapshot permits is
// unverified (`unverifiedProblem: RefNotPermitted`), not RefNotPermitted; a missing or malformed Secret
// stays a certain InvalidCertificateRef (broken either way).

import {groupOf} from '../model/resources.js'
import {objectRefKey, type Snapshot} from '../model/snapshot.js'
import type {ReferenceGrant} from '../model/types.js'
import {arr, name, nsOf, obj, str} from './access.js'
import {fromOf, grantNeeded, type GrantIndex} from './referencegrants.js'
import {listenerText, objText, objectRefText} from './refs.js'
import type {CertificateResolution, ListenerAttachment, ObjectRef} from './types.js'
import {absenceProves, couldNotRead, grantAbsenceProves, unverifiedWhy} from './verify.js'

/** Whether the listener terminates TLS and so needs certificates. */
export function needsCertificates(l: ListenerAttachment): boolean {
  return l.protocol === 'HTTPS' || (l.protocol === 'TLS' && l.tlsMode === 'Terminate')
}

export function resolveCertificates(l: ListenerAttachment, snapshot: Snapshot, grants: GrantIndex): CertificateResolution[] {
  if (!needsCertificates(l)) return []
  const raw = obj(arr(obj(l.owner.spec)?.listeners)[l.index])
  const refs = arr(obj(raw?.tls)?.certificateRefs)
  return refs.map((r, index) => resolveOne(l, r, index, snapshot, grants))
}

function resolveOne(l: ListenerAttachment, raw: unknown, index: number, snapshot: Snapshot, grants: GrantIndex): CertificateResolution {
  const who = listenerText(l)
  const field = `spec.listeners[${l.index}].tls.certificateRefs[${index}]`
  const o = obj(raw)
  const ownerNs = nsOf(l.owner)
  const ref: ObjectRef = {
    group: str(o?.group) ?? '',
    kind: str(o?.kind) ?? 'Secret',
    namespace: name(o?.namespace) ?? ownerNs,
    name: str(o?.name) ?? '',
  }
  const crossNamespace = ref.namespace !== ownerNs
  const res = (problem: CertificateResolution['problem'], message: string, extra: Partial<CertificateResolution> = {}): CertificateResolution => ({
    index,
    field,
    ref,
    crossNamespace,
    ...(problem ? {problem} : {}),
    ...extra,
    message,
  })
  if (!ref.name) return res('InvalidCertificateRef', `${who} has a certificate reference without a name (tls.certificateRefs[${index}]). Set its name.`)
  const text = objectRefText(ref)
  if (ref.group !== '' || ref.kind !== 'Secret') {
    return res(
      'InvalidCertificateRef',
      `${who} references ${text} in tls.certificateRefs[${index}], but only core Secrets (group "", kind Secret) are supported. Reference a Secret instead.`,
    )
  }
  let grant: ReferenceGrant | undefined
  // Set when no grant was found but grants could not be read: permission is assumed, and said so.
  let grantUnknown: string | undefined
  if (crossNamespace) {
    const from = fromOf(l.owner, groupOf(l.owner.apiVersion))
    const match = grants.permit(from, ref)
    if (match) {
      grant = match.grant
      grants.record(match, {from: l.owner, field, to: ref, target: snapshot.find('', 'Secret', ref.namespace, ref.name)})
    } else if (grantAbsenceProves(snapshot)) {
      const near = grants.nearMisses(from, ref)
      const nearText = near.length > 0 ? ` (${near.join('; ')})` : ''
      return res(
        'RefNotPermitted',
        `${who} references ${text} in another namespace and no ReferenceGrant permits it${nearText}. Create ${grantNeeded(from, ref)}.`,
      )
    } else {
      grantUnknown = couldNotRead('ReferenceGrant')
    }
  }
  const withGrant = grant ? {grant} : {}
  const at = {namespace: ref.namespace, name: ref.name}
  const grantNote = grantUnknown ? ` (whether a ReferenceGrant permits the reference could not be checked because ${grantUnknown}; without one the reason is RefNotPermitted)` : ''
  const secret = snapshot.find('', 'Secret', ref.namespace, ref.name)
  if (!secret) {
    if (!absenceProves(snapshot, '', 'Secret', at)) {
      const why = grantUnknown ? `${grantUnknown}; ${unverifiedWhy(snapshot, '', 'Secret', at)}` : unverifiedWhy(snapshot, '', 'Secret', at)
      return res(undefined, `${who} references ${text}, which could not be checked because ${why}.`, {
        ...withGrant,
        unverified: why,
        unverifiedProblem: grantUnknown ? 'RefNotPermitted' : 'InvalidCertificateRef',
      })
    }
    // Broken whether or not a grant exists; only the reason depends on it.
    return res('InvalidCertificateRef', `${who} references ${text}, which does not exist${grantNote}. Create the Secret or fix tls.certificateRefs[${index}].`, withGrant)
  }
  const contentUnread = !snapshot.hasContent(secret) || snapshot.unreadableObjects.has(objectRefKey('', 'Secret', ref.namespace, ref.name))
  const data = {...obj(secret.data), ...obj(secret.stringData)}
  if (contentUnread || (secret.data === undefined && secret.stringData === undefined)) {
    const what = contentUnread
      ? snapshot.unreadableObjects.has(objectRefKey('', 'Secret', ref.namespace, ref.name))
        ? unverifiedWhy(snapshot, '', 'Secret', at)
        : 'the Secret was read as metadata only'
      : 'the Secret data is not in the input'
    const grantText = grantUnknown ? `; whether a ReferenceGrant permits the reference could not be checked because ${grantUnknown}` : ''
    return res(undefined, `${who} uses ${objText(secret)}; its contents could not be checked because ${what}${grantText}.`, {
      ...withGrant,
      secret,
      unverified: grantUnknown ? `${grantUnknown}; ${what}` : what,
      unverifiedProblem: grantUnknown ? 'RefNotPermitted' : 'InvalidCertificateRef',
    })
  }
  const missing = ['tls.crt', 'tls.key'].filter((k) => !(k in data))
  if (missing.length > 0) {
    return res(
      'InvalidCertificateRef',
      `${who} uses ${objText(secret)}, which has no ${missing.join(' and ')} key${grantNote}. Store the certificate and key under tls.crt and tls.key.`,
      {...withGrant, secret},
    )
  }
  const facts = snapshot.contentFacts.get(objectRefKey('', 'Secret', ref.namespace, ref.name))?.tls
  const withFacts = facts ? {facts} : {}
  const bad = facts?.problem ?? facts?.keyProblem
  if (bad) {
    return res(
      'InvalidCertificateRef',
      `${who} uses ${objText(secret)}, whose ${bad}${grantNote}. Store a PEM certificate chain (leaf first) in tls.crt and its private key in tls.key.`,
      {...withGrant, secret, ...withFacts},
    )
  }
  if (grantUnknown) {
    return res(
      undefined,
      `${who} references ${text} in another namespace; whether a ReferenceGrant permits it could not be checked because ${grantUnknown}. Without one the reference is RefNotPermitted.`,
      {secret, ...withFacts, unverified: grantUnknown, unverifiedProblem: 'RefNotPermitted'},
    )
  }
  return res(undefined, `${who} uses ${objText(secret)}${grant ? `, permitted by ${objText(grant)}` : ''}.`, {...withGrant, secret, ...withFacts})
}
