// kubectl's output habits for `get`, checked against the real kubectl: both programs read the same
// objects from the project's test API server, and their outputs are compared byte for byte where
// kubectl's semantics apply (jsonpath, custom-columns, --sort-by, --field-selector, -o name). Tables
// differ by design (kubectl gw has its own columns), so for -L and --sort-by tables the label columns
// and the row order are compared.

import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parseAllDocuments} from 'yaml'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {requireBuild, run} from './get-helpers.js'
import {world} from './get-world.js'

const KUBECTL = '/usr/bin/kubectl'
const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass', 'CustomResourceDefinition'])

function worldObjects(): K8sObject[] {
  return parseAllDocuments(world()).map((d) => {
    const o = d.toJS() as K8sObject
    if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace ??= 'default'
    return o
  })
}

let dir: string
let server: ApiServer
let kubeconfig: string

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-kubectl-output-'))
  server = await startApiServer({objects: [...crdsFor(), ...worldObjects()]})
  kubeconfig = server.writeKubeconfig(dir, {namespace: 'shop'})
})
afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

interface Out {
  code: number | null
  stdout: string
  stderr: string
}

function kubectl(args: string[]): Promise<Out> {
  return new Promise((done) => {
    execFile(
      KUBECTL,
      args,
      {env: {PATH: '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache')}, timeout: 60_000},
      (err, stdout, stderr) => done({code: err ? ((err as {code?: number}).code ?? 1) : 0, stdout, stderr}),
    )
  })
}

const FULL: Record<string, string> = {
  gateways: 'gateways.gateway.networking.k8s.io',
  httproutes: 'httproutes.gateway.networking.k8s.io',
  gatewayclasses: 'gatewayclasses.gateway.networking.k8s.io',
}

/** The same `get` by kubectl (resource named in full) and by kubectl gw. */
async function both(type: string, ...args: string[]): Promise<{real: Out; ours: Out}> {
  const [real, ours] = await Promise.all([kubectl(['get', FULL[type], ...args]), run(['get', type, ...args, '--kubeconfig', kubeconfig])])
  return {real, ours}
}

describe.skipIf(!existsSync(KUBECTL))('the same output as the real kubectl from the same objects', () => {
  test.each([
    ['gateways', '-A', '-o', 'jsonpath={.items[*].metadata.name}'],
    ['gateways', '-A', '-o', 'jsonpath={.items[*].spec.listeners}'],
    ['gateways', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.spec.listeners[*].port}{"\\n"}{end}'],
    ['gateways', '-A', '-o', 'jsonpath={range .items[*]}[{.metadata.name}]{range .spec.listeners[*]}<{.name}:{.port}>{end}{"\\n"}{end}'],
    ['gateways', '-A', '-o', 'jsonpath={.items[0].nope}'],
    // Recursive descent where only one branch of each map holds the key: kubectl walks Go maps in
    // random order, so `{..name}` over whole objects (metadata and spec both hold names) differs from
    // run to run in kubectl itself.
    ['gateways', '-A', '-o', 'jsonpath={.items[*].spec..name}'],
    ['gateways', '-A', '-o', 'jsonpath={..port}'],
    ['gateways', '-A', '-o', 'jsonpath={.items[?(@.metadata.name=="web")].spec.listeners[?(@.port>100)].name}'],
    ['gateways', '-A', '-o', 'jsonpath={.items[*].spec.listeners[?(@.hostname)].name} {.items[?(@.spec.listeners[0].port==80)].metadata.name}'],
    ['gateways', '-A', '-o', 'jsonpath={.items[-1:].metadata.name} {.items[0:2].metadata.name}{.items[::2].metadata.name}{.items[0,2].kind}'],
    ['gateways', '-A', '-o', 'jsonpath={.items[1].spec.listeners[0].port}{true}{1.5}{"x\\u00e9"}'],
    ['gateways', '-A', '-o', "jsonpath={@.kind}{'\\n'}{.items[1].metadata['labels'].app}"],
    ['gateways', '-A', '-o', 'jsonpath={.items[1].status.addresses[0]}{.items[1].metadata.name.*}'],
    ['gateways', '-A', '-o', 'jsonpath=.metadata.name'],
    ['gateways', '-A', '-o', 'jsonpath={.}'],
    ['gateways', '-A', '-o', 'jsonpath-as-json={.items[*].metadata.name}'],
    ['gateways', 'web', '-n', 'infra', '-o', 'jsonpath={.metadata.name}/{.spec.listeners[*].name}'],
    ['httproutes', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.spec.hostnames}{"\\n"}{end}'],
    ['gateways', '-A', '-o', 'custom-columns=NAME:.metadata.name,PORT:.spec.listeners[*].port,X:.status.addresses,L:.metadata.labels'],
    ['gateways', '-A', '-o', 'custom-columns=N:metadata.name,S:{.spec}', '--no-headers'],
    ['gateways', '-n', 'nons', '-o', 'custom-columns=N:.metadata.name'],
    ['gateways', '-A', '--sort-by=.metadata.name', '-o', 'name'],
    ['gateways', '-A', '--sort-by={.spec.listeners[0].port}', '-o', 'jsonpath={.items[*].metadata.name}'],
    ['gateways', '-A', '--sort-by=.metadata.labels.app', '-o', 'custom-columns=A:.metadata.name,B:.x.y,C:.metadata.labels.app'],
    ['httproutes', '-A', '--sort-by=.metadata.creationTimestamp', '-o', 'name'],
    ['gateways', '-A', '--field-selector', 'metadata.name!=web,metadata.namespace=shop', '-o', 'name'],
    ['gateways', '-A', '--field-selector', 'metadata.namespace==infra', '-o', 'jsonpath={.items[*].metadata.name}'],
    // Errors: the same message (kubectl adds a dump of the object after its first line) and exit code.
    ['gateways', '-A', '-o', 'jsonpath={.items[*'],
    ['gateways', '-A', '-o', 'jsonpath='],
    ['gateways', '-A', '-o', 'jsonpath={.items[5]}'],
    ['gateways', '-A', '-o', 'jsonpath={end}'],
    ['gateways', '-A', '-o', 'jsonpath={....a}'],
    ['gateways', '-A', '-o', 'custom-columns=N'],
    ['gateways', '-A', '-o', 'custom-columns='],
    ['gateways', '-A', '--sort-by=.metadata.nope', '-o', 'json'],
    ['gateways', 'web', '-n', 'infra', '--field-selector', 'metadata.name=web'],
  ])('%s %s %s %s', async (type, ...args) => {
    const {real, ours} = await both(type, ...args)
    expect(ours.stdout).toBe(real.stdout)
    expect(ours.code).toBe(real.code)
    // kubectl follows a failing template's message with a dump of the template and the object; we stop at the message.
    expect(ours.stderr).toBe(real.stderr.replace(/ Printing more information for debugging the template:[\s\S]*$/, '\n'))
  })

  test('-o jsonpath-file= and custom-columns-file=', async () => {
    const t = join(dir, 'names.jsonpath')
    const c = join(dir, 'cols.txt')
    await writeFile(t, '{range .items[*]}{.metadata.name}{"\\n"}{end}')
    await writeFile(c, 'NAME   CLASS\n.metadata.name   .spec.gatewayClassName\n')
    for (const o of [`jsonpath-file=${t}`, `custom-columns-file=${c}`]) {
      const {real, ours} = await both('gateways', '-A', '-o', o)
      expect(ours).toEqual(real)
    }
  })

  /** The cells of each line from the column headed `from` on (label columns are last). */
  const tail = (out: string, from: string) => {
    const lines = out.split('\n')
    const at = lines[0].indexOf(from)
    expect(at).toBeGreaterThan(0)
    return lines.map((l) => `${l.split(/ +/).slice(0, 2).join(' ')} | ${l.slice(at)}`)
  }

  test('-L: the same label columns, headers and blank cells (a prefixed key is headed by its last segment)', async () => {
    const {real, ours} = await both('gateways', '-A', '-L', 'app,tier', '-L', 'example.com/x', '--show-labels')
    expect(ours.code).toBe(0)
    expect(tail(ours.stdout, 'APP')).toEqual(tail(real.stdout, 'APP'))
    expect(ours.stdout.split('\n')[0]).toMatch(/ AGE +APP +TIER +X +LABELS$/)
  })

  test('--field-selector goes to the server with each list call', async () => {
    const before = server.requests.length
    const r = await run(['get', 'routes', '-A', '--field-selector', 'metadata.namespace=shop,metadata.name!=store', '-o', 'name', '--kubeconfig', kubeconfig])
    expect(r.code).toBe(0)
    const lists = server.requests.slice(before).filter((q) => q.query.limit !== undefined)
    expect(lists.length).toBeGreaterThan(1)
    for (const q of lists) expect(q.query.fieldSelector).toBe('metadata.namespace=shop,metadata.name!=store')
    expect(r.stdout).not.toMatch(/\/store\n/)
  })

  test('from files: the same output as from the cluster, the field selector applied locally', async () => {
    const file = join(dir, 'world.yaml')
    await writeFile(file, world())
    for (const args of [
      ['gateways', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}'],
      ['routes', '-A', '--field-selector', 'metadata.namespace=shop,metadata.name!=store', '-o', 'name'],
      ['httproutes', '-A', '--sort-by=.metadata.name', '-o', 'custom-columns=NAME:.metadata.name,HOSTS:.spec.hostnames'],
    ]) {
      const fromCluster = await run(['get', ...args, '--kubeconfig', kubeconfig])
      const fromFiles = await run(['get', ...args, '-f', file])
      expect(fromFiles, args.join(' ')).toEqual(fromCluster)
      expect(fromFiles.stdout).not.toBe('')
    }
  })

  test('--sort-by on a table: the same row order', async () => {
    for (const key of ['.metadata.name', '.metadata.labels.app', '{.metadata.creationTimestamp}']) {
      const {real, ours} = await both('gateways', '-A', `--sort-by=${key}`)
      const names = (o: Out) => o.stdout.trim().split('\n').map((l) => l.split(/ +/).slice(0, 2).join('/'))
      expect(names(ours)).toEqual(names(real))
    }
  })
})
