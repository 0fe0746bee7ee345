// The cluster source against the test API server: discovery, one list call per type, paging, errors in
// kubectl's words, and what a 403 on one type does to the rest.

import {execFile} from 'node:child_process'
import {existsSync, writeFileSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {GATEWAY_X_GROUP, POLICY_LABEL, type K8sObject} from '../../src/model/types.js'
import {GATEWAY_API_MISSING, loadFromCluster} from '../../src/sources/cluster.js'
import {crdsFor, makeCrd} from '../support/apiserver.js'
import {cluster, gateway, GW, listCalls, names, req, route, type Cluster, failure} from './cluster-helpers.js'

const NOW = new Date('2025-01-01T00:00:00Z')

describe('a cluster with the Gateway API', () => {
  let c: Cluster
  const objects: K8sObject[] = [
    ...crdsFor(),
    gateway('infra', 'gw-b', {tier: 'edge'}),
    gateway('infra', 'gw-a', {tier: 'edge'}),
    gateway('apps', 'gw-c'),
    route('HTTPRoute', 'apps', 'web'),
    route('GRPCRoute', 'apps', 'rpc'),
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'gc'}, spec: {controllerName: 'example.com/gc'}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'apps'}},
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'apps'}},
  ]
  beforeAll(async () => {
    c = await cluster({objects})
  })
  afterAll(() => c.close())

  test('records where a successful, unfiltered list proves absence, and what discovery proves not served', async () => {
    const snap = await loadFromCluster(c.conn, [req('services'), req('gateways', {namespace: 'infra'}), req('namespaces', {labelSelector: 'a=b'})], NOW)
    expect(snap.listedScope.get('/Service')).toBe('all')
    expect([...(snap.listedScope.get(`${GW}/Gateway`) as Set<string>)]).toEqual(['infra'])
    // A label selector filters: an object missing from that list may exist.
    expect(snap.listedScope.has('/Namespace')).toBe(false)
    expect(snap.servesKind(GW, 'Gateway')).toBe(true)
    expect(snap.servesKind(GW, 'NoSuchKind')).toBe(false)
    expect(snap.servesKind('invalid.io', 'InvalidParameters')).toBe(false)
  })

  test('loads the requested types with one discovery round and one list call per type', async () => {
    const before = c.server.requests.length
    const snap = await loadFromCluster(c.conn, [req('gateways'), req('services'), req('namespaces')], NOW)
    expect(snap.source).toBe('cluster')
    expect(snap.now).toBe(NOW)
    expect(names(snap.objects)).toEqual(['Gateway/apps/gw-c', 'Gateway/infra/gw-a', 'Gateway/infra/gw-b', 'Service/apps/web', 'Namespace//apps'])
    expect(snap.warnings).toEqual([])
    const paths = c.server.requests.slice(before).map((r) => r.path)
    expect(paths.slice(0, 2).sort()).toEqual(['/api', '/apis'])
    expect(paths.slice(2).sort()).toEqual([`/api/v1/namespaces`, '/api/v1/services', `/apis/${GW}/v1/gateways`])
    const discovery = c.server.requests.slice(before, before + 2)
    expect(discovery.every((r) => r.accept?.startsWith('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'))).toBe(true)
    expect(listCalls(c.server, before).every((r) => r.query.limit === '500' && r.auth === `Bearer ${c.server.token}`)).toBe(true)
  })

  test('sets apiVersion and kind on every object, at the version read', async () => {
    const snap = await loadFromCluster(c.conn, [req('services'), req('gateways')], NOW)
    const svc = snap.find('', 'Service', 'apps', 'web')
    expect(svc?.apiVersion).toBe('v1')
    expect(svc?.kind).toBe('Service')
    expect(snap.gateways().every((g) => g.apiVersion === `${GW}/v1` && typeof g.metadata.resourceVersion === 'string')).toBe(true)
    expect(snap.origin(svc!)).toEqual({cluster: 'test'})
  })

  test('sends the namespace and label selector to the server', async () => {
    const before = c.server.requests.length
    const snap = await loadFromCluster(c.conn, [req('gateways', {namespace: 'infra', labelSelector: 'tier in (edge)'}), req('gatewayclasses', {namespace: 'infra'})], NOW)
    expect(names(snap.objects)).toEqual(['Gateway/infra/gw-a', 'Gateway/infra/gw-b', 'GatewayClass//gc'])
    const calls = listCalls(c.server, before)
    expect(calls.map((r) => r.path).sort()).toEqual([`/apis/${GW}/v1/gatewayclasses`, `/apis/${GW}/v1/namespaces/infra/gateways`])
    expect(calls.find((r) => r.path.endsWith('/gateways'))?.query.labelSelector).toBe('tier in (edge)')
  })

  test('routes stands for every route kind; the same list asked for twice is read once', async () => {
    const before = c.server.requests.length
    const snap = await loadFromCluster(c.conn, [req('routes'), req('httproutes')], NOW)
    expect(names(snap.routes())).toEqual(['HTTPRoute/apps/web', 'GRPCRoute/apps/rpc'])
    const calls = listCalls(c.server, before).map((r) => r.path)
    expect(calls.filter((p) => p.endsWith('/httproutes'))).toHaveLength(1)
    expect(calls).toHaveLength(5)
  })

  test('a bad selector is the server 400 in kubectl words', async () => {
    const e = await failure(loadFromCluster(c.conn, [req('gateways', {labelSelector: 'a in b'})]))
    expect(e.message).toMatch(/^Error from server \(BadRequest\): /)
  })

  test('a bad token fails with kubectl\'s login message', async () => {
    const bad = c.server.writeKubeconfig(c.dir, {token: 'wrong'})
    const e = await failure(loadFromCluster({kubeconfig: bad}, [req('gateways')]))
    expect(e.message).toBe('error: You must be logged in to the server (the server has asked for the client to provide credentials)')
  })

  test('the kubeconfig context names the cluster origin and --context picks another one', async () => {
    const other = c.server.writeKubeconfig(c.dir, {context: 'other'})
    const snap = await loadFromCluster({kubeconfig: other, context: 'other'}, [req('services')])
    expect(snap.origin(snap.objects[0])).toEqual({cluster: 'other'})
    const e = await failure(loadFromCluster({kubeconfig: other, context: 'nosuch'}, [req('services')]))
    expect(e.message).toBe('error: context was not found for specified context: nosuch')
  })
})

describe.skipIf(!existsSync('/usr/bin/kubectl'))('agreement with the real kubectl', () => {
  test('the same gateways, with and without a selector, in a namespace and across all', async () => {
    const objects = [...crdsFor(['gateways']), gateway('a', 'g1', {app: 'x'}), gateway('b', 'g2'), gateway('a', 'g3')]
    const c = await cluster({objects}, {namespace: 'a'})
    try {
      const kubectl = async (args: string[]) => {
        const cacheDir = await mkdtemp(join(c.dir, 'cache-'))
        const {stdout} = await promisify(execFile)('/usr/bin/kubectl', ['--kubeconfig', c.conn.kubeconfig!, '--cache-dir', cacheDir, 'get', `gateways.${GW}`, '-o', 'json', ...args], {
          env: {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: c.dir},
        })
        return (JSON.parse(stdout).items as K8sObject[]).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
      }
      const ours = async (r: Parameters<typeof req>[1]) => (await loadFromCluster(c.conn, [req('gateways', r)])).objects.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)
      expect(await ours({})).toEqual(await kubectl(['-A']))
      expect(await ours({namespace: 'a'})).toEqual(await kubectl([]))
      expect(await ours({labelSelector: '!app'})).toEqual(await kubectl(['-A', '-l', '!app']))
      expect(await kubectl(['-A', '-l', '!app'])).toEqual(['a/g3', 'b/g2'])
    } finally {
      await c.close()
    }
  })
})

describe('paging', () => {
  const many = (n: number) => Array.from({length: n}, (_, i) => gateway(`ns-${i % 3}`, `gw-${String(i).padStart(3, '0')}`))

  test('follows continue tokens across several pages and returns every object', async () => {
    const c = await cluster({objects: [...crdsFor(['gateways']), ...many(7)], pageSize: 2})
    try {
      const snap = await loadFromCluster(c.conn, [req('gateways')])
      expect(snap.gateways()).toHaveLength(7)
      const calls = listCalls(c.server)
      expect(calls).toHaveLength(4)
      expect(calls[0].query.continue).toBeUndefined()
      expect(calls.slice(1).every((r) => typeof r.query.continue === 'string' && r.query.limit === '500')).toBe(true)
      // Connections are kept alive: the pages, asked one after the other, share one (client-node's
      // own agent opened a TLS connection per request).
      expect(c.server.requests).toHaveLength(6)
      expect(c.server.connections()).toBeLessThanOrEqual(2)
    } finally {
      await c.close()
    }
  })

  test('the number of requests does not grow with the number of objects', async () => {
    const counts: number[] = []
    for (const n of [10, 200]) {
      const c = await cluster({objects: [...crdsFor(), ...many(n), ...many(n).map((g) => route('HTTPRoute', g.metadata.namespace!, g.metadata.name))]})
      try {
        const snap = await loadFromCluster(c.conn, [req('gateways'), req('httproutes'), req('services'), req('namespaces')])
        expect(snap.objects).toHaveLength(2 * n)
        counts.push(c.server.requests.length)
      } finally {
        await c.close()
      }
    }
    expect(counts[0]).toBe(6)
    expect(counts[1]).toBe(counts[0])
  })

  test('a 410 Expired on a continue page restarts that list once from the beginning', async () => {
    const c = await cluster({objects: [...crdsFor(['gateways']), ...many(5)], pageSize: 2, expireContinueTokens: 1})
    try {
      const snap = await loadFromCluster(c.conn, [req('gateways')])
      expect(snap.gateways().map((g) => g.metadata.name).sort()).toEqual(['gw-000', 'gw-001', 'gw-002', 'gw-003', 'gw-004'])
      const calls = listCalls(c.server)
      // page 1, the expired page 2, then page 1, 2, 3 again.
      expect(calls.map((r) => r.query.continue === undefined)).toEqual([true, false, true, false, false])
    } finally {
      await c.close()
    }
  })

  test('a second 410 is an error', async () => {
    const c = await cluster({objects: [...crdsFor(['gateways']), ...many(5)], pageSize: 2, expireContinueTokens: 2})
    try {
      const e = await failure(loadFromCluster(c.conn, [req('gateways')]))
      expect(e.message).toMatch(/^Error from server \(Expired\): The provided continue parameter is too old/)
    } finally {
      await c.close()
    }
  })
})

describe('types the server does not serve', () => {
  test('without the Gateway API a Gateway API type fails with a clear message; core types still load', async () => {
    const c = await cluster({objects: [{apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'a'}}]})
    try {
      for (const r of [req('gateways'), req('httproutes', {explicit: false}), req('routes')]) {
        const e = await failure(loadFromCluster(c.conn, [r, req('services')]))
        expect(e.message).toBe(GATEWAY_API_MISSING)
      }
      expect(GATEWAY_API_MISSING).toContain(`"${GW}"`)
      expect(GATEWAY_API_MISSING).toContain('install the Gateway API CRDs')
      const before = c.server.requests.length
      await loadFromCluster(c.conn, [req('gateways'), req('services')]).catch(() => undefined)
      expect(listCalls(c.server, before)).toEqual([])
      const snap = await loadFromCluster(c.conn, [req('services')])
      expect(names(snap.objects)).toEqual(['Service/a/s'])
    } finally {
      await c.close()
    }
  })

  test('an unserved type is skipped unless the user named it; a served old version is used', async () => {
    const c = await cluster({
      objects: [...crdsFor(['gateways', 'httproutes', {resource: 'grpcroutes', versions: ['v1alpha2']}]), route('GRPCRoute', 'a', 'g', `${GW}/v1alpha2`)],
    })
    try {
      const e = await failure(loadFromCluster(c.conn, [req('gateways'), req('tlsroutes')]))
      expect(e.message).toBe('error: the server doesn\'t have a resource type "tlsroutes"')
      const before = c.server.requests.length
      const snap = await loadFromCluster(c.conn, [req('routes')])
      expect(names(snap.objects)).toEqual(['GRPCRoute/a/g'])
      expect(snap.objects[0].apiVersion).toBe(`${GW}/v1alpha2`)
      expect(listCalls(c.server, before).map((r) => r.path).sort()).toEqual([`/apis/${GW}/v1/httproutes`, `/apis/${GW}/v1alpha2/grpcroutes`])
    } finally {
      await c.close()
    }
  })

  test('a version none of ours is read at the server\'s preferred version', async () => {
    const c = await cluster({objects: [...crdsFor([{resource: 'tlsroutes', versions: ['v9beta1', 'v9alpha1']}]), route('TLSRoute', 'a', 't', `${GW}/v9alpha1`)]})
    try {
      const snap = await loadFromCluster(c.conn, [req('tlsroutes')])
      expect(snap.objects.map((o) => o.apiVersion)).toEqual([`${GW}/v9beta1`])
    } finally {
      await c.close()
    }
  })

  test('ListenerSet served under both groups is listed from both', async () => {
    const c = await cluster({
      objects: [
        ...crdsFor(['listenersets', 'xlistenersets']),
        {apiVersion: `${GW}/v1`, kind: 'ListenerSet', metadata: {name: 'new', namespace: 'a'}},
        {apiVersion: `${GATEWAY_X_GROUP}/v1alpha1`, kind: 'XListenerSet', metadata: {name: 'old', namespace: 'a'}},
      ],
    })
    try {
      const snap = await loadFromCluster(c.conn, [req('listenersets')])
      expect(names(snap.listenerSets())).toEqual(['ListenerSet/a/new', 'XListenerSet/a/old'])
    } finally {
      await c.close()
    }
  })

  test('works against a server without aggregated discovery', async () => {
    const c = await cluster({objects: [...crdsFor(['gateways']), gateway('a', 'g')], aggregatedDiscovery: false})
    try {
      const snap = await loadFromCluster(c.conn, [req('gateways'), req('services')])
      expect(names(snap.objects)).toEqual(['Gateway/a/g'])
      const paths = c.server.requests.map((r) => r.path)
      expect(paths).toContain(`/apis/${GW}/v1`)
      expect(paths).toContain('/api/v1')
      // Groups no request needs are not looked into.
      expect(paths).not.toContain('/apis/apiextensions.k8s.io/v1')
    } finally {
      await c.close()
    }
  })
})

describe('403 Forbidden', () => {
  const objects = [...crdsFor(), gateway('a', 'g'), route('HTTPRoute', 'a', 'r'), route('HTTPRoute', 'b', 'r2')]
  const message = `httproutes.${GW} is forbidden: User "alice" cannot list resource "httproutes" in API group "${GW}" at the cluster scope`

  test('on one type warns, marks its kind unreadable and loads the rest', async () => {
    const c = await cluster({objects, user: 'alice', forbidden: [{group: GW, resource: 'httproutes'}]})
    try {
      const snap = await loadFromCluster(c.conn, [req('gateways'), req('httproutes')])
      expect(names(snap.objects)).toEqual(['Gateway/a/g'])
      expect(snap.warnings).toEqual([message])
      expect([...snap.unreadable]).toEqual([`${GW}/HTTPRoute`])
      expect(snap.readable(GW, 'Gateway')).toBe(true)
    } finally {
      await c.close()
    }
  })

  test('when the only type asked for is refused the load fails with kubectl\'s message', async () => {
    const c = await cluster({objects, user: 'alice', forbidden: [{group: GW, resource: 'httproutes'}]})
    try {
      const e = await failure(loadFromCluster(c.conn, [req('httproutes'), req('gateways', {explicit: false})]))
      expect(e.message).toBe(`Error from server (Forbidden): ${message}`)
    } finally {
      await c.close()
    }
  })

  test('forbidden in one namespace only refuses that namespace', async () => {
    const c = await cluster({objects, user: 'alice', forbidden: [{group: GW, resource: 'httproutes', namespace: 'a'}]})
    try {
      const snap = await loadFromCluster(c.conn, [req('httproutes', {namespace: 'b'})])
      expect(names(snap.objects)).toEqual(['HTTPRoute/b/r2'])
      const e = await failure(loadFromCluster(c.conn, [req('httproutes', {namespace: 'a'})]))
      expect(e.message).toBe(
        `Error from server (Forbidden): httproutes.${GW} is forbidden: User "alice" cannot list resource "httproutes" in API group "${GW}" in the namespace "a"`,
      )
    } finally {
      await c.close()
    }
  })
})

describe('policies', () => {
  const timeoutCrd = makeCrd({group: 'example.com', kind: 'TimeoutPolicy', plural: 'timeoutpolicies', versions: ['v1'], labels: {[POLICY_LABEL]: 'Inherited'}})
  const otherCrd = makeCrd({group: 'example.com', kind: 'Widget', plural: 'widgets', versions: ['v1']})
  const objects: K8sObject[] = [
    ...crdsFor(),
    timeoutCrd,
    otherCrd,
    {apiVersion: 'example.com/v1', kind: 'TimeoutPolicy', metadata: {name: 't', namespace: 'a', labels: {team: 'x'}}},
    {apiVersion: 'example.com/v1', kind: 'TimeoutPolicy', metadata: {name: 'u', namespace: 'b'}},
    {apiVersion: `${GW}/v1`, kind: 'BackendTLSPolicy', metadata: {name: 'tls', namespace: 'a'}},
    {apiVersion: `${GW}/v1alpha2`, kind: 'BackendLBPolicy', metadata: {name: 'lb', namespace: 'a'}},
  ]
  let c: Cluster
  beforeAll(async () => {
    c = await cluster({objects})
  })
  afterAll(() => c.close())

  test('finds policy kinds from labelled CRDs and built-in kinds, then lists each kind once', async () => {
    const before = c.server.requests.length
    const snap = await loadFromCluster(c.conn, [req('policies', {namespace: 'a'})])
    expect(snap.policyKinds.map((p) => `${p.group}/${p.kind}:${p.type}:${p.resource}`)).toEqual([
      'example.com/TimeoutPolicy:Inherited:timeoutpolicies',
      `${GW}/BackendLBPolicy:Direct:backendlbpolicies`,
      `${GW}/BackendTLSPolicy:Direct:backendtlspolicies`,
      `${GATEWAY_X_GROUP}/XBackendTrafficPolicy:Direct:xbackendtrafficpolicies`,
    ])
    expect(names(snap.policies())).toEqual(['TimeoutPolicy/a/t', 'BackendLBPolicy/a/lb', 'BackendTLSPolicy/a/tls'])
    const calls = listCalls(c.server, before)
    const crdCalls = calls.filter((r) => r.path === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')
    expect(crdCalls.map((r) => r.query.labelSelector)).toEqual([POLICY_LABEL])
    expect(calls).toHaveLength(5)
    expect(calls.filter((r) => r.path.includes('/namespaces/a/'))).toHaveLength(4)
  })

  test('the user selector goes to the policy lists, not to the CRD list', async () => {
    const snap = await loadFromCluster(c.conn, [req('policies', {labelSelector: 'team=x'})])
    expect(names(snap.policies())).toEqual(['TimeoutPolicy/a/t'])
  })

  test('policycrds lists labelled CRDs and fetches the unlabelled built-in ones by name', async () => {
    const before = c.server.requests.length
    const snap = await loadFromCluster(c.conn, [req('policycrds')])
    expect(snap.crds().map((x) => x.metadata.name).sort()).toEqual([
      `backendlbpolicies.${GW}`,
      `backendtlspolicies.${GW}`,
      'timeoutpolicies.example.com',
      `xbackendtrafficpolicies.${GATEWAY_X_GROUP}`,
    ])
    expect(snap.policyKinds).toHaveLength(4)
    const gets = c.server.requests.slice(before).filter((r) => r.query.limit === undefined && r.path.includes('customresourcedefinitions'))
    expect(gets.map((r) => r.path)).toEqual([`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backendlbpolicies.${GW}`])
  })

  test('a refused CRD list warns and the built-in policy kinds still load', async () => {
    const d = await cluster({objects, forbidden: [{group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions'}]})
    try {
      const snap = await loadFromCluster(d.conn, [req('policies')])
      expect(names(snap.policies())).toEqual(['BackendLBPolicy/a/lb', 'BackendTLSPolicy/a/tls'])
      expect(snap.warnings).toHaveLength(1)
      expect(snap.warnings[0]).toMatch(/^customresourcedefinitions\.apiextensions\.k8s\.io is forbidden/)
      expect(snap.unreadable.has('apiextensions.k8s.io/CustomResourceDefinition')).toBe(true)
      const e = await failure(loadFromCluster(d.conn, [req('policycrds')]))
      expect(e.message).toMatch(/^Error from server \(Forbidden\): customresourcedefinitions\.apiextensions\.k8s\.io is forbidden: /)
    } finally {
      await d.close()
    }
  })
})

describe('connection failures', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-conn-'))
  })
  afterAll(() => rm(dir, {recursive: true, force: true}))

  function kubeconfig(server: string, cluster: Record<string, unknown> = {}): string {
    const path = join(dir, `kc-${Math.random().toString(36).slice(2)}.yaml`)
    writeFileSync(
      path,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{name: 'c', cluster: {server, ...cluster}}],
        users: [{name: 'u', user: {token: 't'}}],
        contexts: [{name: 'x', context: {cluster: 'c', user: 'u'}}],
        'current-context': 'x',
      }),
    )
    return path
  }

  test('a closed port is kubectl\'s connection refused message', async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as {port: number}).port
    await new Promise((resolve) => probe.close(resolve))
    const e = await failure(loadFromCluster({kubeconfig: kubeconfig(`https://127.0.0.1:${port}`)}, [req('gateways')]))
    expect(e.message).toBe(`The connection to the server 127.0.0.1:${port} was refused - did you specify the right host or port?`)
  })

  test('a server certificate from an unknown CA', async () => {
    const c = await cluster({objects: crdsFor(['gateways'])})
    try {
      const e = await failure(loadFromCluster({kubeconfig: kubeconfig(c.server.url)}, [req('gateways')]))
      expect(e.message).toBe('Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority')
    } finally {
      await c.close()
    }
  })

  test('a context without a user still trusts the cluster CA, and the server asks for credentials', async () => {
    const c = await cluster({objects: crdsFor(['gateways'])})
    try {
      const path = join(dir, 'anonymous.yaml')
      writeFileSync(
        path,
        stringify({
          clusters: [{name: 'c', cluster: {server: c.server.url, 'certificate-authority-data': Buffer.from(c.server.caPem).toString('base64')}}],
          contexts: [{name: 'x', context: {cluster: 'c'}}],
          'current-context': 'x',
        }),
      )
      const e = await failure(loadFromCluster({kubeconfig: path}, [req('gateways')]))
      expect(e.message).toBe('error: You must be logged in to the server (the server has asked for the client to provide credentials)')
      expect(c.server.requests[0].auth).toBeUndefined()
    } finally {
      await c.close()
    }
  })

  test('a server slower than --request-timeout', async () => {
    const c = await cluster({objects: crdsFor(['gateways']), delayMs: 3000})
    try {
      const e = await failure(loadFromCluster({...c.conn, requestTimeoutMs: 200}, [req('gateways')]))
      expect(e.message).toBe('Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)')
      expect(c.server.requests[0].query.timeout).toBe('200ms')
    } finally {
      await c.close()
    }
  })

  test('a kubeconfig without any cluster is kubectl\'s localhost:8080 message', async () => {
    const empty = join(dir, 'empty.yaml')
    writeFileSync(empty, '')
    const e = await failure(loadFromCluster({kubeconfig: empty}, [req('gateways')]))
    expect(e.message).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?')
  })

  test('no requests, no connection', async () => {
    const snap = await loadFromCluster({kubeconfig: join(dir, 'does-not-matter.yaml')}, [])
    expect(snap.objects).toEqual([])
  })
})
