// describe shows every unverified verdict where the verdict is (text) and in the `unverified` field
// (JSON), with the reason; a complete snapshot has neither.

import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {describeEntry} from '../../src/describe/entries.js'
import {describeText} from '../../src/describe/text.js'
import {kindKey, Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'

const GW = 'gateway.networking.k8s.io'

const gatewayClass: K8sObject = {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}}
const gateway: K8sObject = {
  apiVersion: `${GW}/v1`,
  kind: 'Gateway',
  metadata: {name: 'g', namespace: 'infra'},
  spec: {
    gatewayClassName: 'c',
    listeners: [
      {name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {env: 'prod'}}}}},
      {name: 'https', port: 443, protocol: 'HTTPS', tls: {certificateRefs: [{name: 'cert', namespace: 'certs'}]}},
    ],
  },
}
const secret: K8sObject = {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'cert', namespace: 'certs'}, data: {'tls.crt': '', 'tls.key': ''}}
const svc: K8sObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'web'}, spec: {ports: [{port: 80}]}}
const route: K8sObject = {
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: {name: 'r', namespace: 'shop'},
  spec: {parentRefs: [{name: 'g', namespace: 'infra', sectionName: 'http'}], rules: [{backendRefs: [{name: 'web', namespace: 'web', port: 80}]}]},
}

function analysis(unreadable: string[]) {
  const s = new Snapshot('cluster', new Date('2026-03-01T00:00:00Z'))
  for (const o of [gatewayClass, gateway, secret, svc, route]) s.add(o)
  for (const k of unreadable) s.unreadable.add(k)
  return analyze(s)
}

const BOTH = [kindKey(GW, 'ReferenceGrant'), kindKey('', 'Namespace')]

describe('describe with unreadable kinds', () => {
  test('route text: the parent verdict, the listener verdict and the backend carry the mark', () => {
    const text = describeText(analysis(BOTH), route)
    expect(text).toContain('Verdict:   ATTACHED to http (unverified: Namespaces could not be read; possibly NotAllowedByListeners)')
    expect(text).toContain('- listener http: attached (unverified: Namespaces could not be read)')
    expect(text).toContain('Service web/web:80 [spec.rules[0].backendRefs[0]]: unverified: ReferenceGrants could not be read (possibly RefNotPermitted)')
  })

  test('route JSON: the unverified field, and the reported status is not called wrong', () => {
    const e = describeEntry(analysis(BOTH), route)
    expect(e.unverified).toEqual([
      {path: 'spec.parentRefs[0]', conclusion: 'NotAllowedByListeners', reason: 'Namespaces could not be read'},
      {path: 'spec.rules[0].backendRefs[0]', conclusion: 'RefNotPermitted', reason: 'ReferenceGrants could not be read'},
    ])
  })

  test('Gateway text and JSON: the certificateRef and the attached count', () => {
    const a = analysis(BOTH)
    const text = describeText(a, gateway)
    expect(text).toContain('certificateRef Secret certs/cert: unverified: ReferenceGrants could not be read (possibly RefNotPermitted)')
    expect(text).toMatch(/Attached: +1 computed \(counts routes admitted by assumption: Namespaces could not be read\)/)
    expect(describeEntry(a, gateway).unverified).toEqual([
      {path: 'status.listeners["http"].attachedRoutes', conclusion: 'UpperBound', reason: 'Namespaces could not be read'},
      {path: 'spec.listeners[1].tls.certificateRefs[0]', conclusion: 'RefNotPermitted', reason: 'ReferenceGrants could not be read'},
    ])
  })

  test('routes unreadable: the Gateway says its counts are lower bounds', () => {
    const a = analysis([kindKey(GW, 'HTTPRoute')])
    expect(describeText(a, gateway)).toMatch(/Attached: +\d+ computed \(a lower bound: HTTPRoutes could not be read\)/)
    expect(describeEntry(a, gateway).unverified).toContainEqual({path: 'status.listeners["http"].attachedRoutes', conclusion: 'LowerBound', reason: 'HTTPRoutes could not be read'})
  })

  test('policy kinds unreadable: the policy sections and the JSON say which', () => {
    const a = analysis([kindKey(GW, 'BackendTLSPolicy')])
    a.snapshot.policyKinds.push({group: GW, kind: 'BackendTLSPolicy', resource: 'backendtlspolicies', type: 'Direct', namespaced: true})
    const b = analyze(a.snapshot)
    expect(describeText(b, route)).toContain('EffectivePolicies: <none> (may be incomplete: BackendTLSPolicies could not be read)')
    expect(describeEntry(b, route).unverified).toContainEqual({path: 'effectivePolicies', conclusion: 'Incomplete', reason: 'BackendTLSPolicies could not be read'})
  })

  test('Gateways unreadable: the parent verdict is UNKNOWN, not "no status expected"', () => {
    const s = new Snapshot('cluster', new Date('2026-03-01T00:00:00Z'))
    s.add(route)
    s.unreadable.add(kindKey(GW, 'Gateway'))
    expect(describeText(analyze(s), route)).toContain('Verdict:   UNKNOWN (unverified: Gateways could not be read; possibly ParentNotFound)')
  })

  test('everything read: no mark anywhere, no field', () => {
    const a = analysis([])
    for (const o of [route, gateway]) {
      expect(describeText(a, o)).not.toContain('unverified')
      expect(describeText(a, o)).not.toContain('lower bound')
      expect(describeEntry(a, o).unverified).toBeUndefined()
    }
  })
})
