// kubeconfig resolution as kubectl does it (files, $KUBECONFIG merging, in-cluster), and --request-timeout.

import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {delimiter, join} from 'node:path'
import {afterEach, beforeEach, describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {createApiClient} from '../../src/sources/api-client.js'
import {getJson} from '../../src/sources/api-json.js'
import {parseRequestTimeout, resolveKubeconfig} from '../../src/sources/kubeconfig.js'
import {UserError} from '../../src/sources/request.js'
import {crdsFor, startApiServer} from '../support/apiserver.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-kubeconfig-'))
})
afterEach(() => rm(dir, {recursive: true, force: true}))

interface Kc {
  clusters?: [string, Record<string, unknown>][]
  users?: [string, Record<string, unknown>][]
  contexts?: [string, Record<string, unknown>][]
  current?: string
}

async function write(rel: string, kc: Kc | string): Promise<string> {
  const path = join(dir, rel)
  await mkdir(join(path, '..'), {recursive: true})
  const text =
    typeof kc === 'string'
      ? kc
      : stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: (kc.clusters ?? []).map(([name, cluster]) => ({name, cluster})),
          users: (kc.users ?? []).map(([name, user]) => ({name, user})),
          contexts: (kc.contexts ?? []).map(([name, context]) => ({name, context})),
          ...(kc.current ? {'current-context': kc.current} : {}),
        })
  await writeFile(path, text)
  return path
}

function thrown(fn: () => unknown): UserError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(UserError)
    return e as UserError
  }
  throw new Error('expected a UserError')
}

const empty = {} as NodeJS.ProcessEnv

describe('which files', () => {
  test('plain scalars are read as kubectl reads them: insecure-skip-tls-verify: yes is true, "yes" is not', async () => {
    for (const [value, skip] of [['yes', true], ['on', true], ['"yes"', false], ['no', false]] as const) {
      const file = await write(`tls-${skip}-${value.replace(/"/g, 'q')}.yaml`, `clusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: ${value}}\ncontexts:\n- name: x\n  context: {cluster: c}\ncurrent-context: x\n`)
      expect(resolveKubeconfig({kubeconfig: file, env: empty}).config.clusters.find((c) => c.name === 'c')?.skipTLSVerify, value).toBe(skip)
    }
  })

  test('--kubeconfig alone is read, and its context namespace is used', async () => {
    const path = await write('a.yaml', {
      clusters: [['c', {server: 'https://127.0.0.1:6443/'}]],
      users: [['u', {token: 'abc'}]],
      contexts: [['ctx', {cluster: 'c', user: 'u', namespace: 'prod'}]],
      current: 'ctx',
    })
    const r = resolveKubeconfig({kubeconfig: path, env: {KUBECONFIG: '/elsewhere'}})
    expect(r).toMatchObject({context: 'ctx', namespace: 'prod', server: 'https://127.0.0.1:6443', inCluster: false, files: [path]})
    expect(r.config.users[0]).toMatchObject({name: 'u', token: 'abc'})
    expect(r.config.currentContext).toBe('ctx')
  })

  test('a missing --kubeconfig file is kubectl\'s stat error', () => {
    const path = join(dir, 'missing.yaml')
    expect(thrown(() => resolveKubeconfig({kubeconfig: path})).message).toBe(`error: stat ${path}: no such file or directory`)
  })

  test('malformed or non-mapping files are load errors naming the file', async () => {
    const bad = await write('bad.yaml', 'clusters: [\n')
    expect(thrown(() => resolveKubeconfig({kubeconfig: bad})).message).toMatch(new RegExp(`^error: error loading config file "${bad}": yaml: `))
    const list = await write('list.yaml', '- a\n- b\n')
    expect(thrown(() => resolveKubeconfig({kubeconfig: list})).message).toMatch(/not a kubeconfig/)
    expect(thrown(() => resolveKubeconfig({kubeconfig: dir})).message).toMatch(/is a directory/)
  })

  test('plain files are read by js-yaml, anchors and aliases by yaml: the same kubeconfig', async () => {
    const plain = await write(
      'plain.yaml',
      'clusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:6443"}\ncontexts:\n- name: x\n  context: {cluster: c, namespace: "0x10"}\ncurrent-context: x\n',
    )
    const anchored = await write(
      'anchored.yaml',
      'clusters:\n- name: c\n  cluster: &c {server: "https://127.0.0.1:6443"}\ncontexts:\n- name: x\n  context: {cluster: c, namespace: "0x10"}\n- name: y\n  context: *c\ncurrent-context: x\n',
    )
    const a = resolveKubeconfig({kubeconfig: plain, env: empty})
    const b = resolveKubeconfig({kubeconfig: anchored, env: empty})
    expect(a).toMatchObject({context: 'x', namespace: '0x10', server: 'https://127.0.0.1:6443'})
    expect(b).toMatchObject({context: 'x', namespace: '0x10', server: 'https://127.0.0.1:6443'})
    // What js-yaml refuses is worded by yaml, as before.
    const dup = await write('dup.yaml', 'current-context: a\ncurrent-context: b\n')
    expect(thrown(() => resolveKubeconfig({kubeconfig: dup})).message).toMatch(/: yaml: Map keys must be unique/)
  })

  test('without --kubeconfig and $KUBECONFIG, ~/.kube/config', async () => {
    await write('home/.kube/config', {clusters: [['c', {server: 'https://127.0.0.1:1'}]], contexts: [['h', {cluster: 'c'}]], current: 'h'})
    const r = resolveKubeconfig({env: empty, home: join(dir, 'home')})
    expect(r).toMatchObject({context: 'h', namespace: 'default', server: 'https://127.0.0.1:1'})
    expect(r.files).toEqual([join(dir, 'home/.kube/config')])
  })

  test('no configuration at all: no server, namespace default', () => {
    const r = resolveKubeconfig({env: empty, home: join(dir, 'nohome'), serviceAccountDir: join(dir, 'nosa')})
    expect(r).toMatchObject({context: '', namespace: 'default', server: undefined, inCluster: false, files: []})
  })
})

describe('$KUBECONFIG merging', () => {
  async function twoFiles() {
    const a = await write('a/config', {
      clusters: [['shared', {server: 'https://127.0.0.1:1001'}]],
      users: [['ua', {token: 'ta'}]],
      contexts: [['ctx-a', {cluster: 'shared', user: 'ua', namespace: 'ns-a'}]],
      current: 'ctx-a',
    })
    const b = await write('b/config', {
      clusters: [
        ['shared', {server: 'https://127.0.0.1:2002'}],
        ['only-b', {server: 'https://127.0.0.1:3003'}],
      ],
      users: [['ua', {token: 'from-b'}]],
      contexts: [
        ['ctx-a', {cluster: 'only-b', namespace: 'ignored'}],
        ['ctx-b', {cluster: 'only-b', user: 'ua', namespace: 'ns-b'}],
      ],
      current: 'ctx-b',
    })
    return {a, b}
  }

  test('the first file wins for each name and for current-context', async () => {
    const {a, b} = await twoFiles()
    const r = resolveKubeconfig({env: {KUBECONFIG: [a, b].join(delimiter)}})
    expect(r.context).toBe('ctx-a')
    expect(r.namespace).toBe('ns-a')
    expect(r.server).toBe('https://127.0.0.1:1001')
    expect(r.config.clusters.map((c) => `${c.name}=${c.server}`)).toEqual(['shared=https://127.0.0.1:1001', 'only-b=https://127.0.0.1:3003'])
    expect(r.config.users).toHaveLength(1)
    expect(r.config.users[0].token).toBe('ta')
    expect(r.config.contexts.map((c) => c.name)).toEqual(['ctx-a', 'ctx-b'])
    expect(r.files).toEqual([a, b])
  })

  test('--context selects a context from any file', async () => {
    const {a, b} = await twoFiles()
    const r = resolveKubeconfig({env: {KUBECONFIG: [a, b].join(delimiter)}, context: 'ctx-b'})
    expect(r).toMatchObject({context: 'ctx-b', namespace: 'ns-b', server: 'https://127.0.0.1:3003'})
    expect(r.config.currentContext).toBe('ctx-b')
  })

  test('missing files and empty entries are ignored', async () => {
    const {b} = await twoFiles()
    const r = resolveKubeconfig({env: {KUBECONFIG: ['', join(dir, 'nope'), b, ''].join(delimiter)}})
    expect(r.context).toBe('ctx-b')
    expect(r.files).toEqual([b])
  })

  test('the current-context of a later file is used when the first has none', async () => {
    const a = await write('a.yaml', {clusters: [['c', {server: 'https://127.0.0.1:1'}]]})
    const b = await write('b.yaml', {contexts: [['x', {cluster: 'c'}]], current: 'x'})
    expect(resolveKubeconfig({env: {KUBECONFIG: `${a}${delimiter}${b}`}})).toMatchObject({context: 'x', server: 'https://127.0.0.1:1'})
  })

  test('relative paths resolve against the directory of the file that names them', async () => {
    const a = await write('first/config', {
      clusters: [['c', {server: 'https://127.0.0.1:1', 'certificate-authority': 'ca.crt'}]],
      users: [['u', {'client-certificate': 'certs/me.crt', 'client-key': '/abs/me.key', exec: {command: './bin/cred', args: ['x']}}]],
      contexts: [['x', {cluster: 'c', user: 'u'}]],
      current: 'x',
    })
    const b = await write('second/sub/config', {
      users: [
        ['tf', {'token-file': 'token', token: 'overridden'}],
        ['path-exec', {exec: {command: 'aws'}}],
      ],
    })
    const r = resolveKubeconfig({env: {KUBECONFIG: `${a}${delimiter}${b}`}})
    expect(r.config.clusters[0].caFile).toBe(join(dir, 'first/ca.crt'))
    const [u, tf, pathExec] = r.config.users
    expect(u.certFile).toBe(join(dir, 'first/certs/me.crt'))
    expect(u.keyFile).toBe('/abs/me.key')
    expect(u.exec).toEqual({command: join(dir, 'first/bin/cred'), args: ['x']})
    // token-file wins over token (client-go), read by client-node's token-file authenticator.
    expect(tf.token).toBeUndefined()
    expect(tf.authProvider).toEqual({name: 'tokenFile', config: {tokenFile: join(dir, 'second/sub/token')}})
    expect(pathExec.exec).toEqual({command: 'aws'})
  })

  test('fields of the wrong type are ignored rather than trusted', async () => {
    const path = await write('odd.yaml', 'clusters:\n- name: c\n  cluster: {server: 42, insecure-skip-tls-verify: "true"}\n- 7\n- {cluster: {}}\nusers: {u: 1}\ncontexts:\n- name: x\n  context: {cluster: c, namespace: [a]}\ncurrent-context: x\n')
    const r = resolveKubeconfig({kubeconfig: path})
    expect(r.config.clusters).toEqual([{name: 'c', server: '', caData: undefined, caFile: undefined, skipTLSVerify: false, tlsServerName: undefined, proxyUrl: undefined}])
    expect(r.config.users).toEqual([])
    expect(r).toMatchObject({context: 'x', namespace: 'default', server: undefined})
  })
})

describe('contexts', () => {
  test('--context nosuch is kubectl\'s error', async () => {
    const path = await write('a.yaml', {clusters: [['c', {server: 'https://127.0.0.1:1'}]], contexts: [['x', {cluster: 'c'}]], current: 'x'})
    expect(thrown(() => resolveKubeconfig({kubeconfig: path, context: 'nosuch'})).message).toBe(
      'error: context was not found for specified context: nosuch',
    )
  })

  test('a current-context naming no context is the same error', async () => {
    const path = await write('a.yaml', {clusters: [['c', {server: 'https://127.0.0.1:1'}]], current: 'gone'})
    expect(thrown(() => resolveKubeconfig({kubeconfig: path})).message).toBe('error: context was not found for specified context: gone')
  })

  test('a context whose cluster is missing has no server', async () => {
    // Not `namespace: n`: kubectl reads a plain n as the boolean false.
    const path = await write('a.yaml', {contexts: [['x', {cluster: 'nope', namespace: 'ns'}]], current: 'x'})
    expect(resolveKubeconfig({kubeconfig: path})).toMatchObject({context: 'x', namespace: 'ns', server: undefined})
  })
})

describe('in-cluster', () => {
  async function serviceAccount(files: Record<string, string>): Promise<string> {
    const sa = join(dir, 'sa')
    await mkdir(sa, {recursive: true})
    for (const [name, text] of Object.entries(files)) await writeFile(join(sa, name), text)
    return sa
  }

  test('used when no kubeconfig exists and the service environment and token are there', async () => {
    const sa = await serviceAccount({token: 'tok', 'ca.crt': 'pem', namespace: 'team-a\n'})
    const env = {KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '6443', HOME: join(dir, 'nohome')}
    const r = resolveKubeconfig({env, serviceAccountDir: sa})
    expect(r).toMatchObject({inCluster: true, namespace: 'team-a', server: 'https://127.0.0.1:6443'})
    expect(r.config.clusters[0].caFile).toBe(join(sa, 'ca.crt'))
    expect(r.config.users[0].authProvider).toEqual({name: 'tokenFile', config: {tokenFile: join(sa, 'token')}})
    expect(resolveKubeconfig({env: {...env, POD_NAMESPACE: 'from-env'}, serviceAccountDir: sa}).namespace).toBe('from-env')
    expect(resolveKubeconfig({env: {...env, KUBERNETES_SERVICE_HOST: '::1'}, serviceAccountDir: sa}).server).toBe('https://[::1]:6443')
  })

  test('not used without the token, without the port, or when a kubeconfig exists', async () => {
    const sa = await serviceAccount({'ca.crt': 'pem'})
    const env = {KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '6443', HOME: join(dir, 'nohome')}
    expect(resolveKubeconfig({env, serviceAccountDir: sa}).inCluster).toBe(false)
    const withToken = await serviceAccount({token: 'tok'})
    expect(resolveKubeconfig({env: {...env, KUBERNETES_SERVICE_PORT: undefined}, serviceAccountDir: withToken}).inCluster).toBe(false)
    const kc = await write('kc.yaml', {clusters: [['c', {server: 'https://127.0.0.1:9'}]], contexts: [['x', {cluster: 'c'}]], current: 'x'})
    expect(resolveKubeconfig({env: {...env, KUBECONFIG: kc}, serviceAccountDir: withToken})).toMatchObject({inCluster: false, server: 'https://127.0.0.1:9'})
  })

  test('the in-cluster config authenticates with the token file and trusts the CA file', async () => {
    const server = await startApiServer({objects: crdsFor(['gateways'])})
    try {
      const sa = await serviceAccount({token: server.token, 'ca.crt': server.caPem, namespace: 'ns'})
      const port = new URL(server.url).port
      const r = resolveKubeconfig({env: {KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port, HOME: join(dir, 'nohome')}, serviceAccountDir: sa})
      const client = createApiClient(r.config, r.server!)
      const list = (await getJson(client, '/apis/gateway.networking.k8s.io/v1/gateways')) as {kind: string}
      expect(list.kind).toBe('GatewayList')
      expect(server.requests[0].auth).toBe(`Bearer ${server.token}`)
    } finally {
      await server.close()
    }
  })
})

describe('parseRequestTimeout', () => {
  test.each([
    ['0', 0],
    ['5', 5000],
    ['+5', 5000],
    ['5s', 5000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['500ms', 500],
    ['.5s', 500],
    ['1ns', 1],
    ['0s', 0],
  ])('%s -> %i ms', (input, ms) => {
    expect(parseRequestTimeout(input)).toBe(ms)
  })

  test.each(['', 'abc', '5x', '-5', '-5s', 's', '1.s.', '5 s', '1e3', '99999999999999999999h'])('%j is refused with kubectl\'s message', (input) => {
    expect(thrown(() => parseRequestTimeout(input)).message).toBe(
      'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)',
    )
  })
})
