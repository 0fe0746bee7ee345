// `analyze`: findings for the example cluster (--local), the what-if overlay against the test API
// server (a ReferenceGrant added fixes RefNotPermitted, a changed one introduces it, an unchanged
// object is not an update), and exit codes for each --fail-on.
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {EXPECTED_ROUTES} from '../examples/oracle.js'
import {crdsFor} from '../support/apiserver-crds.js'
import {startApiServer, type ApiServer} from '../support/apiserver.js'
import {requireBuild, run} from './get-helpers.js'

interface Finding {
  code: string
  severity: string
  object: {kind: string; namespace?: string; name: string}
  message: string
  hint: string
}

describe('analyze --local on the example cluster', () => {
  let findings: Finding[]
  beforeAll(async () => {
    requireBuild()
    const r = await run(['analyze', '--local', '-f', 'examples/', '-A', '-o', 'json', '--fail-on', 'none'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    findings = JSON.parse(r.stdout).findings
  })

  // Each deliberately broken route yields a finding whose code or message carries the expected reason.
  for (const want of EXPECTED_ROUTES.filter((r) => r.defect)) {
    const reason = want.parents.map((p) => (p.accepted?.status === 'False' ? p.accepted.reason : p.resolvedRefs?.status === 'False' ? p.resolvedRefs.reason : p.accepted ? undefined : 'ParentNotFound')).find(Boolean)!
    test(`${want.kind} ${want.namespace}/${want.name}: ${reason}`, () => {
      const mine = findings.filter((f) => f.object.kind === want.kind && f.object.namespace === want.namespace && f.object.name === want.name && f.severity === 'error')
      expect(mine.length).toBeGreaterThan(0)
      const codes = {InvalidKind: 'InvalidBackendKind'} as Record<string, string>
      expect(mine.some((f) => f.code === (codes[reason] ?? reason) || f.message.startsWith(`${reason}:`))).toBe(true)
      for (const f of mine) expect(f.hint.length).toBeGreaterThan(0)
    })
  }

  test('working routes have no error findings', () => {
    for (const want of EXPECTED_ROUTES.filter((r) => !r.defect)) {
      const errors = findings.filter((f) => f.object.kind === want.kind && f.object.namespace === want.namespace && f.object.name === want.name && f.severity === 'error')
      expect(errors, `${want.namespace}/${want.name}`).toEqual([])
    }
  })

  test('an unused ReferenceGrant and a policy with a missing target are reported', () => {
    expect(findings.some((f) => f.code === 'ReferenceGrantUnused' && f.object.name === 'allow-shop-dev-old-catalog')).toBe(true)
    expect(findings.some((f) => f.code === 'PolicyTargetNotFound' && f.object.name === 'missing-target-catalog-v1')).toBe(true)
  })

  test.each([
    ['error', 3],
    ['warning', 3],
    ['info', 3],
    ['none', 0],
  ])('--fail-on %s exits %i', async (level, code) => {
    expect((await run(['analyze', '--local', '-f', 'examples/', '-A', '--fail-on', level])).code).toBe(code)
  })

  test('--fail-on counts only findings at or above the level', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-analyze-'))
    // An unused grant is an info finding, nothing worse.
    await writeFile(join(dir, 'g.yaml'), grant('allow', 'nobody'))
    try {
      expect((await run(['analyze', '--local', '-f', dir, '-A', '--fail-on', 'warning'])).code).toBe(0)
      expect((await run(['analyze', '--local', '-f', dir, '-A', '--fail-on', 'info'])).code).toBe(3)
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  test('bad input is exit 1, not a findings exit', async () => {
    const r = await run(['analyze', '--local', '-f', 'nope.yaml'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error: the path "nope.yaml" does not exist')
  })
})

function grant(name: string, fromNamespace: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata: {name: ${name}, namespace: backend}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ${fromNamespace}}]
  to: [{group: "", kind: Service}]
`
}

describe('analyze -f against a cluster (what-if)', () => {
  let server: ApiServer
  let dir: string
  const base: K8sObject[] = [
    {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'example.com/edge'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}},
    {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name: 'gw', namespace: 'front'}, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}]}},
    {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name: 'web', namespace: 'front'}, spec: {parentRefs: [{name: 'gw'}], rules: [{backendRefs: [{name: 'api', namespace: 'backend', port: 80}]}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'api', namespace: 'backend'}, spec: {ports: [{port: 80}]}},
  ]

  async function analyzeAgainst(objects: K8sObject[], files: Record<string, string>) {
    server = await startApiServer({objects: [...crdsFor(), ...objects]})
    const kc = server.writeKubeconfig(dir)
    for (const [n, c] of Object.entries(files)) await writeFile(join(dir, n), c)
    const r = await run(['analyze', '-A', '-o', 'json', '--kubeconfig', kc, ...Object.keys(files).flatMap((n) => ['-f', join(dir, n)])])
    await server.close()
    return {...r, report: r.stdout ? JSON.parse(r.stdout) : undefined}
  }

  beforeAll(async () => {
    requireBuild()
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-whatif-'))
  })
  afterAll(async () => {
    if (dir) await rm(dir, {recursive: true, force: true})
  })

  test('adding the missing ReferenceGrant fixes RefNotPermitted', async () => {
    const {report, code, stderr} = await analyzeAgainst(base, {'grant.yaml': grant('allow', 'front')})
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(report.summary.created).toEqual([{kind: 'ReferenceGrant', namespace: 'backend', name: 'allow'}])
    expect(report.fixed.map((f: Finding) => f.code)).toContain('RefNotPermitted')
    expect(report.introduced).toEqual([])
  })

  test('changing the cluster\'s grant so it no longer applies introduces RefNotPermitted (compared against the cluster\'s version)', async () => {
    const inCluster = {apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: {name: 'allow', namespace: 'backend'}, spec: {from: [{group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'front'}], to: [{group: '', kind: 'Service'}]}}
    const {report, code} = await analyzeAgainst([...base, inCluster], {'grant.yaml': grant('allow', 'elsewhere')})
    expect(report.summary.updated).toEqual([{kind: 'ReferenceGrant', namespace: 'backend', name: 'allow'}])
    expect(report.introduced.map((f: Finding) => f.code)).toContain('RefNotPermitted')
    expect(code).toBe(3)
  })

  test('applying the object the cluster already has is unchanged, with no introduced issues', async () => {
    const inCluster = {apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: {name: 'allow', namespace: 'backend'}, spec: {from: [{group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'front'}], to: [{group: '', kind: 'Service'}]}}
    const {report, code} = await analyzeAgainst([...base, inCluster], {'grant.yaml': grant('allow', 'front')})
    expect(report.summary).toEqual({created: [], updated: [], unchanged: [{kind: 'ReferenceGrant', namespace: 'backend', name: 'allow'}]})
    expect(report.introduced).toEqual([])
    expect(report.fixed).toEqual([])
    expect(code).toBe(0)
  })

  test('a dump of the cluster\'s object (kubectl get -o yaml: with its last-applied copy) is unchanged', async () => {
    const last = 'kubectl.kubernetes.io/last-applied-configuration'
    const applied = '{"apiVersion":"gateway.networking.k8s.io/v1beta1","kind":"ReferenceGrant"}'
    const inCluster = {apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: {name: 'allow', namespace: 'backend', annotations: {[last]: applied}, managedFields: [{manager: 'kubectl-client-side-apply'}]}, spec: {from: [{group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'front'}], to: [{group: '', kind: 'Service'}]}}
    const dumped = grant('allow', 'front').replace('namespace: backend}', `namespace: backend, annotations: {${last}: '${applied}'}}`)
    expect(dumped).toContain(last)
    const {report, code} = await analyzeAgainst([...base, inCluster], {'grant.yaml': dumped})
    expect(report.summary).toEqual({created: [], updated: [], unchanged: [{kind: 'ReferenceGrant', namespace: 'backend', name: 'allow'}]})
    expect(code).toBe(0)
  })
})

describe('analyze scope with -f (no -n/-A), incomplete input, empty scope, --ignore', () => {
  let dir: string
  const route = (ns: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop-web, namespace: ${ns}}
spec:
  parentRefs: [{name: gw, namespace: front}]
  rules: [{backendRefs: [{name: api, namespace: backend, port: 80}]}]
`
  const world: K8sObject[] = [
    {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'example.com/edge'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}},
    {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name: 'gw', namespace: 'front'}, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 'api', namespace: 'backend'}, spec: {ports: [{port: 80}]}},
  ]
  async function withServer<T>(objects: K8sObject[], body: (kubeconfig: string) => Promise<T>): Promise<T> {
    const server = await startApiServer({objects: [...crdsFor(), ...objects]})
    try {
      return await body(server.writeKubeconfig(dir, {namespace: 'default'}))
    } finally {
      await server.close()
    }
  }

  beforeAll(async () => {
    requireBuild()
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-scope-'))
    await writeFile(join(dir, 'route.yaml'), route('shop'))
    await writeFile(join(dir, 'grant.yaml'), grant('allow', 'shop').replace('namespace: backend', 'namespace: backend'))
    await writeFile(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: shop}\n---\n: bad: [\n')
  })
  afterAll(async () => {
    if (dir) await rm(dir, {recursive: true, force: true})
  })

  test('--local -f without -n analyzes everything in the files: a broken route in another namespace is found', async () => {
    const r = await run(['analyze', '--local', '-f', join(dir, 'route.yaml')])
    expect(r.code).toBe(3)
    expect(r.stdout).toContain('HTTPRoute shop/shop-web')
    expect(r.stdout).toContain('Analyzed 1 Gateway API object in all namespaces.')
  })

  test('-n naming another namespace than the objects is kubectl apply\'s error, naming the file', async () => {
    const r = await run(['analyze', '--local', '-n', 'default', '-f', join(dir, 'route.yaml')])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      `error: ${join(dir, 'route.yaml')} (document 1): HTTPRoute "shop-web": the namespace from the provided object "shop" does not match the namespace "default". You must pass '--namespace=shop' to perform this operation.\n`,
    )
    expect((await run(['analyze', '--local', '-n', 'shop', '-f', join(dir, 'route.yaml')])).code).toBe(3)
  })

  test('what-if with the context namespace default: a route in shop reports its introduced issues', async () => {
    const r = await withServer(world, (kc) => run(['analyze', '--kubeconfig', kc, '-f', join(dir, 'route.yaml'), '-o', 'json']))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(3)
    const report = JSON.parse(r.stdout)
    expect(report.introduced.map((f: Finding) => `${f.code} ${f.object.namespace}/${f.object.name}`)).toContain('RefNotPermitted shop/shop-web')
    expect(report.scope).toEqual({introducedAndFixed: 'in all namespaces', unchanged: 'in namespace shop'})
  })

  test('what-if: a grant added in one namespace reports the route it fixes in another', async () => {
    const inCluster: K8sObject = {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name: 'shop-web', namespace: 'shop'}, spec: {parentRefs: [{name: 'gw', namespace: 'front'}], rules: [{backendRefs: [{name: 'api', namespace: 'backend', port: 80}]}]}}
    const r = await withServer([...world, inCluster], (kc) => run(['analyze', '--kubeconfig', kc, '-f', join(dir, 'grant.yaml')]))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Scope: introduced and fixed in all namespaces, unchanged in namespace backend')
    expect(r.stdout).toMatch(/Issues fixed \(1\):\n {2}ERROR \(1\)\n {4}HTTPRoute shop\/shop-web\n {6}RefNotPermitted/)
  })

  test('an empty scope says what was analyzed', async () => {
    const r = await withServer(world, (kc) => run(['analyze', '--kubeconfig', kc]))
    expect(r).toMatchObject({code: 0, stderr: '', stdout: 'No Gateway API objects to analyze: 0 objects in namespace default.\n'})
  })

  test('malformed input: the report is incomplete, names the file, never a clean verdict; exit 1', async () => {
    const local = await run(['analyze', '--local', '-A', '-f', join(dir, 'broken.yaml')])
    expect(local.code).toBe(1)
    expect(local.stdout).not.toContain('No problems found')
    expect(local.stdout).toContain(`Analysis incomplete: 1 input problem left objects out of the analysis:\n  ${join(dir, 'broken.yaml')} (document 2): YAML syntax error`)
    const whatif = await withServer(world, (kc) => run(['analyze', '--kubeconfig', kc, '-f', join(dir, 'broken.yaml')]))
    expect(whatif.code).toBe(1)
    expect(whatif.stdout).toContain('Analysis incomplete')
    expect(whatif.stdout).toContain('Issues introduced (0):\n  none found in what could be read')
  })

  test('--ignore suppresses a code: counted in the summary, not shown, not failing', async () => {
    const r = await run(['analyze', '--local', '-f', join(dir, 'route.yaml'), '--ignore', 'ParentNotFound,BackendNotFound', '--ignore', 'RefNotPermitted', '-o', 'json'])
    const report = JSON.parse(r.stdout)
    expect(report.findings.filter((f: Finding) => f.severity === 'error')).toEqual([])
    expect(report.suppressed.map((f: Finding) => f.code).sort()).toEqual(['ParentNotFound', 'RefNotPermitted'])
    expect(r.code).toBe(0)
  })
})

describe('lint without the GatewayClass: assumed accepted, listener checks still run', () => {
  let dir: string
  beforeAll(async () => {
    requireBuild()
    dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-assumed-'))
    await writeFile(
      join(dir, 'app.yaml'),
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec:
  gatewayClassName: edge
  listeners: [{name: http, port: 80, protocol: HTTP, hostname: a.example.com}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw2, namespace: shop}
spec:
  gatewayClassName: edge
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  hostnames: [b.example.com]
`,
    )
  })
  afterAll(async () => {
    if (dir) await rm(dir, {recursive: true, force: true})
  })

  test('analyze: one GatewayClassNotFound (assumed) and the hostname mismatch', async () => {
    const r = await run(['analyze', '--local', '-f', dir, '-o', 'json'])
    const findings: (Finding & {unverified?: string})[] = JSON.parse(r.stdout).findings
    const missing = findings.filter((f) => f.code === 'GatewayClassNotFound')
    expect(missing).toHaveLength(1)
    expect(missing[0]).toMatchObject({severity: 'warning', unverified: 'assumed: the GatewayClass is not in the files'})
    expect(findings.some((f) => f.code === 'RouteNotAccepted' && f.object.name === 'web' && f.message.startsWith('NoMatchingListenerHostname'))).toBe(true)
    expect(r.code).toBe(3)
  })

  test('describe shows the assumption, in text and in -o json', async () => {
    const text = await run(['describe', 'httproute', 'web', '-n', 'shop', '-f', dir])
    expect(text.stdout).toContain('NOT ATTACHED (NoMatchingListenerHostname)')
    expect(text.stdout).toContain('Assumes a controller accepts GatewayClass "edge", which is not in the files.')
    const json = JSON.parse((await run(['describe', 'gateway', 'gw', '-n', 'shop', '-f', dir, '-o', 'json'])).stdout)
    expect(json[0].unverified).toContainEqual({path: 'spec.gatewayClassName', conclusion: 'GatewayClassNotFound', reason: 'GatewayClass "edge" is not in the files (assumed accepted)'})
  })
})
