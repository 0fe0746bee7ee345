// The cluster source's pure parts against fakes: error wording, discovery documents (good and garbage),
// paging, item validation, version choice.

import {createServer, type IncomingHttpHeaders} from 'node:http'
import {describe, expect, test} from 'vitest'
import {typeByName} from '../../src/model/resources.js'
import {createApiClient, goDuration} from '../../src/sources/api-client.js'
import {getJson, type ApiClient} from '../../src/sources/api-json.js'
import type {MergedKubeconfig} from '../../src/sources/kubeconfig.js'
import {apiErrorOf, ApiError, networkErrorOf, RequestTimeoutError, serverAddress, userErrorOf} from '../../src/sources/cluster-errors.js'
import {builtinPolicyKinds, policyTarget, servedResource, targetsForType} from '../../src/sources/cluster-targets.js'
import {discover, Discovery, readAggregated, readApiVersions, readGroupList, readResourceList} from '../../src/sources/discovery.js'
import {listAll, listPath, notAList, toObjects} from '../../src/sources/list-pages.js'
import {UserError} from '../../src/sources/request.js'

const GW = 'gateway.networking.k8s.io'

/** A fake server: path -> response (a function gets the query). */
function fakeClient(routes: Record<string, unknown | ((q: Record<string, string | undefined>) => {status: number; body: unknown})>) {
  const calls: {path: string; query: Record<string, string | undefined>; accept: string}[] = []
  const client: ApiClient = {
    server: 'https://127.0.0.1:6443',
    async get(path, query, accept) {
      calls.push({path, query, accept})
      const route = routes[path]
      if (route === undefined) return {status: 404, contentType: 'text/plain', body: '404 page not found'}
      const res = typeof route === 'function' ? (route as (q: typeof query) => {status: number; body: unknown})(query) : {status: 200, body: route}
      return {status: res.status, contentType: 'application/json', body: typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}
    },
  }
  return {client, calls}
}

describe('error wording', () => {
  test('a Status body gives its reason and message', () => {
    const e = apiErrorOf({status: 403, contentType: 'application/json', body: JSON.stringify({kind: 'Status', reason: 'Forbidden', message: 'no\x1b[2J way', code: 403})})
    expect([e.code, e.reason, e.message]).toEqual([403, 'Forbidden', 'no\\x1b[2J way'])
    expect(userErrorOf(e).message).toBe('Error from server (Forbidden): no\\x1b[2J way')
  })

  test('a text 404 (unknown group on a real apiserver) is NotFound, naming the request', () => {
    const e = apiErrorOf({status: 404, contentType: 'text/plain', body: '404 page not found'}, `list gateways.${GW}`)
    expect(userErrorOf(e).message).toBe(`Error from server (NotFound): the server could not find the requested resource (list gateways.${GW})`)
  })

  test('other bodies: 5xx quotes the body (shortened), unknown codes say so, empty Status fields fall back', () => {
    const e500 = apiErrorOf({status: 502, contentType: 'text/html', body: `<html>\n${'x'.repeat(500)}</html>`})
    expect(e500.reason).toBe('InternalError')
    expect(e500.message).toMatch(/^an error on the server \("<html> x+\.\.\."\) has prevented the request from succeeding$/)
    expect(apiErrorOf({status: 418, contentType: '', body: ''}).message).toBe('the server responded with the status code 418 but did not return more information')
    expect(apiErrorOf({status: 503, contentType: '', body: '{"kind":"Status","message":"","reason":7}'}).reason).toBe('ServiceUnavailable')
    expect(apiErrorOf({status: 400, contentType: '', body: '[1,2]'}).reason).toBe('BadRequest')
  })

  test('401 is kubectl\'s login message whatever the server says', () => {
    expect(userErrorOf(new ApiError(401, 'Unauthorized', 'Unauthorized')).message).toBe(
      'error: You must be logged in to the server (the server has asked for the client to provide credentials)',
    )
  })

  test('network failures in kubectl\'s words', () => {
    const err = (code: string, extra: object = {}) => Object.assign(new Error(`boom ${code}`), {code}, extra)
    const s = 'https://127.0.0.1:6443/prefix'
    expect(networkErrorOf(err('ECONNREFUSED'), s).message).toBe('The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?')
    expect(networkErrorOf(err('SELF_SIGNED_CERT_IN_CHAIN'), s).message).toBe(
      'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority',
    )
    expect(networkErrorOf(err('ERR_TLS_CERT_ALTNAME_INVALID', {cert: {subjectaltname: 'IP Address:127.0.0.1, DNS:localhost'}}), 'https://localhost2:1').message).toBe(
      'Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for 127.0.0.1, localhost, not localhost2',
    )
    expect(networkErrorOf(new RequestTimeoutError(false), s).message).toBe(
      'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    )
    expect(networkErrorOf(new RequestTimeoutError(true), s).message).toMatch(/while reading body\)$/)
    expect(networkErrorOf(err('EPROTO', {message: 'ssl3_get_record:wrong version number'}), s).message).toBe(
      'Unable to connect to the server: http: server gave HTTP response to HTTPS client',
    )
    expect(networkErrorOf(Object.assign(new Error('line1\nline2'), {code: 'EWEIRD'}), s).message).toBe('Unable to connect to the server: line1 line2')
    expect(networkErrorOf('not an error', s)).toBeInstanceOf(UserError)
  })

  test('server addresses are named as written', () => {
    expect(serverAddress('https://user@example.com:443/k8s/clusters/c-1')).toBe('example.com:443')
    expect(serverAddress('https://[::1]:6443')).toBe('[::1]:6443')
    expect(serverAddress('127.0.0.1:8443')).toBe('127.0.0.1:8443')
  })

  test('--request-timeout goes into the URL as Go prints durations', () => {
    expect([500, 1000, 1500, 5000, 90_000, 120_000, 3_600_000, 3_723_400].map(goDuration)).toEqual([
      '500ms',
      '1s',
      '1.5s',
      '5s',
      '1m30s',
      '2m0s',
      '1h0m0s',
      '1h2m3.4s',
    ])
  })
})

describe('discovery documents', () => {
  test('garbage in any field is skipped, never thrown on', () => {
    const d = new Discovery()
    for (const doc of [null, 7, 'x', [], {kind: 'APIGroupDiscoveryList'}, {kind: 'APIGroupDiscoveryList', items: [null, 1, {metadata: 5, versions: 'x'}]}]) {
      expect(() => readAggregated(doc, d)).not.toThrow()
    }
    expect(readGroupList({groups: [null, {name: 3}, {name: 'g', versions: [{version: 1}, {version: 'v1'}], preferredVersion: 'v1'}]})).toEqual([{name: 'g', versions: ['v1']}])
    expect(readApiVersions({versions: ['v1', 2, '']})).toEqual(['v1'])
    readResourceList({resources: [{name: 'a/status', kind: 'A'}, {name: 'b', kind: 'B', namespaced: 'yes'}, {kind: 'C'}]}, 'g', 'v1', d)
    expect(d.lookup('g', 'v1', 'b')).toEqual({group: 'g', version: 'v1', resource: 'b', kind: 'B', namespaced: false})
    expect(d.lookup('g', 'v1', 'a/status')).toBeUndefined()
  })

  test('the preferred version leads a group\'s versions', () => {
    expect(readGroupList({groups: [{name: 'g', versions: [{version: 'v1'}, {version: 'v2'}], preferredVersion: {version: 'v2'}}]})).toEqual([
      {name: 'g', versions: ['v2', 'v1']},
    ])
  })

  test('without aggregated discovery only the wanted groups are looked into; a failing version only warns', async () => {
    const {client, calls} = fakeClient({
      '/api': {kind: 'APIVersions', versions: ['v1']},
      '/apis': {
        kind: 'APIGroupList',
        groups: [
          {name: GW, versions: [{version: 'v1'}, {version: 'v1beta1'}], preferredVersion: {version: 'v1'}},
          {name: 'metrics.k8s.io', versions: [{version: 'v1beta1'}]},
        ],
      },
      '/api/v1': {resources: [{name: 'services', kind: 'Service', namespaced: true}]},
      [`/apis/${GW}/v1`]: {resources: [{name: 'gateways', kind: 'Gateway', namespaced: true}]},
      [`/apis/${GW}/v1beta1`]: () => ({status: 503, body: {kind: 'Status', reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request', code: 503}}),
    })
    const d = await discover(client, (g) => g === GW || g === '')
    expect(calls.map((c) => c.path).sort()).toEqual(['/api', '/api/v1', '/apis', `/apis/${GW}/v1`, `/apis/${GW}/v1beta1`])
    expect(d.versionsOf(GW, 'gateways')).toEqual(['v1'])
    expect(d.hasGroup('metrics.k8s.io')).toBe(true)
    expect(d.knowsResourcesOf('metrics.k8s.io')).toBe(false)
    expect(d.knowsResourcesOf(GW)).toBe(false)
    expect(d.knowsResourcesOf('')).toBe(true)
    expect(d.warnings).toEqual([`couldn't get resource list for ${GW}/v1beta1: the server is currently unable to handle the request`])
  })

  test('a 401 during discovery is fatal', async () => {
    const {client} = fakeClient({'/api': () => ({status: 401, body: {kind: 'Status', code: 401, reason: 'Unauthorized', message: 'Unauthorized'}}), '/apis': {}})
    await expect(discover(client, () => true)).rejects.toMatchObject({code: 401})
  })
})

describe('version choice', () => {
  function discovered(versions: Record<string, string[]>, order: string[]): Discovery {
    const d = new Discovery()
    for (const [v, resources] of Object.entries(versions)) for (const r of resources) d.addResource({group: GW, version: v, resource: r, kind: r, namespaced: true})
    d.addGroup(GW, order, true)
    return d
  }

  test('our order among the served versions, else the server\'s preferred', () => {
    const d = discovered({v1: ['gateways'], v1alpha3: ['tlsroutes'], v1alpha2: ['tlsroutes'], v3: ['tcproutes'], v2: ['tcproutes']}, ['v3', 'v2', 'v1', 'v1alpha3', 'v1alpha2'])
    expect(servedResource(typeByName('tlsroutes').refs[0], d)?.version).toBe('v1alpha3')
    expect(servedResource(typeByName('tcproutes').refs[0], d)?.version).toBe('v3')
    expect(servedResource(typeByName('udproutes').refs[0], d)).toBeUndefined()
  })

  test('targets carry the namespace only for namespaced resources', () => {
    const d = new Discovery()
    d.addResource({group: GW, version: 'v1', resource: 'gatewayclasses', kind: 'GatewayClass', namespaced: false})
    d.addGroup(GW, ['v1'], true)
    expect(targetsForType({type: typeByName('gc'), namespace: 'x', labelSelector: 'a=b', explicit: true}, d)).toEqual([
      {group: GW, version: 'v1', resource: 'gatewayclasses', kind: 'GatewayClass', namespaced: false, namespace: undefined, labelSelector: 'a=b'},
    ])
  })

  test('a policy kind of a group discovery did not cover is read at its CRD storage version', () => {
    const d = new Discovery()
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition' as const,
      metadata: {name: 'ps.example.com'},
      spec: {group: 'example.com', names: {kind: 'P', plural: 'ps'}, scope: 'Namespaced', versions: [{name: 'v1', served: true}, {name: 'v2', served: true, storage: true}, {name: 'v3', served: false}]},
    }
    const pk = {group: 'example.com', kind: 'P', resource: 'ps', type: 'Direct' as const, namespaced: true, crd}
    const request = {type: typeByName('policies'), namespace: 'n', explicit: true}
    expect(policyTarget(pk, d, request)).toMatchObject({version: 'v2', namespace: 'n', resource: 'ps'})
    d.addGroup('example.com', ['v1'], true)
    expect(policyTarget(pk, d, request)).toBeUndefined()
    expect(policyTarget({...pk, resource: ''}, new Discovery(), request)).toBeUndefined()
    expect(builtinPolicyKinds(d)).toEqual([])
  })
})

describe('paging', () => {
  const path = `/apis/${GW}/v1/gateways`
  const t = {group: GW, version: 'v1', resource: 'gateways', kind: 'Gateway', namespaced: true}

  test('list paths encode every segment', () => {
    expect(listPath({...t, namespace: 'a/b'})).toBe(`/apis/${GW}/v1/namespaces/a%2Fb/gateways`)
    expect(listPath({...t, group: '', version: 'v1', resource: 'services'})).toBe('/api/v1/services')
    expect(listPath({...t, resource: '../x?y'})).toBe(`/apis/${GW}/v1/..%2Fx%3Fy`)
  })

  test('a body that is not a List is an error naming the resource and the path; a server that never stops paging is cut off', async () => {
    await expect(listAll(fakeClient({[path]: {items: 'nope'}}).client, t)).rejects.toThrow(
      new UserError(`error: the server sent an invalid response to GET ${path} (list gateways.${GW}): not a List: "items" is not an array`),
    )
    const {client, calls} = fakeClient({[path]: () => ({status: 200, body: {items: [], metadata: {continue: 'again'}}})})
    await expect(listAll(client, t)).rejects.toThrow(/past 10000 pages/)
    expect(calls).toHaveLength(10_000)
  })

  test('a 2xx body that is not JSON is a one-line error naming the resource and the path', async () => {
    const {client, calls} = fakeClient({[path]: () => ({status: 200, body: '<html>\n<body>'})})
    const e = await listAll(client, t).catch((err: unknown) => err)
    expect(e).toBeInstanceOf(UserError)
    expect((e as UserError).message).toMatch(new RegExp(`^error: the server sent an invalid response to GET ${path} \\(list gateways\\.${GW.replaceAll('.', '\\.')}\\): `))
    expect((e as UserError).message).not.toContain('\n')
    // A complete answer that does not parse is not asked for again.
    expect(calls).toHaveLength(1)
  })

  test.each([
    [{items: []}, undefined],
    [{items: null}, undefined],
    [{items: [], metadata: {continue: 'x'}}, undefined],
    [{items: [], metadata: null}, undefined],
    [null, 'not a List: got null'],
    [[], 'not a List: got an array'],
    ['x', 'not a List: got a string'],
    [{kind: 'Status'}, 'not a List: no "items"'],
    [{items: {}}, 'not a List: "items" is not an array'],
    [{items: [], metadata: 'm'}, 'not a List: "metadata" is not an object'],
    [{items: [], metadata: {continue: 7}}, 'not a List: "metadata.continue" is not a string'],
  ])('List shape of %j', (doc, problem) => {
    expect(notAList(doc)).toBe(problem)
  })

  test('an empty list written with items: null has no items', async () => {
    expect(await listAll(fakeClient({[path]: {kind: 'GatewayList', items: null, metadata: {}}}).client, t)).toEqual([])
  })

  test('items that are not named objects are dropped and counted', () => {
    const raw = [{metadata: {name: 'ok'}}, null, 3, {metadata: {}}, {metadata: {name: 'x', namespace: 4}}, {metadata: 'x'}, {apiVersion: 'wrong/v9', metadata: {name: 'y'}}]
    const {items, dropped} = toObjects(raw, t)
    expect(dropped).toBe(5)
    expect(items.map((i) => `${i.apiVersion} ${i.kind} ${i.metadata.name}`)).toEqual([`${GW}/v1 Gateway ok`, `${GW}/v1 Gateway y`])
  })
})

describe('the HTTP client', () => {
  const config = (server: string, user: MergedKubeconfig['users'][number]): MergedKubeconfig => ({
    clusters: [{name: 'c', server, skipTLSVerify: false}],
    users: [user],
    contexts: [{name: 'x', cluster: 'c', user: user.name}],
    currentContext: 'x',
  })

  test('over plain http (kubectl proxy) no credentials are sent', async () => {
    const seen: IncomingHttpHeaders[] = []
    const server = createServer((req, res) => {
      seen.push(req.headers)
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('{"kind":"APIVersions","versions":["v1"]}')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as {port: number}).port}`
      const client = createApiClient(config(url, {name: 'u', token: 'secret'}), url, 1500)
      expect(await getJson(client, '/api')).toEqual({kind: 'APIVersions', versions: ['v1']})
      expect(seen[0].authorization).toBeUndefined()
      expect(seen[0].accept).toBe('application/json')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  test('a body whose multi-byte characters are split between chunks decodes whole', async () => {
    const name = 'caf\u00e9-\u20ac-\u{1f600}'
    const body = Buffer.from(JSON.stringify({kind: 'List', items: [{metadata: {name}}]}), 'utf8')
    const server = createServer((_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      // One byte at a time: every multi-byte character arrives in pieces.
      let i = 0
      const next = (): void => {
        if (i < body.length) res.write(body.subarray(i, ++i), () => setImmediate(next))
        else res.end()
      }
      next()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as {port: number}).port}`
      const client = createApiClient(config(url, {name: 'u'}), url, 5000)
      expect(await getJson(client, '/api/v1/things')).toEqual({kind: 'List', items: [{metadata: {name}}]})
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  test('a credential plugin that does not exist is kubectl\'s getting-credentials error', async () => {
    const url = 'https://127.0.0.1:1'
    const client = createApiClient(config(url, {name: 'u', exec: {command: '/nonexistent/kubectl-gw-cred', apiVersion: 'client.authentication.k8s.io/v1'}}), url)
    await expect(client.get('/api', {}, 'application/json')).rejects.toThrow(
      new UserError('Unable to connect to the server: getting credentials: exec: executable /nonexistent/kubectl-gw-cred not found'),
    )
  })

  test('a missing certificate file is named', async () => {
    const url = 'https://127.0.0.1:1'
    const client = createApiClient({...config(url, {name: 'u'}), clusters: [{name: 'c', server: url, skipTLSVerify: false, caFile: '/nonexistent/ca.crt'}]}, url)
    await expect(client.get('/api', {}, 'application/json')).rejects.toThrow('error: open /nonexistent/ca.crt: no such file or directory')
  })
})
