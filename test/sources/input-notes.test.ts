// Objects that are usable but not as written: fields of the wrong type, kinds kubectl-gw does not read,
// apiVersions it does not know. Read through the real loaders (files and the test API server); each
// gets one line naming where it came from (file and document, or the object) and the field, and
// nothing stops the rest from loading.

import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {loadFromCluster} from '../../src/sources/cluster.js'
import {loadFromFiles} from '../../src/sources/files.js'
import {inputNotes} from '../../src/sources/manifest-objects.js'
import {crdsFor} from '../support/apiserver.js'
import {cluster, GW, names, req, type Cluster} from './cluster-helpers.js'
import {tempTree, type TempTree} from './files-helpers.js'

const doc = (o: Record<string, unknown>) => JSON.stringify(o)

const shapes: K8sObject[] = [
  {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'gc'}, spec: {controllerName: 'example.com/ctl'}},
  {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'port-string', namespace: 'ns'}, spec: {gatewayClassName: 'gc', listeners: [{name: 'http', port: '80', protocol: 'HTTP'}]}},
  {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'listeners-map', namespace: 'ns'}, spec: {gatewayClassName: 'gc', listeners: {name: 'http', port: 80, protocol: 'HTTP'}}},
  {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'parents-map', namespace: 'ns'}, spec: {parentRefs: {name: 'port-string'}, rules: [{backendRefs: [{name: 'svc', port: '8080'}]}]}},
  {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'fine', namespace: 'ns'}, spec: {parentRefs: [{name: 'port-string'}], hostnames: ['a.example.com'], rules: [{backendRefs: [{name: 'svc', port: 8080}]}]}},
  {apiVersion: 'v1', kind: 'Service', metadata: {name: 'svc', namespace: 'ns'}, spec: {ports: [{name: 'http', port: 8080}, {port: 'http'}]}},
]

describe('files', () => {
  let tree: TempTree
  beforeEach(async () => {
    tree = await tempTree()
  })
  afterEach(() => tree.cleanup())

  test('wrong field types: one line each, naming file, document, object and field; every object loads', async () => {
    // A JSON stream, as kubectl reads a file that starts with `{`.
    const [file] = await tree.write({'shapes.json': shapes.map(doc).join('\n')})
    const snap = await loadFromFiles([file], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([])
    expect(names(snap.objects)).toEqual(shapes.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`))
    expect(inputNotes(snap)).toEqual([
      `${file} (document 2): Gateway "port-string" in namespace "ns": spec.listeners[0].port is a string ("80"), not an integer`,
      `${file} (document 3): Gateway "listeners-map" in namespace "ns": spec.listeners is an object, not a list`,
      `${file} (document 4): HTTPRoute "parents-map" in namespace "ns": spec.parentRefs is an object, not a list`,
      `${file} (document 4): HTTPRoute "parents-map" in namespace "ns": spec.rules[0].backendRefs[0].port is a string ("8080"), not an integer`,
      `${file} (document 6): Service "svc" in namespace "ns": spec.ports[1].port is a string ("http"), not an integer`,
    ])
  })

  test('label and annotation values that are not strings, and booleans where a string belongs: kubectl refuses them; the note says to quote', async () => {
    const [file] = await tree.write({
      'yes.yaml': [
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: blog\n  labels: {shared: yes, team: blog}\n  annotations: {replicas: 3, note: fine}',
        `apiVersion: ${GW}/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: blog, labels: {canary: on}}\nspec:\n  hostnames: [no]\n  parentRefs: [{name: gw, sectionName: "on"}]`,
      ].join('\n---\n'),
    })
    const snap = await loadFromFiles([file], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([])
    const quote = ': quote it (kubectl reads an unquoted true, yes, on, y, false, no, off or n as a boolean)'
    expect(inputNotes(snap)).toEqual([
      `${file} (document 1): Namespace "blog": metadata.labels.shared is a boolean (true), not a string${quote}`,
      `${file} (document 1): Namespace "blog": metadata.annotations.replicas is a number (3), not a string`,
      `${file} (document 2): HTTPRoute "r" in namespace "blog": metadata.labels.canary is a boolean (true), not a string${quote}`,
      `${file} (document 2): HTTPRoute "r" in namespace "blog": spec.hostnames[0] is a boolean (false), not a string${quote}`,
    ])
  })

  test('unknown kinds are ignored with a note; unknown apiVersions of known kinds are read, with a note', async () => {
    const [file] = await tree.write({
      'kinds.yaml': [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app2}',
        `apiVersion: ${GW}/v9\nkind: Gateway\nmetadata: {name: future}\nspec: {gatewayClassName: gc, listeners: [{name: http, port: 80, protocol: HTTP}]}`,
        'apiVersion: v2\nkind: Service\nmetadata: {name: svc}',
        `apiVersion: ${GW}/v1\nkind: XListenerSet\nmetadata: {name: wrong-group}`,
        'apiVersion: example.com/v1\nkind: RetryPolicy\nmetadata: {name: p}\nspec: {targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: future}}',
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: "w\\e[31m"}',
      ].join('\n---\n'),
    })
    const snap = await loadFromFiles([file], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([])
    expect(snap.objects).toHaveLength(7)
    expect(inputNotes(snap)).toEqual([
      `${file} (document 3): Gateway "future" in namespace "default" has apiVersion ${GW}/v9, a version kubectl-gw does not know (it knows v1, v1beta1); read as v1`,
      `${file} (document 4): Service "svc" in namespace "default" has apiVersion v2, a version kubectl-gw does not know (it knows v1); read as v1`,
      // Ignored kinds come last, one line per kind however many objects (a manifest directory holds
      // Deployments by the hundred).
      `${file} (document 1): Deployment "app" in namespace "default" (apps/v1) is not a kind kubectl-gw reads; ignored (and 1 more of that kind)`,
      `${file} (document 5): XListenerSet "wrong-group" in namespace "default" (${GW}/v1) is not a kind kubectl-gw reads; ignored`,
      // A vendor policy (it targets something) is read; a kind that is neither is not, and its name is escaped.
      `${file} (document 7): Widget "w\\x1b[31m" in namespace "default" (example.com/v1) is not a kind kubectl-gw reads; ignored`,
    ])
    // Still read as a Gateway, at the version it carries.
    expect(snap.gateways().map((g) => g.apiVersion)).toEqual([`${GW}/v9`])
  })

  test('a policy with targetRefs that is not a list, and a hostile object, stay one line per problem (at most five and a count)', async () => {
    const many = {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'many'}, spec: {gatewayClassName: 7, listeners: Array.from({length: 9}, () => ({name: 1, port: 'x\n'}))}}
    const policy = {apiVersion: `${GW}/v1`, kind: 'BackendTLSPolicy', metadata: {name: 'tls'}, spec: {targetRefs: {name: 'svc'}}}
    const [file] = await tree.write({'many.json': `${doc(many)}\n${doc(policy)}`})
    const notes = inputNotes(await loadFromFiles([file], {defaultNamespace: 'default'}))
    expect(notes).toEqual([
      `${file} (document 1): Gateway "many" in namespace "default": spec.gatewayClassName is a number (7), not a string`,
      `${file} (document 1): Gateway "many" in namespace "default": spec.listeners[0].name is a number (1), not a string`,
      `${file} (document 1): Gateway "many" in namespace "default": spec.listeners[0].port is a string ("x\\n"), not an integer`,
      `${file} (document 1): Gateway "many" in namespace "default": spec.listeners[1].name is a number (1), not a string`,
      `${file} (document 1): Gateway "many" in namespace "default": spec.listeners[1].port is a string ("x\\n"), not an integer`,
      `${file} (document 1): Gateway "many" in namespace "default": 14 more fields of the wrong type`,
      `${file} (document 2): BackendTLSPolicy "tls" in namespace "default": spec.targetRefs is an object, not a list`,
    ])
    expect(notes.every((n) => !n.includes('\n'))).toBe(true)
  })

  test('null is "not set", as Kubernetes reads it: no note', async () => {
    const [file] = await tree.write({'nulls.yaml': `apiVersion: ${GW}/v1\nkind: Gateway\nmetadata: {name: g}\nspec: {gatewayClassName: gc, listeners: null, addresses: ~}`})
    expect(inputNotes(await loadFromFiles([file], {defaultNamespace: 'default'}))).toEqual([])
  })
})

describe('cluster', () => {
  let c: Cluster
  const nameless = {
    apiVersion: `${GW}/v1`,
    kind: 'GatewayList',
    metadata: {resourceVersion: '1'},
    items: [{metadata: {namespace: 'ns'}, spec: {gatewayClassName: 'gc'}}, {metadata: {name: 'ok', namespace: 'ns'}, spec: {gatewayClassName: 'gc', listeners: 'http'}}],
  }
  beforeAll(async () => {
    c = await cluster({
      objects: [...crdsFor(), ...shapes],
      faults: [{path: `/apis/${GW}/v1/namespaces/other/gateways`, times: Infinity, body: JSON.stringify(nameless)}],
    })
  })
  afterAll(() => c.close())

  test('objects served with wrong field types load; the notes name the object and the field', async () => {
    const snap = await loadFromCluster(c.conn, [req('gateways'), req('httproutes'), req('services')], new Date('2026-01-01T00:00:00Z'))
    expect(snap.warnings).toEqual([])
    expect(names(snap.objects).sort()).toEqual(['Gateway/ns/listeners-map', 'Gateway/ns/port-string', 'HTTPRoute/ns/fine', 'HTTPRoute/ns/parents-map', 'Service/ns/svc'])
    expect(inputNotes(snap).sort()).toEqual([
      'Gateway "listeners-map" in namespace "ns": spec.listeners is an object, not a list',
      'Gateway "port-string" in namespace "ns": spec.listeners[0].port is a string ("80"), not an integer',
      'HTTPRoute "parents-map" in namespace "ns": spec.parentRefs is an object, not a list',
      'HTTPRoute "parents-map" in namespace "ns": spec.rules[0].backendRefs[0].port is a string ("8080"), not an integer',
      'Service "svc" in namespace "ns": spec.ports[1].port is a string ("http"), not an integer',
    ])
  })

  test('an item without metadata.name is left out with a warning naming the list; the rest loads', async () => {
    const snap = await loadFromCluster(c.conn, [req('gateways', {namespace: 'other'})], new Date('2026-01-01T00:00:00Z'))
    expect(names(snap.objects)).toEqual(['Gateway/ns/ok'])
    expect(snap.warnings).toEqual([`ignored 1 item(s) without a name in the list of gateways.${GW}`])
    expect(inputNotes(snap)).toEqual(['Gateway "ok" in namespace "ns": spec.listeners is a string ("http"), not a list'])
  })
})
