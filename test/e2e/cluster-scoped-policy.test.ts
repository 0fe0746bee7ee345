// A cluster-scoped vendor policy kind named directly (`get fooclusterpolicies`) follows its CRD's scope
// as kubectl follows the REST mapping's: no NAMESPACE column (even with -A), `No resources found`
// without a namespace, and -A beside a name is no error. A namespaced kind keeps kubectl's rules.

import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {requireBuild, run} from './get-helpers.js'

const crd = (kind: string, plural: string, scope: 'Cluster' | 'Namespaced', shortName: string): K8sObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {name: `${plural}.foo.example.com`, labels: {'gateway.networking.k8s.io/policy': 'Direct'}},
  spec: {
    group: 'foo.example.com',
    scope,
    names: {kind, plural, singular: kind.toLowerCase(), shortNames: [shortName], listKind: `${kind}List`},
    versions: [{name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}],
  },
})
const clusterCrd = crd('FooClusterPolicy', 'fooclusterpolicies', 'Cluster', 'fcp')
const namespacedCrd = crd('FooPolicy', 'foopolicies', 'Namespaced', 'fp')
const policy: K8sObject = {
  apiVersion: 'foo.example.com/v1',
  kind: 'FooClusterPolicy',
  metadata: {name: 'global', creationTimestamp: '2026-01-01T00:00:00Z'},
  spec: {targetRefs: [{group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'public'}], limit: 5},
}

let server: ApiServer
let empty: ApiServer
let dir: string

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-cluster-policy-'))
  // describe reads the graph around what it shows, which needs the Gateway API to be served.
  const gatewayApi = crdsFor(['gatewayclasses', 'gateways', 'httproutes'])
  server = await startApiServer({objects: [...gatewayApi, clusterCrd, namespacedCrd, policy]})
  empty = await startApiServer({objects: [...gatewayApi, clusterCrd, namespacedCrd]})
  await writeFile(join(dir, 'all.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: [clusterCrd, namespacedCrd, policy]}))
  await writeFile(join(dir, 'crds.json'), JSON.stringify({apiVersion: 'v1', kind: 'List', items: [clusterCrd, namespacedCrd]}))
})
afterAll(async () => {
  await server?.close()
  await empty?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

const sources = [
  ['files', (...args: string[]) => run([...args, '-f', join(dir, 'all.json')]), (...args: string[]) => run([...args, '-f', join(dir, 'crds.json')])],
  ['cluster', (...args: string[]) => run([...args, '--kubeconfig', server.writeKubeconfig(dir)]), (...args: string[]) => run([...args, '--kubeconfig', empty.writeKubeconfig(dir)])],
] as const

describe.each(sources)('from %s', (_, gw, none) => {
  const table = ['NAME     TARGETS               POLICY TYPE   VALUES    AGE', /^global {3}GatewayClass\/public {3}Direct {8}limit=5 {3}\d+d$/]

  test.each([[[]], [['-A']], [['-n', 'shop']]])('get fooclusterpolicies %j: no NAMESPACE column', async (flags) => {
    const r = await gw('get', 'fooclusterpolicies', ...flags)
    expect(r).toMatchObject({code: 0, stderr: ''})
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(table[0])
    expect(lines[1]).toMatch(table[1])
    expect(lines).toHaveLength(2)
  })

  test('get fcp global -A: a cluster-scoped object by name across namespaces is no error', async () => {
    const r = await gw('get', 'fcp', 'global', '-A', '-o', 'name')
    expect(r).toEqual({code: 0, stdout: 'fooclusterpolicy.foo.example.com/global\n', stderr: ''})
  })

  test('none of them: "No resources found", without a namespace', async () => {
    expect(await none('get', 'fooclusterpolicies', '-n', 'shop')).toEqual({code: 0, stdout: '', stderr: 'No resources found\n'})
    expect(await none('describe', 'fcp')).toMatchObject({code: 0, stdout: '', stderr: 'No resources found\n'})
  })

  test('a namespaced vendor kind keeps the namespace in its messages and refuses a name with -A', async () => {
    expect(await none('get', 'foopolicies', '-n', 'shop')).toEqual({code: 0, stdout: '', stderr: 'No resources found in shop namespace.\n'})
    expect(await gw('get', 'fp', 'x', '-A')).toEqual({code: 1, stdout: '', stderr: 'error: a resource cannot be retrieved by name across all namespaces\n'})
  })
})
