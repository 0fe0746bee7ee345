// selectObjects/describeScope: type, namespace, selector, policies, policy CRDs, order, idempotence.
import {describe, expect, test} from 'vitest'
import {lookupType, typeByName} from '../../src/model/resources.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {describeScope, selectObjects} from '../../src/sources/filter.js'
import type {ListRequest} from '../../src/sources/request.js'

const GW = 'gateway.networking.k8s.io/v1'

function obj(apiVersion: string, kind: string, name: string, namespace?: string, labels?: unknown, extra: Record<string, unknown> = {}): K8sObject {
  const metadata: Record<string, unknown> = {name}
  if (namespace !== undefined) metadata.namespace = namespace
  if (labels !== undefined) metadata.labels = labels
  return {apiVersion, kind, metadata, ...extra} as K8sObject
}

function crd(group: string, kind: string, plural: string, opts: {label?: string; scope?: string} = {}): K8sObject {
  return obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', `${plural}.${group}`, undefined, opts.label ? {'gateway.networking.k8s.io/policy': opts.label} : undefined, {
    spec: {group, scope: opts.scope ?? 'Namespaced', names: {kind, plural}, versions: [{name: 'v1'}]},
  })
}

function snapshotOf(objects: K8sObject[]): Snapshot {
  const s = new Snapshot('files')
  for (const o of objects) s.add(o)
  return s
}

function req(type: string, namespace?: string, labelSelector?: string): ListRequest {
  return {type: typeByName(type), namespace, labelSelector, explicit: true}
}

const names = (objs: K8sObject[]) => objs.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`)

const base = snapshotOf([
  obj(GW, 'Gateway', 'web', 'prod', {app: 'web', tier: 'front'}),
  obj(GW, 'Gateway', 'api', 'prod', {app: 'api'}),
  obj(GW, 'Gateway', 'web', 'dev', {app: 'web', canary: 'true'}),
  obj(GW, 'Gateway', 'b-edge', 'a-infra'),
  obj(GW, 'GatewayClass', 'gc', undefined, {vendor: 'x'}),
  obj(GW, 'GatewayClass', 'another', undefined),
  obj(GW, 'HTTPRoute', 'r1', 'prod', {app: 'web'}),
  obj(GW, 'GRPCRoute', 'g1', 'prod'),
  obj(GW, 'ListenerSet', 'ls-new', 'prod'),
  obj('gateway.networking.x-k8s.io/v1alpha1', 'XListenerSet', 'ls-old', 'prod'),
  // Same kind name in another group: not a Gateway API object.
  obj('example.com/v1', 'Gateway', 'impostor', 'prod'),
  obj('v1', 'Service', 'svc', 'prod', 'not-a-map'),
  obj('v1', 'Service', 'svc2', 'prod', {app: 7, tier: 'back'}),
])

describe('selectObjects', () => {
  test('all namespaces, sorted by namespace then name, only the type asked for', () => {
    expect(names(selectObjects(base, req('gateways')))).toEqual(['a-infra/b-edge', 'dev/web', 'prod/api', 'prod/web'])
  })

  test('one namespace', () => {
    expect(names(selectObjects(base, req('gtw', 'prod')))).toEqual(['prod/api', 'prod/web'])
    expect(selectObjects(base, req('gateways', 'nowhere'))).toEqual([])
  })

  test('an empty namespace means all namespaces', () => {
    expect(selectObjects(base, req('gateways', ''))).toHaveLength(4)
  })

  test('cluster-scoped types ignore the namespace', () => {
    expect(names(selectObjects(base, req('gatewayclasses', 'prod')))).toEqual(['/another', '/gc'])
  })

  test.each([
    ['app=web', ['dev/web', 'prod/web']],
    ['app==web,tier=front', ['prod/web']],
    ['app!=web', ['a-infra/b-edge', 'prod/api']],
    ['app in (api, web),!canary', ['prod/api', 'prod/web']],
    ['app notin (web)', ['a-infra/b-edge', 'prod/api']],
    ['canary', ['dev/web']],
    ['', ['a-infra/b-edge', 'dev/web', 'prod/api', 'prod/web']],
  ])('label selector %j', (selector, expected) => {
    expect(names(selectObjects(base, req('gateways', undefined, selector)))).toEqual(expected)
  })

  test('labels of the wrong shape never throw; non-string values do not match', () => {
    expect(names(selectObjects(base, req('services', 'prod', 'tier=back')))).toEqual(['prod/svc2'])
    expect(names(selectObjects(base, req('services', 'prod', 'app')))).toEqual([])
    expect(names(selectObjects(base, req('services', 'prod', '!app')))).toEqual(['prod/svc', 'prod/svc2'])
  })

  test('a type with several kinds (listenersets) and a grouping type (routes)', () => {
    expect(names(selectObjects(base, req('listenersets')))).toEqual(['prod/ls-new', 'prod/ls-old'])
    expect(selectObjects(base, req('routes', 'prod')).map((o) => o.kind)).toEqual(['GRPCRoute', 'HTTPRoute'])
  })

  test('idempotent: filtering what was already filtered changes nothing', () => {
    const request = req('gateways', 'prod', 'app in (web,api)')
    const once = selectObjects(base, request)
    const twice = selectObjects(snapshotOf(once), request)
    expect(twice).toEqual(once)
    expect(once).toHaveLength(2)
  })

  test('objects with missing or odd metadata do not break sorting', () => {
    const odd = snapshotOf([
      obj(GW, 'Gateway', 'b', 'x'),
      {apiVersion: GW, kind: 'Gateway', metadata: {name: 'a', namespace: 5}} as unknown as K8sObject,
    ])
    expect(selectObjects(odd, req('gateways')).map((o) => o.metadata.name)).toEqual(['a', 'b'])
  })
})

describe('policies and policy CRDs', () => {
  const objects = [
    crd('example.com', 'TimeoutPolicy', 'timeoutpolicies', {label: 'Inherited', scope: 'Cluster'}),
    crd('example.com', 'RetryPolicy', 'retrypolicies', {label: 'Direct'}),
    crd('example.com', 'Widget', 'widgets'),
    crd('gateway.networking.k8s.io', 'BackendLBPolicy', 'backendlbpolicies'),
    obj('example.com/v1', 'TimeoutPolicy', 'global', undefined, {team: 'a'}),
    obj('example.com/v1', 'RetryPolicy', 'r', 'prod', {team: 'a'}),
    obj('example.com/v1', 'RetryPolicy', 'r', 'dev', {team: 'b'}),
    obj(GW, 'BackendTLSPolicy', 'tls', 'prod', {team: 'a'}),
    obj('example.com/v1', 'Widget', 'w', 'prod'),
  ]
  const snap = snapshotOf(objects)

  test('policies: every policy kind; the namespace applies to namespaced kinds only', () => {
    const all = selectObjects(snap, req('policies'))
    expect(all.map((o) => `${o.kind}:${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'TimeoutPolicy:/global',
      'RetryPolicy:dev/r',
      'RetryPolicy:prod/r',
      'BackendTLSPolicy:prod/tls',
    ])
    const prod = selectObjects(snap, req('policies', 'prod'))
    expect(prod.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['TimeoutPolicy/global', 'RetryPolicy/r', 'BackendTLSPolicy/tls'])
    expect(selectObjects(snap, req('policies', 'prod', 'team=b'))).toEqual([])
    expect(names(selectObjects(snap, req('policies', undefined, 'team=b')))).toEqual(['dev/r'])
  })

  test('policies recorded by the source count even without a CRD in the snapshot', () => {
    const s = snapshotOf([obj('vendor.io/v1', 'RateLimitPolicy', 'rl', 'prod')])
    expect(selectObjects(s, req('policies'))).toEqual([])
    s.policyKinds.push({group: 'vendor.io', kind: 'RateLimitPolicy', resource: '', type: 'Direct', namespaced: true})
    expect(names(selectObjects(s, req('policies')))).toEqual(['prod/rl'])
  })

  test('policycrds: labelled CRDs and built-in policy CRDs, not other CRDs', () => {
    expect(selectObjects(snap, req('policycrds', 'prod')).map((o) => o.metadata.name)).toEqual([
      'backendlbpolicies.gateway.networking.k8s.io',
      'retrypolicies.example.com',
      'timeoutpolicies.example.com',
    ])
  })

  test('policycrds with a selector', () => {
    expect(selectObjects(snap, req('policycrds', undefined, 'gateway.networking.k8s.io/policy=Direct')).map((o) => o.metadata.name)).toEqual([
      'retrypolicies.example.com',
    ])
  })
})

describe('describeScope', () => {
  test('kubectl wording', () => {
    expect(describeScope(req('gateways', 'prod'))).toBe('No resources found in prod namespace.')
    expect(describeScope(req('gateways'))).toBe('No resources found')
    expect(describeScope(req('gatewayclasses', 'prod'))).toBe('No resources found')
    expect(describeScope(req('policies', 'dev'))).toBe('No resources found in dev namespace.')
    expect(describeScope({type: lookupType('policycrds')!, namespace: 'x', explicit: false})).toBe('No resources found')
  })
})
