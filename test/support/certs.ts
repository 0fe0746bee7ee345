// Certificates generated at test time (node-forge signs; node:crypto makes the RSA keys, faster than
// forge's pure-JS key generation). Throwaway material: every key lives only in the test process.

import {generateKeyPairSync} from 'node:crypto'
import forge from 'node-forge'

export interface TestKey {
  privatePem: string
  publicPem: string
}

let keys: TestKey[] = []

/** The n-th RSA key of this process (generated once; keys are slow to make). */
export function testKey(n = 0): TestKey {
  while (keys.length <= n) {
    const {privateKey, publicKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
    keys = [...keys, {privatePem: privateKey.export({type: 'pkcs8', format: 'pem'}).toString(), publicPem: publicKey.export({type: 'spki', format: 'pem'}).toString()}]
  }
  return keys[n]
}

export interface CertOptions {
  commonName?: string
  dnsNames?: string[]
  notBefore?: Date
  notAfter?: Date
  ca?: boolean
  /** The key certified (default: key 0). */
  key?: TestKey
  /** Signer; self-signed when absent. */
  issuer?: {certPem: string; key: TestKey}
  serial?: string
}

const DAY = 86_400_000

/** A PEM certificate with the given names, validity and signer. */
export function makeCert(o: CertOptions = {}): string {
  const key = o.key ?? testKey(0)
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.publicKeyFromPem(key.publicPem)
  cert.serialNumber = o.serial ?? '0a' + Math.floor(Math.random() * 1e12).toString(16)
  cert.validity.notBefore = o.notBefore ?? new Date(Date.now() - DAY)
  cert.validity.notAfter = o.notAfter ?? new Date(Date.now() + 365 * DAY)
  const subject = [{name: 'commonName', value: o.commonName ?? 'test.example.com'}]
  cert.setSubject(subject)
  const issuerCert = o.issuer ? forge.pki.certificateFromPem(o.issuer.certPem) : undefined
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject)
  const extensions: object[] = [{name: 'basicConstraints', cA: o.ca ?? false}]
  if (o.dnsNames && o.dnsNames.length > 0) extensions.push({name: 'subjectAltName', altNames: o.dnsNames.map((value) => ({type: 2, value}))})
  cert.setExtensions(extensions)
  cert.sign(forge.pki.privateKeyFromPem((o.issuer?.key ?? key).privatePem), forge.md.sha256.create())
  return forge.pki.certificateToPem(cert)
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

/** A kubernetes.io/tls Secret holding `crt` and `key` (base64 as the API returns them). */
export function tlsSecret(namespace: string, name: string, crt: string, key: string = testKey(0).privatePem) {
  return {apiVersion: 'v1', kind: 'Secret', metadata: {namespace, name}, type: 'kubernetes.io/tls', data: {'tls.crt': b64(crt), 'tls.key': b64(key)}}
}

/** A ConfigMap with a CA bundle under ca.crt. */
export function caConfigMap(namespace: string, name: string, bundle: string) {
  return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {namespace, name}, data: {'ca.crt': bundle}}
}

export {DAY}
