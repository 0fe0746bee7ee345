// Validates the example objects against the schemas an API server would apply: Gateway API kinds
// against the v1.6.1 experimental CRDs from ../shared (skipped when that directory is absent), and
// instances of our own policy kinds against the CRDs in examples/60-policy-crds.yaml.
//
// CEL rules (x-kubernetes-validations) are not evaluated; the examples were written to satisfy them
// (listener/parentRef uniqueness, port on Service backendRefs, tls rules per protocol), and the
// list-map uniqueness the validator does check covers part of them.

import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {describe, expect, test} from 'vitest'
import {crdSchemas, OpenApiSchema, uncompilablePatterns, validate} from '../support/openapi.js'
import {groupOfApiVersion, loadExamples, SHARED_CRDS_DIR, sharedCrdsAvailable, versionOfApiVersion} from './load.js'

const GATEWAY_GROUPS = new Set(['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'])
const OWN_POLICY_GROUP = 'policies.kubectl-gw.example'

const examples = loadExamples()
const label = (d: (typeof examples.docs)[number]): string =>
  `${d.file}#${d.index} ${d.object.kind} ${d.object.metadata?.namespace ? `${d.object.metadata.namespace}/` : ''}${d.object.metadata?.name}`

describe('openapi validator (test/support/openapi.ts)', () => {
  const listener: OpenApiSchema = {
    type: 'object',
    required: ['name', 'port', 'protocol'],
    properties: {
      name: {type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'},
      port: {type: 'integer', format: 'int32', minimum: 1, maximum: 65535},
      protocol: {type: 'string', enum: ['HTTP', 'HTTPS']},
      mode: {type: 'string', default: 'Terminate'},
    },
  }
  const gateway: OpenApiSchema = {
    type: 'object',
    required: ['listeners'],
    properties: {
      listeners: {
        type: 'array',
        minItems: 1,
        maxItems: 2,
        items: listener,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      },
      labels: {type: 'object', additionalProperties: {type: 'string', maxLength: 5}},
      created: {type: 'string', format: 'date-time'},
      note: {type: 'string', nullable: true},
      port: {'x-kubernetes-int-or-string': true},
      free: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: {a: {type: 'string'}}},
    },
  }
  const ok = {listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}
  const messages = (value: unknown, schema: OpenApiSchema = gateway, opts = {}) =>
    validate(value, schema, opts).issues.map((i) => `${i.path}: ${i.message}`)

  test('accepts a valid object', () => {
    expect(messages(ok)).toEqual([])
    expect(messages({...ok, labels: {a: 'b'}, created: '2026-01-05T10:00:00Z', note: null, port: 'http', free: {x: 1}})).toEqual([])
  })

  test('reports each kind of violation with its path', () => {
    expect(messages({})).toEqual(['listeners: is required'])
    expect(messages({listeners: []})).toEqual(['listeners: must have at least 1 items'])
    expect(messages({listeners: [{name: 'Bad_Name', port: 70000, protocol: 'FTP'}]})).toEqual([
      'listeners[0].name: "Bad_Name" does not match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      'listeners[0].port: must be <= 65535',
      'listeners[0].protocol: must be one of "HTTP", "HTTPS", got "FTP"',
    ])
    expect(messages({listeners: [{name: 'a', port: '80', protocol: 'HTTP'}]})).toEqual(['listeners[0].port: must be of type integer, got string'])
    expect(messages({...ok, labels: {a: 'toolong'}})).toEqual(['labels.a: must be at most 5 characters long'])
    expect(messages({...ok, created: 'yesterday'})).toEqual(['created: "yesterday" is not an RFC 3339 date-time'])
    expect(messages({...ok, port: 1.5})).toEqual(['port: must be an integer or a string, got number'])
    expect(messages({...ok, lables: {}})).toEqual(['lables: is not a known field'])
    expect(messages({...ok, lables: {}}, gateway, {rejectUnknownFields: false})).toEqual([])
    expect(messages({listeners: null})).toEqual(['listeners: must not be null'])
  })

  test('checks list-map keys and list bounds', () => {
    const dup = {listeners: [{name: 'a', port: 80, protocol: 'HTTP'}, {name: 'a', port: 81, protocol: 'HTTP'}]}
    expect(messages(dup)).toEqual(['listeners[1]: duplicate entry for key (name) = ["a"]'])
    const three = {listeners: ['a', 'b', 'c'].map((name) => ({name, port: 80, protocol: 'HTTP'}))}
    expect(messages(three)).toEqual(['listeners: must have at most 2 items'])
  })

  test('applies defaults before checking required fields and value validations', () => {
    const needsMode: OpenApiSchema = {...listener, required: ['name', 'port', 'protocol', 'mode']}
    expect(messages({name: 'a', port: 1, protocol: 'HTTP'}, needsMode)).toEqual([])
    expect(messages({name: 'a', port: 1, protocol: 'HTTP'}, needsMode, {applyDefaults: false})).toEqual(['mode: is required'])
    // The shape of Gateway addresses: the IPAddress branch applies when `type` is defaulted.
    const address: OpenApiSchema = {
      type: 'object',
      properties: {type: {type: 'string', default: 'IPAddress'}, value: {type: 'string'}},
      oneOf: [
        {properties: {type: {enum: ['IPAddress']}, value: {anyOf: [{format: 'ipv4'}, {format: 'ipv6'}]}}},
        {properties: {type: {not: {enum: ['IPAddress']}}}},
      ],
    }
    expect(messages({value: '192.0.2.1'}, address)).toEqual([])
    expect(messages({type: 'Hostname', value: 'gw.example.com'}, address)).toEqual([])
    expect(messages({value: 'gw.example.com'}, address)).toEqual(['<root>: must match exactly one schema in oneOf, matches 0'])
  })

  test('skips and reports patterns JavaScript cannot compile instead of misreading them', () => {
    const schema: OpenApiSchema = {type: 'object', properties: {a: {type: 'string', pattern: '(?i)^abc$'}}}
    const r = validate({a: 'ABC'}, schema)
    expect(r.issues).toEqual([])
    expect(r.skippedPatterns).toEqual(['(?i)^abc$'])
    expect(uncompilablePatterns(schema)).toEqual(['(?i)^abc$'])
  })

  test('never throws on malformed input or schemas', () => {
    for (const v of [undefined, null, 42, 'x', [], [null], {listeners: 'x'}, {listeners: [null, 3]}]) {
      expect(() => validate(v, gateway)).not.toThrow()
    }
    expect(() => validate({a: 1}, {properties: {a: 'nonsense' as unknown as OpenApiSchema}})).not.toThrow()
  })

  test('crdSchemas indexes CRD versions by group/version/kind and ignores other documents', () => {
    const crd = {
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'g.example',
        scope: 'Cluster',
        names: {kind: 'Thing', plural: 'things'},
        versions: [
          {name: 'v1', served: true, schema: {openAPIV3Schema: {type: 'object'}}},
          {name: 'v1beta1', served: false, schema: {openAPIV3Schema: {type: 'object'}}},
          {name: 'v0', served: true},
        ],
      },
    }
    const m = crdSchemas([crd, {kind: 'ConfigMap'}, null, 'junk'])
    expect([...m.keys()].sort()).toEqual(['g.example/v1/Thing', 'g.example/v1beta1/Thing'])
    expect(m.get('g.example/v1beta1/Thing')).toMatchObject({served: false, namespaced: false})
  })
})

describe('our policy kinds validate against the CRDs in examples/60-policy-crds.yaml', () => {
  const own = crdSchemas(examples.docs.map((d) => d.object))
  const instances = examples.docs.filter((d) => groupOfApiVersion(d.object.apiVersion) === OWN_POLICY_GROUP)

  test('there are instances of every own policy kind', () => {
    const kinds = new Set(instances.map((d) => d.object.kind))
    expect([...kinds].sort()).toEqual(['ClusterTimeoutPolicy', 'HealthCheckPolicy', 'TimeoutPolicy'])
  })

  test.each(instances.map((d) => [label(d), d] as const))('%s', (_name, d) => {
    const key = `${OWN_POLICY_GROUP}/${versionOfApiVersion(d.object.apiVersion)}/${d.object.kind}`
    const entry = own.get(key)
    expect(entry, `no CRD version for ${key}`).toBeDefined()
    expect(entry!.served).toBe(true)
    expect(entry!.namespaced).toBe(d.object.metadata.namespace !== undefined)
    const r = validate(d.object, entry!.schema)
    expect(r.issues).toEqual([])
    expect(r.skippedPatterns).toEqual([])
  })

  test('the policy CRD schemas reject a wrong target kind (the schemas constrain something)', () => {
    const entry = own.get(`${OWN_POLICY_GROUP}/v1alpha1/HealthCheckPolicy`)!
    const bad = {apiVersion: `${OWN_POLICY_GROUP}/v1alpha1`, kind: 'HealthCheckPolicy', metadata: {name: 'x'}, spec: {targetRefs: [{group: '', kind: 'Pod', name: 'p'}]}}
    expect(validate(bad, entry.schema).issues.map((i) => i.path)).toEqual(['spec.targetRefs[0].kind'])
  })
})

describe.skipIf(!sharedCrdsAvailable)('Gateway API objects against the v1.6.1 experimental CRDs', () => {
  const crdDocs: unknown[] = []
  if (sharedCrdsAvailable) {
    for (const f of readdirSync(SHARED_CRDS_DIR).filter((n) => n.endsWith('.yaml')).sort()) {
      for (const doc of parseAllDocuments(readFileSync(join(SHARED_CRDS_DIR, f), 'utf8'))) crdDocs.push(doc.toJS())
    }
  }
  const schemas = crdSchemas(crdDocs)
  const gatewayDocs = examples.docs.filter((d) => GATEWAY_GROUPS.has(groupOfApiVersion(d.object.apiVersion)))

  test('every pattern in the v1.6.1 CRDs compiles as a JavaScript regular expression', () => {
    // If this fails after a CRD update, the listed patterns go unchecked; decide whether that matters.
    const bad = new Set<string>()
    for (const s of schemas.values()) for (const p of uncompilablePatterns(s.schema)) bad.add(p)
    expect([...bad]).toEqual([])
  })

  test('the examples use every Gateway API kind the brief asks for', () => {
    const kinds = new Set(gatewayDocs.map((d) => d.object.kind))
    for (const k of ['GatewayClass', 'Gateway', 'ListenerSet', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'ReferenceGrant', 'BackendTLSPolicy']) {
      expect(kinds, k).toContain(k)
    }
  })

  // Proof that a pass below means something: broken copies of real examples are rejected.
  test('the CRD schemas reject broken variants of the examples', () => {
    const find = (kind: string, name: string) => structuredClone(gatewayDocs.find((d) => d.object.kind === kind && d.object.metadata.name === name)!.object)
    const issuesOf = (o: (typeof gatewayDocs)[number]['object']) => {
      const s = schemas.get(`${groupOfApiVersion(o.apiVersion)}/${versionOfApiVersion(o.apiVersion)}/${o.kind}`)!
      return validate(o, s.schema).issues.map((i) => i.path)
    }
    const tls = find('TLSRoute', 'vault-tls')
    delete tls.spec.hostnames
    expect(issuesOf(tls)).toEqual(['spec.hostnames'])
    const gw = find('Gateway', 'edge')
    gw.spec.listeners[0].port = 0
    gw.spec.listeners[1].allowedRoutes.namespaces.from = 'Everywhere'
    expect(issuesOf(gw)).toEqual(['spec.listeners[0].port', 'spec.listeners[1].allowedRoutes.namespaces.from'])
    const route = find('HTTPRoute', 'storefront')
    route.spec.parentRef = route.spec.parentRefs
    route.spec.hostnames = ['Shop.Example.com']
    route.status.parents[0].conditions[0].lastTransitionTime = 'today'
    expect(issuesOf(route).sort()).toEqual(['spec.hostnames[0]', 'spec.parentRef', 'status.parents[0].conditions[0].lastTransitionTime'])
  })

  test.each(gatewayDocs.map((d) => [label(d), d] as const))('%s', (_name, d) => {
    const key = `${groupOfApiVersion(d.object.apiVersion)}/${versionOfApiVersion(d.object.apiVersion)}/${d.object.kind}`
    const entry = schemas.get(key)
    expect(entry, `no v1.6.1 CRD version for ${key}`).toBeDefined()
    expect(entry!.served, `${key} is not served`).toBe(true)
    expect(entry!.namespaced).toBe(d.object.metadata.namespace !== undefined)
    const r = validate(d.object, entry!.schema)
    expect(r.issues).toEqual([])
    expect(r.skippedPatterns).toEqual([])
  })
})
