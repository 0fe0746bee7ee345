// Frontend client-certificate validation (src/graph/frontend-validation.ts): conformance
// GatewayInvalidFrontendClientCertificateValidation (v1.4+ spec.tls.frontend default/perPort) and the
// v1.1 listener-level tls.frontendValidation, from a cluster (certain absence) and from files.

import {describe, expect, test} from 'vitest'
import {computeAttachments} from '../../src/graph/index.js'
import type {K8sObject} from '../../src/model/types.js'
import {caConfigMap, makeCert} from '../support/certs.js'
import {conformanceBase, gateway, gatewayListener, grant, GW, INFRA, listenerConds, snapshotOf} from './fixtures.js'

const CA = makeCert({commonName: 'Conformance CA', ca: true})
const cert = {certificateRefs: [{group: '', kind: 'Secret', name: 'tls-validity-checks-certificate', namespace: INFRA}]}
const https = (name: string, port: number, hostname?: string, tls: object = cert) => ({name, port, protocol: 'HTTPS', ...(hostname ? {hostname} : {}), allowedRoutes: {namespaces: {from: 'Same'}}, tls})
const cm = (name: string) => ({kind: 'ConfigMap', group: '', name})

/** The conformance Gateway: default valid, perPort entries unresolved (7443), invalid kind (8443), grant missing (6443). */
function conformanceGateway() {
  return gateway(
    'gateway-with-invalid-client-cert-validation',
    INFRA,
    [https('https', 443), https('https-unresolved', 7443, 'first-example.org'), https('https-invalid-kind', 8443, 'second-example.org'), https('https-grant-missing', 6443, 'fourth-example.org')],
    {
      tls: {
        frontend: {
          default: {validation: {caCertificateRefs: [cm('tls-validity-checks-ca-certificate')]}},
          perPort: [
            {port: 7443, tls: {validation: {caCertificateRefs: [cm('non-exisitng-cm')]}}},
            {port: 8443, tls: {validation: {caCertificateRefs: [{kind: 'Service', group: '', name: 'infra-backend-v2'}]}}},
            {port: 6443, tls: {validation: {caCertificateRefs: [{...cm('gateway-conformance-web-backend'), namespace: 'web-backend-cm'}]}}},
          ],
        },
      },
    },
  )
}

const caMaps = (): K8sObject[] => [caConfigMap(INFRA, 'tls-validity-checks-ca-certificate', CA), caConfigMap('web-backend-cm', 'gateway-conformance-web-backend', CA)] as K8sObject[]

describe('conformance GatewayInvalidFrontendClientCertificateValidation (cluster)', () => {
  const gw = conformanceGateway()
  const graph = computeAttachments(snapshotOf([...conformanceBase(), ...caMaps(), gw]))
  const conds = (name: string) => listenerConds(gatewayListener(graph, gw, name))

  test('the default configuration is valid: https is Accepted, ResolvedRefs and Programmed', () => {
    expect(conds('https')).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs', Programmed: 'True/Programmed'})
    expect(gatewayListener(graph, gw, 'https').frontendValidation).toMatchObject({source: 'default', mode: 'AllowValidOnly'})
  })

  test('perPort overrides the default: a missing ConfigMap is InvalidCACertificateRef and NoValidCACertificate', () => {
    expect(conds('https-unresolved')).toMatchObject({Accepted: 'False/NoValidCACertificate', ResolvedRefs: 'False/InvalidCACertificateRef', Programmed: 'False/Invalid'})
    expect(gatewayListener(graph, gw, 'https-unresolved').frontendValidation).toMatchObject({source: 'perPort', port: 7443})
  })

  test('a Service is InvalidCACertificateKind', () => {
    expect(conds('https-invalid-kind')).toMatchObject({Accepted: 'False/NoValidCACertificate', ResolvedRefs: 'False/InvalidCACertificateKind'})
  })

  test('another namespace without a ReferenceGrant is RefNotPermitted', () => {
    expect(conds('https-grant-missing')).toMatchObject({Accepted: 'False/NoValidCACertificate', ResolvedRefs: 'False/RefNotPermitted'})
  })

  test('the Gateway stays Accepted with its valid listeners only (ListenersNotValid)', () => {
    const c = graph.gateways.get(gw)?.computedStatus.conditions.find((x) => x.type === 'Accepted')
    expect(`${c?.status}/${c?.reason}`).toBe('True/ListenersNotValid')
  })
})

describe('frontend validation details', () => {
  test('with a ReferenceGrant the cross-namespace CA resolves', () => {
    const gw = conformanceGateway()
    const g = grant('web-backend-cm', 'ca', [{group: GW, kind: 'Gateway', namespace: INFRA}], [{group: '', kind: 'ConfigMap'}])
    const graph = computeAttachments(snapshotOf([...conformanceBase(), ...caMaps(), g, gw]))
    expect(listenerConds(gatewayListener(graph, gw, 'https-grant-missing'))).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs'})
    expect(graph.referenceGrants.get(g as never)?.permits).toHaveLength(1)
  })

  test('files without ConfigMaps: the missing ConfigMap is unverified, kind and grant problems stay certain', () => {
    const gw = conformanceGateway()
    const graph = computeAttachments(snapshotOf([...conformanceBase(), gw], 'files'))
    const l = gatewayListener(graph, gw, 'https-unresolved')
    expect(listenerConds(l)).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs'})
    expect(l.frontendValidation?.caCertificates[0]).toMatchObject({unverified: 'the input contains no ConfigMap objects', unverifiedProblem: 'InvalidCACertificateRef'})
    expect(listenerConds(gatewayListener(graph, gw, 'https-invalid-kind')).ResolvedRefs).toBe('False/InvalidCACertificateKind')
    expect(listenerConds(gatewayListener(graph, gw, 'https-grant-missing')).ResolvedRefs).toBe('False/RefNotPermitted')
  })

  test('a ConfigMap without ca.crt, or whose ca.crt holds no CA certificate, is InvalidCACertificateRef', () => {
    const gw = gateway('g', INFRA, [https('https', 443)], {tls: {frontend: {default: {validation: {caCertificateRefs: [cm('no-key')]}}, perPort: [{port: 443, tls: {validation: {caCertificateRefs: [cm('leaf-only'), cm('no-key')]}}}]}}})
    const objects = [...conformanceBase(), gw, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {namespace: INFRA, name: 'no-key'}, data: {other: 'x'}} as K8sObject, caConfigMap(INFRA, 'leaf-only', makeCert()) as K8sObject]
    const l = gatewayListener(computeAttachments(snapshotOf(objects)), gw, 'https')
    expect(listenerConds(l)).toMatchObject({Accepted: 'False/NoValidCACertificate', ResolvedRefs: 'False/InvalidCACertificateRef'})
    expect(l.frontendValidation?.caCertificates.map((c) => c.message)).toEqual([expect.stringContaining('none has basicConstraints CA:TRUE'), expect.stringContaining('has no ca.crt key')])
  })

  test('one valid CA among invalid ones: ResolvedRefs False but the listener stays Accepted', () => {
    const gw = gateway('g', INFRA, [https('https', 443)], {tls: {frontend: {default: {validation: {caCertificateRefs: [cm('tls-validity-checks-ca-certificate'), cm('missing')]}}}}})
    const l = gatewayListener(computeAttachments(snapshotOf([...conformanceBase(), ...caMaps(), gw])), gw, 'https')
    expect(listenerConds(l)).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'False/InvalidCACertificateRef'})
  })

  test('v1.1 listener-level tls.frontendValidation; HTTP listeners take no Gateway-level validation', () => {
    const gw = gateway('g', INFRA, [https('https', 443, undefined, {...cert, frontendValidation: {caCertificateRefs: [cm('missing')]}}), {name: 'http', port: 80, protocol: 'HTTP'}], {
      tls: {frontend: {default: {validation: {caCertificateRefs: [cm('missing')]}}}},
    })
    const graph = computeAttachments(snapshotOf([...conformanceBase(), ...caMaps(), gw]))
    const l = gatewayListener(graph, gw, 'https')
    expect(l.frontendValidation).toMatchObject({source: 'listener', field: 'spec.listeners[0].tls.frontendValidation'})
    expect(listenerConds(l)).toMatchObject({Accepted: 'False/NoValidCACertificate', ResolvedRefs: 'False/InvalidCACertificateRef'})
    expect(gatewayListener(graph, gw, 'http').frontendValidation).toBeUndefined()
  })

  test('mode AllowInsecureFallback sets the Gateway condition InsecureFrontendValidationMode', () => {
    const gw = gateway('g', INFRA, [https('https', 443)], {tls: {frontend: {default: {validation: {mode: 'AllowInsecureFallback', caCertificateRefs: [cm('tls-validity-checks-ca-certificate')]}}}}})
    const graph = computeAttachments(snapshotOf([...conformanceBase(), ...caMaps(), gw]))
    const c = graph.gateways.get(gw)?.computedStatus.conditions.find((x) => x.type === 'InsecureFrontendValidationMode')
    expect(`${c?.status}/${c?.reason}`).toBe('True/ConfigurationChanged')
  })
})
