// When the bundled schemas may answer (cli/validation.ts bundlePolicy), and validateInput with them:
// never against a cluster whose CRDs were listed (a kind they lack is not served), and, when the
// cluster's CRDs could not be read, for the kinds its discovery does not prove unserved, said.

import {describe, expect, test} from 'vitest'
import {bundlePolicy, storedObjectRequests, validateInput} from '../../cli/validation.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {CustomResourceDefinition, K8sObject} from '../../src/model/types.js'
import {asCrd, type SchemaBundle} from '../../src/validate/bundle.js'

const schema = {type: 'object', properties: {spec: {type: 'object', properties: {hostnames: {type: 'array', items: {type: 'string', pattern: '^[a-z.]+$'}}}}}}
const BUNDLE: SchemaBundle = {
  version: 'v9.8.7',
  channels: {standard: [{group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', plural: 'httproutes', scope: 'Namespaced', versions: [{name: 'v1', served: true, schema: schema as never}]}], experimental: []},
}
const route: K8sObject = {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name: 'r', namespace: 'ns'}, spec: {hostnames: ['Upper.example']}} as K8sObject

function files(): Snapshot {
  const s = new Snapshot('files')
  s.add(route, {file: 'r.yaml', document: 1})
  return s
}

const listedCluster = () => {
  const c = new Snapshot('cluster')
  c.recordListed('apiextensions.k8s.io', 'CustomResourceDefinition')
  return c
}
const refusedCluster = (served: boolean | undefined) => {
  const c = new Snapshot('cluster')
  c.unreadable.add('apiextensions.k8s.io/CustomResourceDefinition')
  c.servesKind = () => served
  return c
}

describe('bundlePolicy', () => {
  test('no cluster: always; CRDs listed: never; CRDs refused: unless discovery proves the kind unserved, with a note', () => {
    expect(bundlePolicy(undefined).allowed('gateway.networking.k8s.io', 'HTTPRoute')).toBe(true)
    expect(bundlePolicy(undefined).note).toBeUndefined()
    expect(bundlePolicy(listedCluster()).allowed('gateway.networking.k8s.io', 'HTTPRoute')).toBe(false)
    expect(bundlePolicy(refusedCluster(undefined)).allowed('gateway.networking.k8s.io', 'HTTPRoute')).toBe(true)
    expect(bundlePolicy(refusedCluster(true)).note).toBe("the cluster's CRDs could not be read")
    expect(bundlePolicy(refusedCluster(false)).allowed('gateway.networking.k8s.io', 'HTTPRoute')).toBe(false)
  })
})

describe('validateInput with the bundle', () => {
  const opts = {defaultNamespace: 'default', bundle: () => BUNDLE}
  const codes = (v: Awaited<ReturnType<typeof validateInput>>) => v.findings.map((f) => f.code)

  test('without a cluster the bundle validates; the refused object leaves the accepted snapshot', async () => {
    const v = await validateInput(files(), opts)
    expect(codes(v)).toEqual(['SchemaViolation'])
    expect(v.accepted.objects).toEqual([])
    expect(v.summary.schemas.map((s) => s.from)).toEqual(['Gateway API v9.8.7 (standard channel), bundled with kubectl-gw'])
  })

  test("a cluster whose CRDs were listed without HTTPRoute's: not validated", async () => {
    const v = await validateInput(files(), {...opts, cluster: listedCluster()})
    expect(codes(v)).toEqual([])
    expect(v.summary.notValidatedKinds).toEqual(['HTTPRoute'])
  })

  test("a cluster whose CRDs could not be read: the bundle, and the report says so", async () => {
    const v = await validateInput(files(), {...opts, cluster: refusedCluster(true)})
    expect(codes(v)).toEqual(['SchemaViolation'])
    expect(v.summary.schemas[0].note).toBe("the cluster's CRDs could not be read")
    const none = await validateInput(files(), {...opts, cluster: refusedCluster(false)})
    expect(codes(none)).toEqual([])
  })
})

describe('storedObjectRequests', () => {
  const crd = (group: string, kind: string, plural: string, scope = 'Namespaced') =>
    ({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: `${plural}.${group}`}, spec: {group, names: {kind, plural}, scope, versions: [{name: 'v1', served: true}]}}) as unknown as CustomResourceDefinition
  const obj = (apiVersion: string, kind: string, name: string, namespace?: string) => ({apiVersion, kind, metadata: {name, ...(namespace ? {namespace} : {})}}) as K8sObject
  const input = (...objects: K8sObject[]) => {
    const s = new Snapshot('files')
    for (const o of objects) s.add(o, {file: 'f.yaml', document: 1})
    return s
  }
  const crds = [crd('gateway.networking.k8s.io', 'HTTPRoute', 'httproutes'), crd('example.com', 'Widget', 'widgets')]

  test('one list per CRD-served kind: in its one namespace, else across namespaces; a kind kubectl-gw does not know through its CRD', () => {
    const requests = storedObjectRequests(
      input(obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'a', 'shop'), obj('gateway.networking.k8s.io/v1', 'HTTPRoute', 'b', 'shop'), obj('example.com/v1', 'Widget', 'w', 'x'), obj('example.com/v1', 'Widget', 'w', 'y')),
      crds,
    )
    expect(requests.map((r) => [r.type.name, r.namespace])).toEqual([
      ['httproutes', 'shop'],
      ['widgets.example.com', undefined],
    ])
  })

  test('built-in kinds (Secrets, ConfigMaps, Services) and kinds without a CRD are never listed: they have no schema to validate an update against', () => {
    const requests = storedObjectRequests(
      input(obj('v1', 'Secret', 's', 'a'), obj('v1', 'Secret', 't', 'b'), obj('v1', 'ConfigMap', 'c', 'a'), obj('v1', 'Service', 'svc', 'a'), obj('other.io/v1', 'Thing', 't', 'a')),
      crds,
    )
    expect(requests).toEqual([])
  })
})
