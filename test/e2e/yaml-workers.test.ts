// Large inputs are parsed by worker threads (src/sources/yaml-pool.ts). The pool must change how fast
// documents are read, never what is read: the same output, warnings, errors and exit code with and
// without workers, over every kind of file the main thread treats specially.

import {readFile} from 'node:fs/promises'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {fixture, requireBuild, run, type Fixture} from './get-helpers.js'

let fx: Fixture
let dir: string
let big: string
let dump: string

function route(i: number): string {
  return [
    'apiVersion: gateway.networking.k8s.io/v1',
    'kind: HTTPRoute',
    'metadata:',
    `  name: route-${i}`,
    `  namespace: ns-${i % 7}`,
    '  labels: {app: shop}',
    'spec:',
    '  parentRefs:',
    '  - name: edge',
    '    namespace: infra',
    '  hostnames:',
    `  - "app-${i}.example.com"`,
    '  rules:',
    '  - backendRefs:',
    `    - name: svc-${i}`,
    '      port: 80',
    'status:',
    '  parents: []',
  ].join('\n')
}

beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  // Over 512 kB: the first such file starts the pool, and every later file goes through it.
  big = await fx.write('in/a-big.yaml', Array.from({length: 2500}, (_, i) => route(i)).join('\n---\n') + '\n')
  await fx.write(
    'in/b-gateway.yaml',
    'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: infra}\nspec:\n  gatewayClassName: c\n  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]\n',
  )
  // The precise reader: anchors, a tag.
  await fx.write('in/c-anchors.yaml', 'apiVersion: v1\nkind: Service\nmetadata: &m {name: svc-1, namespace: ns-1}\nspec: {ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: !!str svc-2, namespace: ns-2}\nspec: {ports: [{port: 80}]}\n')
  // Numbers JSON cannot carry stay with js-yaml on the main thread (and are warned about as wrong types).
  await fx.write('in/d-inf.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: svc-3, namespace: ns-3}\nspec: {ports: [{port: .inf}]}\n')
  // A syntax error in the second document; the others load.
  await fx.write('in/e-broken.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: svc-4, namespace: ns-4}\n---\nkind: [\n---\napiVersion: v1\nkind: Service\nmetadata: {name: svc-5, namespace: ns-5}\n')
  await fx.write('in/f-stream.json', '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc-6", "namespace": "ns-6"}}\n{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc-7", "namespace": "ns-6"}}')
  await fx.write('in/g-bom.yaml', '\ufeffapiVersion: v1\nkind: Service\nmetadata: {name: svc-8, namespace: ns-0}\n')
  // Defined twice (a-big.yaml has it too): a warning naming both places.
  await fx.write('in/h-dup.yaml', route(3) + '\n')
  dir = `${fx.dir}/in`
  dump = await fx.write(
    'cjs-dump.cjs',
    `const {writeFileSync} = require('node:fs')
const {isMainThread} = require('node:worker_threads')
if (isMainThread) process.on('exit', () => writeFileSync(process.env.GW_CJS_LOG, Object.keys(require('node:module')._cache).join('\\n')))
`,
  )
})
afterAll(() => fx?.cleanup())

describe.concurrent('with and without workers', () => {
  test.each([
    [['get', 'httproutes,services,gateways', '-A', '-o', 'json']],
    [['describe', 'httproutes', '-A']],
    [['analyze', '-A', '--local', '--fail-on', 'none']],
  ])('%j: the same stdout, stderr and exit code', async (args) => {
    const without = await run([...args, '-f', dir], {env: {KUBECTL_GW_YAML_WORKERS: '0'}})
    const withWorkers = await run([...args, '-f', dir], {env: {KUBECTL_GW_YAML_WORKERS: '2'}})
    expect(without.stdout.length).toBeGreaterThan(1000)
    expect(without.stderr).toMatch(/e-broken\.yaml \(document 2\)/)
    expect(without.stderr).toMatch(/defined twice/)
    expect(withWorkers).toEqual(without)
  })

  test('the workers do read: with them the main thread never loads js-yaml for a plain large file', async () => {
    const logs = {on: `${fx.dir}/on.log`, off: `${fx.dir}/off.log`}
    const on = await run(['get', 'httproutes', '-A', '-o', 'name', '-f', big], {nodeArgs: ['--require', dump], env: {KUBECTL_GW_YAML_WORKERS: '2', GW_CJS_LOG: logs.on}})
    const off = await run(['get', 'httproutes', '-A', '-o', 'name', '-f', big], {nodeArgs: ['--require', dump], env: {KUBECTL_GW_YAML_WORKERS: '0', GW_CJS_LOG: logs.off}})
    expect(on).toEqual(off)
    expect(on.stdout.split('\n').filter(Boolean)).toHaveLength(2500)
    const jsYamlIn = async (log: string) => (await readFile(log, 'utf8')).split('\n').some((p) => p.includes('/node_modules/js-yaml/'))
    expect(await jsYamlIn(logs.off)).toBe(true)
    expect(await jsYamlIn(logs.on)).toBe(false)
  })
})
