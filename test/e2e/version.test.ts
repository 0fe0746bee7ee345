// `kubectl gw version` against the test API server: the Gateway API version from the Gateway CRD's
// annotations, its absence, a refused read, and an unreachable cluster (kubectl version's habits).

import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {ROOT, requireBuild, run} from './get-helpers.js'

let dir: string
let servers: ApiServer[] = []
const kc: Record<'annotated' | 'bare' | 'none' | 'refused', string> = {annotated: '', bare: '', none: '', refused: ''}
let client: string

beforeAll(async () => {
  requireBuild()
  client = `v${JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version}`
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-version-'))
  const annotated = crdsFor().map((c) => ({
    ...c,
    metadata: {...c.metadata, annotations: {'gateway.networking.k8s.io/bundle-version': 'v1.6.1', 'gateway.networking.k8s.io/channel': 'experimental'}},
  }))
  const start = async (key: keyof typeof kc, objects: Parameters<typeof startApiServer>[0]['objects'], forbidden: {group: string; resource: string}[] = []) => {
    const s = await startApiServer({objects, forbidden})
    servers.push(s)
    kc[key] = s.writeKubeconfig(dir, {context: key})
  }
  await start('annotated', annotated)
  await start('bare', crdsFor())
  await start('none', [])
  await start('refused', crdsFor(), [{group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions'}])
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  servers = []
  if (dir) await rm(dir, {recursive: true, force: true})
})

describe('kubectl gw version', () => {
  test('client and the bundle version and channel of the installed Gateway API', async () => {
    const r = await run(['version', '--kubeconfig', kc.annotated])
    expect(r).toEqual({code: 0, stdout: `Client Version: ${client}\nGateway API Version: v1.6.1 (experimental)\n`, stderr: ''})
  })

  test('one GET of the Gateway CRD, nothing listed', async () => {
    const s = servers[0]
    const before = s.requests.length
    await run(['version', '--kubeconfig', kc.annotated])
    expect(s.requests.slice(before).map((q) => `${q.method} ${q.path}`)).toEqual(['GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/gateways.gateway.networking.k8s.io'])
  })

  test('-o json and -o yaml', async () => {
    const json = await run(['version', '-o', 'json', '--kubeconfig', kc.annotated])
    expect(JSON.parse(json.stdout)).toEqual({clientVersion: {gitVersion: client}, gatewayAPIVersion: {installed: true, bundleVersion: 'v1.6.1', channel: 'experimental'}})
    expect(json.stdout).toMatch(/^\{\n {2}"clientVersion"/)
    const yaml = await run(['version', '-o', 'yaml', '--kubeconfig', kc.annotated])
    expect(yaml.stdout).toBe(`clientVersion:\n  gitVersion: ${client}\ngatewayAPIVersion:\n  bundleVersion: v1.6.1\n  channel: experimental\n  installed: true\n`)
    expect(await run(['version', '-o', 'xml'])).toEqual({code: 1, stdout: '', stderr: "error: --output must be 'yaml' or 'json'\n"})
  })

  test('--client asks no cluster', async () => {
    expect(await run(['version', '--client', '--kubeconfig', join(dir, 'nothing-here.yaml')])).toEqual({code: 0, stdout: `Client Version: ${client}\n`, stderr: ''})
    expect(await run(['version', '--client=true'])).toEqual({code: 0, stdout: `Client Version: ${client}\n`, stderr: ''})
  })

  test('CRDs without the annotations; no Gateway CRD at all', async () => {
    const bare = await run(['version', '--kubeconfig', kc.bare])
    expect(bare.stdout).toBe(
      `Client Version: ${client}\nGateway API Version: unknown (CustomResourceDefinition gateways.gateway.networking.k8s.io has no gateway.networking.k8s.io/bundle-version annotation)\n`,
    )
    const none = await run(['version', '--kubeconfig', kc.none])
    expect(none).toEqual({code: 0, stdout: `Client Version: ${client}\nGateway API Version: not installed (no CustomResourceDefinition gateways.gateway.networking.k8s.io)\n`, stderr: ''})
  })

  test('a refused read: a warning, the client version, exit 0', async () => {
    const r = await run(['version', '--kubeconfig', kc.refused])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`Client Version: ${client}\n`)
    expect(r.stderr).toMatch(/^Warning: Gateway API version unverified: customresourcedefinitions\.apiextensions\.k8s\.io "gateways\.gateway\.networking\.k8s\.io" is forbidden: /)
  })

  test('no cluster: the client version, then kubectl’s error, exit 1 (as kubectl version)', async () => {
    const r = await run(['version'])
    expect(r).toEqual({
      code: 1,
      stdout: `Client Version: ${client}\n`,
      stderr: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n',
    })
  })
})
