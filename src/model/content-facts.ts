// What the engines may know about the contents of Secrets and ConfigMaps: facts derived from the
// certificates they hold (subject, SANs, issuer, validity, whether a key matches), never the values.
//
// `deriveContentFacts` runs once, right after loading and before the values are blanked
// (src/load.ts), and stores only these facts on the snapshot (`snapshot.contentFacts`, keyed by
// objectRefKey). Parsing uses node:crypto; every failure becomes a fixed sentence that names the key,
// never the value or the library's error text (which may quote the input).

import {createPrivateKey, X509Certificate} from 'node:crypto'
import {isRecord} from './guards.js'
import {groupOf} from './resources.js'
import {objectRefKey, type Snapshot} from './snapshot.js'
import type {K8sObject} from './types.js'

/** One parsed X.509 certificate. */
export interface CertificateFacts {
  /** `CN=web.example.com, O=Example`. */
  subject: string
  issuer: string
  /** DNS names of the subjectAltName extension, as written (`*.example.com` included). */
  dnsNames: string[]
  /** IP addresses of the subjectAltName extension. */
  ipAddresses: string[]
  /** ISO 8601. */
  notBefore: string
  notAfter: string
  /** basicConstraints CA:TRUE. */
  ca: boolean
}

/** A PEM bundle (tls.crt, ca.crt): its certificates in order, or why it cannot be used. */
export interface PemFacts {
  /** The key the bundle was read from (`tls.crt`, `ca.crt`). */
  key: string
  certificates: CertificateFacts[]
  /** Why the bundle is unusable (not PEM, a block that does not parse, no CA certificate). */
  problem?: string
}

/** A TLS Secret's certificate chain and whether its key goes with the leaf. */
export interface TlsFacts extends PemFacts {
  /** Why tls.key is unusable: absent, not a private key, or not the leaf's key. */
  keyProblem?: string
}

export interface ContentFacts {
  /** From `tls.crt` and `tls.key` (Secrets). */
  tls?: TlsFacts
  /** From `ca.crt` (ConfigMaps and Secrets). */
  ca?: PemFacts
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g

/** The text of a key from `data` (base64 for Secrets, plain for ConfigMaps), `binaryData` or `stringData`. */
function valueOf(o: K8sObject, key: string): string | undefined {
  const rec = o as unknown as Record<string, unknown>
  const base64 = o.kind === 'Secret' ? ['data'] : ['binaryData']
  const plainFields = o.kind === 'Secret' ? ['stringData'] : ['data']
  // stringData wins over data for Secrets (the API server merges it in on write).
  for (const f of plainFields) {
    const m = rec[f]
    if (isRecord(m) && typeof m[key] === 'string') return m[key]
  }
  for (const f of base64) {
    const m = rec[f]
    if (isRecord(m) && typeof m[key] === 'string') return Buffer.from(m[key], 'base64').toString('utf8')
  }
  return undefined
}

/** `CN=a\nO=b` (Node's form) as `CN=a, O=b`. */
function oneLineName(n: string): string {
  return n.split('\n').filter(Boolean).join(', ')
}

function isoDate(s: string): string {
  const t = Date.parse(s)
  return Number.isNaN(t) ? s : new Date(t).toISOString()
}

function sans(x: X509Certificate): {dnsNames: string[]; ipAddresses: string[]} {
  const dnsNames: string[] = []
  const ipAddresses: string[] = []
  for (const entry of (x.subjectAltName ?? '').split(/,\s*/)) {
    const m = /^(DNS|IP Address):(.*)$/.exec(entry.trim())
    if (!m) continue
    const v = m[2].replace(/^"(.*)"$/, '$1')
    if (m[1] === 'DNS') dnsNames.push(v.toLowerCase())
    else ipAddresses.push(v)
  }
  return {dnsNames, ipAddresses}
}

function factsOf(x: X509Certificate): CertificateFacts {
  return {
    subject: oneLineName(x.subject),
    issuer: oneLineName(x.issuer),
    ...sans(x),
    notBefore: isoDate(x.validFrom),
    notAfter: isoDate(x.validTo),
    ca: x.ca,
  }
}

/** Parses a PEM bundle; `parsed` keeps the X509Certificate objects for the key check (never stored). */
function parseBundle(key: string, text: string): {facts: PemFacts; parsed: X509Certificate[]} {
  const parsed: X509Certificate[] = []
  const facts: PemFacts = {key, certificates: []}
  const blocks = [...text.matchAll(PEM_BLOCK)].filter((m) => m[1] === 'CERTIFICATE')
  if (blocks.length === 0) {
    facts.problem = text.trim() === '' ? `${key} is empty` : `${key} holds no PEM certificate`
    return {facts, parsed}
  }
  for (const [i, b] of blocks.entries()) {
    try {
      const x = new X509Certificate(b[0])
      parsed.push(x)
      facts.certificates.push(factsOf(x))
    } catch {
      // The library's message may quote the input: a fixed sentence instead.
      facts.problem = blocks.length === 1 ? `${key} holds a PEM block that is not a valid X.509 certificate` : `certificate ${i + 1} of ${blocks.length} in ${key} is not a valid X.509 certificate`
      return {facts: {...facts, certificates: []}, parsed: []}
    }
  }
  return {facts, parsed}
}

function tlsFacts(o: K8sObject, crt: string): TlsFacts {
  const {facts, parsed} = parseBundle('tls.crt', crt)
  const out: TlsFacts = facts
  if (facts.problem) return out
  const key = valueOf(o, 'tls.key')
  if (key === undefined) return out
  try {
    const priv = createPrivateKey(key)
    if (!parsed[0].checkPrivateKey(priv)) out.keyProblem = "tls.key is not the private key of the first certificate in tls.crt"
  } catch {
    out.keyProblem = 'tls.key holds no PEM private key'
  }
  return out
}

function caFacts(text: string): PemFacts {
  const {facts} = parseBundle('ca.crt', text)
  if (!facts.problem && !facts.certificates.some((c) => c.ca)) facts.problem = 'ca.crt holds no CA certificate (none has basicConstraints CA:TRUE)'
  return facts
}

/** The facts of one Secret or ConfigMap whose contents were read; undefined when it holds no certificate key. */
export function contentFactsOf(o: K8sObject): ContentFacts | undefined {
  const facts: ContentFacts = {}
  if (o.kind === 'Secret') {
    const crt = valueOf(o, 'tls.crt')
    if (crt !== undefined) facts.tls = tlsFacts(o, crt)
  }
  const ca = valueOf(o, 'ca.crt')
  if (ca !== undefined) facts.ca = caFacts(ca)
  return facts.tls || facts.ca ? facts : undefined
}

/**
 * Parses the certificates of every Secret and ConfigMap whose contents were read and records the
 * facts on the snapshot. Linear in the objects; metadata-only objects are skipped (nothing to parse).
 */
export function deriveContentFacts(snapshot: Snapshot): void {
  for (const o of [...snapshot.list('', 'Secret'), ...snapshot.list('', 'ConfigMap')]) {
    if (!snapshot.hasContent(o)) continue
    const facts = contentFactsOf(o)
    if (facts) snapshot.contentFacts.set(objectRefKey(groupOf(o.apiVersion), o.kind, o.metadata.namespace, o.metadata.name), facts)
  }
}
