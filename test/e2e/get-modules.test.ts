// `get -f` and `--help` must not load @kubernetes/client-node (~0.5 s of startup): only the cluster
// source imports it, lazily, and then as the build's tree-shaken bundle (dist/src/sources/client-node.js),
// never the package itself. A module loader hook records every module URL the process resolves.
// These run the modules themselves (KUBECTL_GW_BUNDLE=0, what a build without the start-up bundles
// runs); test/e2e/startup.test.ts checks the same of the bundles bin/run.js loads by default.

import {chmod, readFile} from 'node:fs/promises'
import {pathToFileURL} from 'node:url'
import {stringify} from 'yaml'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {startApiServer, crdsFor, type ApiServer} from '../support/apiserver.js'
import {fixture, moduleLoggers, requireBuild, run, type Fixture} from './get-helpers.js'
import {world} from './get-world.js'

let fx: Fixture
let file: string
let register: string
let cjsDump: string
let server: ApiServer

beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  file = await fx.write('world.yaml', world())
  ;({register, cjsDump} = await moduleLoggers(fx))
})
afterAll(async () => {
  await server?.close()
  await fx?.cleanup()
})

async function modulesLoadedBy(args: string[], name: string): Promise<{urls: string[]; required: string[]; code: number | null}> {
  const log = `${fx.dir}/${name}.log`
  const cjsLog = `${fx.dir}/${name}.cjs.log`
  const r = await run(args, {nodeArgs: ['--import', pathToFileURL(register).href, '--require', cjsDump], env: {GW_MODULE_LOG: log, GW_CJS_LOG: cjsLog, KUBECTL_GW_BUNDLE: '0'}})
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean)
  const required = (await readFile(cjsLog, 'utf8')).split('\n').filter(Boolean)
  return {urls, required, code: r.code}
}

describe.concurrent('modules loaded', () => {
  test('get -f: the file source and js-yaml (CommonJS build), never client-node or yaml', async () => {
    const {urls, required, code} = await modulesLoadedBy(['get', 'routes', '-A', '-f', file], 'get-f')
    expect(code).toBe(0)
    // The hook works: it saw the command and the file source.
    expect(urls.some((u) => u.endsWith('/dist/commands/get.js'))).toBe(true)
    expect(urls.some((u) => u.endsWith('/dist/src/sources/files.js'))).toBe(true)
    // Both YAML libraries come through require() on first use (src/yaml-libraries.ts), never import.
    expect(urls.filter((u) => u.includes('/node_modules/yaml/'))).toEqual([])
    expect(urls.filter((u) => u.includes('@kubernetes/client-node'))).toEqual([])
    expect(urls.filter((u) => u.endsWith('/dist/src/sources/cluster.js'))).toEqual([])
    expect(urls.filter((u) => u.endsWith('/dist/src/sources/client-node.js'))).toEqual([])
    // js-yaml's ES module build parses 2.5x slower than its CommonJS build, which is the one used.
    expect(urls.filter((u) => u.includes('/node_modules/js-yaml/'))).toEqual([])
    expect(required.filter((p) => p.includes('/node_modules/js-yaml/'))).toEqual([expect.stringMatching(/js-yaml\.cjs\.js$/)])
    // A plain file never needs the `yaml` package (30 ms to load).
    expect(required.filter((p) => p.includes('/node_modules/yaml/'))).toEqual([])
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
    const cjsLog = `${fx.dir}/cluster.cjs.log`
    const r = await run(['get', 'gateways', '-A', '--kubeconfig', kubeconfig], {
      nodeArgs: ['--import', pathToFileURL(register).href, '--require', cjsDump],
      env: {GW_MODULE_LOG: log, GW_CJS_LOG: cjsLog, KUBECTL_GW_BUNDLE: '0'},
    })
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^infra\s+web\s/m)
    const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean)
    // A table from the cluster reads the kubeconfig with js-yaml; `yaml` (30 ms to load) stays unloaded.
    const required = (await readFile(cjsLog, 'utf8')).split('\n').filter(Boolean)
    expect(required.some((p) => p.includes('/node_modules/js-yaml/'))).toBe(true)
    expect(required.filter((p) => p.includes('/node_modules/yaml/'))).toEqual([])
    expect(urls.filter((u) => u.includes('/node_modules/yaml/'))).toEqual([])
    expect(urls.some((u) => u.endsWith('/dist/src/sources/client-node.js'))).toBe(true)
    // Built without the bundle step, the re-export would pull the whole package from node_modules.
    expect(urls.filter((u) => u.includes('/node_modules/@kubernetes/client-node/'))).toEqual([])
    // The bundle is slim (scripts/bundle-client-node.mjs): no generated API models, no whatwg-url/tr46.
    const bundle = await readFile(new URL('../../dist/src/sources/client-node.js', import.meta.url), 'utf8')
    expect(bundle).not.toContain('ObjectSerializer')
    expect(bundle).not.toContain('node_modules/tr46')
  })

  test('get --help', async () => {
    const {urls, code} = await modulesLoadedBy(['get', '--help'], 'help')
    expect(code).toBe(0)
    expect(urls.some((u) => u.includes('@oclif/core'))).toBe(true)
    expect(urls.filter((u) => u.includes('@kubernetes/client-node'))).toEqual([])
  })
})
