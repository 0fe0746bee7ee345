// A 403 on one kind, through the built CLI against the test API server: the kubectl-style warning,
// then one summary warning per affected class of conclusions (stderr only, so -o json stays
// parseable), the unverified mark at the verdict in `describe`, the `unverified` JSON field, and
// `analyze` reporting the finding as unverified (a warning, so the default --fail-on error passes).

import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {requireBuild, run} from './get-helpers.js'

const GW = 'gateway.networking.k8s.io'

function objects(): K8sObject[] {
  const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}})
  return [
    ns('infra'),
    ns('shop', {env: 'prod'}),
    ns('web'),
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'example.com/edge'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}},
    {
      apiVersion: `${GW}/v1`,
      kind: 'Gateway',
      metadata: {name: 'web', namespace: 'infra'},
      spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {env: 'prod'}}}}}]},
    },
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'backend', namespace: 'web'}, spec: {ports: [{port: 8080}]}},
    // Permits the route's backendRef: readable, nothing is wrong; forbidden, the permission is unverified.
    {
      apiVersion: `${GW}/v1`,
      kind: 'ReferenceGrant',
      metadata: {name: 'shop-to-web', namespace: 'web'},
      spec: {from: [{group: GW, kind: 'HTTPRoute', namespace: 'shop'}], to: [{group: '', kind: 'Service'}]},
    },
    {
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: {name: 'store', namespace: 'shop'},
      spec: {parentRefs: [{name: 'web', namespace: 'infra'}], rules: [{backendRefs: [{name: 'backend', namespace: 'web', port: 8080}]}]},
    },
  ]
}

interface Env {
  server: ApiServer
  kubeconfig: string
}

let dir: string
let open: Env
let grantsLocked: Env
let namespacesLocked: Env

async function start(resource?: {group: string; resource: string}): Promise<Env> {
  const server = await startApiServer({objects: [...crdsFor(), ...objects()], forbidden: resource ? [resource] : []})
  return {server, kubeconfig: server.writeKubeconfig(dir, {namespace: 'shop'})}
}

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-unreadable-'))
  open = await start()
  grantsLocked = await start({group: GW, resource: 'referencegrants'})
  namespacesLocked = await start({group: '', resource: 'namespaces'})
})
afterAll(async () => {
  await open?.server.close()
  await grantsLocked?.server.close()
  await namespacesLocked?.server.close()
  await rm(dir, {recursive: true, force: true})
})

const gw = (env: Env, ...args: string[]) => run([...args, '--kubeconfig', env.kubeconfig])

test('everything readable: no warning, no unverified field, no finding', async () => {
  const d = await gw(open, 'describe', 'httproute', 'store', '-o', 'json')
  expect(d.stderr).toBe('')
  expect(JSON.parse(d.stdout)[0].unverified).toBeUndefined()
  const a = await gw(open, 'analyze', '-A')
  expect(a).toMatchObject({code: 0, stderr: '', stdout: expect.stringMatching(/^No problems found in [1-9][0-9]* Gateway API objects in all namespaces\.\n$/)})
})

describe('ReferenceGrants forbidden', () => {
  const CAVEAT = 'Warning: ReferenceGrants could not be read: RefNotPermitted verdicts are unverified'

  test('describe: the 403 warning, then the summary once; the verdict marked in place', async () => {
    const r = await gw(grantsLocked, 'describe', 'httproute', 'store')
    expect(r.code).toBe(0)
    const lines = r.stderr.trim().split('\n')
    expect(lines[0]).toMatch(/^Warning: referencegrants\.gateway\.networking\.k8s\.io is forbidden: User "test-user" cannot list resource "referencegrants"/)
    expect(lines.filter((l) => l === CAVEAT)).toHaveLength(1)
    expect(lines.indexOf(CAVEAT)).toBeGreaterThan(0)
    expect(r.stdout).toContain('Service web/backend:8080 [spec.rules[0].backendRefs[0]]: unverified: ReferenceGrants could not be read (possibly RefNotPermitted)')
    expect(r.stdout).toContain('ResolvedRefs:  True (ResolvedRefs)')
    expect(r.stdout).not.toContain('Warning')
  })

  test('describe -o json: parseable stdout with the unverified field', async () => {
    const r = await gw(grantsLocked, 'describe', 'httproute', 'store', '-o', 'json')
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(CAVEAT)
    const [entry] = JSON.parse(r.stdout)
    expect(entry.unverified).toEqual([{path: 'spec.rules[0].backendRefs[0]', conclusion: 'RefNotPermitted', reason: 'ReferenceGrants could not be read'}])
    expect(entry.computedStatus.parents[0].conditions).toContainEqual(expect.objectContaining({type: 'ResolvedRefs', status: 'True'}))
  })

  test('analyze: RefNotPermitted is an unverified warning, exit 0 with the default --fail-on', async () => {
    const r = await gw(grantsLocked, 'analyze', '-A', '-o', 'json')
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(CAVEAT)
    const {findings} = JSON.parse(r.stdout)
    expect(findings.filter((f: {code: string}) => f.code === 'RefNotPermitted')).toEqual([
      expect.objectContaining({severity: 'warning', unverified: 'ReferenceGrants could not be read', subject: 'spec.rules[0].backendRefs[0]'}),
    ])
    const strict = await gw(grantsLocked, 'analyze', '-A', '--fail-on', 'warning')
    expect(strict.code).toBe(3)
    expect(strict.stdout).toContain('RefNotPermitted (unverified: ReferenceGrants could not be read): ')
  })
})

describe('Namespaces forbidden', () => {
  const CAVEAT = 'Warning: Namespaces could not be read: allowedRoutes and allowedListeners namespace selector verdicts are unverified'

  test('describe: the summary warning, and the attachment marked as assumed', async () => {
    const r = await gw(namespacesLocked, 'describe', 'httproute', 'store')
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^Warning: namespaces is forbidden: /)
    expect(r.stderr.trim().split('\n').filter((l) => l === CAVEAT)).toHaveLength(1)
    expect(r.stdout).toContain('Verdict:   ATTACHED to http (unverified: Namespaces could not be read; possibly NotAllowedByListeners)')
  })

  test('describe -o json: the parentRef is listed as unverified', async () => {
    const r = await gw(namespacesLocked, 'describe', 'httproute', 'store', '-o', 'json')
    const [entry] = JSON.parse(r.stdout)
    expect(entry.unverified).toEqual([{path: 'spec.parentRefs[0]', conclusion: 'NotAllowedByListeners', reason: 'Namespaces could not be read'}])
  })

  test('analyze: a possible NotAllowedByListeners, unverified', async () => {
    const r = await gw(namespacesLocked, 'analyze', '-A', '-o', 'json')
    expect(r.code).toBe(0)
    const {findings} = JSON.parse(r.stdout)
    expect(findings.filter((f: {code: string}) => f.code === 'RouteNotAccepted')).toEqual([
      expect.objectContaining({severity: 'warning', unverified: 'Namespaces could not be read', subject: 'parentRefs[0]:NotAllowedByListeners'}),
    ])
  })
})
