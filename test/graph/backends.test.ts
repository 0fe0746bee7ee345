import {describe, expect, it} from 'vitest'
import {GW, INFRA, WEB, cond, grant, http, parentOf, snapshotOf, service, world} from './fixtures.js'
import {computeAttachments} from '../../src/graph/index.js'

const parent = [{name: 'same-namespace'}]

describe('route ResolvedRefs', () => {
  it('includes RequestMirror backendRefs on rules and on backendRefs', () => {
    const r = http(INFRA, 'mirror', {
      parentRefs: parent,
      rules: [
        {
          filters: [{type: 'RequestMirror', requestMirror: {backendRef: {name: 'missing-mirror', port: 8080}}}],
          backendRefs: [{name: 'infra-backend-v1', port: 8080, filters: [{type: 'RequestMirror', requestMirror: {backendRef: {name: 'web-backend', namespace: WEB, port: 8080}}}]}],
        },
      ],
    })
    const {graph} = world([r])
    const ra = graph.routes.get(r)!
    expect(ra.backends.map((b) => [b.field, b.source, b.problem ?? 'ok'])).toEqual([
      ['spec.rules[0].backendRefs[0]', 'backendRef', 'ok'],
      ['spec.rules[0].backendRefs[0].filters[0].requestMirror.backendRef', 'mirror', 'RefNotPermitted'],
      ['spec.rules[0].filters[0].requestMirror.backendRef', 'mirror', 'BackendNotFound'],
    ])
    expect(cond(ra.resolvedRefs)).toBe('False/RefNotPermitted')
  })

  it.each([
    [['missing', 'bad-kind', 'cross'], 'InvalidKind'],
    [['missing', 'cross'], 'RefNotPermitted'],
    [['missing'], 'BackendNotFound'],
    [['ok'], 'ResolvedRefs'],
  ])('precedence InvalidKind > RefNotPermitted > BackendNotFound: %j -> %s', (which, reason) => {
    const refs: Record<string, object> = {
      missing: {name: 'nope', port: 8080},
      'bad-kind': {group: 'example.com', kind: 'Bucket', name: 'b'},
      cross: {name: 'web-backend', namespace: WEB, port: 8080},
      ok: {name: 'infra-backend-v1', port: 8080},
    }
    const r = http(INFRA, 'p', {parentRefs: parent, rules: which.map((w) => ({backendRefs: [refs[w]]}))})
    expect(world([r]).graph.routes.get(r)!.resolvedRefs.reason).toBe(reason)
  })

  it('does not reveal whether a cross-namespace target exists', () => {
    const exists = http(INFRA, 'a', {parentRefs: parent, rules: [{backendRefs: [{name: 'web-backend', namespace: WEB, port: 8080}]}]})
    const missing = http(INFRA, 'b', {parentRefs: parent, rules: [{backendRefs: [{name: 'ghost', namespace: WEB, port: 8080}]}]})
    const {graph} = world([exists, missing])
    const m1 = graph.routes.get(exists)!.resolvedRefs
    const m2 = graph.routes.get(missing)!.resolvedRefs
    expect(m1.reason).toBe('RefNotPermitted')
    expect(m2.reason).toBe('RefNotPermitted')
    expect(m1.message?.replaceAll('web-backend', 'X')).toBe(m2.message?.replaceAll('web-backend', 'X').replaceAll('ghost', 'X'))
  })

  it('a permitted cross-namespace reference to a missing Service is BackendNotFound', () => {
    const r = http(INFRA, 'c', {parentRefs: parent, rules: [{backendRefs: [{name: 'ghost', namespace: WEB, port: 8080}]}]})
    const g = grant(WEB, 'ok', [{group: GW, kind: 'HTTPRoute', namespace: INFRA}], [{group: '', kind: 'Service'}])
    expect(cond(world([r, g]).graph.routes.get(r)!.resolvedRefs)).toBe('False/BackendNotFound')
  })

  it('records the Service, the port check and the grant', () => {
    const g = grant(WEB, 'ok', [{group: GW, kind: 'HTTPRoute', namespace: INFRA}], [{group: '', kind: 'Service', name: 'web-backend'}])
    const r = http(INFRA, 'd', {parentRefs: parent, rules: [{backendRefs: [{name: 'web-backend', namespace: WEB, port: 8080}, {name: 'infra-backend-v1', port: 9999}, {name: 'infra-backend-v2'}]}]})
    const {graph, snapshot} = world([g, r])
    const [b0, b1, b2] = graph.routes.get(r)!.backends
    expect(b0.grant).toBe(g)
    expect(b0.port).toMatchObject({number: 8080, exists: true})
    expect(b1.port).toMatchObject({number: 9999, exists: false})
    expect(b1.notes.join(' ')).toContain('has no port 9999')
    expect(b2.notes.join(' ')).toContain('no port')
    expect(cond(graph.routes.get(r)!.resolvedRefs)).toBe('True/ResolvedRefs')
    const svc = snapshot.find('', 'Service', WEB, 'web-backend') as never
    expect(graph.services.get(svc)!.grants).toEqual([g])
    expect(graph.services.get(svc)!.backendOf.map((u) => u.route)).toEqual([r])
    expect(graph.referenceGrants.get(g as never)!.permits).toEqual([
      expect.objectContaining({from: r, field: 'spec.rules[0].backendRefs[0]', to: {group: '', kind: 'Service', namespace: WEB, name: 'web-backend', port: 8080}}),
    ])
  })

  it('says unverified (not BackendNotFound) when Services could not be read', () => {
    const r = http('ns', 'e', {rules: [{backendRefs: [{name: 'svc', port: 80}]}]})
    const snapshot = snapshotOf([r])
    snapshot.unreadable.add('/Service')
    const ra = computeAttachments(snapshot).routes.get(r)!
    expect(ra.backends[0].problem).toBeUndefined()
    expect(ra.backends[0].unverified).toContain('could not be read')
    expect(cond(ra.resolvedRefs)).toBe('True/ResolvedRefs')
  })

  it('ServiceImport is a supported kind whose existence is not checked', () => {
    const r = http(INFRA, 'f', {parentRefs: parent, rules: [{backendRefs: [{group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'x', port: 80}]}]})
    const ra = world([r]).graph.routes.get(r)!
    expect(ra.backends[0].problem).toBeUndefined()
    expect(ra.backends[0].unverified).toBeDefined()
  })

  it('a route in a namespace with a Service of the same name elsewhere is still BackendNotFound', () => {
    const r = http('other', 'g', {rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]})
    expect(world([r, service('other', 'unrelated')]).graph.routes.get(r)!.resolvedRefs.reason).toBe('BackendNotFound')
  })
})

describe('ResolvedRefs is evaluated for every parent entry (route-wide)', () => {
  it('the same condition appears on an accepted and a rejected parent', () => {
    const r = http(INFRA, 'two', {parentRefs: [{name: 'same-namespace'}, {name: 'same-namespace', port: 81}], rules: [{backendRefs: [{name: 'nope', port: 8080}]}]})
    const {graph} = world([r])
    expect(cond(parentOf(graph, r, 0).accepted)).toBe('True/Accepted')
    expect(cond(parentOf(graph, r, 1).accepted)).toBe('False/NoMatchingParent')
    expect(cond(parentOf(graph, r, 0).resolvedRefs)).toBe('False/BackendNotFound')
    expect(cond(parentOf(graph, r, 1).resolvedRefs)).toBe('False/BackendNotFound')
  })
})
