// The real NameSource against the project's test API server and the example files: the scope on the
// line is honoured, one completion makes one list call for its type, and failures reject (complete()
// turns them into no candidates).
import {readFileSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parse, stringify} from 'yaml'
import type {CompletionScope} from '../../src/completion/complete.js'
import {liveNameSource} from '../../src/completion/live-source.js'
import {policyKindType, typeByName} from '../../src/model/resources.js'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {ROOT} from './helpers.js'

const ns = (name: string): K8sObject => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}})
const gateway = (namespace: string, name: string, labels?: Record<string, string>): K8sObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: {name, namespace, labels},
  spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]},
})
const route = (namespace: string, name: string): K8sObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: {name, namespace},
  spec: {},
})

const policyCrd = (kind: string, plural: string, scope: string, label?: string): K8sObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {name: `${plural}.bar.example.com`, ...(label ? {labels: {'gateway.networking.k8s.io/policy': label}} : {})},
  spec: {group: 'bar.example.com', scope, names: {kind, plural, singular: kind.toLowerCase(), shortNames: ['tmo']}, versions: [{name: 'v1', served: true, storage: true}]},
})
const timeoutPolicy = (namespace: string, name: string): K8sObject => ({apiVersion: 'bar.example.com/v1', kind: 'TimeoutPolicy', metadata: {name, namespace}, spec: {}})

let dir: string
let server: ApiServer
let kubeconfig: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-complete-'))
  server = await startApiServer({
    objects: [
      ...crdsFor(),
      policyCrd('TimeoutPolicy', 'timeoutpolicies', 'Namespaced', 'Inherited'),
      // Not labelled as a policy: not offered.
      policyCrd('Widget', 'widgets', 'Namespaced'),
      ns('alpha'),
      ns('beta'),
      gateway('alpha', 'a1', {tier: 'edge'}),
      gateway('alpha', 'a2'),
      gateway('beta', 'b1'),
      route('beta', 'r1'),
      timeoutPolicy('alpha', 't1'),
      timeoutPolicy('beta', 't2'),
    ],
    forbidden: [{group: 'gateway.networking.k8s.io', resource: 'grpcroutes'}],
  })
  kubeconfig = server.writeKubeconfig(dir, {namespace: 'alpha', context: 'ctx-alpha'})
})

afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

const scope = (s: Partial<CompletionScope> = {}): CompletionScope => ({allNamespaces: false, kubeconfig, ...s})
const names = async (type: string, s: Partial<CompletionScope> = {}) => (await liveNameSource.names(typeByName(type), scope(s))).sort()
const listCalls = (from: number) => server.requests.slice(from).filter((r) => !['/api', '/apis'].includes(r.path))

describe('names from the cluster', () => {
  test('the context namespace by default; one list call for the one type', async () => {
    const before = server.requests.length
    expect(await names('gateways')).toEqual(['a1', 'a2'])
    expect(listCalls(before).map((r) => r.path)).toEqual(['/apis/gateway.networking.k8s.io/v1/namespaces/alpha/gateways'])
  })

  test('-n, -A and -l given earlier on the line', async () => {
    expect(await names('gateways', {namespace: 'beta'})).toEqual(['b1'])
    expect(await names('gateways', {allNamespaces: true})).toEqual(['a1', 'a2', 'b1'])
    const before = server.requests.length
    expect(await names('gateways', {selector: 'tier=edge'})).toEqual(['a1'])
    expect(listCalls(before)[0].query.labelSelector).toBe('tier=edge')
    // A selector the server would refuse is dropped rather than failing the completion.
    expect(await names('gateways', {selector: 'tier in (edge'})).toEqual(['a1', 'a2'])
  })

  test('--context picks the context, and with it the namespace; contexts come from --kubeconfig', async () => {
    // One file with two contexts on the same cluster: current ctx-alpha (namespace alpha), ctx-beta (beta).
    const doc = parse(readFileSync(kubeconfig, 'utf8'))
    doc.contexts.push({name: 'ctx-beta', context: {...doc.contexts[0].context, namespace: 'beta'}})
    const both = join(dir, 'both.yaml')
    await writeFile(both, stringify(doc))
    expect(await names('gateways', {kubeconfig: both})).toEqual(['a1', 'a2'])
    expect(await names('gateways', {kubeconfig: both, context: 'ctx-beta'})).toEqual(['b1'])
    expect(await liveNameSource.contexts(scope({kubeconfig: both}))).toEqual(['ctx-alpha', 'ctx-beta'])
  })

  test('grouping types list every member kind', async () => {
    expect(await names('routes', {allNamespaces: true})).toEqual(['r1'])
  })

  test('a 403 on the type gives no names, not an error', async () => {
    expect(await names('grpcroutes', {allNamespaces: true})).toEqual([])
  })

  test('namespaces and contexts', async () => {
    expect((await liveNameSource.namespaces(scope())).sort()).toEqual(['alpha', 'beta'])
    expect(await liveNameSource.contexts(scope())).toEqual(['ctx-alpha'])
  })

  test('an unreachable cluster or a missing kubeconfig rejects', async () => {
    const dead = join(dir, 'dead.yaml')
    await writeFile(
      dead,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    )
    await expect(liveNameSource.names(typeByName('gateways'), scope({kubeconfig: dead}))).rejects.toThrow()
    await expect(liveNameSource.contexts(scope({kubeconfig: join(dir, 'nope.yaml')}))).rejects.toThrow()
  })
})

describe('policy kinds', () => {
  test('from the cluster: the labelled CRDs in one list call, no instance listed', async () => {
    const before = server.requests.length
    const kinds = await liveNameSource.policyKinds!(scope())
    expect(kinds.filter((k) => k.group === 'bar.example.com').map((k) => [k.kind, k.resource])).toEqual([['TimeoutPolicy', 'timeoutpolicies']])
    const calls = listCalls(before).map((r) => r.path)
    expect(calls.filter((p) => p.includes('timeoutpolicies') && !p.includes('customresourcedefinitions'))).toEqual([])
    expect(calls.filter((p) => p === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')).toHaveLength(1)
  })

  test('names of a policy kind named by plural or short name, in the scope', async () => {
    expect(await liveNameSource.names(policyKindType('timeoutpolicies')!, scope())).toEqual(['t1'])
    expect((await liveNameSource.names(policyKindType('tmo')!, scope({allNamespaces: true}))).sort()).toEqual(['t1', 't2'])
  })

  test('from files: the policy CRDs in them, no cluster contacted', async () => {
    const before = server.requests.length
    const kinds = await liveNameSource.policyKinds!(scope({files: [join(ROOT, 'examples')]}))
    expect(kinds.map((k) => k.kind)).toContain('ClusterTimeoutPolicy')
    expect(server.requests.length).toBe(before)
  })
})

describe('names from -f files', () => {
  const examples = join(ROOT, 'examples')

  test('the namespace given, or all of them; no cluster contacted', async () => {
    const before = server.requests.length
    expect(await names('gateways', {files: [examples], namespace: 'infra'})).toEqual(['edge', 'edge-l4', 'internal', 'shared'])
    expect((await names('gatewayclasses', {files: [examples]})).length).toBeGreaterThan(0)
    expect(await names('httproutes', {files: [examples], allNamespaces: true})).toContain('broken-ns-not-allowed')
    expect(server.requests.length).toBe(before)
  })

  test('namespaces are those the files use', async () => {
    const list = await liveNameSource.namespaces(scope({files: [examples]}))
    expect(list).toContain('infra')
    expect(list).toContain('shop-dev')
  })

  test('-f - (the terminal while completing) is not read', async () => {
    expect(await names('gateways', {files: ['-'], allNamespaces: true})).toEqual([])
    expect(await liveNameSource.namespaces(scope({files: ['-']}))).toEqual([])
  })
})
