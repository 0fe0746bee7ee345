// Objects that are usable but not as written, end to end (files and the test API server): a port
// given as a string, listeners that are not a list, parentRefs given as an object, kinds kubectl-gw does
// not read, an apiVersion it does not know, an object without a name. The rest of the input is still
// processed, the object and the field are named, exit 1 only when an object is unusable, and never a
// stack trace.

import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {fixture, requireBuild, run, type Fixture} from './get-helpers.js'

const GW = 'gateway.networking.k8s.io'

const objects: K8sObject[] = [
  {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'gc'}, spec: {controllerName: 'example.com/ctl'}},
  {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'port-string', namespace: 'ns'}, spec: {gatewayClassName: 'gc', listeners: [{name: 'http', port: '80', protocol: 'HTTP'}]}},
  {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'listeners-map', namespace: 'ns'}, spec: {gatewayClassName: 'gc', listeners: {name: 'http', port: 80, protocol: 'HTTP'}}},
  {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'good', namespace: 'ns'}, spec: {gatewayClassName: 'gc', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}},
  {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'parents-map', namespace: 'ns'}, spec: {parentRefs: {name: 'good'}}},
  {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'fine', namespace: 'ns'}, spec: {parentRefs: [{name: 'good'}]}},
]
const strangers = [
  {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'app', namespace: 'ns'}},
  {apiVersion: `${GW}/v9`, kind: 'Gateway', metadata: {name: 'future', namespace: 'ns'}, spec: {gatewayClassName: 'gc', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}},
  {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w', namespace: 'ns'}},
]

const STACK = /\n\s+at /

let fx: Fixture
let file: string
beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  file = await fx.write('shapes.yaml', [...objects, ...strangers].map((o) => JSON.stringify(o)).join('\n'))
})
afterAll(() => fx?.cleanup())

describe.concurrent('from files', () => {
  test('get lists every object, wrong types and all, and exits 0', async () => {
    const r = await run(['get', 'gateways,httproutes', '-n', 'ns', '-o', 'name', '-f', file])
    expect(r.code).toBe(0)
    expect(r.stderr).not.toMatch(STACK)
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(
      ['future', 'good', 'listeners-map', 'port-string'].map((n) => `gateway.${GW}/${n}`).concat([`httproute.${GW}/fine`, `httproute.${GW}/parents-map`]),
    )
    // Each wrong type is a warning naming file, document, object and field (src/load.ts -> inputNotes).
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('Warning: '))
    expect(warnings.some((l) => l.includes('"listeners-map"') && l.includes('spec.listeners is an object, not a list'))).toBe(true)
    expect(warnings.some((l) => l.includes('"parents-map"') && l.includes('spec.parentRefs'))).toBe(true)
    expect(warnings.every((l) => l.includes(file))).toBe(true)
  })

  test('describe names the object and the field of each wrong type; the good objects are unaffected', async () => {
    const r = await run(['describe', 'gateways,httproutes', '-n', 'ns', '-f', file])
    expect(r.code).toBe(0)
    expect(r.stderr).not.toMatch(STACK)
    const sections = new Map(r.stdout.split('\n\n\n').map((s) => [/^Name: +(\S+)/.exec(s)?.[1], s]))
    expect(sections.get('port-string')).toContain('Set spec.listeners[0].port to a number from 1 to 65535.')
    expect(sections.get('port-string')).toContain('port "80" is not a number.')
    expect(sections.get('listeners-map')).toContain('spec.listeners is not a list, so the Gateway has no listeners.')
    expect(sections.get('parents-map')).toContain('Note: spec.parentRefs is not a list, so the route has no parents')
    expect(sections.get('fine')).toMatch(/Verdict: +ATTACHED to http/)
    // The Gateway under an unknown version is still read as a Gateway.
    expect(sections.get('future')).toContain(`Kind:          Gateway (${GW}/v9)`)
  })

  test('analyze --local reports the unusable listener and keeps going', async () => {
    const r = await run(['analyze', '--local', '-n', 'ns', '-f', file])
    expect(r.stderr).not.toMatch(STACK)
    expect(r.stdout).toMatch(/Gateway ns\/port-string\n +ListenerNotAccepted: UnsupportedValue: .*spec\.listeners\[0\]\.port/)
    // Exit 3 is analyze's "findings at or above --fail-on", not an input error.
    expect(r.code).toBe(3)
  })

  test('an object without a name: one error line naming file, document and field, the rest printed, exit 1', async () => {
    const noname = await fx.write('noname.yaml', `${JSON.stringify(objects[3])}\n{"apiVersion": "${GW}/v1", "kind": "Gateway", "metadata": {"namespace": "ns"}}\n`)
    for (const cmd of [['get', 'gateways', '-o', 'name'], ['describe', 'gateways']]) {
      const r = await run([...cmd, '-n', 'ns', '-f', noname])
      expect(r.code, cmd.join(' ')).toBe(1)
      expect(r.stdout, cmd.join(' ')).toContain('good')
      expect(r.stderr, cmd.join(' ')).toBe(`error: ${noname} (document 2): Gateway has no metadata.name\n`)
    }
  })
})

describe('from a cluster', () => {
  let server: ApiServer
  let dir: string
  let kubeconfig: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-shapes-'))
    const nameless = {apiVersion: `${GW}/v1`, kind: 'GatewayList', metadata: {resourceVersion: '1'}, items: [{metadata: {namespace: 'other'}}, {...objects[3], metadata: {name: 'good', namespace: 'other'}}]}
    server = await startApiServer({
      objects: [...crdsFor(), ...objects],
      faults: [{path: `/apis/${GW}/v1/namespaces/other/gateways`, times: Infinity, body: JSON.stringify(nameless)}],
    })
    kubeconfig = server.writeKubeconfig(dir, {namespace: 'ns'})
  })
  afterAll(async () => {
    await server?.close()
    await rm(dir, {recursive: true, force: true})
  })

  test('objects served with wrong field types are listed and described, naming the field', async () => {
    const get = await run(['get', 'gateways', '-o', 'name', '--kubeconfig', kubeconfig])
    expect(get.code).toBe(0)
    expect(get.stdout).toBe(['good', 'listeners-map', 'port-string'].map((n) => `gateway.${GW}/${n}\n`).join(''))
    const d = await run(['describe', 'gateways', 'listeners-map', 'port-string', '--kubeconfig', kubeconfig])
    expect(d.code).toBe(0)
    expect(d.stderr).not.toMatch(STACK)
    expect(d.stdout).toContain('spec.listeners is not a list, so the Gateway has no listeners.')
    expect(d.stdout).toContain('Set spec.listeners[0].port to a number from 1 to 65535.')
    const routes = await run(['describe', 'httproute', 'parents-map', '--kubeconfig', kubeconfig])
    expect(routes.stdout).toContain('Note: spec.parentRefs is not a list, so the route has no parents')
  })

  test('a listed item without a name: a warning naming the list, the rest printed, exit 0', async () => {
    const r = await run(['get', 'gateways', '-n', 'other', '-o', 'name', '--kubeconfig', kubeconfig])
    expect(r).toEqual({code: 0, stdout: `gateway.${GW}/good\n`, stderr: `Warning: ignored 1 item(s) without a name in the list of gateways.${GW}\n`})
  })
})
