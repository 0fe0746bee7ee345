// Examples the property tests found, kept as plain tests so that each fix stays pinned down even if
// the random input stops producing it.

import {describe, expect, test} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {analyze} from '../../src/analysis.js'
import {collectFindings} from '../../src/analyze/findings.js'
import {describeEntry} from '../../src/describe/entries.js'
import {describeText} from '../../src/describe/text.js'
import {compareStatus, explainGateway, explainListenerSet} from '../../src/graph/index.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {directSpec} from '../../src/policy/attachments.js'
import {routePolicies} from '../../src/policy/views.js'
import {toJson, toYaml} from '../../src/printers/serialize.js'
import {buildTopology} from '../../src/topology/build.js'
import {dotString, renderDot} from '../../src/topology/dot.js'
import {mermaidText, renderMermaid} from '../../src/topology/mermaid.js'
import {RAW_CONTROL} from './pipeline.js'

const GW = 'gateway.networking.k8s.io'

function snapshot(objects: K8sObject[]): Snapshot {
  const s = new Snapshot('files', new Date('2026-03-01T00:00:00Z'))
  for (const o of objects) s.add(o)
  return s
}

/** A JSON object that String() and template literals cannot convert (`{"toString": null}` in a file). */
const unprintable = () => JSON.parse('{"toString": null, "valueOf": null}')

const gatewayClass: K8sObject = {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'gc'}, spec: {controllerName: 'example.com/ctl'}}
const gateway = (spec: Record<string, unknown>, status?: unknown): K8sObject => ({
  apiVersion: `${GW}/v1`,
  kind: 'Gateway',
  metadata: {name: 'g', namespace: 'ns'},
  spec: {gatewayClassName: 'gc', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}], ...spec},
  ...(status !== undefined ? {status} : {}),
})
const route = (name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: {name, namespace: 'ns', ...meta},
  spec,
})

/** Runs every printer over the snapshot; returns the text they print. */
function printAll(s: Snapshot): string {
  const a = analyze(s)
  const parts = s.objects.flatMap((o) => [describeText(a, o), toJson(describeEntry(a, o))])
  const topology = buildTopology(a.graph)
  collectFindings(a)
  return [...parts, renderDot(topology), renderMermaid(topology)].join('\n')
}

describe('printers/serialize', () => {
  test('a tab or carriage return in a YAML value is escaped inside double quotes', () => {
    const yaml = toYaml({a: 'tab\there', b: 'cr\rhere'})
    expect(yaml).toBe('a: "tab\\there"\nb: "cr\\rhere"\n')
    expect(parseYaml(yaml)).toEqual({a: 'tab\there', b: 'cr\rhere'})
  })

  test('a __proto__ key from the input is printed, not turned into a prototype', () => {
    const value = JSON.parse('{"metadata": {"labels": {"__proto__": {"x": "y"}, "a": "b"}}}')
    expect(JSON.parse(toJson(value))).toEqual(value)
    expect(toJson(value)).toContain('"__proto__"')
    expect(parseYaml(toYaml(value))).toEqual(value)
  })
})

describe('topology/dot and topology/mermaid', () => {
  test.each([['\u2028'], ['\u2029'], ['\u200e'], ['\u061c'], ['\ud800'], ['\u009b'], ['\u001b']])('%j is escaped in labels', (ch) => {
    expect(dotString(`a${ch}b`)).not.toMatch(RAW_CONTROL)
    expect(mermaidText(`a${ch}b`)).not.toMatch(RAW_CONTROL)
  })

  test('a route named with a line separator draws on one line per statement', () => {
    const s = snapshot([gatewayClass, gateway({}), route('a\u2028b', {parentRefs: [{name: 'g'}]})])
    const t = buildTopology(analyze(s).graph)
    expect(renderDot(t)).not.toMatch(RAW_CONTROL)
    expect(renderMermaid(t)).not.toMatch(RAW_CONTROL)
  })
})

describe('analyze/findings: OverlappingRoutes', () => {
  // Partial overlaps (both serve a.example.com, each another hostname too), so that the finding on the
  // newer route is OverlappingRoutes, not a DuplicateMatch.
  const rules = {rules: [{matches: [{path: {type: 'PathPrefix', value: '/'}}]}], parentRefs: [{name: 'g'}]}
  const rule = {...rules, hostnames: ['a.example.com', 'b.example.com']}
  const other = {...rules, hostnames: ['a.example.com', 'c.example.com']}

  function overlapping(objects: K8sObject[]): string[] {
    return collectFindings(analyze(snapshot(objects)))
      .filter((f) => f.code === 'OverlappingRoutes')
      .map((f) => f.object.name)
  }

  test('equal creation times: the first by namespace/name wins, whatever the input order', () => {
    const a = route('a', rule, {creationTimestamp: '2026-01-01T00:00:00Z'})
    const b = route('b', other, {creationTimestamp: '2026-01-01T00:00:00Z'})
    expect(overlapping([gatewayClass, gateway({}), a, b])).toEqual(['b'])
    expect(overlapping([gatewayClass, gateway({}), b, a])).toEqual(['b'])
  })

  test('a route without a creationTimestamp counts as the newest', () => {
    const older = route('z', rule, {creationTimestamp: '2026-01-01T00:00:00Z'})
    const unsaved = route('a', other)
    expect(overlapping([gatewayClass, gateway({}), unsaved, older])).toEqual(['a'])
  })

  test('a creationTimestamp that is an object does not throw', () => {
    const odd = route('a', rule, {creationTimestamp: unprintable()})
    expect(overlapping([gatewayClass, gateway({}), odd, route('b', other)])).toHaveLength(1)
  })
})

describe('values String() cannot convert never crash a printer or an engine', () => {
  test.each<[string, () => K8sObject[]]>([
    ['a label value (describe)', () => [{...gateway({}), metadata: {name: 'g', namespace: 'ns', labels: {a: unprintable()}}}]],
    ['a selector label value (namespace admission)', () => [gateway({listeners: [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {a: unprintable()}, matchExpressions: [{key: 'b', operator: 'In', values: [unprintable()]}]}}}}]}), route('r', {parentRefs: [{name: 'g'}]})]],
    ['a namespace label value shown in a rejection', () => [{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'ns', labels: {a: unprintable()}}}, gateway({listeners: [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {a: 'x'}}}}}]}), route('r', {parentRefs: [{name: 'g'}]})]],
    ['a parentRef sectionName and port (status comparison, describe)', () => [gateway({}), route('r', {parentRefs: [{name: 'g', sectionName: unprintable(), port: unprintable()}]}, {}), {...route('s', {parentRefs: [{name: 'g'}]}), status: {parents: [{parentRef: {name: 'g', sectionName: unprintable()}, controllerName: 'example.com/ctl', conditions: [{type: 'Accepted', status: unprintable(), reason: unprintable()}]}]}}]],
    ['a route hostname (describe, topology)', () => [gateway({}), route('r', {parentRefs: [{name: 'g'}], hostnames: [unprintable()]})]],
    ['ReferenceGrant from/to entries (describe)', () => [{apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: {name: 'rg', namespace: 'ns'}, spec: {from: [{kind: unprintable(), namespace: unprintable()}], to: [{kind: unprintable(), name: unprintable()}]}}]],
    ['a reported listener attachedRoutes (describe)', () => [gateway({}, {listeners: [{name: 'http', attachedRoutes: unprintable()}]})]],
    ['status.listeners that is an object with a find key (describe)', () => [gateway({}, {listeners: {find: 'x'}})]],
    ['a gatewayClassName (topology, analyze)', () => [gateway({gatewayClassName: unprintable()})]],
    ['a GatewayClass controllerName (analyze)', () => [{...gatewayClass, spec: {controllerName: unprintable()}, status: {conditions: [{type: 'Accepted', status: 'Unknown', reason: 'Pending'}]}}]],
    ['mesh Service ports (route parent verdict)', () => [{apiVersion: 'v1', kind: 'Service', metadata: {name: 'svc', namespace: 'ns'}, spec: {ports: [{name: unprintable(), port: unprintable()}, {name: 'http', port: unprintable()}]}}, route('r', {parentRefs: [{group: '', kind: 'Service', name: 'svc', port: 9}]}), route('q', {parentRefs: [{group: '', kind: 'Service', name: 'svc', sectionName: 'http'}]})]],
  ])('%s', (_why, objects) => {
    const s = snapshot([gatewayClass, ...objects()])
    expect(() => printAll(s)).not.toThrow()
    const a = analyze(s)
    for (const o of s.objects) expect(() => compareStatus(a.graph, o)).not.toThrow()
  })
})

describe('policy engine: a __proto__ key in a policy spec is kept', () => {
  const policyOf = (spec: string): K8sObject => ({apiVersion: 'example.com/v1', kind: 'TimeoutPolicy', metadata: {name: 'p', namespace: 'ns'}, spec: JSON.parse(spec)})

  test('Direct: directSpec keeps it', () => {
    expect(Object.keys(directSpec(policyOf('{"targetRef": {}, "__proto__": {"a": 1}}') as never))).toEqual(['__proto__'])
  })

  test('Inherited: the effective value keeps it', () => {
    const s = snapshot([
      gatewayClass,
      gateway({}),
      route('r', {parentRefs: [{name: 'g'}]}),
      policyOf('{"targetRefs": [{"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "name": "r"}], "default": {"__proto__": {"a": 1}, "b": 2}}'),
    ])
    s.policyKinds.push({group: 'example.com', kind: 'TimeoutPolicy', resource: '', type: 'Inherited', namespaced: true})
    const a = analyze(s)
    const [effective] = routePolicies(a.policies, s.routes()[0]).effectivePolicies
    expect(Object.keys(effective.effective)).toEqual(['__proto__', 'b'])
    expect(effective.sources.map((x) => x.path)).toEqual(['__proto__.a', 'b'])
  })
})

describe('graph: listeners that are not a list are named, not silently dropped', () => {
  test('Gateway and ListenerSet', () => {
    const gw = gateway({listeners: {name: 'http', port: 80, protocol: 'HTTP'}, allowedListeners: {namespaces: {from: 'All'}}})
    const ls: K8sObject = {apiVersion: `${GW}/v1`, kind: 'ListenerSet', metadata: {name: 'ls', namespace: 'ns'}, spec: {parentRef: {name: 'g'}, listeners: 'http'}}
    const nulls: K8sObject = {...gateway({listeners: null}), metadata: {name: 'n', namespace: 'ns'}}
    const a = analyze(snapshot([gatewayClass, gw, ls, nulls]))
    expect(explainGateway(a.graph.gateways.get(gw as never)!)).toContain('spec.listeners is not a list, so the Gateway has no listeners.')
    expect(explainListenerSet(a.graph.listenerSets.get(ls as never)!)).toContain('spec.listeners is not a list, so the ListenerSet has no listeners.')
    expect(explainGateway(a.graph.gateways.get(nulls as never)!).join(' ')).not.toContain('not a list')
  })
})
