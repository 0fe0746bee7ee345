// HTTPRoute/GRPCRoute hostname collisions on one listener (GEP-1016 Cross Serving): the later route
// is reported; disjoint hostnames, other listeners and same-kind routes are not.

import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings} from '../../src/analyze/findings.js'
import type {K8sObject} from '../../src/model/types.js'
import {gateway, gatewayClass, route, snapshotOf} from '../graph/fixtures.js'

const t = (day: number) => ({creationTimestamp: `2026-01-0${day}T00:00:00Z`})
const parent = (sectionName?: string) => ({parentRefs: [{name: 'g', ...(sectionName ? {sectionName} : {})}]})
const gw = gateway('g', 'app', [
  {name: 'a', port: 80, protocol: 'HTTP'},
  {name: 'b', port: 8080, protocol: 'HTTP'},
])

function collisions(objects: K8sObject[]) {
  return collectFindings(analyze(snapshotOf([gatewayClass(), gw, ...objects]))).filter((f) => f.code === 'RouteHostnameCollision')
}

describe('RouteHostnameCollision', () => {
  test('an exact name under an older wildcard: the later route is reported, once per listener', () => {
    const found = collisions([
      route('HTTPRoute', 'app', 'web', {...parent('a'), hostnames: ['*.example.com']}, t(1)),
      route('GRPCRoute', 'app', 'rpc', {...parent('a'), hostnames: ['api.example.com', 'x.example.com']}, t(2)),
    ])
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({severity: 'error', object: {kind: 'GRPCRoute', namespace: 'app', name: 'rpc'}, subject: 'gateways/app/g/a'})
    expect(found[0].message).toContain('the older httproutes/app/web (a HTTPRoute)')
  })

  test('the older route is never reported; a route without hostnames collides with anything', () => {
    const found = collisions([
      route('GRPCRoute', 'app', 'rpc', {...parent('a'), hostnames: ['api.example.com']}, t(1)),
      route('HTTPRoute', 'app', 'web', parent('a'), t(2)),
    ])
    expect(found.map((f) => f.object.name)).toEqual(['web'])
  })

  test('wildcards intersect when one suffix contains the other', () => {
    const found = collisions([
      route('HTTPRoute', 'app', 'web', {...parent('a'), hostnames: ['*.com']}, t(1)),
      route('GRPCRoute', 'app', 'rpc', {...parent('a'), hostnames: ['*.example.com']}, t(2)),
    ])
    expect(found).toHaveLength(1)
  })

  test('disjoint hostnames, different listeners, or two routes of one kind: nothing', () => {
    expect(
      collisions([
        route('HTTPRoute', 'app', 'web', {...parent('a'), hostnames: ['web.example.com', '*.web.example.org']}, t(1)),
        route('GRPCRoute', 'app', 'rpc', {...parent('a'), hostnames: ['api.example.com', 'example.org']}, t(2)),
        route('GRPCRoute', 'app', 'other-listener', {...parent('b'), hostnames: ['web.example.com']}, t(3)),
        route('HTTPRoute', 'app', 'web-2', {...parent('b'), hostnames: ['other.example.com']}, t(4)),
        route('HTTPRoute', 'app', 'same-kind', {...parent('a'), hostnames: ['web.example.com']}, t(5)),
      ]),
    ).toEqual([])
  })
})
