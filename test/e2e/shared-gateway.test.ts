// Issue 16's cluster end to end, from files and from the test API server: the graph draws each
// listener's own reason and refused references to the Service that exists, a Service lists who refuses
// to reach it, vendor policy kinds are get/describe types, and version advice follows what is served.

import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {SHARED_GATEWAY_DIR, sharedGatewayObjects} from '../fixtures/shared-gateway.js'
import {requireBuild, run} from './get-helpers.js'

const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass', 'CustomResourceDefinition'])

let server: ApiServer
let dir: string
let kubeconfig: string

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-shared-gateway-'))
  const objects: K8sObject[] = sharedGatewayObjects().filter((o) => o.metadata.namespace !== undefined || CLUSTER_SCOPED.has(o.kind))
  // A cluster that serves ReferenceGrant only at v1beta1 and TLSRoute/TCPRoute only at v1alpha2.
  const crds = crdsFor([
    'gatewayclasses',
    'gateways',
    'httproutes',
    'grpcroutes',
    {resource: 'referencegrants', versions: ['v1beta1']},
    {resource: 'tlsroutes', versions: ['v1alpha2']},
    {resource: 'tcproutes', versions: ['v1alpha2']},
  ])
  server = await startApiServer({objects: [...crds, ...objects]})
  kubeconfig = server.writeKubeconfig(dir)
})
afterAll(async () => {
  await server?.close()
  if (dir) await rm(dir, {recursive: true, force: true})
})

const files = (...args: string[]) => run([...args, '-f', SHARED_GATEWAY_DIR])
const cluster = (...args: string[]) => run([...args, '--kubeconfig', kubeconfig])
const sources = [
  ['files', files],
  ['cluster', cluster],
] as const

describe.each(sources)('from %s', (_, gw) => {
  test('get timeoutpolicies -A lists the five TimeoutPolicies with targets and values', async () => {
    const r = await gw('get', 'timeoutpolicies', '-A')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^NAMESPACE +NAME +TARGETS +POLICY TYPE +VALUES +AGE$/)
    expect(lines.slice(1).map((l) => l.split(/ {2,}/).slice(0, 5))).toEqual([
      ['blog', 'blog', 'HTTPRoute/blog/blog', 'Inherited', 'default.request=5s'],
      ['infra', 'public-defaults', 'Gateway/infra/public', 'Inherited', 'default.request=30s,override.idle=5m'],
      ['infra', 'public-https', 'Gateway/infra/public:https', 'Inherited', 'default.request=20s'],
      ['payments', 'processor', 'Service/payments/processor', 'Inherited', 'default.backendRequest=3s'],
      ['shop', 'checkout', 'HTTPRoute/shop/checkout', 'Inherited', 'default.backendRequest=10s'],
    ])
  })

  test.each([['TimeoutPolicy.bar.example.com'], ['timeoutpolicy'], ['tmo'], ['timeoutpolicies.v1alpha1.bar.example.com']])('get %s -n infra', async (type) => {
    const r = await gw('get', type, '-n', 'infra', '-o', 'name')
    expect(r).toMatchObject({code: 0, stderr: ''})
    expect(r.stdout).toBe('timeoutpolicy.bar.example.com/public-defaults\ntimeoutpolicy.bar.example.com/public-https\n')
  })

  test('a name that is neither a built-in type nor a policy kind still fails as kubectl does', async () => {
    expect(await gw('get', 'foos')).toEqual({code: 1, stdout: '', stderr: 'error: the server doesn\'t have a resource type "foos"\n'})
  })

  test('describe timeoutpolicy shows its values and every object it reaches', async () => {
    const r = await gw('describe', 'timeoutpolicy', 'public-defaults', '-n', 'infra')
    expect(r).toMatchObject({code: 0, stderr: ''})
    expect(r.stdout).toContain('Values:\n  request = 30s  (default)\n  idle = 5m  (override)\nReaches:\n  Gateway infra/public (target)\n')
    expect(r.stdout).toContain('  HTTPRoute shop/checkout (inherited from Gateway infra/public)\n    decides: idle, request (listener http)\n    request: decided by infra/public-https instead (listener https)\n')
    // Not through the refused reference, not to the route no listener accepts.
    expect(r.stdout).not.toContain('Service payments/processor')
    expect(r.stdout).not.toContain('HTTPRoute blog/blog')
  })

  test('describe retrypolicy (Direct) shows its settings', async () => {
    const r = await gw('describe', 'retrypolicies.bar.example.com', 'storefront', '-n', 'shop')
    expect(r.stdout).toContain('Values:\n  attempts = 3  (direct)\nReaches:\n  Service shop/storefront (target)\n    decides: attempts\n')
  })

  test('get gateways -A -o dot: each rejected edge of blog/blog carries its listener\'s reason', async () => {
    const r = await gw('get', 'gateways', '-A', '-o', 'dot')
    expect(r.code).toBe(0)
    const edges = r.stdout.split('\n').filter((l) => l.includes('"HTTPRoute/blog/blog" -> "Gateway/'))
    expect(edges.map((l) => /-> "([^"]+)" \[label="([^"]+)"/.exec(l)?.slice(1))).toEqual([
      ['Gateway/infra/public/http', 'NotAllowedByListeners (namespace)'],
      ['Gateway/infra/public/https', 'NoMatchingListenerHostname'],
      ['Gateway/infra/public/tls-pass', 'NotAllowedByListeners (kind)'],
    ])
  })

  test('get httproute checkout -o mermaid draws the refused Service as the Service, not as missing', async () => {
    const r = await gw('get', 'httproute', 'checkout', '-n', 'shop', '-o', 'mermaid')
    expect(r.stdout).toContain('(("Service processor"))')
    expect(r.stdout).not.toContain('not found')
    expect(r.stdout).toMatch(/-\.->\|"RefNotPermitted"\|/)
  })

  test('describe svc processor: the refused reference is listed, and no policy flows through it', async () => {
    const r = await gw('describe', 'svc', 'processor', '-n', 'payments')
    expect(r.stdout).toContain('Referenced by:\n  httproutes/shop/checkout spec.rules[0].backendRefs[1]: RefNotPermitted\n    refused:')
    expect(r.stdout).toContain('InheritedPolicies: <none>')
    expect(r.stdout).not.toContain('route shop/checkout')
  })

  test('describe httproute blog leads with the namespace label of the http listener', async () => {
    const r = await gw('describe', 'httproute', 'blog', '-n', 'blog')
    const why = r.stdout.split('\n').find((l) => l.includes('Accepted False'))!
    expect(why).toContain('(NoMatchingListenerHostname): None of the 3 listeners')
    expect(why).toContain('most plausibly meant for listener "http"')
    expect(why).not.toContain('Add a hostname that matches shop.example.com')
  })

  const blogHint =
    'Label namespace "blog" so that listener "http" of gateways/infra/public admits it: kubectl label namespace blog shared-gateway-access=true (or change that listener\'s allowedRoutes.namespaces).'

  test('analyze: the blog finding keeps its reason code and its hint leads with the namespace label', async () => {
    const r = await gw('analyze', '-A', '--fail-on', 'none', ...(gw === files ? ['--local'] : []))
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    const at = lines.findIndex((l) => l.startsWith('    RouteNotAccepted: NoMatchingListenerHostname: '))
    expect(lines[at - 1]).toBe('  HTTPRoute blog/blog')
    expect(lines[at + 1]).toBe(`      hint: ${blogHint}`)
    expect(r.stdout).not.toMatch(/hint:.*shop\.example\.com/)
  })

  test('analyze -o json: the same hint', async () => {
    const r = await gw('analyze', '-A', '-o', 'json', '--fail-on', 'none', ...(gw === files ? ['--local'] : []))
    const blog = JSON.parse(r.stdout).findings.filter((f: {object: {name: string}; code: string}) => f.code === 'RouteNotAccepted')
    expect(blog).toEqual([expect.objectContaining({object: {kind: 'HTTPRoute', namespace: 'blog', name: 'blog'}, subject: 'parentRefs[0]:NoMatchingListenerHostname', hint: blogHint})])
  })
})

describe('from the cluster', () => {
  test('get timeoutpolicies: the labelled CRDs, then the one kind named; nothing per object', async () => {
    const before = server.requests.length
    expect((await cluster('get', 'timeoutpolicies', '-A')).code).toBe(0)
    const lists = server.requests.slice(before).filter((q) => q.query.limit !== undefined).map((q) => q.path)
    expect(lists).toEqual(['/apis/apiextensions.k8s.io/v1/customresourcedefinitions', '/apis/bar.example.com/v1alpha1/timeoutpolicies'])
  })
})

describe('version advice', () => {
  test('against a cluster serving ReferenceGrant only at v1beta1 and TLSRoute only at v1alpha2: no advice to switch', async () => {
    const r = await cluster('analyze', '-A', '--fail-on', 'none')
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('DeprecatedApiVersion')
    expect(r.stdout).not.toContain('Switch to apiVersion')
  })

  test('files without the CRDs: the release that introduced the newer version is named', async () => {
    const r = await files('analyze', '--local', '-A', '--fail-on', 'none')
    expect(r.stdout).toContain('DeprecatedApiVersion: ReferenceGrant uses gateway.networking.k8s.io/v1beta1; gateway.networking.k8s.io/v1 was introduced in Gateway API v1.5.')
  })

  test('a what-if adding a correct v1beta1 grant to that cluster introduces no version finding', async () => {
    const file = join(dir, 'grant.yaml')
    await writeFile(
      file,
      `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: checkout-to-processor, namespace: payments}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
  to: [{group: "", kind: Service, name: processor}]
`,
    )
    const r = await cluster('analyze', '-A', '-o', 'json', '--fail-on', 'none', '-f', file)
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.summary.created).toEqual([{kind: 'ReferenceGrant', namespace: 'payments', name: 'checkout-to-processor'}])
    expect(report.fixed.map((f: {code: string}) => f.code)).toContain('RefNotPermitted')
    expect(report.introduced).toEqual([])
  })
})
