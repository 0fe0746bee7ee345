// The plugin as users run it: through the real kubectl's plugin mechanism, against the project's test
// API server. Proves (1) kubectl finds `kubectl-gw` on PATH, (2) `kubectl gw get gateways -A` lists the
// same Gateways as `kubectl get gateways.gateway.networking.k8s.io -A` from the same server, and
// (3) the number of API requests does not grow with the number of objects.
import {execFile} from 'node:child_process'
import {mkdtemp, rm, symlink} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor} from '../support/apiserver-crds.js'
import {startApiServer, type ApiServer} from '../support/apiserver.js'
import {BIN, requireBuild} from './get-helpers.js'

const exec = promisify(execFile)
const KUBECTL = '/usr/bin/kubectl'

function gateways(n: number): K8sObject[] {
  const out: K8sObject[] = []
  for (let i = 0; i < n; i++) {
    out.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: {name: `gw-${String(i).padStart(3, '0')}`, namespace: `ns-${i % 3}`, creationTimestamp: '2026-01-01T00:00:00Z'},
      spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]},
    })
  }
  return out
}

let dir: string
let server: ApiServer
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-plugin-'))
  await symlink(BIN, join(dir, 'kubectl-gw'))
  server = await startApiServer({objects: [...crdsFor(), ...gateways(7)], pageSize: 3})
  const kubeconfig = server.writeKubeconfig(dir, {namespace: 'ns-1'})
  env = {PATH: `${dir}:${join(process.execPath, '..')}:/usr/bin:/bin`, HOME: dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache')}
})

afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

const kubectl = (args: string[]) => exec(KUBECTL, args, {env, timeout: 60_000})

describe('kubectl gw through the real kubectl', () => {
  test('kubectl plugin list finds kubectl-gw', async () => {
    const {stdout} = await kubectl(['plugin', 'list'])
    expect(stdout).toContain(join(dir, 'kubectl-gw'))
  })

  test('kubectl gw get gateways -A lists what kubectl get lists from the same server', async () => {
    const real = await kubectl(['get', 'gateways.gateway.networking.k8s.io', '-A', '-o', 'json', '--cache-dir', join(dir, 'cache')])
    const theirs = JSON.parse(real.stdout).items.map((o: K8sObject) => `${o.metadata.namespace}/${o.metadata.name}`).sort()
    const ours = await kubectl(['gw', 'get', 'gateways', '-A', '-o', 'json'])
    const mine = JSON.parse(ours.stdout).items.map((o: K8sObject) => `${o.metadata.namespace}/${o.metadata.name}`).sort()
    expect(theirs).toHaveLength(7)
    expect(mine).toEqual(theirs)
    // The table lists the same names, with kubectl's NAMESPACE column under -A.
    const table = await kubectl(['gw', 'get', 'gtw', '-A'])
    expect(table.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+CLASS/)
    for (const n of theirs) expect(table.stdout).toContain(n.split('/')[1])
  })

  test('the context namespace is the default, as in kubectl', async () => {
    const {stdout} = await kubectl(['gw', 'get', 'gateways', '-o', 'name'])
    expect(stdout.trim().split('\n')).toEqual(['gateway.gateway.networking.k8s.io/gw-001', 'gateway.gateway.networking.k8s.io/gw-004'])
  })

  test('API requests grow with resource types, never with objects', async () => {
    const count = async (n: number, args: string[]) => {
      const s = await startApiServer({objects: [...crdsFor(), ...gateways(n)], pageSize: 1000})
      try {
        const kc = s.writeKubeconfig(dir, {context: `c${n}`})
        await exec(process.execPath, [BIN, ...args], {env: {...env, KUBECONFIG: kc}})
        return s.requests.length
      } finally {
        await s.close()
      }
    }
    for (const args of [['get', 'gateways', '-A'], ['describe', 'routes', '-A', '-o', 'json']]) {
      const small = await count(5, args)
      const large = await count(400, args)
      expect(large, args.join(' ')).toBe(small)
    }
  })
})
