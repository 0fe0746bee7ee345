// `kubectl gw get` against the project's test API server: the same tables as from files, one list
// call per type, the selector sent to the server, and kubectl's handling of refused types.

import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {requireBuild, run} from './get-helpers.js'
import {world} from './get-world.js'

const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass', 'CustomResourceDefinition'])

function worldObjects(): K8sObject[] {
  return parseAllDocuments(world()).map((d) => {
    const o = d.toJS() as K8sObject
    if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace ??= 'default'
    return o
  })
}

interface Env {
  server: ApiServer
  kubeconfig: string
}

let dir: string
let open: Env
let locked: Env

async function start(forbidden: {group: string; resource: string}[] = []): Promise<Env> {
  const server = await startApiServer({objects: [...crdsFor(), ...worldObjects()], forbidden})
  return {server, kubeconfig: server.writeKubeconfig(dir, {namespace: 'shop'})}
}

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-get-cluster-'))
  open = await start()
  locked = await start([{group: '', resource: 'services'}])
})
afterAll(async () => {
  await open?.server.close()
  await locked?.server.close()
  await rm(dir, {recursive: true, force: true})
})

function get(env: Env, ...args: string[]) {
  return run(['get', ...args, '--kubeconfig', env.kubeconfig])
}

/** The list calls a server received after `from` (discovery left out). */
function lists(env: Env, from: number) {
  return env.server.requests.slice(from).filter((r) => r.query.limit !== undefined)
}

// Tests share one server and count its requests, so they run one after another.
describe('against an API server', () => {
  test('the context namespace, one list call', async () => {
    const before = open.server.requests.length
    const r = await get(open, 'gtw')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^NAME +CLASS +ADDRESSES +PORTS +PROGRAMMED +AGE\nlocal +edge +<none> +8080 +<none> +5h\n$/)
    expect(lists(open, before).map((q) => q.path)).toEqual(['/apis/gateway.networking.k8s.io/v1/namespaces/shop/gateways'])
  })

  test('the same table as from files', async () => {
    const fromCluster = await get(open, 'routes', '-A')
    expect(fromCluster.code).toBe(0)
    expect(fromCluster.stdout).toMatch(/^NAMESPACE +KIND +NAME +HOSTNAMES +PARENTS +ACCEPTED +AGE\n/)
    expect(fromCluster.stdout.trim().split('\n').map((l) => l.split(/ +/).slice(0, 3).join(' '))).toEqual([
      'NAMESPACE KIND NAME',
      'infra UDPRoute dns',
      'shop HTTPRoute admin',
      'shop TCPRoute db',
      'shop GRPCRoute inventory',
      'shop HTTPRoute store',
      'shop TLSRoute vault',
    ])
  })

  test('the selector goes to the server', async () => {
    const before = open.server.requests.length
    const r = await get(open, 'httproutes', '-l', 'app in (web,admin),tier')
    expect(r.stdout.trim().split('\n').map((l) => l.split(' ')[0])).toEqual(['NAME', 'store'])
    expect(lists(open, before).map((q) => q.query.labelSelector)).toEqual(['app in (web,admin),tier'])
  })

  test('-o wide gatewayclasses counts Gateways in every namespace', async () => {
    const r = await get(open, 'gc', '-o', 'wide')
    expect(r.stdout).toMatch(/\nedge +example\.com\/edge +True +400d +3 +Public edge\n$/)
  })

  test('policies from the labelled CRD', async () => {
    const r = await get(open, 'policies')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/\nfront-tls +BackendTLSPolicy +Service\/shop\/front:https +Direct +5h\nslow +TimeoutPolicy\.example\.com +HTTPRoute\/shop\/store +Inherited +30m\n$/)
  })

  test('TYPE/NAME -o json prints the object; a missing name is NotFound', async () => {
    const one = await get(open, 'gtw/web', '-n', 'infra', '-o', 'json')
    expect(JSON.parse(one.stdout).metadata.name).toBe('web')
    const missing = await get(open, 'gtw', 'nope')
    expect(missing).toEqual({code: 1, stdout: '', stderr: 'Error from server (NotFound): gateways.gateway.networking.k8s.io "nope" not found\n'})
  })

  test('a refused type beside others: a warning, the rest printed, exit 0', async () => {
    const r = await get(locked, 'gtw,svc')
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^Warning: services is forbidden: User "test-user" cannot list resource "services"/)
    expect(r.stdout).toMatch(/^NAME +CLASS /)
  })

  test('the only type asked for refused: kubectl’s Forbidden error, exit 1', async () => {
    const r = await get(locked, 'svc')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Error from server \(Forbidden\): services is forbidden: /)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  test('an unknown context: one line, exit 1', async () => {
    const r = await run(['get', 'gtw', '--kubeconfig', open.kubeconfig, '--context', 'nosuch'])
    expect(r).toEqual({code: 1, stdout: '', stderr: 'error: context was not found for specified context: nosuch\n'})
  })

  test('a server that refuses connections: kubectl’s line, exit 1, no stack', async () => {
    const kc = join(dir, 'closed-port.yaml')
    await writeFile(
      kc,
      'apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\nclusters:\n- name: k\n  cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: t}\n',
    )
    const r = await run(['get', 'gtw', '--kubeconfig', kc])
    expect(r).toEqual({code: 1, stdout: '', stderr: 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n'})
  })
})
