// Shell completion as kubectl (>= 1.26) drives it: `kubectl __complete gw ...` finds
// `kubectl_complete-gw` on PATH (here a symlink to bin/complete.js, as the package's bin entry
// installs it), runs it with the words after `gw`, and relays its Cobra-protocol answer. Names come
// from the project's test API server or from `-f examples/`.
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {outputFormats} from '../../src/completion/spec.js'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {BIN, ROOT, requireBuild, run} from './get-helpers.js'

const exec = promisify(execFile)
const KUBECTL = '/usr/bin/kubectl'
const COMPLETE_BIN = join(ROOT, 'bin/complete.js')
const EXAMPLES = join(ROOT, 'examples')

const gateway = (namespace: string, name: string): K8sObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: {name, namespace, creationTimestamp: '2026-01-01T00:00:00Z'},
  spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]},
})
const namespace = (name: string): K8sObject => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}})
const timeoutCrd: K8sObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {name: 'timeoutpolicies.bar.example.com', labels: {'gateway.networking.k8s.io/policy': 'Inherited'}},
  spec: {group: 'bar.example.com', scope: 'Namespaced', names: {kind: 'TimeoutPolicy', plural: 'timeoutpolicies', singular: 'timeoutpolicy', shortNames: ['tmo']}, versions: [{name: 'v1alpha1', served: true, storage: true}]},
}
const timeoutPolicy = (ns: string, name: string): K8sObject => ({apiVersion: 'bar.example.com/v1alpha1', kind: 'TimeoutPolicy', metadata: {name, namespace: ns}, spec: {}})

let dir: string
let server: ApiServer
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  requireBuild()
  if (!existsSync(join(ROOT, 'dist/commands/__complete.js'))) throw new Error('dist/commands/__complete.js is missing: build first')
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-completion-'))
  await symlink(BIN, join(dir, 'kubectl-gw'))
  await symlink(COMPLETE_BIN, join(dir, 'kubectl_complete-gw'))
  server = await startApiServer({
    objects: [
      ...crdsFor(),
      timeoutCrd,
      namespace('team-a'),
      namespace('team-b'),
      gateway('team-a', 'web'),
      gateway('team-a', 'web-internal'),
      gateway('team-b', 'api'),
      timeoutPolicy('team-a', 'web-timeouts'),
      timeoutPolicy('team-b', 'api-timeouts'),
    ],
    forbidden: [{group: 'gateway.networking.k8s.io', resource: 'httproutes'}],
  })
  const kubeconfig = server.writeKubeconfig(dir, {namespace: 'team-a', context: 'test-ctx'})
  env = {PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache')}
})

afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

interface Answer {
  values: string[]
  directive: string
  stdout: string
}

/** `kubectl __complete gw WORDS...`: the candidates (values only) and the directive line. */
async function kubectlComplete(words: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Answer> {
  const {stdout} = await exec(KUBECTL, ['__complete', 'gw', ...words], {env: {...env, ...extraEnv}, cwd: dir, timeout: 60_000})
  const lines = stdout.split('\n').filter((l) => l !== '')
  return {values: lines.slice(0, -1).map((l) => l.split('\t')[0]), directive: lines[lines.length - 1], stdout}
}

describe('kubectl __complete gw', () => {
  test('get gat -> gateways, gatewayclasses, :4', async () => {
    const a = await kubectlComplete(['get', 'gat'])
    expect([...a.values].sort()).toEqual(['gatewayclasses', 'gateways'])
    expect(a.directive).toBe(':4')
  })

  test('the commands, never the hidden __complete; kubectl gw --help does not list it either', async () => {
    const a = await kubectlComplete([''])
    expect(a.values).toEqual(['analyze', 'describe', 'get', 'trace', 'validate', 'version'])
    const help = await exec(KUBECTL, ['gw', '--help'], {env, cwd: dir})
    expect(help.stdout).toMatch(/COMMANDS/)
    expect(help.stdout).not.toContain('__complete')
  })

  test('flags of each command, long and short', async () => {
    const get = await kubectlComplete(['get', 'gateways', '--all'])
    expect(get.values).toEqual(['--all-namespaces'])
    const dash = await kubectlComplete(['analyze', '-'])
    expect(dash.values).toEqual(expect.arrayContaining(['--fail-on', '--local', '-n', '-A', '-o', '-f', '--context']))
    expect(dash.directive).toBe(':4')
  })

  test('flag values: -o per command, --fail-on options, -f file completion', async () => {
    expect((await kubectlComplete(['describe', 'gtw', '-o', ''])).values).toEqual(['json', 'yaml'])
    expect((await kubectlComplete(['get', '-o', 'm'])).values).toEqual(['mermaid'])
    expect((await kubectlComplete(['analyze', '--fail-on', ''])).values).toEqual(['error', 'warning', 'info', 'none'])
    const f = await kubectlComplete(['get', 'gtw', '-f', ''])
    expect(f.values).toEqual(['json', 'yaml', 'yml'])
    expect(f.directive).toBe(':8')
  })

  test('the -o formats offered are exactly those each command accepts', async () => {
    for (const command of ['get', 'describe', 'analyze']) {
      const args = command === 'analyze' ? ['analyze', '--local'] : [command, 'gateways']
      const r = await run([...args, '-o', 'no-such-format', '-f', EXAMPLES])
      const allowed = /allowed formats are: (\S+)/.exec(r.stderr)?.[1].split(',')
      expect(allowed, `${command}: ${r.stderr}`).toBeDefined()
      // Template forms are offered with their `=` (jsonpath=), listed without it.
      expect(outputFormats(command).map((f) => f.value.replace(/=$/, '')).sort(), command).toEqual(allowed)
    }
  })

  test('names from the cluster: the context namespace, -n, -A, TYPE/NAME; one list call', async () => {
    const before = server.requests.length
    expect((await kubectlComplete(['get', 'gateways', ''])).values).toEqual(['web', 'web-internal'])
    const lists = server.requests.slice(before).filter((r) => r.path !== '/api' && r.path !== '/apis' && r.path !== '/version')
    expect(lists.map((r) => r.path)).toEqual(['/apis/gateway.networking.k8s.io/v1/namespaces/team-a/gateways'])
    expect((await kubectlComplete(['get', 'gtw', '-n', 'team-b', ''])).values).toEqual(['api'])
    expect((await kubectlComplete(['describe', 'gateways', '-A', 'w'])).values).toEqual(['web', 'web-internal'])
    expect((await kubectlComplete(['get', 'gtw/web-'])).values).toEqual(['gtw/web-internal'])
  })

  test('vendor policy kinds the cluster serves are types for get and describe, with their object names', async () => {
    expect((await kubectlComplete(['get', 'ti'])).values).toEqual(['timeoutpolicies'])
    expect((await kubectlComplete(['describe', 'ti'])).values).toEqual(['timeoutpolicies'])
    expect((await kubectlComplete(['get', ''])).values).toContain('timeoutpolicies')
    expect((await kubectlComplete(['describe', 'timeoutpolicies', ''])).values).toEqual(['web-timeouts'])
    expect((await kubectlComplete(['get', 'tmo', '-A', ''])).values).toEqual(['api-timeouts', 'web-timeouts'])
  })

  test('namespaces and contexts from the cluster and the kubeconfig', async () => {
    expect((await kubectlComplete(['get', 'gtw', '-n', ''])).values).toEqual(['team-a', 'team-b'])
    expect((await kubectlComplete(['get', '--context', ''])).values).toEqual(['test-ctx'])
  })

  test('names from -f examples/ given earlier on the line, no cluster needed', async () => {
    const a = await kubectlComplete(['get', '-f', EXAMPLES, '-n', 'infra', 'gateways', ''], {KUBECONFIG: join(dir, 'none.yaml')})
    expect(a.values).toEqual(['edge', 'edge-l4', 'internal', 'shared'])
    const ns = await kubectlComplete(['describe', '-f', EXAMPLES, '-n', 'sh'], {KUBECONFIG: join(dir, 'none.yaml')})
    expect(ns.values).toEqual(['shop', 'shop-dev'])
  })

  test('a 403 or no cluster: no candidates, a clean directive, nothing on stderr', async () => {
    expect((await kubectlComplete(['get', 'httproutes', ''])).stdout).toBe(':4\n')
    const dead = join(dir, 'dead.yaml')
    await writeFile(
      dead,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    )
    expect((await kubectlComplete(['get', 'gateways', ''], {KUBECONFIG: dead})).stdout).toBe(':4\n')
    expect((await kubectlComplete(['get', 'gateways', ''], {KUBECONFIG: join(dir, 'none.yaml')})).stdout).toBe(':4\n')
    // The executable itself, as kubectl runs it: stdout is the protocol, stderr stays empty.
    for (const kc of [dead, join(dir, 'none.yaml')]) {
      const direct = await exec(join(dir, 'kubectl_complete-gw'), ['get', 'gateways', ''], {env: {...env, KUBECONFIG: kc}, cwd: dir})
      expect(direct.stdout).toBe(':4\n')
      expect(direct.stderr).toBe('')
    }
  })

  test('-h or --help on the line is a word to complete around, not a help request', async () => {
    const a = await kubectlComplete(['get', '-h', 'gat'])
    expect([...a.values].sort()).toEqual(['gatewayclasses', 'gateways'])
  })
})
