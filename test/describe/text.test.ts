// `describe` text on the shared Gateway of issue 16: a Service lists refused references too, policies do
// not reach a Service through a refused reference, and a route explanation leads with the fix for the
// listener it was meant for, each sentence once.
import {beforeAll, describe, expect, test} from 'vitest'
import type {Analysis} from '../../src/analysis.js'
import {describeEntry} from '../../src/describe/entries.js'
import {describeText} from '../../src/describe/text.js'
import {sharedGatewayAnalysis} from '../fixtures/shared-gateway.js'

let a: Analysis
beforeAll(async () => {
  a = await sharedGatewayAnalysis()
})
const find = (group: string, kind: string, ns: string, name: string) => a.snapshot.find(group, kind, ns, name)!

describe('describe service processor -n payments', () => {
  test('Referenced by lists the refused reference of shop/checkout, as refused', () => {
    const text = describeText(a, find('', 'Service', 'payments', 'processor'))
    expect(text).not.toContain('Referenced by: <none>')
    expect(text).toContain('Referenced by:\n  httproutes/shop/checkout spec.rules[0].backendRefs[1]: RefNotPermitted\n    refused: no ReferenceGrant in namespace "payments" permits HTTPRoutes from namespace "shop"')
  })

  test('no policy is inherited through the refused reference; its own policy still applies', () => {
    const svc = find('', 'Service', 'payments', 'processor')
    const text = describeText(a, svc)
    expect(text).not.toContain('route shop/checkout')
    expect(text).not.toContain('infra/public-defaults')
    expect(text).toContain('InheritedPolicies: <none>')
    const entry = describeEntry(a, svc)
    expect(entry.effectivePolicies?.map((e) => e.route ?? null)).toEqual([null])
    expect(entry.effectivePolicies?.[0].effective).toEqual({backendRequest: '3s'})
  })

  test('a permitted backend still inherits through its route', () => {
    const text = describeText(a, find('', 'Service', 'shop', 'storefront'))
    expect(text).toContain('httproutes/shop/checkout spec.rules[0].backendRefs[0]: resolved')
    expect(text).toContain('TimeoutPolicy.bar.example.com shop/checkout (level Route) on HTTPRoute shop/checkout')
  })
})

describe('describe httproute', () => {
  test('blog: the namespace label of the http listener leads, the hostname of https does not; no line twice', () => {
    const text = describeText(a, find('gateway.networking.k8s.io', 'HTTPRoute', 'blog', 'blog'))
    const why = text.slice(text.indexOf('    Why:\n'), text.indexOf('Backends:'))
    const lines = why.split('\n').filter((l) => l.trim() !== '')
    expect(lines[1]).toMatch(/^ {6}Accepted False \(NoMatchingListenerHostname\): .*most plausibly meant for listener "http".*shared-gateway-access/)
    expect(lines[1]).not.toContain('Add a hostname that matches shop.example.com')
    expect(new Set(lines).size).toBe(lines.length)
  })

  test('checkout: the refused backend says what happens to its share of the traffic', () => {
    const text = describeText(a, find('gateway.networking.k8s.io', 'HTTPRoute', 'shop', 'checkout'))
    expect(text).toContain('Traffic: 10% of the requests matching spec.rules[0] (weight 10 of 100) get HTTP 500')
  })
})
