// Tracing one request is linear in the routes (brief: within 1.2x of `get httproutes -A`, never
// quadratic): the work counted as in test/graph/pathological.test.ts grows like the input.
import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {GATEWAY_GROUP, type Gateway, type K8sObject} from '../../src/model/types.js'
import {Snapshot} from '../../src/model/snapshot.js'
import {parseTraceRequest} from '../../src/trace/request.js'
import {traceRequest} from '../../src/trace/trace.js'
import {analyzeForTrace} from '../../src/trace/scope.js'
import {countWork, growth, instrument, LINEAR} from '../property/work.js'

const GW = 'gateway.networking.k8s.io'

/** n routes on one listener (the worst case for listener isolation), half of them matching /app, with rules and matches each. */
function world(n: number): K8sObject[] {
  const objects: K8sObject[] = [
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}},
    {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners: [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'n'}, spec: {ports: [{port: 80}]}},
  ]
  for (let i = 0; i < n; i++) {
    objects.push({
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: {name: `r${i}`, namespace: 'n', creationTimestamp: `2026-01-01T00:${String(i % 60).padStart(2, '0')}:00Z`},
      spec: {
        parentRefs: [{name: 'g'}],
        hostnames: [i % 2 ? 'a.example.com' : `h${i}.example.com`],
        rules: [
          {matches: [{path: {type: 'PathPrefix', value: `/app/${i % 7}`}, headers: [{name: 'x', value: String(i % 3)}]}], backendRefs: [{name: 's', port: 80}]},
          {matches: [{path: {type: 'Exact', value: '/health'}}, {path: {type: 'PathPrefix', value: '/app'}}], backendRefs: [{name: 's', port: 80}]},
        ],
      },
    })
  }
  return objects
}

describe('trace work', () => {
  test('one request over n and 4n routes on one listener: linear', () => {
    const req = parseTraceRequest({url: 'http://a.example.com/app/3/x', headers: ['x: 1']})
    const {ratio} = growth((n) => {
      const s = new Snapshot('files')
      for (const o of instrument(world(n))) s.add(o)
      const a = analyze(s)
      const gateways = s.list<Gateway>(GATEWAY_GROUP, 'Gateway')
      return () => traceRequest(a, req, {gateways})
    }, 100)
    expect(ratio).toBeLessThan(LINEAR)
  })

  test('the whole command path (scoped analysis, then the trace) over n and 4n Gateways and routes, -A: linear', () => {
    // n/10 Gateways, each on 80 for its own domain, with 10 routes each: every Gateway is traced
    // (all listen on 80), the request's host picks one listener.
    const spread = (n: number): K8sObject[] => {
      const objects: K8sObject[] = [{apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}}]
      for (let g = 0; g < n / 10; g++) {
        objects.push({apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: `g${g}`, namespace: 'n'}, spec: {gatewayClassName: 'c', listeners: [{name: 'http', port: 80, protocol: 'HTTP', hostname: `*.d${g}.example.com`}]}})
        for (let i = 0; i < 10; i++) {
          objects.push({
            apiVersion: `${GW}/v1`,
            kind: 'HTTPRoute',
            metadata: {name: `r${g}-${i}`, namespace: 'n'},
            spec: {parentRefs: [{name: `g${g}`}], hostnames: [`h${i % 3}.d${g}.example.com`], rules: [{matches: [{path: {type: 'PathPrefix', value: `/p${i}`}}], backendRefs: [{name: 's', port: 80}]}]},
          })
        }
      }
      return objects
    }
    const req = parseTraceRequest({url: 'http://h1.d0.example.com/p4/x'})
    const {ratio} = growth((n) => {
      const s = new Snapshot('files')
      for (const o of instrument(spread(n))) s.add(o)
      const candidates = s.list<Gateway>(GATEWAY_GROUP, 'Gateway')
      return () => {
        const {analysis, gateways} = analyzeForTrace(s, req, {candidates, named: false})
        return traceRequest(analysis, req, {gateways})
      }
    }, 200)
    expect(ratio).toBeLessThan(LINEAR)
  })

  test('the answer at that size: one winner, every other matching candidate lost', () => {
    const s = new Snapshot('files')
    for (const o of world(100)) s.add(o)
    const a = analyze(s)
    const req = parseTraceRequest({url: 'http://a.example.com/app/3/x', headers: ['x: 1']})
    const r = countWork(() => traceRequest(a, req, {gateways: s.list<Gateway>(GATEWAY_GROUP, 'Gateway')})).result.results[0]
    // r31 and r73 (odd, i % 7 = 3, i % 3 = 1) match rule 0 with a header; r73 is older (minute 13 vs 31).
    expect(r.route?.name).toBe('r73')
    expect(r.rule).toBe(0)
    expect(r.candidates.filter((c) => c.result === 'won')).toHaveLength(1)
    // Every odd route's rule 1 match 1 (PathPrefix /app) matches too, and loses on path length.
    expect(r.candidates.filter((c) => c.result === 'lost').length).toBe(1 + 50)
  })
})
