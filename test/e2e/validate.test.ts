// `kubectl gw validate` and the validation part of `analyze`, through the built CLI: a small
// hand-written HTTPRoute CRD (schema and one CEL rule) as --crds, in the input, and installed in the
// test API server; findings name file, document, field and the CRD's message; exit codes; "no schemas"
// is said and fails; in what-if mode a refused object takes no part in the graph.

import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import type {CustomResourceDefinition, K8sObject} from '../../src/model/types.js'
import {crdsFor, objectSchema} from '../support/apiserver-crds.js'
import {startApiServer} from '../support/apiserver.js'
import {requireBuild, run} from './get-helpers.js'

/** An HTTPRoute schema small enough to read: hostnames by pattern, at most 2 rules, a path type enum, one CEL rule. */
const ROUTE_SCHEMA = objectSchema({
  spec: {
    type: 'object',
    properties: {
      parentRefs: {type: 'array', items: {type: 'object', required: ['name'], properties: {name: {type: 'string'}, namespace: {type: 'string'}, sectionName: {type: 'string'}}}},
      hostnames: {type: 'array', items: {type: 'string', pattern: '^[a-z0-9.*-]+$'}},
      rules: {
        type: 'array',
        maxItems: 2,
        items: {
          type: 'object',
          properties: {
            matches: {type: 'array', items: {type: 'object', properties: {path: {type: 'object', properties: {type: {type: 'string', enum: ['Exact', 'PathPrefix'], default: 'PathPrefix'}, value: {type: 'string'}}}}}},
            filters: {type: 'array', items: {type: 'object', properties: {type: {type: 'string'}}}, 'x-kubernetes-validations': [{rule: "!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))", message: 'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both'}]},
            backendRefs: {type: 'array', items: {type: 'object', properties: {name: {type: 'string'}, namespace: {type: 'string'}, port: {type: 'integer'}}}},
          },
        },
      },
    },
  },
  status: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true},
})

function withSchema(crd: CustomResourceDefinition): CustomResourceDefinition {
  const c = structuredClone(crd)
  c.metadata.annotations = {'gateway.networking.k8s.io/bundle-version': 'v0.0.0-test'}
  for (const v of c.spec.versions) (v as Record<string, unknown>).schema = {openAPIV3Schema: ROUTE_SCHEMA}
  for (const v of c.spec.versions) (v as Record<string, unknown>).subresources = {status: {}}
  return c
}

const routeCrd = () => withSchema(crdsFor(['httproutes'])[0])
const toYaml = (o: unknown) => JSON.stringify(o)

const BAD = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: good, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: bad, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  hostnames: [Shop.example.com]
  colour: red
  rules:
  - matches: [{path: {type: Prefix, value: /}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: conflict, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  rules:
  - filters: [{type: RequestRedirect}, {type: URLRewrite}]
    backendRefs: [{name: missing-svc, port: 80}]
`

let dir: string
beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-validate-'))
  await writeFile(join(dir, 'routes.yaml'), BAD)
  await writeFile(join(dir, 'crd.json'), toYaml(routeCrd()))
})
afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

describe('kubectl gw validate', () => {
  test('every refusal at once, with file:line of the field, the field and the CRD message; exit 3', async () => {
    const r = await run(['validate', '--local', '-f', join(dir, 'routes.yaml'), '--crds', join(dir, 'crd.json')])
    expect(r.code).toBe(3)
    const file = join(dir, 'routes.yaml')
    expect(r.stdout).toContain(`SchemaViolation: ${file}:13: spec.hostnames[0]: Invalid value: "Shop.example.com": spec.hostnames[0] in body should match '^[a-z0-9.*-]+$'`)
    expect(r.stdout).toContain(`SchemaViolation: ${file}:16: spec.rules[0].matches[0].path.type: Unsupported value: "Prefix": supported values: "Exact", "PathPrefix"`)
    expect(r.stdout).toContain(`UnknownField: ${file}:14: unknown field "spec.colour": the API server drops it.`)
    expect(r.stdout).toContain(`ValidationRuleFailed: ${file}:24: spec.rules[0].filters: Invalid value: May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both`)
    // The object itself (rules not evaluated): its first line.
    expect(r.stdout).toContain(`RulesNotEvaluated: ${file}:8: the CRD's CEL rules were not evaluated`)
    expect(r.stdout).toContain('Schema validation: 3 objects checked against --crds (Gateway API v0.0.0-test)')
    expect(r.stdout).toContain('The API server would refuse 2 objects: HTTPRoute shop/bad, HTTPRoute shop/conflict.')
    expect(r.stdout).not.toContain('HTTPRoute shop/good\n')
  })

  test('from standard input: the document number, as no file can be read again', async () => {
    const r = await run(['validate', '--local', '-f', '-', '--crds', join(dir, 'crd.json')], {stdin: BAD})
    expect(r.code).toBe(3)
    expect(r.stdout).toContain(`ValidationRuleFailed: STDIN (document 3): spec.rules[0].filters: Invalid value: May specify either`)
  })

  test('-o json; --fail-on none exits 0', async () => {
    const r = await run(['validate', '--local', '-f', join(dir, 'routes.yaml'), '--crds', join(dir, 'crd.json'), '-o', 'json', '--fail-on', 'none'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.validation.refused).toEqual([{kind: 'HTTPRoute', namespace: 'shop', name: 'bad'}, {kind: 'HTTPRoute', namespace: 'shop', name: 'conflict'}])
    expect(new Set(out.findings.map((f: {code: string}) => f.code))).toEqual(new Set(['SchemaViolation', 'UnknownField', 'ValidationRuleFailed', 'RulesNotEvaluated']))
  })

  test('a CRD in the -f input is used, before --crds', async () => {
    const r = await run(['validate', '--local', '-f', join(dir, 'routes.yaml'), '-f', join(dir, 'crd.json'), '-o', 'json'])
    expect(r.code).toBe(3)
    expect(JSON.parse(r.stdout).validation.schemas).toEqual([{from: 'CRDs in the -f input', releases: ['v0.0.0-test'], kinds: 1, validatedKinds: ['HTTPRoute']}])
  })

  test('no schemas (a Gateway API kind the bundle lacks): validation not run, said on stdout and stderr, exit 1', async () => {
    await writeFile(join(dir, 'fancy.yaml'), 'apiVersion: gateway.networking.k8s.io/v1\nkind: FancyRoute\nmetadata: {name: f, namespace: shop}\nspec: {}\n')
    // A build without bundled schemas, whatever this one was built with.
    const r = await run(['validate', '--local', '-f', join(dir, 'fancy.yaml')], {env: {KUBECTL_GW_SCHEMA_BUNDLE: join(dir, 'no-bundle.json')}})
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Schema validation: not run: no schemas \(no CRDs in the -f input, from the cluster or --crds, and this build of kubectl-gw has no bundled Gateway API schemas \(it was built without KUBECTL_GW_SCHEMAS_FROM\)\) for FancyRoute\.\n$/)
    expect(r.stderr).toContain('error: no schemas for FancyRoute: validation not run; give the CRDs with --crds PATH')
  })

  test('a --crds path that does not exist is exit 1 with one line', async () => {
    const r = await run(['validate', '--local', '-f', join(dir, 'routes.yaml'), '--crds', join(dir, 'nope')])
    expect(r.code).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('does not exist')
  })

  test('validate without -f is a usage error', async () => {
    const r = await run(['validate', '--local'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('validate needs -f')
  })
})

describe('analyze and validation', () => {
  test('--local: SchemaViolation findings with the rest, and the summary', async () => {
    const r = await run(['analyze', '--local', '-A', '-f', join(dir, 'routes.yaml'), '--crds', join(dir, 'crd.json'), '-o', 'json', '--fail-on', 'none'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.findings.filter((f: {code: string}) => f.code === 'SchemaViolation').map((f: {object: {name: string}}) => f.object.name)).toEqual(['bad', 'bad'])
    expect(out.validation.validated).toBe(3)
  })

  test('what-if: the cluster\'s CRD is used, and a refused object takes no part in the graph', async () => {
    const objects: K8sObject[] = [
      {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'example.com/edge'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}} as K8sObject,
      {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name: 'gw', namespace: 'shop'}, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}} as K8sObject,
      {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'shop'}, spec: {ports: [{port: 80}]}} as K8sObject,
    ]
    const server = await startApiServer({objects: [...crdsFor().filter((c) => c.spec.names.kind !== 'HTTPRoute'), routeCrd(), ...objects]})
    try {
      const kc = server.writeKubeconfig(dir)
      const r = await run(['analyze', '-A', '-o', 'json', '--kubeconfig', kc, '-f', join(dir, 'routes.yaml')])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(3)
      const out = JSON.parse(r.stdout)
      expect(out.validation.schemas).toEqual([{from: "the cluster's installed CRDs", releases: ['v0.0.0-test'], kinds: 1, validatedKinds: ['HTTPRoute']}])
      const introduced = out.introduced.map((f: {code: string; object: {name: string}}) => `${f.code} ${f.object.name}`)
      expect(introduced).toContain('ValidationRuleFailed conflict')
      // Were it created, the conflicting route would point at a missing Service; it would not be created.
      expect(introduced).not.toContain('BackendNotFound conflict')
      expect(out.summary.created.map((o: {name: string}) => o.name)).toEqual(['good'])
    } finally {
      await server.close()
    }
  })
})

describe('validate against a cluster: an object that exists is an update', () => {
  // The route schema with a transition rule: parentRefs may not change once stored.
  const immutableParents = () => {
    const c = routeCrd()
    for (const v of c.spec.versions) {
      const spec = (v as {schema: {openAPIV3Schema: {properties: {spec: Record<string, unknown>}}}}).schema.openAPIV3Schema.properties.spec
      spec['x-kubernetes-validations'] = [{rule: 'self.parentRefs == oldSelf.parentRefs', message: 'parentRefs are immutable'}]
    }
    return c
  }
  const route = (name: string, spec: Record<string, unknown>): K8sObject =>
    ({apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name, namespace: 'shop'}, spec}) as K8sObject
  // Stored before a stricter schema (the test server validates nothing): hostnames the pattern refuses.
  const stored = [
    route('kept', {parentRefs: [{name: 'gw'}], hostnames: ['Shop.example.com'], rules: [{backendRefs: [{name: 'web', port: 80}]}]}),
    route('rehosted', {parentRefs: [{name: 'gw'}], hostnames: ['Old.example.com']}),
    route('moved', {parentRefs: [{name: 'gw'}]}),
  ]
  const FILE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: kept, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  hostnames: [Shop.example.com]
  rules: [{backendRefs: [{name: web, port: 8080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: rehosted, namespace: shop}
spec:
  parentRefs: [{name: gw}]
  hostnames: [New.example.com]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: moved, namespace: shop}
spec:
  parentRefs: [{name: other}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: fresh, namespace: shop}
spec:
  parentRefs: [{name: other}]
  hostnames: [Fresh.example.com]
`

  test('transition rules run, unchanged invalid parts are not reported (ratcheting), new objects are creates', async () => {
    const server = await startApiServer({objects: [...crdsFor().filter((c) => c.spec.names.kind !== 'HTTPRoute'), immutableParents(), ...stored]})
    try {
      const kc = server.writeKubeconfig(dir)
      const file = join(dir, 'updates.yaml')
      await writeFile(file, FILE)
      const r = await run(['validate', '-o', 'json', '--kubeconfig', kc, '-f', file])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(3)
      const found = JSON.parse(r.stdout).findings.map((f: {code: string; object: {name: string}; message: string}) => `${f.object.name}: ${f.message.replace(/^.*?:\d+: /, '')}`)
      expect(found).toEqual([
        `rehosted: spec.hostnames[0]: Invalid value: "New.example.com": spec.hostnames[0] in body should match '^[a-z0-9.*-]+$'`,
        'moved: spec: Invalid value: parentRefs are immutable',
        `fresh: spec.hostnames[0]: Invalid value: "Fresh.example.com": spec.hostnames[0] in body should match '^[a-z0-9.*-]+$'`,
      ])
      // kept, rehosted and moved are stored; fresh is a create.
      expect(JSON.parse(r.stdout).validation.updates).toBe(3)
      const text = await run(['validate', '--kubeconfig', kc, '-f', file])
      expect(text.stdout).toContain('Schema validation: 4 objects checked against the cluster\'s installed CRDs (Gateway API v0.0.0-test); 0 defaults applied; 3 as updates of the objects the cluster has (transition rules run, errors in unchanged parts not reported).')
      // The stored routes: one list, in the input's one namespace (twice: two runs).
      const lists = server.requests.filter((q) => q.method === 'GET' && q.path.endsWith('/httproutes'))
      expect(lists.map((q) => q.path)).toEqual(Array(2).fill('/apis/gateway.networking.k8s.io/v1/namespaces/shop/httproutes'))
    } finally {
      await server.close()
    }
  })

  test('the stored routes cannot be listed (403): a warning, and the objects are validated as new, said in the summary', async () => {
    const server = await startApiServer({
      objects: [...crdsFor().filter((c) => c.spec.names.kind !== 'HTTPRoute'), immutableParents(), ...stored],
      faults: [{path: /\/httproutes$/, status: 403, times: Infinity}],
    })
    try {
      const kc = server.writeKubeconfig(dir)
      const file = join(dir, 'updates-403.yaml')
      await writeFile(file, FILE)
      const r = await run(['validate', '--kubeconfig', kc, '-f', file])
      expect(r.stderr).toContain('HTTPRoutes could not be read')
      expect(r.code).toBe(3)
      // kept is now reported (no stored version to ratchet against), moved's transition rule cannot run.
      expect(r.stdout).toContain('kept')
      expect(r.stdout).not.toContain('parentRefs are immutable')
      expect(r.stdout).toContain('Schema validation: 4 objects validated as new: whether the cluster has them could not be read, so transition rules did not run and errors in unchanged parts are reported.')
    } finally {
      await server.close()
    }
  })
})
