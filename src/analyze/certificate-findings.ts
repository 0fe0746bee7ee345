// Findings about listener TLS material beyond the conditions the spec defines: certificates that are
// expired, expire soon, are not yet valid, or do not cover the listener's hostname; and the
// frontend-validation CA references (problems, and possible problems behind unread objects).
// Pure: reads the facts derived at load time (src/model/content-facts.ts), never a Secret value.

import type {CertificateFacts} from '../model/content-facts.js'
import type {K8sObject} from '../model/types.js'
import type {ListenerAttachment} from '../graph/types.js'
import {listenerText, objText} from '../graph/refs.js'
import type {Finding} from './findings.js'

export interface CertificateFindingOptions {
  /** `CertificateExpiresSoon` within this many milliseconds of the snapshot's time (default 21 days). */
  expiryWindowMs?: number
}

export const DEFAULT_EXPIRY_WINDOW_MS = 21 * 86_400_000

const day = (iso: string) => iso.slice(0, 10)

/** Whether a certificate name (possibly `*.example.com`) covers a listener hostname (possibly a wildcard itself). */
export function sanCovers(san: string, hostname: string): boolean {
  const h = hostname.toLowerCase()
  const s = san.toLowerCase()
  if (s === h) return true
  // A wildcard name covers exactly one leftmost label (RFC 6125 §6.4.3); a wildcard listener needs the same wildcard.
  if (!s.startsWith('*.') || h.startsWith('*.')) return false
  const dot = h.indexOf('.')
  return dot > 0 && h.slice(dot) === s.slice(1)
}

const CA_HINTS: Record<string, string> = {
  InvalidCACertificateKind: 'Reference a ConfigMap (group "", kind ConfigMap) holding the CA bundle under ca.crt.',
  RefNotPermitted: 'Create a ReferenceGrant in the ConfigMap namespace permitting this Gateway.',
  InvalidCACertificateRef: 'Create the ConfigMap with a PEM CA bundle under ca.crt, or fix caCertificateRefs.',
}

export function listenerCertificateFindings(owner: K8sObject, l: ListenerAttachment, now: Date, opts: CertificateFindingOptions = {}): Finding[] {
  const out: Finding[] = []
  const object = {kind: owner.kind, ...(owner.metadata.namespace ? {namespace: owner.metadata.namespace} : {}), name: owner.metadata.name}
  const who = listenerText(l)
  const window = opts.expiryWindowMs ?? DEFAULT_EXPIRY_WINDOW_MS
  const validity = (what: string, subjectBase: string, certs: CertificateFacts[]) => {
    certs.forEach((c, i) => {
      const which = certs.length > 1 ? `certificate ${i + 1} of ${certs.length} (${c.subject})` : `certificate ${c.subject}`
      const subject = `${subjectBase}#${i}`
      const notAfter = Date.parse(c.notAfter)
      const notBefore = Date.parse(c.notBefore)
      if (notAfter < now.getTime()) {
        out.push({code: 'CertificateExpired', severity: 'error', object, subject, message: `${who} uses ${what}, whose ${which} expired on ${day(c.notAfter)}.`, hint: 'Renew the certificate (or fix whatever renews it).'})
      } else if (notBefore > now.getTime()) {
        out.push({code: 'CertificateNotYetValid', severity: 'error', object, subject, message: `${who} uses ${what}, whose ${which} is not valid before ${c.notBefore}.`, hint: 'Check the issuing clock, or wait until the certificate becomes valid.'})
      } else if (notAfter - now.getTime() <= window) {
        const days = Math.floor((notAfter - now.getTime()) / 86_400_000)
        out.push({code: 'CertificateExpiresSoon', severity: 'warning', object, subject, message: `${who} uses ${what}, whose ${which} expires on ${day(c.notAfter)} (in ${days} day${days === 1 ? '' : 's'}).`, hint: 'Renew the certificate before it expires.'})
      }
    })
  }
  const leaves: {text: string; names: string[]}[] = []
  for (const c of l.certificates) {
    if (!c.facts || c.facts.problem || !c.secret) continue
    const what = objText(c.secret)
    validity(what, `listener ${l.name}:${c.field}`, c.facts.certificates)
    const leaf = c.facts.certificates[0]
    if (leaf) leaves.push({text: what, names: leaf.dnsNames})
  }
  // The hostname must be covered by some certificate of the listener (several may be served by SNI).
  if (l.hostname && leaves.length > 0 && !leaves.some((x) => x.names.some((n) => sanCovers(n, l.hostname as string)))) {
    const names = leaves.map((x) => `${x.text}: ${x.names.length > 0 ? x.names.join(', ') : 'no DNS names'}`).join('; ')
    out.push({
      code: 'CertificateHostnameMismatch',
      severity: 'warning',
      object,
      subject: `listener ${l.name}`,
      message: `${who} has hostname ${l.hostname}, which the subjectAltName of its certificate${leaves.length > 1 ? 's' : ''} does not cover (${names}).`,
      hint: 'Issue a certificate whose DNS names include the listener hostname, or change the hostname.',
    })
  }
  const fv = l.frontendValidation
  for (const ca of fv?.caCertificates ?? []) {
    const subject = `listener ${l.name}:${ca.field}`
    if (ca.facts && !ca.facts.problem && ca.target) validity(`the CA bundle ${objText(ca.target)}`, subject, ca.facts.certificates)
    // Like backendRefs: of the possible problems only RefNotPermitted is a finding; objects that could
    // not be read are covered by the warnings on stderr.
    const problem = ca.problem ?? (ca.unverified && ca.unverifiedProblem === 'RefNotPermitted' ? ca.unverifiedProblem : undefined)
    if (!problem) continue
    out.push({
      code: problem === 'RefNotPermitted' ? 'CACertificateRefNotPermitted' : problem,
      severity: 'error',
      object,
      subject,
      message: ca.message,
      hint: CA_HINTS[problem],
      ...(ca.problem ? {} : {unverified: ca.unverified}),
    })
  }
  return out
}
