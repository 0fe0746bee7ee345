// `kubectl gw validate` with bundled Gateway API schemas (scripts/gateway-api-schemas.mjs), through the
// built CLI: a bundle of the v1.6.1 CRDs in ../shared, made here and named by KUBECTL_GW_SCHEMA_BUNDLE
// (what `KUBECTL_GW_SCHEMAS_FROM=... npm run build` puts in dist/): no cluster and no CRDs; against the
// test API server whose CRDs cannot be read (the bundle, said) or were read without the kind (not
// validated); CRDs of a newer release in the input win for their kinds; the bundle's verdicts on the
// upstream examples equal those of the CRD files themselves; a build without a bundle, or with a broken
// one, says so. Skipped, with a line, without ../shared.

import {existsSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer} from '../support/apiserver.js'
import {requireBuild, ROOT, run} from './get-helpers.js'
// @ts-expect-error: a plain ES module of the build, without types
import {main as bundleSchemas} from '../../scripts/gateway-api-schemas.mjs'

const SHARED = join(ROOT, '..', 'shared')
const BUNDLED = existsSync(join(SHARED, 'gateway-api-crds', 'v1.6.1'))
const BUNDLE_TEXT = 'Gateway API v1.6.1 (standard channel), bundled with kubectl-gw'
if (!BUNDLED) console.log('validate-bundle: skipped: ../shared/gateway-api-crds/v1.6.1 is absent (the release the bundle is made of)')

const rules65 = Array.from({length: 65}, (_, i) => `  - matches: [{path: {type: PathPrefix, value: /p${i}}}]`).join('\n')
const ROUTES = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: not-a-list, namespace: shop}
spec:
  parentRefs: "not-a-list"
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: upper, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  hostnames: [Shop.example.com]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: many-rules, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  rules:
${rules65}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: conflict, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  rules:
  - filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https}
    - type: URLRewrite
      urlRewrite: {hostname: www.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: good, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
`

let dir: string
let routes: string
let bundle: string
const runB = (args: string[], bundlePath = bundle) => run(args, {env: {KUBECTL_GW_SCHEMA_BUNDLE: bundlePath}})
beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-validate-bundle-'))
  routes = join(dir, 'route.yaml')
  await writeFile(routes, ROUTES)
  if (BUNDLED) bundle = join(bundleSchemas({from: join(SHARED, 'gateway-api-crds', 'v1.6.1'), out: join(dir, 'schemas')}), 'bundle.json')
})
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

describe.skipIf(!BUNDLED)('the bundled schemas', () => {
  test('no cluster, no CRDs: validated against the bundle, which the report names; exit 3', async () => {
    const r = await runB(['validate', '--local', '-f', routes])
    expect(r.code).toBe(3)
    expect(r.stdout).toContain(`SchemaViolation: ${routes}:5: spec.parentRefs: Invalid value: "string": spec.parentRefs in body must be of type array: "string"`)
    expect(r.stdout).toContain(`SchemaViolation: ${routes}:12: spec.hostnames[0]: Invalid value: "Shop.example.com": spec.hostnames[0] in body should match '^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'`)
    expect(r.stdout).toContain(`SchemaViolation: ${routes}:19: spec.rules: Too many: 65: must have at most 16 items`)
    expect(r.stdout).toContain(`ValidationRuleFailed: ${routes}:92: spec.rules[0].filters: Invalid value: May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both`)
    expect(r.stdout).toContain(`Schema validation: 5 objects checked against ${BUNDLE_TEXT}; 16 defaults applied.`)
    expect(r.stdout).toContain('The API server would refuse 4 objects: HTTPRoute shop/not-a-list, HTTPRoute shop/upper, HTTPRoute shop/many-rules, HTTPRoute shop/conflict.')
    expect(r.stderr).not.toContain('error:')
  })

  test('--schema-channel experimental: the experimental channel; -o json names the bundle', async () => {
    const r = await runB(['validate', '--local', '-f', routes, '--schema-channel', 'experimental', '-o', 'json'])
    expect(r.code).toBe(3)
    const out = JSON.parse(r.stdout)
    expect(out.validation.schemas).toEqual([{from: 'Gateway API v1.6.1 (experimental channel), bundled with kubectl-gw', releases: ['v1.6.1'], kinds: 1, validatedKinds: ['HTTPRoute']}])
    expect(out.validation.bundle).toEqual({release: 'v1.6.1', absent: false})
    const bad = await runB(['validate', '--local', '-f', routes, '--schema-channel', 'beta'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/Expected --schema-channel=beta to be one of: standard, experimental/)
  })

  test('an unknown field the experimental channel has; an apiVersion only it serves; a kind of a newer release', async () => {
    const file = join(dir, 'beyond.yaml')
    await writeFile(
      file,
      `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: tcp, namespace: shop}
spec: {parentRefs: [{name: gw}], rules: [{backendRefs: [{name: s, port: 80}]}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: FutureRoute
metadata: {name: future, namespace: shop}
spec: {}
`,
    )
    const r = await runB(['validate', '--local', '-f', file, '-o', 'json', '--fail-on', 'none'])
    const out = JSON.parse(r.stdout)
    const byName = (n: string) => out.findings.filter((f: {object: {name: string}}) => f.object.name === n)
    expect(byName('tcp').map((f: {code: string; message: string}) => `${f.code}: ${f.message}`)).toEqual([
      `NotInBundledSchemas: ${file}:1: gateway.networking.k8s.io/v1alpha2 TCPRoute is served only by the experimental channel of the bundled Gateway API v1.6.1, not by its standard channel; not validated.`,
    ])
    expect(byName('future')[0].message).toBe(`${file}:6: FutureRoute (gateway.networking.k8s.io) is not in the bundled Gateway API v1.6.1 schemas (standard or experimental channel): it may come from a newer Gateway API release; not validated.`)
    // Not validated: validate says so and exits 1, as for any object without a schema.
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error: no schemas for FutureRoute, TCPRoute gateway.networking.k8s.io/v1alpha2')
    const experimental = await runB(['validate', '--local', '-f', file, '--schema-channel', 'experimental', '-o', 'json', '--fail-on', 'none'])
    expect(JSON.parse(experimental.stdout).findings.filter((f: {object: {name: string}}) => f.object.name === 'tcp')).toEqual([])
  })

  test('an experimental field under the standard channel: the UnknownField hint says where it is', async () => {
    const file = join(dir, 'exp-field.yaml')
    // spec.rules[].retry is in v1.6.1's experimental HTTPRoute only (the channels' schemas compared).
    await writeFile(file, 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: shop}\nspec:\n  parentRefs: [{name: gw}]\n  rules:\n  - retry: {attempts: 2}\n')
    const r = await runB(['validate', '--local', '-f', file, '-o', 'json'])
    const unknown = JSON.parse(r.stdout).findings.filter((f: {code: string}) => f.code === 'UnknownField')
    expect(unknown.map((f: {message: string}) => f.message)).toEqual([`${file}:7: unknown field "spec.rules[0].retry": the API server drops it.`])
    expect(unknown[0].hint).toContain('The field is in the experimental channel of v1.6.1, not in its standard channel: pass --schema-channel experimental')
  })

  test('CRDs of a newer release in the input win for their kinds; the report says which source validated which kind', async () => {
    const crd = makeNewerRouteCrd()
    const file = join(dir, 'newer.yaml')
    await writeFile(join(dir, 'newer-crd.json'), JSON.stringify(crd))
    await writeFile(file, `${ROUTES.split('---\n')[1]}---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: shop}\nspec: {gatewayClassName: edge, listeners: [{name: http, port: 80, protocol: HTTP, hostname: Upper.example.com}]}\n`)
    const r = await runB(['validate', '--local', '-f', file, '-f', join(dir, 'newer-crd.json')])
    // The input's HTTPRoute schema (v1.7.0) takes any hostname; the bundle's Gateway schema refuses an uppercase one.
    expect(r.stdout).not.toContain('spec.hostnames[0]')
    expect(r.stdout).toContain('spec.listeners[0].hostname: Invalid value: "Upper.example.com"')
    expect(r.stdout).toContain(`Schema validation: 2 objects checked against CRDs in the -f input (Gateway API v1.7.0) for HTTPRoute; ${BUNDLE_TEXT} for Gateway;`)
  })

  test('analyze --local uses the bundle too, with its channel flag', async () => {
    const r = await runB(['analyze', '--local', '-A', '-f', routes, '-o', 'json', '--fail-on', 'none', '--schema-channel', 'experimental'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.findings.filter((f: {code: string}) => f.code === 'ValidationRuleFailed').map((f: {object: {name: string}}) => f.object.name)).toEqual(['conflict'])
    expect(out.validation.schemas.map((s: {from: string}) => s.from)).toEqual(['Gateway API v1.6.1 (experimental channel), bundled with kubectl-gw'])
  })

  describe('against a cluster', () => {
    const gw = (name: string): K8sObject => ({apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: {name}, spec: {controllerName: 'example.com/x'}}) as K8sObject

    test("its CRDs could not be read (403): the bundle, and the report says so", async () => {
      const server = await startApiServer({objects: [...crdsFor(), gw('edge')], forbidden: [{group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions'}]})
      try {
        const r = await runB(['validate', '--kubeconfig', server.writeKubeconfig(dir), '-f', routes])
        expect(r.code).toBe(3)
        expect(r.stdout).toContain(`ValidationRuleFailed: ${routes}:92: spec.rules[0].filters`)
        expect(r.stdout).toContain(`Schema validation: the cluster's CRDs could not be read: HTTPRoute checked against ${BUNDLE_TEXT}.`)
        expect(r.stderr).toMatch(/customresourcedefinitions/)
      } finally {
        await server.close()
      }
    })

    test('its CRDs were read and do not define the kind: not validated (the cluster does not serve it), exit 1', async () => {
      const server = await startApiServer({objects: [...crdsFor().filter((c) => c.spec.names.kind !== 'HTTPRoute'), gw('edge')]})
      try {
        const r = await runB(['validate', '--kubeconfig', server.writeKubeconfig(dir), '-f', routes])
        expect(r.code).toBe(1)
        expect(r.stdout).not.toContain('bundled with kubectl-gw')
        expect(r.stderr).toContain('error: no schemas for HTTPRoute: validation not run')
      } finally {
        await server.close()
      }
    })
  })

  describe.skipIf(!existsSync(join(SHARED, 'gateway-api-crds', 'v1.6.1')) || !existsSync(join(SHARED, 'gateway-api-examples')))('the upstream examples (../shared)', () => {
    for (const channel of ['standard', 'experimental']) {
      test(`${channel}: the bundle's verdicts equal those of --crds v1.6.1/${channel}`, async () => {
        const examples = join(SHARED, 'gateway-api-examples', channel)
        const verdicts = async (extra: string[]) => {
          const r = await runB(['validate', '--local', '-f', examples, '--schema-channel', channel, '-o', 'json', '--fail-on', 'none', ...extra])
          const out = JSON.parse(r.stdout)
          return {code: r.code, validated: out.validation.validated, notValidated: out.validation.notValidatedKinds, findings: out.findings.map((f: {code: string; object: unknown; message: string}) => [f.code, f.object, f.message]), from: out.validation.schemas.map((s: {from: string}) => s.from)}
        }
        const bundled = await verdicts([])
        const crds = await verdicts(['--crds', join(SHARED, 'gateway-api-crds', 'v1.6.1', channel)])
        expect(bundled.from).toEqual([`Gateway API v1.6.1 (${channel} channel), bundled with kubectl-gw`])
        expect(crds.from).toEqual(['--crds'])
        expect(bundled.validated).toBeGreaterThan(0)
        expect({...bundled, from: []}).toEqual({...crds, from: []})
      })
    }

    test('the fixture routes with their violations: the same findings from the bundle as from the CRD files', async () => {
      const findings = async (extra: string[]) => {
        const out = JSON.parse((await runB(['validate', '--local', '-f', routes, '-o', 'json', '--fail-on', 'none', ...extra])).stdout)
        return out.findings.map((f: {code: string; object: unknown; message: string}) => [f.code, f.object, f.message])
      }
      const bundled = await findings([])
      expect(bundled.filter((f: string[]) => f[0] === 'SchemaViolation' || f[0] === 'ValidationRuleFailed').length).toBeGreaterThanOrEqual(4)
      expect(bundled).toEqual(await findings(['--crds', join(SHARED, 'gateway-api-crds', 'v1.6.1', 'standard')]))
    })
  })
})

describe('a build without bundled schemas, or with a broken bundle', () => {
  test('no bundle: not validated, and the report says the build has none; exit 1', async () => {
    const r = await runB(['validate', '--local', '-f', routes], join(dir, 'no-such-bundle.json'))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('this build of kubectl-gw has no bundled Gateway API schemas (it was built without KUBECTL_GW_SCHEMAS_FROM)')
  })

  test('a bundle that is not one: a one-line error naming the file, exit 1, no stack trace', async () => {
    const broken = join(dir, 'broken.json')
    await writeFile(broken, '{"channels": {}}')
    const r = await runB(['validate', '--local', '-f', routes], broken)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${broken}: not a Gateway API schema bundle`)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

function makeNewerRouteCrd() {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: 'httproutes.gateway.networking.k8s.io', annotations: {'gateway.networking.k8s.io/bundle-version': 'v1.7.0'}},
    spec: {
      group: 'gateway.networking.k8s.io',
      names: {kind: 'HTTPRoute', plural: 'httproutes'},
      scope: 'Namespaced',
      versions: [{name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}],
    },
  }
}
