// A failing cluster: 429 and 5xx answers, bodies cut short, connections reset, invalid JSON, against
// the test API server's fault injection. The client gets a clock that does not sleep (the waits it
// asked for are recorded), so nothing here waits for real.

import {createServer} from 'node:http'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {createApiClient} from '../../src/sources/api-client.js'
import {getJson} from '../../src/sources/api-json.js'
import {loadFromCluster} from '../../src/sources/cluster.js'
import {IncompleteResponseError} from '../../src/sources/cluster-errors.js'
import {resolveKubeconfig} from '../../src/sources/kubeconfig.js'
import type {ListRequest} from '../../src/sources/request.js'
import type {RetryEnv} from '../../src/sources/retry.js'
import {crdsFor, type Fault} from '../support/apiserver.js'
import {cluster, gateway, GW, names, req, type Cluster, failure} from './cluster-helpers.js'

const GATEWAYS = `/apis/${GW}/v1/gateways`
const SERVICES = '/api/v1/services'
const objects = [...crdsFor(['gateways']), gateway('a', 'g1'), gateway('b', 'g2'), {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'a'}}]

const noSleep = (): RetryEnv & {slept: number[]} => {
  const slept: number[] = []
  return {slept, now: () => performance.now(), sleep: async (ms) => void slept.push(ms), random: () => 0}
}

async function withFaults<T>(faults: Fault[], fn: (c: Cluster) => Promise<T>, extra: {aggregatedDiscovery?: boolean} = {}): Promise<T> {
  const c = await cluster({objects, faults, ...extra})
  try {
    return await fn(c)
  } finally {
    await c.close()
  }
}

/** loadFromCluster with a clock that records the waits instead of sleeping. */
function load(c: Cluster, requests: ListRequest[], env = noSleep(), requestTimeoutMs?: number) {
  return loadFromCluster({...c.conn, requestTimeoutMs}, requests, undefined, {env})
}

const hits = (c: Cluster, path: string) => c.server.requests.filter((r) => r.path === path).length

describe('429 and 5xx through loadFromCluster', () => {
  test('503 twice, then the list: three requests, every object', () =>
    withFaults([{path: GATEWAYS, status: 503, times: 2}], async (c) => {
      const env = noSleep()
      const snap = await load(c, [req('gateways')], env)
      expect(names(snap.objects)).toEqual(['Gateway/a/g1', 'Gateway/b/g2'])
      expect(snap.warnings).toEqual([])
      expect(hits(c, GATEWAYS)).toBe(3)
      expect(c.server.faultsFired).toEqual([2])
      expect(env.slept).toEqual([200, 400])
    }))

  test('429 with Retry-After: 1, then the list: the second asked for is waited', () =>
    withFaults([{path: GATEWAYS, status: 429, retryAfter: 1, times: 1}], async (c) => {
      const env = noSleep()
      expect((await load(c, [req('gateways')], env)).objects).toHaveLength(2)
      expect(hits(c, GATEWAYS)).toBe(2)
      expect(env.slept).toEqual([1000])
    }))

  test('a 503 that never ends on the only type asked for: four requests, kubectl’s line naming the list', () =>
    withFaults([{path: GATEWAYS, status: 503, times: Infinity}], async (c) => {
      const env = noSleep()
      const e = await failure(load(c, [req('gateways')], env))
      expect(env.slept).toEqual([200, 400, 800])
      expect(e.message).toBe(`Error from server (ServiceUnavailable): the server is currently unable to handle the request (list gateways.${GW})`)
      expect(hits(c, GATEWAYS)).toBe(4)
    }))

  test('a type that keeps failing beside others is handled as a 403: a warning, the kind unreadable, the rest loaded', () =>
    withFaults([{path: SERVICES, status: 500, times: Infinity}], async (c) => {
      const snap = await load(c, [req('gateways'), req('services')])
      expect(names(snap.objects)).toEqual(['Gateway/a/g1', 'Gateway/b/g2'])
      // The Status message does not name the list, so the line does.
      expect(snap.warnings).toEqual(['Error from server (InternalError): Internal error occurred: injected fault (list services)'])
      expect([...snap.unreadable]).toEqual(['/Service'])
      expect(hits(c, SERVICES)).toBe(4)
      expect(hits(c, GATEWAYS)).toBe(1)
    }))

  test('501 is not retried, yet fails that one type the same way', () =>
    withFaults([{path: SERVICES, status: 501, times: Infinity}], async (c) => {
      const snap = await load(c, [req('gateways'), req('services')])
      expect(snap.warnings).toEqual(['Error from server (InternalError): injected status 501 (list services)'])
      expect(hits(c, SERVICES)).toBe(1)
    }))

  test('a 404 or 403 is never retried', () =>
    withFaults([{path: GATEWAYS, status: 404, times: Infinity}], async (c) => {
      await load(c, [req('gateways')]).catch(() => undefined)
      expect(hits(c, GATEWAYS)).toBe(1)
    }))

  test('a built-in policy CRD whose get keeps failing: a warning, the labelled CRDs still listed', async () => {
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backendlbpolicies.${GW}`
    const c = await cluster({objects: crdsFor(), faults: [{path, status: 503, times: Infinity}]})
    try {
      const snap = await load(c, [req('policycrds')])
      expect(snap.crds().map((x) => x.metadata.name)).toContain(`backendtlspolicies.${GW}`)
      expect(snap.crds().map((x) => x.metadata.name)).not.toContain(`backendlbpolicies.${GW}`)
      expect(snap.warnings).toEqual([
        'Error from server (ServiceUnavailable): the server is currently unable to handle the request (get customresourcedefinitions.apiextensions.k8s.io)',
      ])
      expect(hits(c, path)).toBe(4)
    } finally {
      await c.close()
    }
  })

  test('discovery that keeps failing is fatal, after the retries', () =>
    withFaults([{path: '/apis', status: 503, times: Infinity}], async (c) => {
      const e = await failure(load(c, [req('gateways')]))
      expect(e.message).toBe('Error from server (ServiceUnavailable): the server is currently unable to handle the request')
      expect(hits(c, '/apis')).toBe(4)
      expect(hits(c, GATEWAYS)).toBe(0)
    }))

  test('a Retry-After beyond --request-timeout: no retry, the server’s error', () =>
    withFaults([{path: GATEWAYS, status: 429, retryAfter: 1, times: Infinity}], async (c) => {
      const env = noSleep()
      const e = await failure(load(c, [req('gateways')], env, 500))
      expect(env.slept).toEqual([])
      expect(e.message).toBe(`Error from server (TooManyRequests): Too many requests, please try again later. (list gateways.${GW})`)
      expect(hits(c, GATEWAYS)).toBe(1)
    }))
})

describe('bodies cut short and invalid JSON', () => {
  test('a truncated list (Content-Length not reached) is retried', () =>
    withFaults([{path: GATEWAYS, truncate: true, times: 1}], async (c) => {
      const snap = await load(c, [req('gateways')])
      expect(names(snap.objects)).toEqual(['Gateway/a/g1', 'Gateway/b/g2'])
      expect(hits(c, GATEWAYS)).toBe(2)
    }))

  test('a truncated chunked body is retried', () =>
    withFaults([{path: GATEWAYS, truncate: 'chunked', times: 2}], async (c) => {
      const snap = await load(c, [req('gateways')])
      expect(snap.objects).toHaveLength(2)
      expect(hits(c, GATEWAYS)).toBe(3)
    }))

  test('a body that stays cut short: one line naming the request and the list, four requests', () =>
    withFaults([{path: GATEWAYS, truncate: true, times: Infinity}], async (c) => {
      const resolved = resolveKubeconfig({kubeconfig: c.conn.kubeconfig})
      const env = noSleep()
      const client = createApiClient(resolved.config, resolved.server!, 0, {env})
      const e = await getJson(client, GATEWAYS, {}, undefined, `list gateways.${GW}`).catch((err: unknown) => err)
      expect(e).toBeInstanceOf(IncompleteResponseError)
      expect((e as Error).message).toBe(`unexpected error when reading response body of GET ${GATEWAYS} (list gateways.${GW}). Original error: unexpected EOF`)
      expect(hits(c, GATEWAYS)).toBe(4)
      expect(env.slept).toEqual([200, 400, 800])
    }))

  test('beside other types, a list that stays cut short is a warning and an unreadable kind', () =>
    withFaults([{path: SERVICES, truncate: 'chunked', times: Infinity}], async (c) => {
      const snap = await load(c, [req('gateways'), req('services')])
      expect(snap.objects).toHaveLength(2)
      expect(snap.warnings).toEqual([`unexpected error when reading response body of GET ${SERVICES} (list services). Original error: unexpected EOF`])
      expect(snap.unreadable.has('/Service')).toBe(true)
      const e = await failure(load(c, [req('services')]))
      expect(e.message).toBe(`unexpected error when reading response body of GET ${SERVICES} (list services). Original error: unexpected EOF`)
    }))

  test('a 503 whose body is cut short is still a 503 to retry', () =>
    withFaults([{path: GATEWAYS, status: 503, truncate: true, times: 1}], async (c) => {
      expect((await load(c, [req('gateways')])).objects).toHaveLength(2)
      expect(hits(c, GATEWAYS)).toBe(2)
    }))

  test('invalid JSON in a complete body: not retried, one line naming the list and the path', () =>
    withFaults([{path: GATEWAYS, body: '{"kind":"GatewayList","items":[{"metadata"', times: Infinity}], async (c) => {
      const e = await failure(load(c, [req('gateways'), req('services')]))
      expect(e.message).toMatch(new RegExp(`^error: the server sent an invalid response to GET ${GATEWAYS} \\(list gateways\\.gateway\\.networking\\.k8s\\.io\\): `))
      expect(e.message).not.toContain('\n')
      expect(hits(c, GATEWAYS)).toBe(1)
    }))

  test('valid JSON that is not a List is an error too', () =>
    withFaults([{path: GATEWAYS, body: '{"kind":"Gateway","metadata":{"name":"x"}}', times: Infinity}], async (c) => {
      const e = await failure(load(c, [req('gateways')]))
      expect(e.message).toBe(`error: the server sent an invalid response to GET ${GATEWAYS} (list gateways.${GW}): not a List: no "items"`)
    }))

  test('a group version whose resource list stays cut short only warns (servers without aggregated discovery)', () =>
    withFaults(
      [{path: '/api/v1', truncate: true, times: Infinity}],
      async (c) => {
        const snap = await load(c, [req('gateways'), req('services', {explicit: false})])
        expect(names(snap.objects)).toEqual(['Gateway/a/g1', 'Gateway/b/g2'])
        expect(snap.warnings).toEqual(["couldn't get resource list for v1: unexpected error when reading response body of GET /api/v1. Original error: unexpected EOF"])
        expect(hits(c, '/api/v1')).toBe(4)
      },
      {aggregatedDiscovery: false},
    ))
})

describe('connections reset before any answer', () => {
  let server: ReturnType<typeof createServer>
  let url: string
  let connections = 0
  let resetsLeft = 0
  beforeAll(async () => {
    server = createServer((req, res) => {
      connections++
      if (resetsLeft > 0) {
        resetsLeft--
        req.socket.destroy()
        return
      }
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('{"kind":"APIVersions","versions":["v1"]}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as {port: number}).port}`
  })
  afterAll(() => new Promise((resolve) => server.close(resolve)))

  const client = (env: RetryEnv) =>
    createApiClient({clusters: [{name: 'c', server: url, skipTLSVerify: false}], users: [], contexts: [{name: 'x', cluster: 'c', user: ''}], currentContext: 'x'}, url, 0, {env})

  test('are retried, as client-go retries a reset GET', async () => {
    connections = 0
    resetsLeft = 2
    expect(await getJson(client(noSleep()), '/api')).toEqual({kind: 'APIVersions', versions: ['v1']})
    expect(connections).toBe(3)
  })

  test('and after the last retry give kubectl’s reset message', async () => {
    connections = 0
    resetsLeft = 10
    const e = await failure(getJson(client(noSleep()), '/api'))
    expect(e.message).toBe('Unable to connect to the server: read: connection reset by peer')
    expect(connections).toBe(4)
  })
})
