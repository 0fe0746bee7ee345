// `get -f` and `--help` must not load @kubernetes/client-node (~0.5 s of startup): only the cluster
// source imports it, lazily, and then as the build's tree-shaken bundle (dist/src/sources/client-node.js),
// never the package itself. A module loader hook records every module URL the process resolves.

import {chmod, readFile} from 'node:fs/promises'
import {pathToFileURL} from 'node:url'
import {stringify} from 'yaml'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {startApiServer, crdsFor, type ApiServer} from '../support/apiserver.js'
import {fixture, requireBuild, run, type Fixture} from './get-helpers.js'
import {world} from './get-world.js'

let fx: Fixture
let file: string
let register: string
let server: ApiServer

beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  file = await fx.write('world.yaml', world())
  const hooks = await fx.write(
    'hooks.mjs',
    `import {appendFileSync} from 'node:fs'
let log
export function initialize(data) { log = data.log }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(log, result.url + '\\n')
  return result
}
`,
  )
  register = await fx.write(
    'register.mjs',
    `import {register} from 'node:module'
register(${JSON.stringify(pathToFileURL(hooks).href)}, {data: {log: process.env.GW_MODULE_LOG}})
`,
  )
})
afterAll(async () => {
  await server?.close()
  await fx?.cleanup()
})

async function modulesLoadedBy(args: string[], name: string): Promise<{urls: string[]; code: number | null}> {
  const log = `${fx.dir}/${name}.log`
  const r = await run(args, {nodeArgs: ['--import', pathToFileURL(register).href], env: {GW_MODULE_LOG: log}})
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean)
  return {urls, code: r.code}
}

describe.concurrent('modules loaded', () => {
  test('get -f: the file source and yaml, never client-node', async () => {
    const {urls, code} = await modulesLoadedBy(['get', 'routes', '-A', '-f', file], 'get-f')
    expect(code).toBe(0)
    // The hook works: it saw the command, the file source and the yaml parser.
    expect(urls.some((u) => u.endsWith('/dist/commands/get.js'))).toBe(true)
    expect(urls.some((u) => u.endsWith('/dist/src/sources/files.js'))).toBe(true)
    expect(urls.some((u) => u.includes('/node_modules/yaml/'))).toBe(true)
    expect(urls.filter((u) => u.includes('@kubernetes/client-node'))).toEqual([])
    expect(urls.filter((u) => u.endsWith('/dist/src/sources/cluster.js'))).toEqual([])
    expect(urls.filter((u) => u.endsWith('/dist/src/sources/client-node.js'))).toEqual([])
  })

  test('cluster: client-node comes from the bundle, and its exec credential plugin support works', async () => {
    server = await startApiServer({
      objects: [
        ...crdsFor(),
        {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name: 'web', namespace: 'infra'}, spec: {gatewayClassName: 'c', listeners: []}},
      ],
    })
    // The token only reaches the server through client-node's exec authenticator: proof that the
    // bundled code runs, not just loads.
    const plugin = await fx.write(
      'cred.sh',
      `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${server.token}"}}'\n`,
    )
    await chmod(plugin, 0o755)
    const kubeconfig = await fx.write(
      'kubeconfig.yaml',
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{name: 'c', cluster: {server: server.url, 'certificate-authority-data': Buffer.from(server.caPem).toString('base64')}}],
        users: [{name: 'u', user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never'}}}],
        contexts: [{name: 'x', context: {cluster: 'c', user: 'u'}}],
        'current-context': 'x',
      }),
    )
    const log = `${fx.dir}/cluster.log`
    const r = await run(['get', 'gateways', '-A', '--kubeconfig', kubeconfig], {nodeArgs: ['--import', pathToFileURL(register).href], env: {GW_MODULE_LOG: log}})
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^infra\s+web\s/m)
    const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean)
    expect(urls.some((u) => u.endsWith('/dist/src/sources/client-node.js'))).toBe(true)
    // Built without the bundle step, the re-export would pull the whole package from node_modules.
    expect(urls.filter((u) => u.includes('/node_modules/@kubernetes/client-node/'))).toEqual([])
  })

  test('get --help', async () => {
    const {urls, code} = await modulesLoadedBy(['get', '--help'], 'help')
    expect(code).toBe(0)
    expect(urls.some((u) => u.includes('@oclif/core'))).toBe(true)
    expect(urls.filter((u) => u.includes('@kubernetes/client-node'))).toEqual([])
  })
})
