// Certificate facts derived from Secrets and ConfigMaps (src/model/content-facts.ts), with
// certificates generated at test time: what is kept, and that values and library errors are not.

import {describe, expect, test} from 'vitest'
import {contentFactsOf, deriveContentFacts} from '../../src/model/content-facts.js'
import {objectRefKey, Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {caConfigMap, DAY, makeCert, testKey, tlsSecret} from '../support/certs.js'

const asObj = (o: unknown) => o as K8sObject

describe('TLS Secrets', () => {
  test('a valid chain: subject, SANs, issuer and dates of each certificate; the key matches the leaf', () => {
    const caCert = makeCert({commonName: 'Test CA', ca: true, key: testKey(1)})
    const leaf = makeCert({commonName: 'web.example.com', dnsNames: ['web.example.com', '*.apps.example.com'], issuer: {certPem: caCert, key: testKey(1)}, notAfter: new Date('2099-01-01T00:00:00Z')})
    const f = contentFactsOf(asObj(tlsSecret('infra', 'web', leaf + caCert)))
    expect(f?.tls?.problem).toBeUndefined()
    expect(f?.tls?.keyProblem).toBeUndefined()
    expect(f?.tls?.certificates).toHaveLength(2)
    expect(f?.tls?.certificates[0]).toMatchObject({subject: 'CN=web.example.com', issuer: 'CN=Test CA', dnsNames: ['web.example.com', '*.apps.example.com'], notAfter: '2099-01-01T00:00:00.000Z', ca: false})
    expect(f?.tls?.certificates[1].ca).toBe(true)
  })

  test('a key that is not the leaf key', () => {
    const f = contentFactsOf(asObj(tlsSecret('infra', 'web', makeCert(), testKey(1).privatePem)))
    expect(f?.tls?.keyProblem).toBe('tls.key is not the private key of the first certificate in tls.crt')
  })

  test('malformed: not PEM, a corrupt PEM block, a key that is not a key; no value in any message', () => {
    const notPem = contentFactsOf(asObj(tlsSecret('infra', 'a', 'SECRET-VALUE-not-a-certificate')))
    expect(notPem?.tls?.problem).toBe('tls.crt holds no PEM certificate')
    const corrupt = contentFactsOf(asObj(tlsSecret('infra', 'b', '-----BEGIN CERTIFICATE-----\nU0VDUkVULVZBTFVF\n-----END CERTIFICATE-----\n')))
    expect(corrupt?.tls?.problem).toBe('tls.crt holds a PEM block that is not a valid X.509 certificate')
    const badKey = contentFactsOf(asObj(tlsSecret('infra', 'c', makeCert(), 'SECRET-KEY-VALUE')))
    expect(badKey?.tls?.keyProblem).toBe('tls.key holds no PEM private key')
    expect(JSON.stringify([notPem, corrupt, badKey])).not.toMatch(/SECRET|U0VDUkVU/)
  })

  test('stringData is read as plain text', () => {
    const s = {apiVersion: 'v1', kind: 'Secret', metadata: {namespace: 'a', name: 'b'}, stringData: {'tls.crt': makeCert({commonName: 'plain'}), 'tls.key': testKey(0).privatePem}}
    expect(contentFactsOf(asObj(s))?.tls?.certificates[0].subject).toBe('CN=plain')
  })
})

describe('CA bundles', () => {
  test('a ConfigMap ca.crt with a CA certificate', () => {
    const f = contentFactsOf(asObj(caConfigMap('infra', 'ca', makeCert({commonName: 'CA', ca: true}))))
    expect(f?.ca?.problem).toBeUndefined()
    expect(f?.ca?.certificates[0].subject).toBe('CN=CA')
  })

  test('a bundle without any CA certificate, and one that is not PEM', () => {
    expect(contentFactsOf(asObj(caConfigMap('infra', 'ca', makeCert({ca: false}))))?.ca?.problem).toBe('ca.crt holds no CA certificate (none has basicConstraints CA:TRUE)')
    expect(contentFactsOf(asObj(caConfigMap('infra', 'ca', 'nope')))?.ca?.problem).toBe('ca.crt holds no PEM certificate')
  })
})

test('deriveContentFacts keys facts by objectRefKey and skips metadata-only objects', () => {
  const s = new Snapshot('cluster')
  const a = asObj(tlsSecret('infra', 'a', makeCert({notBefore: new Date(Date.now() + DAY)})))
  const b = asObj(tlsSecret('infra', 'b', makeCert()))
  s.add(a)
  s.add(b)
  s.markMetadataOnly(b)
  deriveContentFacts(s)
  expect(s.contentFacts.has(objectRefKey('', 'Secret', 'infra', 'a'))).toBe(true)
  expect(s.contentFacts.has(objectRefKey('', 'Secret', 'infra', 'b'))).toBe(false)
})
