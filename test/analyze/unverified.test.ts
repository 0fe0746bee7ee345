// analyze never reports a finding that rests on an unreadable kind as a certain problem: it is marked
// `unverified` (with the reason) and is at most a warning. Each case has its readable twin.

import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings, type Finding} from '../../src/analyze/findings.js'
import {countLine, renderFindings} from '../../src/analyze/render.js'
import {kindKey, Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'

const GW = 'gateway.networking.k8s.io'

const gatewayClass: K8sObject = {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}}
const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}})
const svc = (namespace: string, name: string): K8sObject => ({apiVersion: 'v1', kind: 'Service', metadata: {name, namespace}, spec: {ports: [{port: 80}]}})
const gateway = (listeners: unknown[]): K8sObject => ({apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: 'infra'}, spec: {gatewayClassName: 'c', listeners}})
const route = (namespace: string, backendNs: string): K8sObject => ({
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: {name: 'r', namespace},
  spec: {parentRefs: [{name: 'g', namespace: 'infra'}], rules: [{backendRefs: [{name: 'web', namespace: backendNs, port: 80}]}]},
})
const grant: K8sObject = {apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: {name: 'unused', namespace: 'other'}, spec: {from: [{group: GW, kind: 'HTTPRoute', namespace: 'x'}], to: [{group: '', kind: 'Service'}]}}

function findings(objects: K8sObject[], unreadable: string[] = []): Finding[] {
  const s = new Snapshot('cluster', new Date('2026-03-01T00:00:00Z'))
  for (const o of objects) s.add(o)
  for (const k of unreadable) s.unreadable.add(k)
  return collectFindings(analyze(s))
}

const byCode = (f: Finding[], code: string) => f.filter((x) => x.code === code)
const all = gateway([{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}])

describe('ReferenceGrants unreadable', () => {
  const objects = () => [gatewayClass, ns('infra'), ns('shop'), ns('web'), all, svc('web', 'web'), route('shop', 'web')]

  test('readable: RefNotPermitted is a certain error', () => {
    const [f] = byCode(findings(objects()), 'RefNotPermitted')
    expect(f).toMatchObject({severity: 'error', subject: 'spec.rules[0].backendRefs[0]'})
    expect(f.unverified).toBeUndefined()
  })

  test('unreadable: the same finding, unverified, a warning', () => {
    const [f] = byCode(findings(objects(), [kindKey(GW, 'ReferenceGrant')]), 'RefNotPermitted')
    expect(f).toMatchObject({severity: 'warning', subject: 'spec.rules[0].backendRefs[0]', unverified: 'ReferenceGrants could not be read'})
    expect(f.message).toContain('could not be checked because ReferenceGrants could not be read')
  })

  test('a cross-namespace certificate: CertificateRefNotPermitted, unverified', () => {
    const secret: K8sObject = {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'cert', namespace: 'certs'}, data: {'tls.crt': '', 'tls.key': ''}}
    const g = gateway([{name: 'https', port: 443, protocol: 'HTTPS', tls: {certificateRefs: [{name: 'cert', namespace: 'certs'}]}}])
    expect(byCode(findings([gatewayClass, g, secret]), 'CertificateRefNotPermitted')[0]).toMatchObject({severity: 'error'})
    const [f] = byCode(findings([gatewayClass, g, secret], [kindKey(GW, 'ReferenceGrant')]), 'CertificateRefNotPermitted')
    expect(f).toMatchObject({severity: 'warning', subject: 'listener https', unverified: 'ReferenceGrants could not be read'})
  })

  test('rendering and the count line say unverified', () => {
    const f = findings(objects(), [kindKey(GW, 'ReferenceGrant')])
    expect(renderFindings(f, {color: false})).toContain('RefNotPermitted (unverified: ReferenceGrants could not be read): ')
    expect(countLine(f)).toMatch(/\(1 unverified\)$/)
  })
})

describe('Namespaces unreadable', () => {
  const selector = gateway([{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {env: 'prod'}}}}}])

  test('readable: NotAllowedByListeners is a certain error', () => {
    const [f] = byCode(findings([gatewayClass, ns('infra'), ns('shop', {env: 'dev'}), selector, svc('shop', 'web'), route('shop', 'shop')]), 'RouteNotAccepted')
    expect(f).toMatchObject({severity: 'error', subject: 'parentRefs[0]:NotAllowedByListeners'})
    expect(f.unverified).toBeUndefined()
  })

  test('unreadable: a possible NotAllowedByListeners, unverified, a warning', () => {
    const [f] = byCode(findings([gatewayClass, selector, svc('shop', 'web'), route('shop', 'shop')], [kindKey('', 'Namespace')]), 'RouteNotAccepted')
    expect(f).toMatchObject({severity: 'warning', subject: 'parentRefs[0]:NotAllowedByListeners', unverified: 'Namespaces could not be read'})
    expect(f.message).toMatch(/^NotAllowedByListeners unless the namespace is admitted: /)
  })
})

describe('other classes', () => {
  test('ReferenceGrantUnused is unverified when referring kinds could not be read', () => {
    expect(byCode(findings([grant]), 'ReferenceGrantUnused')[0].unverified).toBeUndefined()
    const [f] = byCode(findings([grant], [kindKey(GW, 'HTTPRoute')]), 'ReferenceGrantUnused')
    expect(f).toMatchObject({severity: 'info', unverified: 'HTTPRoutes could not be read'})
  })

  test('GatewayClassNotFound is unverified when GatewayClasses could not be read', () => {
    expect(byCode(findings([all]), 'GatewayClassNotFound')[0]).toMatchObject({severity: 'error'})
    const [f] = byCode(findings([all], [kindKey(GW, 'GatewayClass')]), 'GatewayClassNotFound')
    expect(f).toMatchObject({severity: 'warning', unverified: 'GatewayClasses could not be read'})
  })

  test('a parent that could not be read: ParentNotFound, unverified', () => {
    const [f] = byCode(findings([route('shop', 'shop')], [kindKey(GW, 'Gateway')]), 'ParentNotFound')
    expect(f).toMatchObject({severity: 'warning', unverified: 'Gateways could not be read'})
    expect(byCode(findings([route('shop', 'shop')]), 'ParentNotFound')[0]).toMatchObject({severity: 'error'})
  })

  test('no StatusDisagrees for differences that could not be verified', () => {
    const r = route('shop', 'web')
    r.status = {parents: [{parentRef: {name: 'g', namespace: 'infra'}, controllerName: 'x/y', conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}, {type: 'ResolvedRefs', status: 'False', reason: 'RefNotPermitted'}]}]}
    const objects = [gatewayClass, ns('infra'), ns('shop'), ns('web'), all, svc('web', 'web'), r]
    expect(byCode(findings(objects, [kindKey(GW, 'ReferenceGrant')]), 'StatusDisagrees')).toEqual([])
    // Read completely, the reported RefNotPermitted is right: still no disagreement.
    expect(byCode(findings(objects), 'StatusDisagrees')).toEqual([])
  })
})
