// The test API server speaks the Kubernetes REST protocol faithfully enough that the real kubectl lists
// from it; these tests check the protocol directly and then through /usr/bin/kubectl.

import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {request} from 'node:https'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, makeCrd, startApiServer, type ApiServer} from './apiserver.js'

const GW = 'gateway.networking.k8s.io'
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'

function gateway(namespace: string, name: string, labels?: Record<string, string>): K8sObject {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: {name, namespace, labels, creationTimestamp: '2024-01-01T00:00:00Z'},
    spec: {gatewayClassName: 'envoy', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]},
  }
}

interface Got {
  status: number
  contentType: string
  body: any
}

function get(server: ApiServer, path: string, opts: {accept?: string; token?: string | null} = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {Accept: opts.accept ?? 'application/json'}
    if (opts.token !== null) headers.Authorization = `Bearer ${opts.token ?? server.token}`
    const req = request(`${server.url}${path}`, {ca: server.caPem, headers}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let body: unknown = text
        try {
          body = JSON.parse(text)
        } catch {
          // Left as text.
        }
        resolve({status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body})
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const objects: K8sObject[] = [
  ...crdsFor(['gateways', 'httproutes', {resource: 'tlsroutes', versions: ['v1alpha2']}]),
  gateway('infra', 'gw-b', {tier: 'edge'}),
  gateway('infra', 'gw-a', {tier: 'edge', app: 'web'}),
  gateway('apps', 'gw-c', {tier: 'internal'}),
  {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'infra'}},
  {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web'}, spec: {ports: [{port: 80}]}},
]

let server: ApiServer
beforeAll(async () => {
  server = await startApiServer({objects, forbidden: [{group: GW, resource: 'httproutes', namespace: 'secret'}]})
})
afterAll(() => server.close())

describe('discovery', () => {
  test('aggregated discovery lists every served group, version and resource when asked for', async () => {
    const res = await get(server, '/apis', {accept: AGGREGATED})
    expect(res.contentType).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')
    expect(res.body.kind).toBe('APIGroupDiscoveryList')
    const gw = res.body.items.find((i: any) => i.metadata.name === GW)
    // Versions in Kubernetes priority order: GA, then beta, then alpha.
    expect(gw.versions.map((v: any) => v.version)).toEqual(['v1', 'v1beta1', 'v1alpha2'])
    const v1 = gw.versions[0].resources.map((r: any) => r.resource)
    expect(v1).toEqual(['gateways', 'httproutes'])
    const gateways = gw.versions[0].resources[0]
    expect(gateways).toMatchObject({scope: 'Namespaced', singularResource: 'gateway', shortNames: ['gtw'], responseKind: {kind: 'Gateway'}})
    expect(gw.versions[2].resources.map((r: any) => r.resource)).toEqual(['tlsroutes'])
    const core = await get(server, '/api', {accept: AGGREGATED})
    expect(core.body.items[0].versions[0].resources.map((r: any) => r.resource)).toEqual(['namespaces', 'services', 'secrets', 'configmaps', 'events'])
  })

  test('without the aggregated Accept the older APIGroupList and APIResourceList forms are served', async () => {
    const groups = await get(server, '/apis')
    expect(groups.body.kind).toBe('APIGroupList')
    const gw = groups.body.groups.find((g: any) => g.name === GW)
    expect(gw.preferredVersion).toEqual({groupVersion: `${GW}/v1`, version: 'v1'})
    expect((await get(server, '/api')).body).toMatchObject({kind: 'APIVersions', versions: ['v1']})
    const resources = await get(server, `/apis/${GW}/v1`)
    expect(resources.body.kind).toBe('APIResourceList')
    expect(resources.body.resources.map((r: any) => r.name)).toEqual(['gateways', 'gateways/status', 'httproutes', 'httproutes/status'])
    expect(resources.body.resources[0]).toMatchObject({singularName: 'gateway', namespaced: true, kind: 'Gateway', shortNames: ['gtw'], categories: ['gateway-api']})
    expect((await get(server, '/api/v1')).body.groupVersion).toBe('v1')
  })

  test('a server with aggregated discovery turned off ignores the aggregated Accept', async () => {
    const plain = await startApiServer({objects: crdsFor(['gateways']), aggregatedDiscovery: false})
    try {
      expect((await get(plain, '/apis', {accept: AGGREGATED})).body.kind).toBe('APIGroupList')
    } finally {
      await plain.close()
    }
  })

  test('crdsFor can serve nothing, or only chosen versions', async () => {
    expect(crdsFor([])).toEqual([])
    const tls = crdsFor([{resource: 'tlsroutes', versions: ['v1alpha2', 'v1alpha3'], storage: 'v1alpha3'}])
    expect(tls).toHaveLength(1)
    expect(tls[0].spec.versions).toEqual([
      {name: 'v1alpha2', served: true, storage: false},
      {name: 'v1alpha3', served: true, storage: true},
    ])
    expect(crdsFor(['listenersets', 'xlistenersets']).map((c) => c.metadata.name)).toEqual([
      `listenersets.${GW}`,
      'xlistenersets.gateway.networking.x-k8s.io',
    ])
    expect(crdsFor().map((c) => c.spec.names.kind)).toContain('XBackendTrafficPolicy')
    expect(crdsFor().find((c) => c.spec.names.kind === 'BackendTLSPolicy')?.metadata.labels).toEqual({[`${GW}/policy`]: 'Direct'})
    expect(() => crdsFor(['nosuch'])).toThrow(/nosuch/)
  })
})

describe('requests', () => {
  test('every request is recorded with its query, Accept and Authorization', async () => {
    const before = server.requests.length
    await get(server, `/apis/${GW}/v1/gateways?limit=1&labelSelector=tier%3Dedge`)
    expect(server.requests.slice(before)).toEqual([
      {method: 'GET', path: `/apis/${GW}/v1/gateways`, query: {limit: '1', labelSelector: 'tier=edge'}, accept: 'application/json', auth: `Bearer ${server.token}`, bytes: expect.any(Number)},
    ])
  })

  test('a wrong or missing token gets a 401 Status; /version stays public', async () => {
    const res = await get(server, `/apis/${GW}/v1/gateways`, {token: 'wrong'})
    expect(res.status).toBe(401)
    expect(res.body).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401})
    expect((await get(server, '/api', {token: null})).status).toBe(401)
    expect((await get(server, '/version', {token: null})).body).toMatchObject({major: '1', minor: '32'})
  })
})

describe('lists and gets', () => {
  test('lists at cluster scope and in a namespace, in namespace/name order, with resourceVersions', async () => {
    const all = await get(server, `/apis/${GW}/v1/gateways`)
    expect(all.body.kind).toBe('GatewayList')
    expect(all.body.apiVersion).toBe(`${GW}/v1`)
    expect(all.body.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['apps/gw-c', 'infra/gw-a', 'infra/gw-b'])
    expect(typeof all.body.metadata.resourceVersion).toBe('string')
    expect(all.body.items.every((i: any) => typeof i.metadata.resourceVersion === 'string')).toBe(true)
    const infra = await get(server, `/apis/${GW}/v1/namespaces/infra/gateways`)
    expect(infra.body.items.map((i: any) => i.metadata.name)).toEqual(['gw-a', 'gw-b'])
  })

  test('objects come back in the requested version, as the apiserver converts them', async () => {
    const res = await get(server, `/apis/${GW}/v1beta1/namespaces/apps/gateways/gw-c`)
    expect(res.body.apiVersion).toBe(`${GW}/v1beta1`)
    expect(res.body.spec.gatewayClassName).toBe('envoy')
  })

  test('get of a missing object is a NotFound Status; an unknown path too', async () => {
    const res = await get(server, `/apis/${GW}/v1/namespaces/infra/gateways/nope`)
    expect(res.status).toBe(404)
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `gateways.${GW} "nope" not found`,
      reason: 'NotFound',
      details: {name: 'nope', group: GW, kind: 'gateways'},
      code: 404,
    })
    const svc = await get(server, '/api/v1/namespaces/default/services/nope')
    expect(svc.body.message).toBe('services "nope" not found')
    expect(svc.body.details).toEqual({name: 'nope', kind: 'services'})
    for (const path of ['/apis/example.com/v1/things', `/apis/${GW}/v9/gateways`, `/apis/${GW}/v1/foos`, '/nope']) {
      const r = await get(server, path)
      expect([path, r.status, r.body.reason]).toEqual([path, 404, 'NotFound'])
    }
    // The status subresource, and a namespace fetched by name.
    expect((await get(server, `/apis/${GW}/v1/namespaces/apps/gateways/gw-c/status`)).body.metadata.name).toBe('gw-c')
    const ns = await get(server, '/api/v1/namespaces/infra')
    expect(ns.body.metadata.labels).toEqual({'kubernetes.io/metadata.name': 'infra'})
  })

  test('namespaced objects without a namespace are stored in default', async () => {
    const res = await get(server, '/api/v1/namespaces/default/services')
    expect(res.body.items.map((i: any) => i.metadata.name)).toEqual(['web'])
    expect(res.body.kind).toBe('ServiceList')
    expect(res.body.apiVersion).toBe('v1')
  })

  test('label selectors (equality and set-based) and field selectors filter; bad ones are 400', async () => {
    const names = async (q: string) =>
      (await get(server, `/apis/${GW}/v1/gateways?${q}`)).body.items.map((i: any) => i.metadata.name)
    expect(await names('labelSelector=tier%3Dedge')).toEqual(['gw-a', 'gw-b'])
    expect(await names('labelSelector=tier+in+%28internal%29')).toEqual(['gw-c'])
    expect(await names('labelSelector=%21app')).toEqual(['gw-c', 'gw-b'])
    expect(await names('fieldSelector=metadata.name%21%3Dgw-c')).toEqual(['gw-a', 'gw-b'])
    expect(await names('fieldSelector=metadata.namespace%3D%3Dapps')).toEqual(['gw-c'])
    const bad = await get(server, `/apis/${GW}/v1/gateways?labelSelector=a+in+b`)
    expect(bad.status).toBe(400)
    expect(bad.body.reason).toBe('BadRequest')
    const badField = await get(server, `/apis/${GW}/v1/gateways?fieldSelector=spec.x%3Dy`)
    expect([badField.status, badField.body.message]).toEqual([400, '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"'])
  })

  test('limit and continue page through a list; a token the server cannot use is 410 Expired', async () => {
    const first = await get(server, `/apis/${GW}/v1/gateways?limit=2`)
    expect(first.body.items.map((i: any) => i.metadata.name)).toEqual(['gw-c', 'gw-a'])
    expect(first.body.metadata.remainingItemCount).toBe(1)
    const token = first.body.metadata.continue
    expect(typeof token).toBe('string')
    const second = await get(server, `/apis/${GW}/v1/gateways?limit=2&continue=${encodeURIComponent(token)}`)
    expect(second.body.items.map((i: any) => i.metadata.name)).toEqual(['gw-b'])
    expect(second.body.metadata.continue).toBeUndefined()
    const stale = await get(server, `/apis/${GW}/v1/gateways?limit=2&continue=garbage`)
    expect(stale.status).toBe(410)
    expect(stale.body.reason).toBe('Expired')
    expect(stale.body.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./)
  })

  test('pageSize caps pages and expireContinueTokens expires the next continue requests', async () => {
    const s = await startApiServer({objects, pageSize: 1, expireContinueTokens: 1})
    try {
      const first = await get(s, `/apis/${GW}/v1/gateways?limit=500`)
      expect(first.body.items).toHaveLength(1)
      const cont = `/apis/${GW}/v1/gateways?limit=500&continue=${encodeURIComponent(first.body.metadata.continue)}`
      expect((await get(s, cont)).status).toBe(410)
      expect((await get(s, cont)).body.items.map((i: any) => i.metadata.name)).toEqual(['gw-a'])
    } finally {
      await s.close()
    }
  })

  test('forbidden resources get the apiserver 403 message, at cluster scope and in the namespace', async () => {
    const cluster = await get(server, `/apis/${GW}/v1/httproutes`)
    expect(cluster.status).toBe(403)
    expect(cluster.body.message).toBe(
      `httproutes.${GW} is forbidden: User "test-user" cannot list resource "httproutes" in API group "${GW}" at the cluster scope`,
    )
    expect(cluster.body.details).toEqual({group: GW, kind: 'httproutes'})
    const ns = await get(server, `/apis/${GW}/v1/namespaces/secret/httproutes`)
    expect(ns.body.message).toBe(
      `httproutes.${GW} is forbidden: User "test-user" cannot list resource "httproutes" in API group "${GW}" in the namespace "secret"`,
    )
    expect((await get(server, `/apis/${GW}/v1/namespaces/other/httproutes`)).status).toBe(200)
  })

  test('Accept as=Table returns a meta.k8s.io Table with Name, Age and row metadata, paged', async () => {
    const res = await get(server, `/apis/${GW}/v1/gateways?limit=2`, {accept: TABLE})
    expect(res.contentType).toBe('application/json;as=Table;v=v1;g=meta.k8s.io')
    expect(res.body.kind).toBe('Table')
    expect(res.body.apiVersion).toBe('meta.k8s.io/v1')
    expect(res.body.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Age'])
    expect(res.body.rows[0].cells[0]).toBe('gw-c')
    expect(res.body.rows[0].cells[1]).toMatch(/^\d+(y\d*d?|d)$/)
    expect(res.body.rows[0].object).toMatchObject({kind: 'PartialObjectMetadata', metadata: {name: 'gw-c', namespace: 'apps'}})
    expect(typeof res.body.metadata.continue).toBe('string')
  })

  test('objects of a kind whose CRD is absent are not served', async () => {
    const s = await startApiServer({objects: [gateway('a', 'gw')]})
    try {
      expect((await get(s, `/apis/${GW}/v1/gateways`)).status).toBe(404)
      const withCrd = await startApiServer({objects: [makeCrd({group: 'example.com', kind: 'Widget', plural: 'widgets', versions: ['v1'], namespaced: false})]})
      try {
        const res = await get(withCrd, '/apis/example.com/v1/widgets')
        expect([res.status, res.body.kind, res.body.items]).toEqual([200, 'WidgetList', []])
      } finally {
        await withCrd.close()
      }
    } finally {
      await s.close()
    }
  })
})

describe('PartialObjectMetadata', () => {
  const META_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1'
  const withMeta = (g: K8sObject): K8sObject => ({...g, metadata: {...g.metadata, annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{}'}, managedFields: [{manager: 'kubectl'}]}})
  const secret: K8sObject = {apiVersion: 'v1', kind: 'Secret', metadata: {name: 's', namespace: 'infra', labels: {a: 'b'}}, type: 'Opaque', data: {k: 'dmFsdWU='}}

  test('lists and gets as metadata only when asked, with the whole metadata and nothing else', async () => {
    const s = await startApiServer({objects: [...crdsFor(['gateways']), withMeta(gateway('infra', 'gw')), secret]})
    try {
      const list = await get(s, `/apis/${GW}/v1/gateways`, {accept: META_LIST})
      expect(list.contentType).toBe(META_LIST)
      expect(list.body.kind).toBe('PartialObjectMetadataList')
      expect(list.body.apiVersion).toBe('meta.k8s.io/v1')
      expect(list.body.items).toHaveLength(1)
      const [item] = list.body.items
      expect(Object.keys(item).sort()).toEqual(['apiVersion', 'kind', 'metadata'])
      expect(item).toMatchObject({apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: {name: 'gw', namespace: 'infra', managedFields: [{manager: 'kubectl'}]}})
      const one = await get(s, '/api/v1/namespaces/infra/secrets/s', {accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1'})
      expect(one.body).toEqual({apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: {...secret.metadata, resourceVersion: expect.any(String)}})
      const full = await get(s, '/api/v1/namespaces/infra/secrets')
      expect(full.body.items[0].data).toEqual({k: 'dmFsdWU='})
      // The bytes of each answer are recorded (the bench adds them up).
      const recorded = s.requests.filter((r) => r.path === '/api/v1/namespaces/infra/secrets')
      expect(recorded[0].bytes).toBe(Buffer.byteLength(JSON.stringify(full.body)))
    } finally {
      await s.close()
    }
  })

  test('a server refusing metadata answers 406, unless plain JSON is acceptable too', async () => {
    const s = await startApiServer({objects: [secret], refusePartialMetadata: true})
    try {
      const refused = await get(s, '/api/v1/secrets', {accept: META_LIST})
      expect([refused.status, refused.body.reason, refused.body.code]).toEqual([406, 'NotAcceptable', 406])
      const fallback = await get(s, '/api/v1/secrets', {accept: `${META_LIST},application/json`})
      expect([fallback.status, fallback.body.kind]).toEqual([200, 'SecretList'])
    } finally {
      await s.close()
    }
  })

  test('Secrets select on type; other resources refuse that field', async () => {
    const s = await startApiServer({objects: [...crdsFor(['gateways']), secret]})
    try {
      expect((await get(s, '/api/v1/secrets?fieldSelector=type%3DOpaque')).body.items).toHaveLength(1)
      expect((await get(s, '/api/v1/secrets?fieldSelector=type%3Dkubernetes.io%2Ftls')).body.items).toEqual([])
      expect((await get(s, `/apis/${GW}/v1/gateways?fieldSelector=type%3DOpaque`)).status).toBe(400)
    } finally {
      await s.close()
    }
  })

  test('forbidden with a name refuses the get of that object only', async () => {
    const s = await startApiServer({objects: [secret], forbidden: [{group: '', resource: 'secrets', namespace: 'infra', name: 's'}]})
    try {
      expect((await get(s, '/api/v1/namespaces/infra/secrets')).status).toBe(200)
      const one = await get(s, '/api/v1/namespaces/infra/secrets/s')
      expect([one.status, one.body.message]).toEqual([403, 'secrets "s" is forbidden: User "test-user" cannot get resource "secrets" in API group "" in the namespace "infra"'])
    } finally {
      await s.close()
    }
  })
})

describe('fault injection', () => {
  interface Raw {
    status: number
    headers: Record<string, string | string[] | undefined>
    body: string
    complete: boolean
  }

  /** A GET that also reports a body cut short (the `get` above waits for a complete one). */
  function raw(s: ApiServer, path: string): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const req = request(`${s.url}${path}`, {ca: s.caPem, headers: {Authorization: `Bearer ${s.token}`}}, (res) => {
        const chunks: Buffer[] = []
        const done = () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), complete: res.complete})
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', () => undefined)
        res.on('close', done)
      })
      req.on('error', reject)
      req.end()
    })
  }

  test('a status with Retry-After fires the given number of times, counted, then the real answer', async () => {
    const s = await startApiServer({objects, faults: [{path: `/apis/${GW}/v1/gateways`, status: 429, retryAfter: 2, times: 2}]})
    try {
      const first = await raw(s, `/apis/${GW}/v1/gateways`)
      expect([first.status, first.headers['retry-after']]).toEqual([429, '2'])
      expect(JSON.parse(first.body)).toMatchObject({kind: 'Status', code: 429, reason: 'TooManyRequests', details: {retryAfterSeconds: 2}})
      expect(s.faultsFired).toEqual([1])
      // Other paths are not affected, and do not use up the fault.
      expect((await get(s, '/api')).status).toBe(200)
      expect((await raw(s, `/apis/${GW}/v1/gateways`)).status).toBe(429)
      const after = await raw(s, `/apis/${GW}/v1/gateways`)
      expect([after.status, after.headers['retry-after'], JSON.parse(after.body).kind]).toEqual([200, undefined, 'GatewayList'])
      expect(s.faultsFired).toEqual([2])
      expect(s.requests.map((r) => r.path)).toEqual([`/apis/${GW}/v1/gateways`, '/api', `/apis/${GW}/v1/gateways`, `/apis/${GW}/v1/gateways`])
    } finally {
      await s.close()
    }
  })

  test('the first matching fault with times left fires; a RegExp matches paths; a body replaces the answer', async () => {
    const s = await startApiServer({
      objects,
      faults: [
        {path: /\/gateways$/, status: 503, times: 1},
        {path: /\/gateways$/, body: '{"items": [', times: 1},
        {path: '/api', status: 500, times: Infinity},
      ],
    })
    try {
      const a = await raw(s, `/apis/${GW}/v1/namespaces/infra/gateways`)
      expect([a.status, JSON.parse(a.body).reason]).toEqual([503, 'ServiceUnavailable'])
      const b = await raw(s, `/apis/${GW}/v1/gateways?limit=1`)
      expect([b.status, b.body, b.complete]).toEqual([200, '{"items": [', true])
      expect((await raw(s, `/apis/${GW}/v1/gateways`)).status).toBe(200)
      for (let i = 0; i < 3; i++) expect((await raw(s, '/api')).status).toBe(500)
      expect((await raw(s, '/apis')).status).toBe(200)
      expect(s.faultsFired).toEqual([1, 1, 3])
    } finally {
      await s.close()
    }
  })

  test('truncate sends half the real body, then drops the connection: with Content-Length, or chunked', async () => {
    const s = await startApiServer({
      objects,
      faults: [
        {path: `/apis/${GW}/v1/gateways`, truncate: true, times: 1},
        {path: `/apis/${GW}/v1/gateways`, truncate: 'chunked', times: 1},
      ],
    })
    try {
      const cut = await raw(s, `/apis/${GW}/v1/gateways`)
      expect(cut.status).toBe(200)
      expect(cut.complete).toBe(false)
      const length = Number(cut.headers['content-length'])
      expect(cut.body.length).toBe(Math.floor(length / 2))
      expect(cut.body.startsWith('{"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayList"')).toBe(true)
      const chunked = await raw(s, `/apis/${GW}/v1/gateways`)
      expect([chunked.status, chunked.headers['content-length'], chunked.headers['transfer-encoding'], chunked.complete]).toEqual([200, undefined, 'chunked', false])
      expect(chunked.body).toBe(cut.body)
      const fine = await raw(s, `/apis/${GW}/v1/gateways`)
      expect([fine.complete, fine.body.length]).toEqual([true, length])
      expect(s.faultsFired).toEqual([1, 1])
    } finally {
      await s.close()
    }
  })
})

// ---------------------------------------------------------------------------------------------
// The real kubectl against the server: proves the protocol is faithful.

const KUBECTL = '/usr/bin/kubectl'
const run = promisify(execFile)

describe.skipIf(!existsSync(KUBECTL))('the real kubectl', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-kubectl-'))
  })
  afterAll(() => rm(dir, {recursive: true, force: true}))

  async function kubectl(s: ApiServer, args: string[], kubeconfigOpts?: {namespace?: string}) {
    const kubeconfig = s.writeKubeconfig(dir, kubeconfigOpts)
    const cacheDir = await mkdtemp(join(dir, 'cache-'))
    // HOME too, so that nothing of the machine's own kubectl setup is read.
    const env = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir}
    try {
      return await run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], {env})
    } catch (e) {
      const err = e as {stdout?: string; stderr?: string; code?: number}
      return {stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: err.code}
    }
  }

  test('lists gateways as JSON with every name', async () => {
    const out = await kubectl(server, ['get', `gateways.${GW}`, '-A', '-o', 'json'])
    const list = JSON.parse(out.stdout)
    expect(list.items.map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['apps/gw-c', 'infra/gw-a', 'infra/gw-b'])
  })

  test('prints the server-side Table, follows short names and sends -l to the server', async () => {
    const table = await kubectl(server, ['get', 'gtw', '-A'])
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+AGE$/)
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join('/'))).toEqual(['apps/gw-c', 'infra/gw-a', 'infra/gw-b'])
    const selected = await kubectl(server, ['get', 'gateways', '-n', 'infra', '-l', 'app=web', '-o', 'name'])
    expect(selected.stdout.trim()).toBe(`gateway.${GW}/gw-a`)
    expect(server.requests.some((r) => r.query.labelSelector === 'app=web')).toBe(true)
  })

  test('pages with --chunk-size through the Table continue token', async () => {
    const before = server.requests.length
    const out = await kubectl(server, ['get', 'gateways', '-A', '--chunk-size=1', '--no-headers'])
    expect(out.stdout.trim().split('\n').map((l) => l.split(/\s+/)[1])).toEqual(['gw-c', 'gw-a', 'gw-b'])
    const lists = server.requests.slice(before).filter((r) => r.path === `/apis/${GW}/v1/gateways`)
    expect(lists).toHaveLength(3)
  })

  test('works from the older discovery documents too, in the kubeconfig namespace', async () => {
    const plain = await startApiServer({objects, aggregatedDiscovery: false})
    try {
      const out = await kubectl(plain, ['get', 'gateways', '-o', 'name'], {namespace: 'infra'})
      expect(out.stdout.trim().split('\n')).toEqual([`gateway.${GW}/gw-a`, `gateway.${GW}/gw-b`])
      expect(plain.requests.some((r) => r.path === `/apis/${GW}/v1`)).toBe(true)
    } finally {
      await plain.close()
    }
  })

  test('shows the server Status messages for missing objects, bad tokens and forbidden lists', async () => {
    const missing = await kubectl(server, ['get', 'gateways', 'nope', '-n', 'infra'])
    expect(missing.stderr).toContain(`Error from server (NotFound): gateways.${GW} "nope" not found`)
    const forbidden = await kubectl(server, ['get', 'httproutes', '-n', 'secret'])
    expect(forbidden.stderr).toContain(
      `Error from server (Forbidden): httproutes.${GW} is forbidden: User "test-user" cannot list resource "httproutes" in API group "${GW}" in the namespace "secret"`,
    )
    const kubeconfig = server.writeKubeconfig(dir, {token: 'wrong'})
    const cacheDir = await mkdtemp(join(dir, 'cache-'))
    const unauthorized = await run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'get', 'gateways'], {
      env: {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir},
    }).catch((e) => e as {stderr: string})
    expect(unauthorized.stderr).toContain('error: You must be logged in to the server')
  })
})

describe('events: one store, both APIs, field selectors', () => {
  let server: ApiServer
  beforeAll(async () => {
    server = await startApiServer({
      objects: [
        {apiVersion: 'v1', kind: 'Event', metadata: {name: 'a', namespace: 'shop'}, involvedObject: {kind: 'HTTPRoute', namespace: 'shop', name: 'web'}, message: 'core form', count: 2} as K8sObject,
        {apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: {name: 'b', namespace: 'dev'}, regarding: {kind: 'Gateway', namespace: 'dev', name: 'gw'}, note: 'new form'} as K8sObject,
      ],
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  test('each API lists every event in its own form', async () => {
    const v1 = await get(server, '/apis/events.k8s.io/v1/events')
    expect(v1.body.items.map((e: any) => [e.metadata.name, e.note, e.deprecatedCount, e.regarding.kind])).toEqual([
      ['a', 'core form', 2, 'HTTPRoute'],
      ['b', 'new form', undefined, 'Gateway'],
    ])
    const core = await get(server, '/api/v1/namespaces/dev/events')
    expect(core.body.items.map((e: any) => [e.metadata.name, e.message, e.involvedObject.name])).toEqual([['b', 'new form', 'gw']])
  })

  test("each API's field names select; an unknown field is a 400", async () => {
    const sel = (path: string, s: string) => get(server, `${path}?fieldSelector=${encodeURIComponent(s)}`)
    expect((await sel('/apis/events.k8s.io/v1/events', 'regarding.kind=HTTPRoute,regarding.name=web')).body.items.map((e: any) => e.metadata.name)).toEqual(['a'])
    expect((await sel('/api/v1/events', 'involvedObject.kind=Gateway')).body.items.map((e: any) => e.metadata.name)).toEqual(['b'])
    expect((await sel('/api/v1/events', 'regarding.kind=Gateway')).status).toBe(400)
  })
})
