// describe and analyze through the built CLI against the test API server: Secrets are read as metadata
// where references point and fetched one by one where a check reads them; a 403 on the get of one
// Secret leaves that certificate reference unverified, warned once, and the rest of the verdicts stand.

import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {requireBuild, run} from './get-helpers.js'

const GW = 'gateway.networking.k8s.io'
const tls = (name: string): K8sObject => ({apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: {name, namespace: 'infra'}, data: {'tls.crt': 'Yw==', 'tls.key': 'aw=='}})

const objects: K8sObject[] = [
  ...crdsFor(),
  {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'infra'}},
  {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'example.com/edge'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}},
  {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: {name: 'web', namespace: 'infra'},
    spec: {
      gatewayClassName: 'edge',
      listeners: [
        {name: 'locked', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', tls: {certificateRefs: [{name: 'locked-cert'}]}},
        {name: 'open', port: 443, protocol: 'HTTPS', hostname: 'b.example.com', tls: {certificateRefs: [{name: 'open-cert'}]}},
        {name: 'missing', port: 443, protocol: 'HTTPS', hostname: 'c.example.com', tls: {certificateRefs: [{name: 'no-such-cert'}]}},
      ],
    },
  },
  tls('locked-cert'),
  tls('open-cert'),
  {apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: {name: 'sh.helm.release.v1.web.v1', namespace: 'infra', labels: {owner: 'helm'}}, data: {release: 'H4sI'.padEnd(50_000, 'A')}},
]

let dir: string
let server: ApiServer
let kubeconfig: string

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-referenced-'))
  server = await startApiServer({objects, forbidden: [{group: '', resource: 'secrets', namespace: 'infra', name: 'locked-cert'}]})
  kubeconfig = server.writeKubeconfig(dir)
})
afterAll(async () => {
  await server?.close()
  await rm(dir, {recursive: true, force: true})
})

const secretRequests = (from: number) => server.requests.slice(from).filter((r) => r.path.includes('/secrets'))

test('describe: metadata list, one get per referenced Secret, the refused one unverified and warned once', async () => {
  const before = server.requests.length
  const r = await run(['describe', 'gateway', 'web', '-n', 'infra', '--kubeconfig', kubeconfig])
  expect(r.code).toBe(0)
  const warning = 'Warning: secrets "locked-cert" is forbidden: User "test-user" cannot get resource "secrets" in API group "" in the namespace "infra"'
  expect(r.stderr.split('\n').filter((l) => l === warning)).toHaveLength(1)
  expect(r.stdout).toContain('Secret infra/locked-cert could not be read')
  expect(r.stdout).toMatch(/no-such-cert[^\n]*does not exist/)
  const reqs = secretRequests(before)
  expect(reqs.filter((q) => q.query.limit !== undefined).map((q) => `${q.path} ${q.accept}`)).toEqual([
    '/api/v1/namespaces/infra/secrets application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
  ])
  expect(reqs.filter((q) => q.query.limit === undefined).map((q) => q.path).sort()).toEqual(['/api/v1/namespaces/infra/secrets/locked-cert', '/api/v1/namespaces/infra/secrets/open-cert'])
  // The Helm release never crossed the wire: the metadata list is small.
  expect(reqs.reduce((n, q) => n + (q.bytes ?? 0), 0)).toBeLessThan(5_000)
})

test('analyze: the missing certificate is found, the unreadable one is not called broken', async () => {
  const r = await run(['analyze', '-A', '--kubeconfig', kubeconfig, '--fail-on', 'none'])
  expect(r.code).toBe(0)
  expect(r.stdout).toContain('no-such-cert')
  expect(r.stdout).not.toMatch(/locked-cert[^\n]*does not exist/)
})
