// Certificate findings (src/analyze/certificate-findings.ts) on certificates generated at test time:
// expired, not yet valid, expiring within the window, wrong SAN; CA reference problems per reference.

import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {sanCovers} from '../../src/analyze/certificate-findings.js'
import {collectFindings, type Finding} from '../../src/analyze/findings.js'
import type {K8sObject} from '../../src/model/types.js'
import {DAY, makeCert, tlsSecret} from '../support/certs.js'
import {gateway, gatewayClass, snapshotOf} from '../graph/fixtures.js'

const NOW = new Date('2026-03-01T00:00:00Z') // snapshotOf's reference time
const https = (name: string, secretName: string, hostname?: string) => ({name, port: 443, protocol: 'HTTPS', ...(hostname ? {hostname} : {}), tls: {certificateRefs: [{name: secretName}]}})
const at = (days: number) => new Date(NOW.getTime() + days * DAY)

function findings(objects: K8sObject[], opts = {}): Finding[] {
  return collectFindings(analyze(snapshotOf(objects)), opts)
}

describe('certificate validity and names', () => {
  const secrets = [
    tlsSecret('infra', 'valid', makeCert({commonName: 'a.example.com', dnsNames: ['a.example.com'], notBefore: at(-10), notAfter: at(300)})),
    tlsSecret('infra', 'expired', makeCert({commonName: 'b.example.com', dnsNames: ['b.example.com'], notBefore: at(-400), notAfter: at(-3)})),
    tlsSecret('infra', 'future', makeCert({commonName: 'c.example.com', dnsNames: ['c.example.com'], notBefore: at(5), notAfter: at(400)})),
    tlsSecret('infra', 'soon', makeCert({commonName: 'd.example.com', dnsNames: ['d.example.com'], notBefore: at(-80), notAfter: at(10)})),
    tlsSecret('infra', 'wildcard', makeCert({commonName: 'wild', dnsNames: ['*.example.com'], notBefore: at(-1), notAfter: at(300)})),
  ] as K8sObject[]
  const gw = gateway('g', 'infra', [
    https('valid', 'valid', 'a.example.com'),
    {...https('expired', 'expired', 'b.example.com'), port: 8443},
    {...https('future', 'future', 'c.example.com'), port: 9443},
    {...https('soon', 'soon', 'd.example.com'), port: 10443},
    {...https('mismatch', 'valid', 'other.example.org'), port: 11443},
    {...https('wild', 'wildcard', 'x.example.com'), port: 12443},
    {...https('wild-deep', 'wildcard', 'a.b.example.com'), port: 13443},
  ])
  const all = findings([gatewayClass(), gw, ...secrets])
  const codes = (listener: string) => all.filter((f) => (f.subject === `listener ${listener}` || f.subject?.startsWith(`listener ${listener}:`)) && f.code.startsWith('Certificate')).map((f) => f.code)

  test('a valid certificate covering the hostname gives nothing', () => {
    expect(codes('valid')).toEqual([])
    expect(codes('wild')).toEqual([])
  })

  test('expired: an error naming the Secret, the listener and the date', () => {
    const f = all.find((x) => x.code === 'CertificateExpired')
    expect(f).toMatchObject({severity: 'error', object: {kind: 'Gateway', namespace: 'infra', name: 'g'}})
    expect(f?.message).toBe(`Listener "expired" (gateways/infra/g) uses secrets/infra/expired, whose certificate CN=b.example.com expired on ${at(-3).toISOString().slice(0, 10)}.`)
  })

  test('not yet valid, and expiring within the default 21-day window', () => {
    expect(codes('future')).toEqual(['CertificateNotYetValid'])
    expect(codes('soon')).toEqual(['CertificateExpiresSoon'])
    expect(all.find((x) => x.code === 'CertificateExpiresSoon')?.message).toContain('(in 10 days)')
  })

  test('--cert-expiry-window changes what is soon', () => {
    const narrow = findings([gatewayClass(), gw, ...secrets], {expiryWindowMs: 5 * DAY})
    expect(narrow.some((x) => x.code === 'CertificateExpiresSoon')).toBe(false)
  })

  test('a hostname the SANs do not cover, including a name two labels under a wildcard', () => {
    expect(codes('mismatch')).toEqual(['CertificateHostnameMismatch'])
    expect(all.find((x) => x.code === 'CertificateHostnameMismatch' && x.subject === 'listener mismatch')?.message).toContain('secrets/infra/valid: a.example.com')
    expect(codes('wild-deep')).toEqual(['CertificateHostnameMismatch'])
  })

  test('no finding ever carries certificate or key material', () => {
    expect(JSON.stringify(all)).not.toMatch(/BEGIN|PRIVATE|LS0t/)
  })
})

test('sanCovers: exact, one-label wildcard, wildcard listener needs the same wildcard', () => {
  expect(sanCovers('a.example.com', 'A.example.com')).toBe(true)
  expect(sanCovers('*.example.com', 'a.example.com')).toBe(true)
  expect(sanCovers('*.example.com', 'example.com')).toBe(false)
  expect(sanCovers('*.example.com', 'a.b.example.com')).toBe(false)
  expect(sanCovers('*.example.com', '*.example.com')).toBe(true)
  expect(sanCovers('a.example.com', '*.example.com')).toBe(false)
})

test('frontend-validation CA problems are findings per reference', () => {
  const gw = gateway('g', 'infra', [{...https('https', 'valid'), tls: {certificateRefs: [{name: 'valid'}], frontendValidation: {caCertificateRefs: [{group: '', kind: 'Service', name: 'svc'}, {group: '', kind: 'ConfigMap', name: 'ca', namespace: 'other'}]}}}])
  const fs = findings([gatewayClass(), gw, tlsSecret('infra', 'valid', makeCert({notBefore: at(-1), notAfter: at(300)})) as K8sObject])
  expect(fs.filter((f) => f.subject?.includes('caCertificateRefs')).map((f) => f.code)).toEqual(['CACertificateRefNotPermitted', 'InvalidCACertificateKind'])
  expect(fs.find((f) => f.code === 'ListenerNotAccepted')?.message).toMatch(/^NoValidCACertificate: /)
  expect(fs.some((f) => f.code === 'InvalidCertificateRef' || f.code === 'CertificateRefNotPermitted')).toBe(false)
})
