// `kubectl gw get` against a failing API server (the test server's fault injection): 429 and 5xx are
// retried a bounded number of times, within --request-timeout; a body cut short is retried; invalid JSON
// is one line naming the list. Every test counts the requests the server received, never the time taken.

import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type Fault} from '../support/apiserver.js'
import {requireBuild, run, type RunResult} from './get-helpers.js'

const GW = 'gateway.networking.k8s.io'
const GATEWAYS = `/apis/${GW}/v1/namespaces/shop/gateways`
const SERVICES = '/api/v1/namespaces/shop/services'

const objects: K8sObject[] = [
  ...crdsFor(['gateways']),
  {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'front', namespace: 'shop'}, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}},
  {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'shop'}, spec: {ports: [{port: 80}]}},
]

let dir: string
beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-faults-'))
})
afterAll(() => rm(dir, {recursive: true, force: true}))

interface Outcome extends RunResult {
  /** Requests the server received for each path. */
  hits(path: string): number
  fired: number[]
}

/** `kubectl gw get ARGS` against a fresh server with these faults, in namespace shop. */
async function getWith(faults: Fault[], ...args: string[]): Promise<Outcome> {
  const server = await startApiServer({objects, faults})
  try {
    const r = await run(['get', ...args, '--kubeconfig', server.writeKubeconfig(dir, {namespace: 'shop'})])
    return {...r, hits: (path) => server.requests.filter((q) => q.path === path).length, fired: [...server.faultsFired]}
  } finally {
    await server.close()
  }
}

function expectOneLine(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /)
  expect(stderr.endsWith('\n')).toBe(true)
  expect(stderr.trimEnd().split('\n')).toHaveLength(1)
}

describe.concurrent('retries', () => {
  test('429 with Retry-After: 1, then the list: two requests, the table, exit 0', async () => {
    const r = await getWith([{path: GATEWAYS, status: 429, retryAfter: 1, times: 1}], 'gtw')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^NAME +CLASS +ADDRESSES +PORTS +PROGRAMMED +AGE\nfront +edge +<none> +80 +<none> +/)
    expect(r.hits(GATEWAYS)).toBe(2)
    expect(r.fired).toEqual([1])
  })

  test('503 twice, then the list: three requests, exit 0', async () => {
    const r = await getWith([{path: GATEWAYS, status: 503, times: 2}], 'gtw', '-o', 'name')
    expect(r).toMatchObject({code: 0, stdout: `gateway.${GW}/front\n`, stderr: ''})
    expect(r.hits(GATEWAYS)).toBe(3)
  })

  test('500 forever: four requests, one kubectl-like line naming the list, exit 1, no stack', async () => {
    const r = await getWith([{path: GATEWAYS, status: 500, times: Infinity}], 'gtw')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`Error from server (InternalError): Internal error occurred: injected fault (list gateways.${GW})\n`)
    expectOneLine(r.stderr)
    expect(r.hits(GATEWAYS)).toBe(4)
  })

  test('a type that keeps failing beside another: warned about as a 403 would be, the rest printed, exit 0', async () => {
    const r = await getWith([{path: SERVICES, status: 503, times: Infinity}], 'gtw,svc', '-o', 'name')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`gateway.${GW}/front\n`)
    expect(r.stderr.split('\n')[0]).toBe('Warning: Error from server (ServiceUnavailable): the server is currently unable to handle the request (list services)')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.hits(SERVICES)).toBe(4)
    expect(r.hits(GATEWAYS)).toBe(1)
  })

  test('501 is not retried', async () => {
    const r = await getWith([{path: GATEWAYS, status: 501, times: Infinity}], 'gtw')
    expect(r.code).toBe(1)
    expectOneLine(r.stderr)
    expect(r.hits(GATEWAYS)).toBe(1)
  })
})

describe.concurrent('--request-timeout bounds the retries', () => {
  // Retry-After 2 s against a 3 s budget: the retry at ~2 s fits and the next (~4 s) cannot, with a
  // second of slack for a slow machine before the count could change.
  const always429: Fault[] = [{path: GATEWAYS, status: 429, retryAfter: 2, times: Infinity}]

  test('a Retry-After of 2 s with 500 ms left: no retry, the server’s error, exit 1', async () => {
    const r = await getWith(always429, 'gtw', '--request-timeout', '500ms')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`Error from server (TooManyRequests): Too many requests, please try again later. (list gateways.${GW})\n`)
    expect(r.hits(GATEWAYS)).toBe(1)
  })

  test('with 3 s: one retry fits, the second would not', async () => {
    const r = await getWith(always429, 'gtw', '--request-timeout', '3s')
    expect(r.code).toBe(1)
    expectOneLine(r.stderr)
    expect(r.hits(GATEWAYS)).toBe(2)
  })
})

describe.concurrent('bodies cut short and invalid JSON', () => {
  test('a truncated body, then the list: two requests, exit 0', async () => {
    const r = await getWith([{path: GATEWAYS, truncate: true, times: 1}], 'gtw', '-o', 'name')
    expect(r).toMatchObject({code: 0, stdout: `gateway.${GW}/front\n`, stderr: ''})
    expect(r.hits(GATEWAYS)).toBe(2)
  })

  test('a chunked body cut short every time: four requests, one line naming the list, exit 1', async () => {
    const r = await getWith([{path: GATEWAYS, truncate: 'chunked', times: Infinity}], 'gtw')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`unexpected error when reading response body of GET ${GATEWAYS} (list gateways.${GW}). Original error: unexpected EOF\n`)
    expect(r.hits(GATEWAYS)).toBe(4)
  })

  test('invalid JSON: not retried, one line naming the list and the path, exit 1', async () => {
    const r = await getWith([{path: GATEWAYS, body: '{"kind":"GatewayList","items":[{"meta', times: Infinity}], 'gtw')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.startsWith(`error: the server sent an invalid response to GET ${GATEWAYS} (list gateways.${GW}): `)).toBe(true)
    expectOneLine(r.stderr)
    expect(r.hits(GATEWAYS)).toBe(1)
  })

  test('JSON that is not a List: the same kind of line', async () => {
    const r = await getWith([{path: GATEWAYS, body: '[]', times: Infinity}], 'gtw')
    expect(r).toMatchObject({code: 1, stdout: '', stderr: `error: the server sent an invalid response to GET ${GATEWAYS} (list gateways.${GW}): not a List: got an array\n`})
  })
})
