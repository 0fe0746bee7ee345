import {describe, expect, test} from 'vitest'
import {typeByName} from '../../src/model/resources.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {columnContext} from '../../src/printers/columns/index.js'
import {renderListing, type ListingGroup} from '../../src/printers/listing.js'

const NOW = new Date('2026-03-01T12:00:00Z')
const ctx = columnContext(new Snapshot('files', NOW))
const at = (minutesAgo: number): string => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString()

const gw: K8sObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: {name: 'web', namespace: 'infra', creationTimestamp: at(5)},
  spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80}]},
}
const hr: K8sObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: {name: 'store', namespace: 'shop', creationTimestamp: at(5)},
  spec: {parentRefs: [{name: 'web', namespace: 'infra'}]},
}
const svc: K8sObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'api', namespace: 'shop', creationTimestamp: at(5)}, spec: {ports: [{port: 80}]}}

const groups = (...g: [string, K8sObject[]][]): ListingGroup[] => g.map(([t, objects]) => ({type: typeByName(t), objects}))

describe('renderListing', () => {
  test('one type: a plain table', () => {
    expect(renderListing(groups(['gateways', [gw]]), ctx, {format: 'table'})).toBe(
      'NAME   CLASS   ADDRESSES   PORTS   PROGRAMMED   AGE\nweb    edge    <none>      80      <none>       5m\n',
    )
  })

  test('several types: one table each, a blank line between, names prefixed with kind.group', () => {
    expect(renderListing(groups(['gateways', [gw]], ['services', [svc]]), ctx, {format: 'table'})).toBe(
      'NAME                                    CLASS   ADDRESSES   PORTS   PROGRAMMED   AGE\n' +
        'gateway.gateway.networking.k8s.io/web   edge    <none>      80      <none>       5m\n' +
        '\n' +
        'NAME          TYPE        PORTS    AGE\n' +
        'service/api   ClusterIP   80/TCP   5m\n',
    )
  })

  test('types with nothing to show are skipped, and a lone remaining type is not prefixed', () => {
    expect(renderListing(groups(['gateways', []], ['services', [svc]]), ctx, {format: 'table'})).toBe('NAME   TYPE        PORTS    AGE\napi    ClusterIP   80/TCP   5m\n')
  })

  test('without headers the tables follow each other directly', () => {
    expect(renderListing(groups(['gateways', [gw]], ['services', [svc]]), ctx, {format: 'table', noHeaders: true})).toBe(
      'gateway.gateway.networking.k8s.io/web   edge   <none>   80    <none>   5m\n' + 'service/api   ClusterIP   80/TCP   5m\n',
    )
  })

  test('`routes` keeps its KIND column and bare names beside other tables', () => {
    const out = renderListing(groups(['gateways', [gw]], ['routes', [hr]]), ctx, {format: 'table', allNamespaces: true})
    const tables = out.split('\n\n')
    expect(tables).toHaveLength(2)
    expect(tables[0].split('\n')[1]).toMatch(/^infra       gateway\.gateway\.networking\.k8s\.io\/web   /)
    expect(tables[1].split('\n')[0]).toMatch(/^NAMESPACE   KIND        NAME    HOSTNAMES /)
    expect(tables[1].split('\n')[1]).toMatch(/^shop        HTTPRoute   store   <none>      Gateway\/infra\/web   /)
  })

  test('-A adds NAMESPACE only to namespaced types', () => {
    const gc: K8sObject = {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'c'}}
    const out = renderListing(groups(['gatewayclasses', [gc]], ['gateways', [gw]]), ctx, {format: 'table', allNamespaces: true})
    const [first, second] = out.split('\n\n')
    expect(first.startsWith('NAME ')).toBe(true)
    expect(second.startsWith('NAMESPACE ')).toBe(true)
  })

  test('wide and show-labels apply to every table', () => {
    const out = renderListing(groups(['gateways', [gw]], ['httproutes', [hr]]), ctx, {format: 'wide', showLabels: true})
    const [first, second] = out.split('\n\n')
    expect(first.split('\n')[0]).toMatch(/AGE   LISTENERS   LABELS$/)
    expect(second.split('\n')[0]).toMatch(/AGE   BACKENDS   LABELS$/)
  })

  test('json, yaml and name put every type together', () => {
    const g = groups(['gateways', [gw]], ['services', [svc]])
    expect(JSON.parse(renderListing(g, ctx, {format: 'json'})).items.map((o: K8sObject) => o.kind)).toEqual(['Gateway', 'Service'])
    expect(renderListing(g, ctx, {format: 'yaml'})).toMatch(/^apiVersion: v1\nitems:\n- apiVersion: gateway/)
    expect(renderListing(g, ctx, {format: 'name'})).toBe('gateway.gateway.networking.k8s.io/web\nservice/api\n')
  })

  test('single prints the object itself', () => {
    expect(JSON.parse(renderListing(groups(['gateways', [gw]]), ctx, {format: 'json', single: true}))).toEqual(gw)
  })

  test('nothing at all prints nothing as a table', () => {
    expect(renderListing(groups(['gateways', []]), ctx, {format: 'table'})).toBe('')
  })

  test('-L: one column per label key after the type’s columns and before LABELS; nothing (not <none>) when absent', () => {
    const labelled = {...gw, metadata: {...gw.metadata, labels: {app: 'web', 'example.com/team': 'core'}}}
    const bare = {...gw, metadata: {...gw.metadata, name: 'bare'}}
    expect(renderListing(groups(['gateways', [labelled, bare]]), ctx, {format: 'table', labelColumns: ['app', 'example.com/team', 'tier'], showLabels: true})).toBe(
      'NAME   CLASS   ADDRESSES   PORTS   PROGRAMMED   AGE   APP   TEAM   TIER   LABELS\n' +
        'web    edge    <none>      80      <none>       5m    web   core          app=web,example.com/team=core\n' +
        'bare   edge    <none>      80      <none>       5m                        <none>\n',
    )
  })
})
