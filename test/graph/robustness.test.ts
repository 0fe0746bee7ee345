// Never throw: malformed objects yield well-formed results.

import {describe, expect, it} from 'vitest'
import {compareStatus, computeAttachments, explainGateway, explainGatewayClass, explainListener, explainListenerSet, explainRoute} from '../../src/graph/index.js'
import type {K8sObject} from '../../src/model/types.js'
import {GW, gatewayClass, snapshotOf} from './fixtures.js'

const gw = (spec: unknown, status?: unknown): K8sObject => ({apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: 'ns'}, spec, ...(status !== undefined ? {status} : {})})
const rt = (kind: string, spec: unknown, status?: unknown): K8sObject => ({apiVersion: `${GW}/v1`, kind, metadata: {name: `r-${Math.random().toString(36).slice(2)}`, namespace: 'ns'}, spec, ...(status !== undefined ? {status} : {})})

const malformed: [string, K8sObject[]][] = [
  ['Gateway without spec', [gw(undefined)]],
  ['Gateway with listeners missing', [gw({gatewayClassName: 'conformance'})]],
  ['Gateway with listeners not a list', [gw({gatewayClassName: 'conformance', listeners: 'http'})]],
  ['listener entries of every wrong type', [gw({gatewayClassName: 'conformance', listeners: [null, 3, 'x', [], {name: 5, port: '80', protocol: 7, hostname: 9, tls: 'yes', allowedRoutes: 'all'}]})]],
  ['allowedRoutes with bad shapes', [gw({gatewayClassName: 'conformance', listeners: [{name: 'a', port: 80, protocol: 'HTTP', allowedRoutes: {kinds: 'HTTPRoute', namespaces: {from: 'Selector', selector: {matchLabels: 'x', matchExpressions: [null, {key: 1}]}}}}]})]],
  ['certificateRefs of wrong types', [gw({gatewayClassName: 'conformance', listeners: [{name: 'a', port: 443, protocol: 'HTTPS', tls: {certificateRefs: [null, 'x', {name: 1}]}}]})]],
  ['route without spec', [rt('HTTPRoute', undefined)]],
  ['parentRefs not a list', [rt('HTTPRoute', {parentRefs: {name: 'g'}})]],
  ['parentRefs of wrong types', [gw({gatewayClassName: 'conformance', listeners: [{name: 'a', port: 80, protocol: 'HTTP'}]}), rt('HTTPRoute', {parentRefs: [null, 1, 'g', {name: 'g', port: '80', sectionName: 5, group: 3, kind: null}]})]],
  ['rules of wrong types', [rt('HTTPRoute', {rules: [null, 'x', {backendRefs: 'svc', filters: [null, {type: 'RequestMirror', requestMirror: 'x'}]}, {backendRefs: [null, 3, {name: 5}, {kind: 7}]}]})]],
  ['matches of wrong types', [rt('HTTPRoute', {rules: [{matches: [null, {path: 'x', headers: 'y', queryParams: [null]}]}]}), rt('GRPCRoute', {rules: [{matches: [{method: 'GET'}]}]})]],
  ['hostnames of wrong types', [rt('HTTPRoute', {hostnames: 'a.com'}), rt('TLSRoute', {hostnames: [null, 5, '']})]],
  ['status of wrong types', [gw({gatewayClassName: 'conformance'}, 'ok'), rt('HTTPRoute', {parentRefs: [{name: 'g'}]}, {parents: [null, {parentRef: 'g'}, {parentRef: {name: 'g'}, conditions: 'x'}]})]],
  ['ListenerSet with bad parentRef and listeners', [{apiVersion: `${GW}/v1`, kind: 'ListenerSet', metadata: {name: 'l', namespace: 'ns'}, spec: {parentRef: 'g', listeners: {}}}]],
  ['ListenerSet with no spec', [{apiVersion: `${GW}/v1`, kind: 'ListenerSet', metadata: {name: 'l', namespace: 'ns'}}]],
  ['ReferenceGrant with bad from/to', [{apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: {name: 'rg', namespace: 'ns'}, spec: {from: 'x', to: [null, {group: 1}]}}, rt('HTTPRoute', {rules: [{backendRefs: [{name: 's', namespace: 'other', port: 1}]}]})]],
  ['GatewayClass with bad spec and status', [{apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'conformance'}, spec: {parametersRef: 'x'}, status: {conditions: [null, {type: 'Accepted', status: 5}]}}]],
  ['Service with bad ports as a mesh parent', [{apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'ns'}, spec: {ports: 'http'}}, rt('HTTPRoute', {parentRefs: [{group: '', kind: 'Service', name: 's', port: 80}]})]],
  ['Namespace with bad labels', [{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'ns', labels: 'x' as never}}, gw({gatewayClassName: 'conformance', listeners: [{name: 'a', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {a: 'b'}}}}}]}), rt('HTTPRoute', {parentRefs: [{name: 'g'}]})]],
]

describe('malformed input never throws and yields well-formed results', () => {
  for (const [why, objects] of malformed) {
    it(why, () => {
      const snapshot = snapshotOf([gatewayClass(), ...objects])
      const graph = computeAttachments(snapshot)
      for (const ra of graph.routes.values()) {
        expect(Array.isArray(ra.computedStatus.parents)).toBe(true)
        expect(['True', 'False']).toContain(ra.resolvedRefs.status)
        for (const p of ra.parents) {
          expect(p.status === undefined).toBe(p.noStatusReason !== undefined)
          if (p.status) expect(p.status.conditions.map((c) => c.type).slice(0, 2)).toEqual(['Accepted', 'ResolvedRefs'])
        }
        expect(explainRoute(ra).every((s) => typeof s === 'string')).toBe(true)
        compareStatus(graph, ra.route)
      }
      for (const ga of graph.gateways.values()) {
        expect(ga.computedStatus.conditions.length).toBeGreaterThan(0)
        for (const l of ga.listeners) {
          expect(l.status.conditions.every((c) => typeof c.type === 'string' && typeof c.status === 'string')).toBe(true)
          expect(typeof l.status.attachedRoutes).toBe('number')
          explainListener(l)
        }
        explainGateway(ga)
        compareStatus(graph, ga.gateway)
      }
      for (const la of graph.listenerSets.values()) {
        explainListenerSet(la)
        compareStatus(graph, la.listenerSet)
      }
      for (const ca of graph.gatewayClasses.values()) {
        explainGatewayClass(ca)
        compareStatus(graph, ca.gatewayClass)
      }
    })
  }

  it('a string port matches no listener and a numeric-looking port is reported, not coerced', () => {
    const g = gw({gatewayClassName: 'conformance', listeners: [{name: 'a', port: 80, protocol: 'HTTP'}]})
    const r = rt('HTTPRoute', {parentRefs: [{name: 'g', port: '80'}]})
    const graph = computeAttachments(snapshotOf([gatewayClass(), g, r]))
    expect(graph.routes.get(r as never)!.parents[0].accepted?.reason).toBe('NoMatchingParent')
  })

  it('a listener with a string port is not accepted', () => {
    const g = gw({gatewayClassName: 'conformance', listeners: [{name: 'a', port: '80', protocol: 'HTTP'}]})
    const graph = computeAttachments(snapshotOf([gatewayClass(), g]))
    const l = graph.gateways.get(g as never)!.listeners[0]
    expect(l.conditions.accepted.reason).toBe('UnsupportedValue')
    expect(l.notes.join(' ')).toContain('not a number')
  })
})
