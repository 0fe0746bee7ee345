// Which listener a route most plausibly meant: hostname first, then kind, then the closeness of
// sectionName or port; used to lead explanations and to name the listener a NoMatchingParent meant.
import {describe, expect, test} from 'vitest'
import {judgeListener, readListeners} from '../../src/graph/listeners.js'
import {closestListener, editDistance, rankVerdicts} from '../../src/graph/plausible.js'
import {INFRA, gateway, http, httpListener, namespace, parentOf, snapshotOf, world} from './fixtures.js'

const shared = gateway('public', INFRA, [
  httpListener('http', 80, {hostname: '*.example.com', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {'shared-gateway-access': 'true'}}}}}),
  {name: 'https', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: {certificateRefs: [{name: 'tls-terminate-checks-certificate'}]}, allowedRoutes: {namespaces: {from: 'All'}}},
  {name: 'tls-pass', port: 8443, protocol: 'TLS', tls: {mode: 'Passthrough'}, allowedRoutes: {namespaces: {from: 'All'}}},
  httpListener('other', 8080, {hostname: 'other.test'}),
])
const listeners = readListeners(shared)
const snapshot = snapshotOf([namespace(INFRA), namespace('blog')])
const verdicts = (hostnames: string[]) => {
  const r = http('blog', 'r', {hostnames})
  return listeners.map((l) => judgeListener(l, r, hostnames, snapshot))
}

describe('rankVerdicts', () => {
  test('hostname match first (explicit before any), then kind; a mismatching hostname last', () => {
    expect(rankVerdicts(verdicts(['blog.example.com']), 'HTTPRoute').map((v) => v.listener.name)).toEqual(['http', 'tls-pass', 'https', 'other'])
  })
  test('among equals, the allowed kind, then fewer failed checks, then position', () => {
    expect(rankVerdicts(verdicts(['shop.example.com']), 'HTTPRoute').map((v) => v.listener.name)).toEqual(['https', 'http', 'tls-pass', 'other'])
  })
})

describe('closestListener (NoMatchingParent)', () => {
  test('by sectionName: the nearest name among the listeners that fit hostname and kind', () => {
    expect(closestListener(verdicts(['shop.example.com']), 'HTTPRoute', 'htps', undefined)?.name).toBe('https')
    expect(closestListener(verdicts(['shop.example.com']), 'HTTPRoute', 'htp', undefined)?.name).toBe('http')
  })
  test('hostname before closeness: a close name whose hostname does not match loses', () => {
    expect(closestListener(verdicts(['blog.example.com']), 'HTTPRoute', 'https-x', undefined)?.name).toBe('http')
  })
  test('by port: the nearest port', () => {
    expect(closestListener(verdicts(['other.test', 'x.example.com']), 'HTTPRoute', undefined, 8081)?.name).toBe('other')
  })
  test('none when nothing fits the hostname and the kind', () => {
    expect(closestListener(verdicts(['blog.example.org']).filter((v) => v.listener.name !== 'tls-pass'), 'HTTPRoute', 'x', undefined)).toBeUndefined()
  })
  test('in the NoMatchingParent message', () => {
    const r = http('blog', 'typo', {parentRefs: [{name: 'public', namespace: INFRA, sectionName: 'htps'}], hostnames: ['shop.example.com']})
    const {graph} = world([namespace('blog'), shared, r])
    expect(parentOf(graph, r).accepted?.message).toBe(
      'gateways/gateway-conformance-infra/public has no listener named "htps" (sectionName). Use one of its listeners: "http", "https", "tls-pass", "other". The listener this route most plausibly means is "https" (HTTPS :443, shop.example.com).',
    )
  })
})

test('editDistance ignores case', () => {
  expect([editDistance('HTTPS', 'https'), editDistance('htps', 'https'), editDistance('', 'abc')]).toEqual([0, 1, 3])
})
