// Policy kinds and `describe policycrds`.
import {existsSync, readFileSync} from 'node:fs'
import {describe, expect, test} from 'vitest'
import {parse} from 'yaml'
import type {CustomResourceDefinition} from '../../src/model/types.js'
import {describePolicyCrds, targetKindsOfCrd} from '../../src/policy/crds.js'
import {policyKindNamed, policyKindOfCrd, policyKindsOf, policyTypeOfLabel} from '../../src/policy/kinds.js'
import {EX, GW, XGW, kindOf, policy, policyCrd, ref, snapshotOf} from './fixtures.js'

describe('policy label', () => {
  test.each([
    ['Direct', 'Direct'],
    ['direct', 'Direct'],
    ['DIRECT', 'Direct'],
    ['true', 'Direct'],
    [true, 'Direct'],
    ['Inherited', 'Inherited'],
    ['inherited', 'Inherited'],
    ['false', undefined],
    ['', undefined],
    [undefined, undefined],
    [42, undefined],
  ])('%s -> %s', (value, type) => {
    expect(policyTypeOfLabel(value)).toBe(type)
  })

  test('unlabelled CRDs are policies only when built in', () => {
    expect(policyKindOfCrd(policyCrd('BackendLBPolicy', {group: GW}))?.type).toBe('Direct')
    expect(policyKindOfCrd(policyCrd('ColorPolicy'))).toBeUndefined()
    expect(policyKindOfCrd(policyCrd('ColorPolicy', {label: 'inherited', scope: 'Cluster'}))).toMatchObject({type: 'Inherited', namespaced: false})
    // A label overrides the built-in type.
    expect(policyKindOfCrd(policyCrd('BackendTLSPolicy', {group: GW, label: 'Inherited'}))?.type).toBe('Inherited')
  })

  test('malformed CRDs are not policies and do not throw', () => {
    const broken = [
      {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'x'}},
      {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'y'}, spec: {group: 7, names: 'no'}},
      {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'z', labels: {[`${GW}/policy`]: 'Direct'}}, spec: {group: EX}},
    ] as unknown as CustomResourceDefinition[]
    for (const crd of broken) expect(policyKindOfCrd(crd)).toBeUndefined()
  })
})

describe('policyKindsOf', () => {
  test('merges recorded kinds, CRDs and built-in kinds seen only as instances', () => {
    const snap = snapshotOf(
      [
        policyCrd('ColorPolicy', {label: 'Inherited'}),
        policyCrd('NotAPolicy'),
        policy('XBackendTrafficPolicy', 'x', {targetRefs: [ref('Service', 'web')]}, {group: XGW, namespace: 'app'}),
      ],
      [kindOf('HealthPolicy', 'Direct')],
    )
    expect(policyKindsOf(snap).map((k) => [k.group, k.kind, k.type, k.resource])).toEqual([
      [EX, 'ColorPolicy', 'Inherited', 'colorpolicys'],
      [EX, 'HealthPolicy', 'Direct', ''],
      [XGW, 'XBackendTrafficPolicy', 'Direct', 'xbackendtrafficpolicies'],
    ])
  })
})

describe('describePolicyCrds', () => {
  test('versions, target kinds from enum and CEL, instance counts', () => {
    const snap = snapshotOf([
      policyCrd('ColorPolicy', {label: 'Inherited', targetKindEnum: ['Gateway', 'HTTPRoute'], versions: ['v1', 'v1beta1']}),
      policyCrd('HealthPolicy', {
        label: 'Direct',
        cel: ["self.group == 'gateway.networking.k8s.io'", "self.kind == 'Gateway' || self.kind == 'GRPCRoute'", "self.kind != 'Service'"],
      }),
      policyCrd('PlainPolicy', {label: 'direct', scope: 'Cluster'}),
      policy('ColorPolicy', 'a', {}, {namespace: 'n'}),
      policy('ColorPolicy', 'b', {}, {namespace: 'n'}),
    ])
    snap.unreadable.add(`${EX}/PlainPolicy`)
    expect(describePolicyCrds(snap)).toEqual([
      {
        name: `colorpolicys.${EX}`,
        group: EX,
        kind: 'ColorPolicy',
        type: 'Inherited',
        scope: 'Namespaced',
        versions: [
          {name: 'v1', served: true, storage: true},
          {name: 'v1beta1', served: true, storage: false},
        ],
        targetKinds: ['Gateway', 'HTTPRoute'],
        instances: 2,
      },
      expect.objectContaining({kind: 'HealthPolicy', type: 'Direct', targetKinds: ['Gateway', 'GRPCRoute'], instances: 0}),
      expect.objectContaining({kind: 'PlainPolicy', scope: 'Cluster', targetKinds: [], instances: undefined}),
    ])
  })

  test('CEL on the list and `in` lists on the kind itself', () => {
    const crd = policyCrd('ColorPolicy', {label: 'Inherited'})
    const spec = crd.spec.versions[0].schema!.openAPIV3Schema.properties.spec
    spec.properties.targetRefs['x-kubernetes-validations'] = [{rule: "self.all(r, r.kind == 'Gateway')"}]
    spec.properties.targetRef = {type: 'object', properties: {kind: {type: 'string', 'x-kubernetes-validations': [{rule: "self in ['TLSRoute', \"TCPRoute\"]"}]}}}
    expect(targetKindsOfCrd(crd)).toEqual(['TLSRoute', 'TCPRoute', 'Gateway'])
  })

  const shared = '/work/shared/gateway-api-crds'
  test.skipIf(!existsSync(shared))('the shipped Gateway API policy CRDs (v1.1.0, v1.6.1)', () => {
    const load = (rel: string) => parse(readFileSync(`${shared}/${rel}`, 'utf8')) as CustomResourceDefinition
    const snap = snapshotOf([
      load('v1.1.0/experimental/gateway.networking.k8s.io_backendlbpolicies.yaml'),
      load('v1.6.1/standard/gateway.networking.k8s.io_backendtlspolicies.yaml'),
      load('v1.6.1/experimental/gateway.networking.x-k8s.io_xbackendtrafficpolicies.yaml'),
      load('v1.6.1/standard/gateway.networking.k8s.io_httproutes.yaml'),
    ])
    const out = describePolicyCrds(snap)
    expect(out.map((c) => [c.name, c.type, c.scope, c.instances])).toEqual([
      ['backendlbpolicies.gateway.networking.k8s.io', 'Direct', 'Namespaced', 0],
      ['backendtlspolicies.gateway.networking.k8s.io', 'Direct', 'Namespaced', 0],
      ['xbackendtrafficpolicies.gateway.networking.x-k8s.io', 'Direct', 'Namespaced', 0],
    ])
    expect(out[1].versions.find((v) => v.storage)?.name).toBe('v1')
    // Their schemas do not restrict the target kind.
    expect(out.every((c) => c.targetKinds.length === 0)).toBe(true)
  })
})

describe('policyKindNamed: the names a user may type for a policy kind', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: 'timeoutpolicies.bar.example.com', labels: {'gateway.networking.k8s.io/policy': 'Inherited'}},
    spec: {group: 'bar.example.com', names: {kind: 'TimeoutPolicy', plural: 'timeoutpolicies', singular: 'timeoutpolicy', shortNames: ['tmo']}, scope: 'Namespaced', versions: [{name: 'v1alpha1', served: true}]},
  } as CustomResourceDefinition
  const pk = policyKindOfCrd(crd)!

  test.each(['timeoutpolicies', 'timeoutpolicy', 'TimeoutPolicy', 'tmo', 'TMO', 'timeoutpolicies.bar.example.com', 'TimeoutPolicy.bar.example.com', 'timeoutpolicy.v1alpha1.bar.example.com'])('%s names it', (name) => {
    expect(policyKindNamed(pk, name)).toBe(true)
  })

  test.each(['timeoutpolicie', 'timeoutpolicies.foo.example.com', 'timeoutpolicies.v1.bar.example.com', 'policies', 'bar.example.com'])('%s does not', (name) => {
    expect(policyKindNamed(pk, name)).toBe(false)
  })

  test('a kind seen only as instances in files answers to its Kind and its plural', () => {
    const inferred = {group: 'bar.example.com', kind: 'RetryPolicy', resource: '', type: 'Direct' as const, namespaced: true}
    expect(['retrypolicies', 'RetryPolicy', 'retrypolicy.bar.example.com'].map((n) => policyKindNamed(inferred, n))).toEqual([true, true, true])
    expect(policyKindNamed(inferred, 'retries')).toBe(false)
  })
})
