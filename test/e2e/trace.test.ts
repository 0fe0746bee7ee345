// `trace` through the built CLI: every conformance-derived request (test/trace/cases.ts) asserted on
// `trace -o json`, the example cluster (text path, effective policies from the oracle), input errors,
// and a cluster on the test API server with -f laid over it.
import {readFileSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parse as parseYaml} from 'yaml'
import type {K8sObject} from '../../src/model/types.js'
import type {TraceReport} from '../../src/trace/trace.js'
import {crdsFor} from '../support/apiserver-crds.js'
import {startApiServer} from '../support/apiserver.js'
import {checkResult} from '../trace/support.js'
import {WORLDS, type RequestCase} from '../trace/cases.js'
import {requireBuild, ROOT, run} from './get-helpers.js'

let dir: string

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-trace-'))
})
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

const argsOf = (rc: RequestCase) => [rc.url, ...(rc.method ? ['-X', rc.method] : []), ...(rc.headers ?? []).flatMap((h) => ['-H', h])]

/** Runs at most `limit` CLI processes at a time (the machine is shared). */
async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({length: limit}, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i])
      }
    }),
  )
  return out
}

describe('conformance-derived requests through trace -o json', () => {
  for (const [w, world] of WORLDS.entries()) {
    test(world.name, async () => {
      const file = join(dir, `world-${w}.yaml`)
      await writeFile(file, world.yaml)
      const runs = await pool(world.requests, 3, (rc) => run(['trace', ...argsOf(rc), '--gateway', world.gateway, '--local', '-f', file, '-o', 'json']))
      runs.forEach((r, i) => {
        const rc = world.requests[i]
        expect(r.stderr, rc.url).toBe('')
        expect(r.code, rc.url).toBe(0)
        const report = JSON.parse(r.stdout) as TraceReport
        expect(Object.keys(report)).toEqual(['request', 'results'])
        checkResult(report.results[0], rc.expect)
      })
    })
  }
})

describe('trace on the example cluster', () => {
  test('text: the path, the route that lost by age and why', async () => {
    const r = await run(['trace', 'https://shop.example.com/cart', '--gateway', 'infra/edge', '--local', '-f', 'examples/'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      'Gateway infra/edge -> listener https-shop -> HTTPRoute shop/storefront rule 1 (cart) match 0 -> Service shop/cart:8080 (weight 90), Service shop/cart-canary:8080 (weight 10)',
    )
    expect(r.stdout).toMatch(/Lost:\n(.*\n)*\s+HTTPRoute shop\/storefront-legacy rule 0 \(legacy-cart\) match 0 \[PathPrefix \/cart\]: newer route \(created after shop\/storefront\)/)
    expect(r.stdout).toContain('1. RequestHeaderModifier: request headers: set x-shop-tier: cart')
  })

  test('the longer /cart/items rule of the newer route still wins its requests', async () => {
    const r = await run(['trace', 'https://shop.example.com/cart/items/3', '--gateway', 'infra/edge', '--local', '-f', 'examples/', '-o', 'json'])
    const res = (JSON.parse(r.stdout) as TraceReport).results[0]
    expect(res).toMatchObject({route: {name: 'storefront-legacy'}, ruleName: 'legacy-cart-items'})
  })

  // Effective timeouts per route rule and listener, as test/examples/oracle.ts states them.
  test.each([
    ['https://shop.example.com/checkout/pay', 'storefront', {request: '40s', backendRequest: '35s', idle: '2m'}],
    ['https://shop.example.com/catalog/1', 'storefront', {request: '15s', backendRequest: '10s', idle: '2m'}],
    ['https://shop.example.com/recommendations', 'broken-backend-not-found', {request: '20s', backendRequest: '10s', idle: '2m'}],
  ])('%s: the effective TimeoutPolicy of the route rule', async (url, routeName, values) => {
    const r = await run(['trace', url, '--gateway', 'infra/edge', '--local', '-f', 'examples/', '-o', 'json'])
    const res = (JSON.parse(r.stdout) as TraceReport).results[0]
    expect(res.route?.name).toBe(routeName)
    const timeouts = res.effectivePolicies.find((p) => p.appliesTo === 'route' && p.kind.startsWith('TimeoutPolicy.'))
    expect(timeouts?.effective).toEqual(values)
  })

  test('an unresolvable backend: error outcome with the 500 the spec requires', async () => {
    const r = await run(['trace', 'https://shop.example.com/recommendations', '--gateway', 'infra/edge', '--local', '-f', 'examples/', '-o', 'yaml'])
    const res = (parseYaml(r.stdout) as TraceReport).results[0]
    expect(res).toMatchObject({outcome: 'error', status: 500})
    expect(res.backends[0]).toMatchObject({name: 'recommendations', resolved: false})
  })

  test('http on port 80 is redirected by infra/http-to-https', async () => {
    const r = await run(['trace', 'http://shop.example.com/cart?x=1', '-A', '--local', '-f', 'examples/', '-o', 'json'])
    const res = (JSON.parse(r.stdout) as TraceReport).results.find((x) => x.gateway.name === 'edge')!
    expect(res).toMatchObject({outcome: 'redirect', redirect: {status: 301, location: 'https://shop.example.com/cart?x=1'}})
  })
})

describe('input errors', () => {
  test.each([
    [['shop.example.com/cart'], /^error: cannot parse URL "shop\.example\.com\/cart"/],
    [['http://a/', '--gateway', 'infra/nope'], /^Error from server \(NotFound\): gateways\.gateway\.networking\.k8s\.io "nope" not found in namespace "infra"/],
    [['http://a/', '-o', 'wide'], /^error: unable to match a printer suitable for the output format "wide"/],
    [[], /^error: trace takes exactly one URL/],
  ])('%j: one line, exit 1', async (args, message) => {
    const r = await run(['trace', ...args, '--local', '-f', 'examples/'])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  test('no Gateway in the namespace: kubectl\'s empty message, exit 0', async () => {
    const r = await run(['trace', 'http://a/', '-n', 'nothing-here', '--local', '-f', 'examples/'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('No resources found in nothing-here namespace.\n')
  })
})

describe('trace against a cluster', () => {
  const objects: K8sObject[] = [
    {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'example.com/edge'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}},
    {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name: 'gw', namespace: 'front'}, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}]}},
    {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name: 'web', namespace: 'front', creationTimestamp: '2026-01-01T00:00:00Z'}, spec: {parentRefs: [{name: 'gw'}], rules: [{backendRefs: [{name: 'web', port: 80}]}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'front'}, spec: {ports: [{port: 80}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'api', namespace: 'front'}, spec: {ports: [{port: 80}]}},
  ]

  test('from the cluster, then with -f laid over it: the new route takes /api', async () => {
    const server = await startApiServer({objects: [...crdsFor(), ...objects]})
    try {
      const kc = server.writeKubeconfig(dir)
      const before = await run(['trace', 'http://x.example.com/api', '-n', 'front', '--kubeconfig', kc, '-o', 'json'])
      expect(before.stderr).toBe('')
      expect((JSON.parse(before.stdout) as TraceReport).results[0].route?.name).toBe('web')
      // Only what can bear on an http:// request is read: no Secrets or ConfigMaps (certificates never
      // decide which route takes a request), no TCP/UDP routes (no HTTP listener carries them).
      const paths = server.requests.map((r) => r.path)
      expect(paths.filter((p) => /\/(secrets|configmaps|tcproutes|udproutes|tlsroutes)$/.test(p))).toEqual([])
      expect(paths.filter((p) => /\/(httproutes|grpcroutes|gateways|services)$/.test(p))).toHaveLength(4)
      const file = join(dir, 'api-route.yaml')
      await writeFile(
        file,
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: api, namespace: front}\nspec:\n  parentRefs: [{name: gw}]\n  rules: [{matches: [{path: {type: PathPrefix, value: /api}}], backendRefs: [{name: api, port: 80}]}]\n',
      )
      const after = await run(['trace', 'http://x.example.com/api', '-n', 'front', '--kubeconfig', kc, '-f', file, '-o', 'json'])
      expect(after.stderr).toBe('')
      const res = (JSON.parse(after.stdout) as TraceReport).results[0]
      expect(res.route?.name).toBe('api')
      expect(res.candidates.find((c) => c.route.name === 'web')).toMatchObject({result: 'lost', reason: expect.stringContaining('shorter path prefix')})
    } finally {
      await server.close()
    }
  })
})

describe('README', () => {
  test('the trace example shows what the command prints', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const block = /\$ (kubectl gw trace [^\n]+)\n([\s\S]*?)\n```/.exec(readme)
    expect(block, 'a trace console block in README.md').not.toBeNull()
    const args = block![1].replace(/^kubectl gw /, '').split(' ')
    const r = await run(args)
    expect(r.stdout.trimEnd()).toBe(block![2])
  })
})

describe('graph outputs', () => {
  test('trace -o dot: the winning path bold, the route that lost dashed with its reason', async () => {
    const r = await run(['trace', 'https://shop.example.com/cart', '--gateway', 'infra/edge', '--local', '-f', 'examples/', '-o', 'dot'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^digraph "trace" \{/)
    expect(r.stdout).toContain('"Listener/infra/edge/https-shop" -> "HTTPRoute/shop/storefront" [label="rule 1 (cart) match 0", style=bold, penwidth=2];')
    expect(r.stdout).toContain('"Listener/infra/edge/https-shop" -> "HTTPRoute/shop/storefront-legacy" [label="rule 0 match 0: newer route (created after shop/storefront)", style=dashed')
  })

  test('trace -o mermaid: bold ==> for the path, dotted for losers', async () => {
    const r = await run(['trace', 'https://shop.example.com/cart', '--gateway', 'infra/edge', '--local', '-f', 'examples/', '-o', 'mermaid'])
    expect(r.stdout).toMatch(/^flowchart LR\n/)
    expect(r.stdout).toMatch(/==>\|"weight 90"\|/)
    expect(r.stdout).toMatch(/-\.->\|"rule 0 match 0: newer route \(created after shop\/storefront\)"\|/)
  })

  test('-o svg renders without a Graphviz installation (trace and get)', async () => {
    const env = {PATH: '/nonexistent'}
    for (const args of [
      ['trace', 'https://shop.example.com/cart', '--gateway', 'infra/edge', '--local', '-f', 'examples/', '-o', 'svg'],
      ['get', 'httproute', 'storefront', '-n', 'shop', '-f', 'examples/', '-o', 'svg'],
    ]) {
      const r = await run(args, {env})
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/<svg [^>]*>/)
      expect(r.stdout).toContain('shop/storefront')
      expect(r.stdout.trimEnd()).toMatch(/<\/svg>$/)
    }
  })

  test('get -o dot draws the policies attached to the drawn objects', async () => {
    const r = await run(['get', 'httproute', 'storefront', '-n', 'shop', '-f', 'examples/', '-o', 'dot'])
    expect(r.stdout).toContain('"policy:TimeoutPolicy.policies.kubectl-gw.example/shop/storefront-timeouts" -> "HTTPRoute/shop/storefront" [label="targets"];')
    expect(r.stdout).toContain('"policy:TimeoutPolicy.policies.kubectl-gw.example/shop/storefront-checkout-timeouts" -> "HTTPRoute/shop/storefront" [label="targets checkout"];')
    expect(r.stdout).toContain('"policy:TimeoutPolicy.policies.kubectl-gw.example/infra/edge-https-shop-timeouts" -> "Gateway/infra/edge/https-shop" [label="targets"];')
  })
})
