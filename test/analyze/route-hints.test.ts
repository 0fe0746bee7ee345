// analyze's hints for a route no listener accepts: the fix for the listener the route was most plausibly
// meant for (the ranking describe and the finding's message use), never another listener's hostname
// unless the parentRef itself names that listener.

import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings, type Finding} from '../../src/analyze/findings.js'
import {kindKey, Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {sharedGatewayAnalysis} from '../fixtures/shared-gateway.js'

const GW = 'gateway.networking.k8s.io'

const gatewayClass: K8sObject = {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}}
const ns = (name: string, labels: Record<string, string> = {}): K8sObject => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}})
const gateway = (listeners: unknown[]): K8sObject => ({apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: 'infra'}, spec: {gatewayClassName: 'c', listeners}})
const route = (parentRef: Record<string, unknown>, hostnames: string[], kind = 'HTTPRoute', namespace = 'blog'): K8sObject => ({
  apiVersion: `${GW}/v1`,
  kind,
  metadata: {name: 'r', namespace},
  spec: {parentRefs: [{name: 'g', namespace: 'infra', ...parentRef}], hostnames, rules: [{}]},
})

const shop = {name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: {certificateRefs: [{name: 'c'}]}, allowedRoutes: {namespaces: {from: 'All'}}}
const labelled = (from: Record<string, unknown>) => ({name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: {namespaces: from}})
const selector = labelled({from: 'Selector', selector: {matchLabels: {'shared-gateway-access': 'true'}}})

function notAccepted(objects: K8sObject[], unreadable: string[] = []): Finding {
  const s = new Snapshot('files')
  for (const o of objects) s.add(o)
  for (const k of unreadable) s.unreadable.add(k)
  const found = collectFindings(analyze(s)).filter((f) => f.code === 'RouteNotAccepted')
  expect(found).toHaveLength(1)
  return found[0]
}

describe('the blog route of issue 16', () => {
  test('the hint leads with labelling the namespace for listener http, never with shop.example.com', async () => {
    const [f] = collectFindings(await sharedGatewayAnalysis()).filter((x) => x.code === 'RouteNotAccepted' && x.object.name === 'blog')
    expect(f.message).toMatch(/^NoMatchingListenerHostname: /)
    expect(f.hint).toBe(
      'Label namespace "blog" so that listener "http" of gateways/infra/public admits it: kubectl label namespace blog shared-gateway-access=true (or change that listener\'s allowedRoutes.namespaces).',
    )
    expect(f.hint).not.toContain('shop.example.com')
  })
})

describe('rejected by every listener', () => {
  test('a label of another value: kubectl label with --overwrite', () => {
    const f = notAccepted([gatewayClass, ns('blog', {'shared-gateway-access': 'false'}), gateway([selector, shop]), route({}, ['blog.example.com'])])
    expect(f.hint).toContain('kubectl label namespace blog shared-gateway-access=true --overwrite')
  })

  test('a selector with expressions: the selector to match, not a command', () => {
    const expr = labelled({from: 'Selector', selector: {matchExpressions: [{key: 'tier', operator: 'In', values: ['web', 'api']}]}})
    const f = notAccepted([gatewayClass, ns('blog'), gateway([expr, shop]), route({}, ['blog.example.com'])])
    expect(f.hint).toBe('Give namespace "blog" labels that match tier in (web,api) (allowedRoutes.namespaces.selector of listener "http" of gateways/infra/g), or change that selector.')
  })

  test('from: Same on the plausible listener', () => {
    const f = notAccepted([gatewayClass, ns('blog'), gateway([labelled({from: 'Same'}), shop]), route({}, ['blog.example.com'])])
    expect(f.hint).toBe('Set allowedRoutes.namespaces.from of listener "http" of gateways/infra/g to Selector or All, or move the route to namespace "infra".')
  })

  test('the plausible listener leaves the kind out of allowedRoutes.kinds (NotAllowedByListeners)', () => {
    const grpcOnly = {name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: {namespaces: {from: 'All'}, kinds: [{kind: 'GRPCRoute'}]}}
    const f = notAccepted([gatewayClass, ns('blog'), gateway([grpcOnly]), route({}, ['blog.example.com'])])
    expect(f.message).toMatch(/^NotAllowedByListeners: /)
    expect(f.hint).toBe('Add HTTPRoute to allowedRoutes.kinds of listener "http" of gateways/infra/g.')
  })

  test('kind and namespace both refused on the plausible listener: both fixes', () => {
    const both = {...selector, allowedRoutes: {...selector.allowedRoutes, kinds: [{kind: 'GRPCRoute'}]}}
    const f = notAccepted([gatewayClass, ns('blog'), gateway([both, shop]), route({}, ['blog.example.com'])])
    expect(f.hint).toMatch(/^Add HTTPRoute to allowedRoutes\.kinds of listener "http" of gateways\/infra\/g\. Label namespace "blog" /)
  })

  test('no listener serves the hostname: add a listener for it, not the other listener\'s hostname', () => {
    const f = notAccepted([gatewayClass, ns('blog'), gateway([shop]), route({}, ['blog.example.com'])])
    expect(f.message).toMatch(/^NoMatchingListenerHostname: /)
    expect(f.hint).toBe(
      'No listener selected by parentRefs[0] that allows the route serves blog.example.com: add a listener for it to gateways/infra/g (or widen a listener\'s hostname to cover it), or correct spec.hostnames if it is wrong.',
    )
  })

  test('the parentRef names the listener by sectionName: the route is meant for it, match its hostname', () => {
    const f = notAccepted([gatewayClass, ns('blog'), gateway([shop]), route({sectionName: 'https'}, ['shop.example.org'])])
    expect(f.hint).toBe('parentRefs[0] names listener "https" of gateways/infra/g: change spec.hostnames to match its hostname shop.example.com, or change the listener\'s hostname to cover shop.example.org.')
  })

  test('no listener\'s protocol carries the kind', () => {
    const tls = {name: 'tls', port: 443, protocol: 'TLS', tls: {mode: 'Passthrough'}, allowedRoutes: {namespaces: {from: 'All'}}}
    const f = notAccepted([gatewayClass, ns('blog'), gateway([tls]), route({}, ['blog.example.com'])])
    expect(f.hint).toBe('No listener selected by parentRefs[0] has a protocol that carries HTTPRoute: attach the route to a HTTP or HTTPS listener, or add one to gateways/infra/g.')
  })
})

describe('other listener-level hints use the same ranking', () => {
  test('NoMatchingParent names the listener the message names', () => {
    const f = notAccepted([gatewayClass, ns('blog'), gateway([selector, {...shop, allowedRoutes: {namespaces: {from: 'All'}}}]), route({sectionName: 'htps'}, ['shop.example.com'])])
    expect(f.message).toContain('The listener this route most plausibly means is "https"')
    expect(f.hint).toBe('Set parentRefs[0].sectionName to "https" (listener "https" of gateways/infra/g, the one this route most plausibly means), or name another existing listener.')
  })

  test('NoMatchingParent by port: the closest port of a plausible listener', () => {
    const f = notAccepted([gatewayClass, ns('blog'), gateway([selector, shop]), route({port: 444}, ['shop.example.com'])])
    expect(f.hint).toBe('Set parentRefs[0].port to 443 (listener "https" of gateways/infra/g, the one this route most plausibly means), or name another existing listener.')
  })

  test('Namespaces unreadable: what to check on the listener that accepts only by assumption', () => {
    const s = new Snapshot('cluster')
    for (const o of [gatewayClass, gateway([selector]), route({}, ['blog.example.com'])]) s.add(o)
    s.unreadable.add(kindKey('', 'Namespace'))
    const [f] = collectFindings(analyze(s)).filter((x) => x.code === 'RouteNotAccepted')
    expect(f.unverified).toBe('Namespaces could not be read')
    expect(f.hint).toBe(
      'Check that namespace "blog" has the labels listener "http" of gateways/infra/g selects (shared-gateway-access=true): kubectl get namespace blog --show-labels. Label namespace "blog" so that listener "http" of gateways/infra/g admits it: kubectl label namespace blog shared-gateway-access=true (or change that listener\'s allowedRoutes.namespaces).',
    )
  })
})

test('a namespace name no shell command should carry (files hold any string): the labels, not a command', () => {
  const f = notAccepted([gatewayClass, ns('blog;x'), gateway([selector, shop]), route({}, ['blog.example.com'], 'HTTPRoute', 'blog;x')])
  expect(f.hint).toBe('Give namespace "blog;x" labels that match shared-gateway-access=true (allowedRoutes.namespaces.selector of listener "http" of gateways/infra/g), or change that selector.')
})
