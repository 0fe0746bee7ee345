// `describe` against the test API server ends with the object's Events, as kubectl describe does: one
// list request (events.k8s.io/v1, narrowed by field selectors), core v1 when that API is not served,
// a one-line warning and no section on a 403, nothing at all with --show-events=false or from files.
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor} from '../support/apiserver-crds.js'
import {startApiServer, type ApiServer, type ApiServerOptions} from '../support/apiserver.js'
import {requireBuild, run} from './get-helpers.js'

const GW = 'gateway.networking.k8s.io'
const ago = (ms: number) => new Date(Date.now() - ms).toISOString()
const MIN = 60_000

const world: K8sObject[] = [
  {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'example.com/edge'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}},
  {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'gw', namespace: 'front', uid: 'gw-uid'}, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}},
  {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'web', namespace: 'front', uid: 'web-uid'}, spec: {parentRefs: [{name: 'gw'}]}},
  {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'quiet', namespace: 'front', uid: 'quiet-uid'}, spec: {parentRefs: [{name: 'gw'}]}},
  {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'far', namespace: 'back'}, spec: {parentRefs: [{name: 'gw', namespace: 'front'}]}},
]

const events: K8sObject[] = [
  // The newest, in the events.k8s.io form.
  {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: {name: 'web.2', namespace: 'front'},
    regarding: {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', namespace: 'front', name: 'web', uid: 'web-uid'},
    type: 'Warning',
    reason: 'RefNotPermitted',
    note: 'backend in another namespace\n',
    reportingController: 'example.com/edge',
    eventTime: ago(20 * MIN + 30_000),
  } as K8sObject,
  // Older and repeated, in the core form.
  {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {name: 'web.1', namespace: 'front'},
    involvedObject: {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', namespace: 'front', name: 'web', uid: 'web-uid'},
    type: 'Normal',
    reason: 'Accepted',
    message: 'Route accepted',
    source: {component: 'edge-controller'},
    firstTimestamp: ago(5 * 60 * MIN + 30_000),
    lastTimestamp: ago(4 * 60 * MIN + 30_000),
    count: 3,
  } as K8sObject,
  // An earlier object of the same name (another uid), and Istio's Gateway of the same name: not ours.
  {apiVersion: 'v1', kind: 'Event', metadata: {name: 'web.0', namespace: 'front'}, involvedObject: {kind: 'HTTPRoute', namespace: 'front', name: 'web', uid: 'old-uid'}, type: 'Normal', reason: 'Old', message: 'gone', lastTimestamp: ago(MIN)} as K8sObject,
  {apiVersion: 'v1', kind: 'Event', metadata: {name: 'gw.istio', namespace: 'front'}, involvedObject: {apiVersion: 'networking.istio.io/v1', kind: 'Gateway', namespace: 'front', name: 'gw'}, type: 'Normal', reason: 'Istio', message: 'not the Gateway API one', lastTimestamp: ago(MIN)} as K8sObject,
  {apiVersion: 'v1', kind: 'Event', metadata: {name: 'gw.1', namespace: 'front'}, involvedObject: {apiVersion: `${GW}/v1`, kind: 'Gateway', namespace: 'front', name: 'gw', uid: 'gw-uid'}, type: 'Normal', reason: 'Programmed', message: 'ok', source: {component: 'edge-controller'}, lastTimestamp: ago(MIN), firstTimestamp: ago(MIN)} as K8sObject,
]

let dir: string
beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-events-'))
})
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

async function describeWith(opts: Partial<ApiServerOptions>, ...args: string[]): Promise<{stdout: string; stderr: string; code: number | null; server: ApiServer}> {
  const server = await startApiServer({objects: [...crdsFor(), ...world, ...events], ...opts})
  try {
    const r = await run(['describe', ...args, '--kubeconfig', server.writeKubeconfig(dir, {namespace: 'front'})])
    return {...r, server}
  } finally {
    await server.close()
  }
}

const eventCalls = (s: ApiServer) => s.requests.filter((r) => r.path.endsWith('/events'))

describe('describe shows Events', () => {
  test("one object: kubectl's table, oldest first, repeated events with their count; one narrowed list call", async () => {
    const r = await describeWith({}, 'httproute', 'web')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const table = r.stdout.slice(r.stdout.indexOf('\nEvents:\n') + 1).trimEnd().split('\n')
    expect(table).toEqual([
      'Events:',
      '  Type     Reason           Age              From              Message',
      '  ----     ------           ----             ----              -------',
      '  Normal   Accepted         4h (x3 over 5h)  edge-controller   Route accepted',
      '  Warning  RefNotPermitted  20m              example.com/edge  backend in another namespace',
    ])
    expect(r.stdout.endsWith('backend in another namespace\n')).toBe(true)
    expect(r.stdout).not.toContain('gone')
    const calls = eventCalls(r.server)
    expect(calls).toHaveLength(1)
    expect(calls[0].path).toBe('/apis/events.k8s.io/v1/namespaces/front/events')
    expect(calls[0].query.fieldSelector).toBe('regarding.kind=HTTPRoute,regarding.name=web,regarding.uid=web-uid')
  })

  test('an object without events says <none>', async () => {
    const r = await describeWith({}, 'httproute', 'quiet')
    expect(r.stdout).toMatch(/\nEvents: +<none>\n$/)
  })

  test('several kinds across namespaces: one list per kind, and -o json carries events per object', async () => {
    const r = await describeWith({}, 'gateways,httproutes', '-A', '-o', 'json')
    expect(r.code).toBe(0)
    const entries = JSON.parse(r.stdout) as {kind: string; name: string; events: {reason: string; age: string; from: string; count: number}[]}[]
    const of = (kind: string, name: string) => entries.find((e) => e.kind === kind && e.name === name)!.events
    expect(of('Gateway', 'gw').map((e) => e.reason)).toEqual(['Programmed'])
    expect(of('HTTPRoute', 'web').map((e) => [e.reason, e.age, e.count])).toEqual([
      ['Accepted', '4h (x3 over 5h)', 3],
      ['RefNotPermitted', '20m', 1],
    ])
    expect(of('HTTPRoute', 'quiet')).toEqual([])
    const calls = eventCalls(r.server)
    // One list per kind: Gateways are all in front (one, by name); HTTPRoutes span namespaces.
    expect(calls.map((c) => [c.path, c.query.fieldSelector])).toEqual([
      ['/apis/events.k8s.io/v1/namespaces/front/events', 'regarding.kind=Gateway,regarding.name=gw,regarding.uid=gw-uid'],
      ['/apis/events.k8s.io/v1/events', 'regarding.kind=HTTPRoute'],
    ])
    // In one namespace, one kind: that namespace's list, narrowed to the kind.
    const one = await describeWith({}, 'httproutes', '-n', 'front', '-o', 'json')
    expect(eventCalls(one.server).map((c) => [c.path, c.query.fieldSelector])).toEqual([['/apis/events.k8s.io/v1/namespaces/front/events', 'regarding.kind=HTTPRoute']])
    expect(JSON.parse(one.stdout).map((e: {events: unknown[]}) => e.events.length)).toEqual([0, 2])
  })

  test('a server without events.k8s.io: core v1 events, with involvedObject field selectors', async () => {
    const r = await describeWith({faults: [{path: /^\/apis\/events\.k8s\.io\//, status: 404, times: Infinity}]}, 'httproute', 'web')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Normal   Accepted')
    const calls = eventCalls(r.server)
    expect(calls.map((c) => c.path)).toEqual(['/apis/events.k8s.io/v1/namespaces/front/events', '/api/v1/namespaces/front/events'])
    expect(calls[1].query.fieldSelector).toBe('involvedObject.kind=HTTPRoute,involvedObject.name=web,involvedObject.uid=web-uid')
  })

  test('events forbidden: one warning line, no Events section, exit 0', async () => {
    const r = await describeWith({forbidden: [{group: 'events.k8s.io', resource: 'events'}, {group: '', resource: 'events'}]}, 'httproute', 'web')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('Warning: events.events.k8s.io is forbidden: User "test-user" cannot list resource "events" in API group "events.k8s.io" in the namespace "front" (Events are not shown)\n')
    expect(r.stdout).not.toContain('Events:')
    expect(r.stdout).toContain('Name:          web')
  })

  test('events.k8s.io forbidden but core allowed (a common RBAC rule): core events are shown', async () => {
    const r = await describeWith({forbidden: [{group: 'events.k8s.io', resource: 'events'}]}, 'httproute', 'web')
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('Warning  RefNotPermitted')
  })

  test('--show-events=false: no section and no request', async () => {
    for (const flag of ['--show-events=false', '--no-show-events']) {
      const r = await describeWith({}, 'httproute', 'web', flag)
      expect(r.code).toBe(0)
      expect(r.stdout).not.toContain('Events:')
      expect(eventCalls(r.server)).toEqual([])
    }
  })

  test('from files there are no events to show', async () => {
    const file = join(dir, 'route.yaml')
    await writeFile(file, `apiVersion: ${GW}/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: front}\nspec: {parentRefs: [{name: gw}]}\n`)
    const r = await run(['describe', 'httproute', 'web', '-n', 'front', '-f', file])
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('Events:')
  })

  test('the events list reuses the snapshot\'s client: an exec credential plugin runs once', async () => {
    const server = await startApiServer({objects: [...crdsFor(), ...world, ...events]})
    try {
      const count = join(dir, 'exec-count')
      const plugin = join(dir, 'cred.sh')
      await writeFile(plugin, `#!/bin/sh\necho x >> '${count}'\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${server.token}"}}'\n`)
      await chmod(plugin, 0o755)
      const kubeconfig = join(dir, 'exec-kubeconfig.yaml')
      await writeFile(
        kubeconfig,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{name: 'c', cluster: {server: server.url, 'certificate-authority-data': Buffer.from(server.caPem).toString('base64')}}],
          users: [{name: 'u', user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never'}}}],
          contexts: [{name: 'x', context: {cluster: 'c', user: 'u', namespace: 'front'}}],
          'current-context': 'x',
        }),
      )
      const r = await run(['describe', 'httproute', 'web', '--kubeconfig', kubeconfig])
      expect(r.stderr).toBe('')
      expect(r.stdout).toContain('Warning  RefNotPermitted')
      expect((await readFile(count, 'utf8')).split('\n').filter(Boolean)).toHaveLength(1)
    } finally {
      await server.close()
    }
  })
})
