import {describe, expect, it} from 'vitest'
import {computeAttachments} from '../../src/graph/index.js'
import {objectRefKey, Snapshot} from '../../src/model/snapshot.js'
import {deriveContentFacts} from '../../src/model/content-facts.js'
import {makeCert, testKey} from '../support/certs.js'
import {GW, gateway, gatewayClass, gatewayListener, grant, listenerConds, listenerSet, secret, setListener, snapshotOf} from './fixtures.js'

const https = (certificateRefs: object[], extra: object = {}) => ({name: 'https', port: 443, protocol: 'HTTPS', tls: {certificateRefs}, ...extra})

describe('listener certificate references', () => {
  it('Secrets absent from the input are unverified, not InvalidCertificateRef', () => {
    const g = gateway('g', 'infra', [https([{name: 'cert'}])])
    const graph = computeAttachments(snapshotOf([gatewayClass(), g], 'files'))
    const l = gatewayListener(graph, g, 'https')
    expect(listenerConds(l).ResolvedRefs).toBe('True/ResolvedRefs')
    expect(l.certificates[0].unverified).toContain('no Secret objects')
  })

  it('Secrets unreadable (403) are unverified', () => {
    const g = gateway('g', 'infra', [https([{name: 'cert'}])])
    const snapshot = snapshotOf([gatewayClass(), g, secret('other', 'x')])
    snapshot.unreadable.add('/Secret')
    const l = gatewayListener(computeAttachments(snapshot), g, 'https')
    expect(l.certificates[0].unverified).toContain('could not be read')
    expect(listenerConds(l).ResolvedRefs).toBe('True/ResolvedRefs')
  })

  it('a missing Secret is InvalidCertificateRef once Secrets are in the input', () => {
    const g = gateway('g', 'infra', [https([{name: 'cert'}])])
    const l = gatewayListener(computeAttachments(snapshotOf([gatewayClass(), g, secret('infra', 'other')])), g, 'https')
    expect(listenerConds(l)).toMatchObject({ResolvedRefs: 'False/InvalidCertificateRef', Programmed: 'False/Invalid', Accepted: 'True/Accepted'})
  })

  it('a Secret without tls.crt is InvalidCertificateRef; one without data is unverified', () => {
    const g = gateway('g', 'infra', [https([{name: 'no-crt'}]), https([{name: 'redacted'}], {name: 'https-2', hostname: 'b.com'})])
    const graph = computeAttachments(snapshotOf([gatewayClass(), g, secret('infra', 'no-crt', {'tls.key': 'a2V5'}), secret('infra', 'redacted', null)]))
    expect(listenerConds(gatewayListener(graph, g, 'https')).ResolvedRefs).toBe('False/InvalidCertificateRef')
    const l2 = gatewayListener(graph, g, 'https-2')
    expect(listenerConds(l2).ResolvedRefs).toBe('True/ResolvedRefs')
    expect(l2.certificates[0].unverified).toBeDefined()
  })

  it('RefNotPermitted is decided before existence', () => {
    const g = gateway('g', 'infra', [https([{name: 'ghost', namespace: 'certs'}])])
    const l = gatewayListener(computeAttachments(snapshotOf([gatewayClass(), g, secret('certs', 'other')])), g, 'https')
    expect(listenerConds(l).ResolvedRefs).toBe('False/RefNotPermitted')
  })

  it('HTTPS without certificateRefs is InvalidCertificateRef; TLS passthrough needs none', () => {
    const g = gateway('g', 'infra', [https([]), {name: 'tls', port: 8443, protocol: 'TLS', tls: {mode: 'Passthrough'}}])
    const graph = computeAttachments(snapshotOf([gatewayClass(), g]))
    expect(listenerConds(gatewayListener(graph, g, 'https')).ResolvedRefs).toBe('False/InvalidCertificateRef')
    expect(listenerConds(gatewayListener(graph, g, 'tls')).ResolvedRefs).toBe('True/ResolvedRefs')
  })

  it('HTTPS with tls.mode Passthrough is not accepted (UnsupportedValue)', () => {
    const g = gateway('g', 'infra', [https([{name: 'c'}], {tls: {mode: 'Passthrough'}})])
    const l = gatewayListener(computeAttachments(snapshotOf([gatewayClass(), g])), g, 'https')
    expect(listenerConds(l).Accepted).toBe('False/UnsupportedValue')
  })

  it('a Gateway grant does not cover a ListenerSet in the same namespace, and vice versa', () => {
    const g = gateway('g', 'infra', [https([{name: 'c', namespace: 'certs'}])], {allowedListeners: {namespaces: {from: 'Same'}}})
    const ls = listenerSet('ls', 'infra', {name: 'g'}, [https([{name: 'c', namespace: 'certs'}], {name: 'ls-https', hostname: 'ls.com'})])
    const lsGrant = grant('certs', 'for-ls', [{group: GW, kind: 'ListenerSet', namespace: 'infra'}], [{group: '', kind: 'Secret'}])
    const graph = computeAttachments(snapshotOf([gatewayClass(), g, ls, lsGrant, secret('certs', 'c')]))
    expect(listenerConds(gatewayListener(graph, g, 'https')).ResolvedRefs).toBe('False/RefNotPermitted')
    expect(listenerConds(setListener(graph, ls, 'ls-https')).ResolvedRefs).toBe('True/ResolvedRefs')
  })

  it('names a grant placed in the wrong namespace', () => {
    const g = gateway('g', 'infra', [https([{name: 'c', namespace: 'certs'}])])
    const misplaced = grant('infra', 'misplaced', [{group: GW, kind: 'Gateway', namespace: 'infra'}], [{group: '', kind: 'Secret', name: 'c'}])
    const l = gatewayListener(computeAttachments(snapshotOf([gatewayClass(), g, misplaced, secret('certs', 'c')])), g, 'https')
    expect(l.conditions.resolvedRefs.message).toContain('referencegrants/infra/misplaced would permit it but is in namespace "infra"')
  })

  const b64 = (t: string) => Buffer.from(t).toString('base64')

  it('a malformed tls.crt and a key that is not the leaf key are InvalidCertificateRef (gateway-invalid-tls-configuration)', () => {
    const g = gateway('g', 'infra', [https([{name: 'malformed'}]), https([{name: 'mismatch'}], {name: 'https-2', hostname: 'b.com'}), https([{name: 'good'}], {name: 'https-3', hostname: 'c.com'})])
    const objects = [
      gatewayClass(),
      g,
      secret('infra', 'malformed', {'tls.crt': b64('not a certificate'), 'tls.key': b64(testKey(0).privatePem)}),
      secret('infra', 'mismatch', {'tls.crt': b64(makeCert()), 'tls.key': b64(testKey(1).privatePem)}),
      secret('infra', 'good'),
    ]
    const graph = computeAttachments(snapshotOf(objects))
    const l = gatewayListener(graph, g, 'https')
    expect(listenerConds(l)).toMatchObject({ResolvedRefs: 'False/InvalidCertificateRef', Programmed: 'False/Invalid'})
    expect(l.conditions.resolvedRefs.message).toContain('tls.crt holds no PEM certificate')
    expect(gatewayListener(graph, g, 'https-2').conditions.resolvedRefs.message).toContain('tls.key is not the private key')
    const good = gatewayListener(graph, g, 'https-3')
    expect(listenerConds(good).ResolvedRefs).toBe('True/ResolvedRefs')
    expect(good.certificates[0].facts?.certificates[0].subject).toBe('CN=conformance.example.com')
  })

  it('cluster: a successful, empty Secret list proves the Secret absent (InvalidCertificateRef, not unverified)', () => {
    const g = gateway('g', 'infra', [https([{name: 'cert'}])])
    const s = snapshotOf([gatewayClass(), g])
    s.recordListed('', 'Secret')
    const l = gatewayListener(computeAttachments(s), g, 'https')
    expect(listenerConds(l).ResolvedRefs).toBe('False/InvalidCertificateRef')
    expect(l.certificates[0].unverified).toBeUndefined()
  })

  it('cluster: Secrets listed in another namespace only leave the reference unverified', () => {
    const g = gateway('g', 'infra', [https([{name: 'cert'}])])
    const s = snapshotOf([gatewayClass(), g])
    s.recordListed('', 'Secret', 'other')
    const l = gatewayListener(computeAttachments(s), g, 'https')
    expect(listenerConds(l).ResolvedRefs).toBe('True/ResolvedRefs')
    expect(l.certificates[0].unverified).toBe('Secrets in namespace infra were not listed')
  })

  it('cluster: a Secret listed as metadata only, or whose get was refused, has unverified contents', () => {
    const g = gateway('g', 'infra', [https([{name: 'meta'}]), https([{name: 'refused'}], {name: 'https-2', hostname: 'b.com'})])
    const s = new Snapshot('cluster')
    for (const o of [gatewayClass(), g]) s.add(o)
    const meta = {apiVersion: 'v1', kind: 'Secret', metadata: {namespace: 'infra', name: 'meta'}}
    const refused = {apiVersion: 'v1', kind: 'Secret', metadata: {namespace: 'infra', name: 'refused'}}
    s.add(meta)
    s.add(refused)
    s.markMetadataOnly(meta)
    s.markMetadataOnly(refused)
    s.recordListed('', 'Secret')
    s.unreadableObjects.add(objectRefKey('', 'Secret', 'infra', 'refused'))
    deriveContentFacts(s)
    const graph = computeAttachments(s)
    const l1 = gatewayListener(graph, g, 'https')
    expect(listenerConds(l1).ResolvedRefs).toBe('True/ResolvedRefs')
    expect(l1.certificates[0]).toMatchObject({unverified: 'the Secret was read as metadata only', unverifiedProblem: 'InvalidCertificateRef'})
    expect(gatewayListener(graph, g, 'https-2').certificates[0].unverified).toBe('Secret infra/refused could not be read')
  })
})
