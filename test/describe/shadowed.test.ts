// describe of a route lists its shadowed matches, in text and in -o json|yaml (`shadowedMatches`),
// the same facts analyze reports as ShadowedMatch / DuplicateMatch.
import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings} from '../../src/analyze/findings.js'
import {describeEntry} from '../../src/describe/entries.js'
import {describeText} from '../../src/describe/text.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {loadFromFiles} from '../../src/sources/files.js'

const GW = 'gateway.networking.k8s.io'

function world(): Snapshot {
  const s = new Snapshot('files', new Date('2026-06-01T00:00:00Z'))
  const objects: K8sObject[] = [
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'c'}, spec: {controllerName: 'x/y'}},
    {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'g', namespace: 'n'}, spec: {gatewayClassName: 'c', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}},
    {apiVersion: 'v1', kind: 'Service', metadata: {name: 's', namespace: 'n'}, spec: {ports: [{port: 80}]}},
    {
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: {name: 'old', namespace: 'n', creationTimestamp: '2026-01-01T00:00:00Z'},
      spec: {parentRefs: [{name: 'g'}], rules: [{name: 'api', matches: [{path: {type: 'PathPrefix', value: '/api'}}], backendRefs: [{name: 's', port: 80}]}]},
    },
    {
      apiVersion: `${GW}/v1`,
      kind: 'HTTPRoute',
      metadata: {name: 'new', namespace: 'n', creationTimestamp: '2026-02-01T00:00:00Z'},
      spec: {
        parentRefs: [{name: 'g'}],
        rules: [
          {name: 'copy', matches: [{path: {type: 'PathPrefix', value: '/api/'}}], backendRefs: [{name: 's', port: 80}]},
          {matches: [{path: {type: 'PathPrefix', value: '/web'}}, {path: {type: 'Exact', value: '/web/x'}}], backendRefs: [{name: 's', port: 80}]},
          {matches: [{path: {type: 'PathPrefix', value: '/web/x'}, method: 'GET'}], backendRefs: [{name: 's', port: 80}]},
        ],
      },
    },
  ]
  for (const o of objects) s.add(o)
  return s
}

describe('describe: shadowed matches', () => {
  test('-o json: shadowedMatches with code, rule, match, listener, the match that wins and the criterion', () => {
    const s = world()
    const a = analyze(s)
    const entry = describeEntry(a, s.find(GW, 'HTTPRoute', 'n', 'new')!)
    expect(entry.shadowedMatches).toEqual([
      {
        code: 'DuplicateMatch',
        rule: 0,
        ruleName: 'copy',
        match: 0,
        matchText: 'PathPrefix /api/',
        listener: {name: 'http', parent: {kind: 'Gateway', namespace: 'n', name: 'g'}},
        by: {route: {kind: 'HTTPRoute', namespace: 'n', name: 'old'}, rule: 0, ruleName: 'api', match: 0, matchText: 'PathPrefix /api'},
        reason: 'newer route (created after n/old)',
      },
    ])
    // Serialized as the command prints it: the key survives JSON.
    expect(JSON.parse(JSON.stringify(entry)).shadowedMatches).toHaveLength(1)
  })

  test('the same facts as analyze, one entry per finding', () => {
    const s = world()
    const a = analyze(s)
    const findings = collectFindings(a).filter((f) => f.code === 'ShadowedMatch' || f.code === 'DuplicateMatch')
    const entries = ['old', 'new'].flatMap((n) => describeEntry(a, s.find(GW, 'HTTPRoute', 'n', n)!).shadowedMatches ?? [])
    expect(entries.map((e) => `${e.code} spec.rules[${e.rule}].matches[${e.match}] on ${e.listener.parent.kind} ${e.listener.parent.namespace}/${e.listener.parent.name}/${e.listener.name}`).sort()).toEqual(
      findings.map((f) => `${f.code} ${f.subject}`).sort(),
    )
  })

  test('a route whose matches can all win has no shadowedMatches key, and no text section', () => {
    const s = world()
    const a = analyze(s)
    const old = s.find(GW, 'HTTPRoute', 'n', 'old')!
    expect(describeEntry(a, old)).not.toHaveProperty('shadowedMatches')
    expect(describeText(a, old)).not.toContain('Shadowed matches')
  })

  test('text: the section names the match that takes every request', () => {
    const s = world()
    const a = analyze(s)
    const text = describeText(a, s.find(GW, 'HTTPRoute', 'n', 'new')!)
    expect(text).toContain('Shadowed matches:')
    expect(text).toContain('rule 0 (copy) match 0 (PathPrefix /api/) on listener http: every request goes to HTTPRoute n/old rule 0 (api) match 0; this one loses on: newer route (created after n/old)')
  })

  test('the example cluster: shop/storefront-legacy rule 0 is a duplicate of shop/storefront rule 1', async () => {
    const s = await loadFromFiles(['examples/'], {defaultNamespace: 'default'})
    const a = analyze(s)
    const entry = describeEntry(a, s.find(GW, 'HTTPRoute', 'shop', 'storefront-legacy')!)
    expect(entry.shadowedMatches).toContainEqual(
      expect.objectContaining({code: 'DuplicateMatch', rule: 0, ruleName: 'legacy-cart', match: 0, by: expect.objectContaining({route: {kind: 'HTTPRoute', namespace: 'shop', name: 'storefront'}, rule: 1, ruleName: 'cart'})}),
    )
  })
})
