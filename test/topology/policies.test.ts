import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {buildTopology} from '../../src/topology/build.js'
import {renderMermaid} from '../../src/topology/mermaid.js'
import {withPolicies} from '../../src/topology/policies.js'

const GW = 'gateway.networking.k8s.io'

function world(): {snapshot: Snapshot; route: K8sObject; other: K8sObject} {
  const s = new Snapshot('files')
  const route: K8sObject = {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'r', namespace: 'n'}, spec: {parentRefs: [{name: 'g'}], rules: [{backendRefs: [{name: 's', port: 80}]}]}}
  const other: K8sObject = {apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {name: 'other', namespace: 'n'}, spec: {parentRefs: [{name: 'g'}]}}
  const objects: K8sObject[] = [
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}},
    {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'n'}, spec: {ports: [{name: 'web', port: 80}]}},
    route,
    other,
    {apiVersion: `${GW}/v1`, kind: 'BackendTLSPolicy', metadata: {name: 'tls', namespace: 'n'}, spec: {targetRefs: [{group: '', kind: 'Service', name: 's', sectionName: 'web'}], validation: {wellKnownCACertificates: 'System', hostname: 's.n'}}},
    {apiVersion: `${GW}/v1`, kind: 'BackendTLSPolicy', metadata: {name: 'elsewhere', namespace: 'n'}, spec: {targetRefs: [{group: '', kind: 'Service', name: 'nope'}], validation: {wellKnownCACertificates: 'System', hostname: 'x'}}},
  ]
  for (const o of objects) s.add(o)
  return {snapshot: s, route, other}
}

describe('withPolicies', () => {
  test('a policy on a drawn object gets a node and a labelled edge; one on an object not drawn is left out', () => {
    const {snapshot, route} = world()
    const a = analyze(snapshot)
    const t = withPolicies(buildTopology(a.graph, [route]), a.policies)
    const policyNodes = t.nodes.filter((n) => n.kind === 'Policy')
    expect(policyNodes.map((n) => n.id)).toEqual(['policy:BackendTLSPolicy.gateway.networking.k8s.io/n/tls'])
    expect(t.edges).toContainEqual({from: 'policy:BackendTLSPolicy.gateway.networking.k8s.io/n/tls', to: 'Service/n/s', label: 'targets web'})
    expect(renderMermaid(t)).toMatch(/\[\["BackendTLSPolicy tls<br\/>Direct"\]\]/)
  })

  test('nothing drawn for a selection the policies do not touch', () => {
    const {snapshot, other} = world()
    const a = analyze(snapshot)
    const t = withPolicies(buildTopology(a.graph, [other]), a.policies)
    expect(t.nodes.some((n) => n.kind === 'Policy')).toBe(false)
  })
})
