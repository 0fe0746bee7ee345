// Which Secrets and ConfigMaps the Gateway API objects reference (src/sources/referenced.ts): every field
// the v1.1..v1.6 CRDs define, the defaults they apply, and where their metadata is listed.

import {describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {MAX_NAMESPACE_LISTS, metadataScopes, referencedObjects, type ReferencedObject} from '../../src/sources/referenced.js'
import {gateway, gatewayClass, GW, listenerSet, snapshotOf} from '../graph/fixtures.js'

const refs = (objects: K8sObject[]) => referencedObjects(snapshotOf(objects)).map((r) => `${r.kind} ${r.namespace}/${r.name}${r.content ? ' content' : ''}`)

const https = (name: string, certificateRefs: unknown[], tls: Record<string, unknown> = {}) => ({name, protocol: 'HTTPS', port: 443, tls: {mode: 'Terminate', certificateRefs, ...tls}})

describe('referencedObjects', () => {
  test('listener certificateRefs of Gateways and ListenerSets: kind Secret by default, the owner namespace by default', () => {
    expect(
      refs([
        gateway('gw', 'infra', [https('a', [{name: 'own'}, {name: 'shared', namespace: 'certs'}, {kind: 'Secret', group: '', name: 'explicit'}])]),
        listenerSet('ls', 'apps', {name: 'gw', namespace: 'infra'}, [https('b', [{name: 'ls-cert'}])]),
        {apiVersion: 'gateway.networking.x-k8s.io/v1alpha1', kind: 'XListenerSet', metadata: {name: 'x', namespace: 'old'}, spec: {listeners: [https('c', [{name: 'x-cert'}])]}},
      ]),
    ).toEqual(['Secret apps/ls-cert content', 'Secret certs/shared content', 'Secret infra/explicit content', 'Secret infra/own content', 'Secret old/x-cert content'])
  })

  test('references to other groups or kinds, and unnamed ones, are not read', () => {
    expect(
      refs([
        gateway('gw', 'infra', [
          https('a', [{group: 'example.com', kind: 'Secret', name: 'vendor'}, {kind: 'Certificate', name: 'cm'}, {name: ''}, 'junk', {}]),
        ]),
      ]),
    ).toEqual([])
  })

  test('CA bundles: v1.1 frontendValidation, v1.4+ spec.tls.frontend default and perPort, BackendTLSPolicy (local), clientCertificateRef', () => {
    const gw = gateway('gw', 'infra', [https('a', [], {frontendValidation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'v11-ca', namespace: 'cas'}]}})], {
      tls: {
        frontend: {
          default: {validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'default-ca'}]}},
          perPort: [{port: 8443, tls: {validation: {caCertificateRefs: [{group: '', kind: 'Secret', name: 'port-ca', namespace: 'cas'}]}}}],
        },
        backend: {clientCertificateRef: {name: 'client'}},
      },
    })
    const legacy = gateway('old', 'legacy', [], {backendTLS: {clientCertificateRef: {name: 'legacy-client', namespace: 'certs'}}})
    const policy: K8sObject = {
      apiVersion: `${GW}/v1`,
      kind: 'BackendTLSPolicy',
      metadata: {name: 'p', namespace: 'apps'},
      // A namespace on a LocalObjectReference is not part of the schema: the policy's namespace counts.
      spec: {validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'bundle', namespace: 'elsewhere'}, {group: '', kind: 'Secret', name: 'bundle-secret'}]}},
    }
    expect(refs([gw, legacy, policy])).toEqual([
      'ConfigMap apps/bundle content',
      'ConfigMap cas/v11-ca content',
      'ConfigMap infra/default-ca content',
      'Secret apps/bundle-secret content',
      'Secret cas/port-ca content',
      'Secret certs/legacy-client content',
      'Secret infra/client content',
    ])
  })

  test('parametersRefs need existence only; a namespaced kind without a namespace names nothing', () => {
    const objects = [
      gatewayClass('with-ns', 'True', {parametersRef: {group: '', kind: 'ConfigMap', name: 'params', namespace: 'system'}}),
      gatewayClass('without-ns', 'True', {parametersRef: {group: '', kind: 'ConfigMap', name: 'lost'}}),
      gatewayClass('vendor', 'True', {parametersRef: {group: 'example.com', kind: 'Params', name: 'v'}}),
      gateway('gw', 'infra', [], {infrastructure: {parametersRef: {group: '', kind: 'Secret', name: 'infra-params'}}}),
    ]
    expect(refs(objects)).toEqual(['ConfigMap system/params', 'Secret infra/infra-params'])
  })

  test('an object referenced for existence and for contents is read with its contents, once', () => {
    const objects = [
      gateway('gw', 'infra', [https('a', [{name: 'cert'}])], {infrastructure: {parametersRef: {group: '', kind: 'Secret', name: 'cert'}}}),
      gateway('gw2', 'infra', [https('a', [{name: 'cert'}])]),
    ]
    expect(refs(objects)).toEqual(['Secret infra/cert content'])
  })
})

describe('metadataScopes', () => {
  const ref = (kind: 'Secret' | 'ConfigMap', namespace: string): ReferencedObject => ({kind, namespace, name: 'x', content: true})

  test('nothing referenced: nothing listed', () => {
    expect(metadataScopes([ref('ConfigMap', 'a')], 'Secret')).toEqual([])
  })

  test('each referenced namespace up to the bound, then one list of all namespaces', () => {
    const within = Array.from({length: MAX_NAMESPACE_LISTS}, (_, i) => ref('Secret', `ns-${i}`))
    expect(metadataScopes([...within, ...within], 'Secret')).toEqual(within.map((r) => r.namespace).sort())
    expect(metadataScopes([...within, ref('Secret', 'one-more')], 'Secret')).toBe('all')
  })
})
