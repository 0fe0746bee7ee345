// GEP-3793 default Gateways: a route with useDefaultGateways All is claimed by every Gateway with
// defaultScope All, as if named in parentRefs, subject to the listeners' usual rules.

import {expect, test} from 'vitest'
import {computeAttachments} from '../../src/graph/index.js'
import {cond, gateway, gatewayClass, http, snapshotOf} from './fixtures.js'

test('useDefaultGateways All attaches to the default Gateways only, after the written parentRefs', () => {
  const def = gateway('default', 'infra', [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}], {defaultScope: 'All'})
  const sameOnly = gateway('default-same', 'infra', [{name: 'http', port: 80, protocol: 'HTTP'}], {defaultScope: 'All'})
  const plain = gateway('plain', 'infra', [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}])
  const r = http('app', 'r', {useDefaultGateways: 'All', parentRefs: [{name: 'plain', namespace: 'infra'}]})
  const none = http('app', 'none', {useDefaultGateways: 'None'})
  const graph = computeAttachments(snapshotOf([gatewayClass(), def, sameOnly, plain, r, none]))
  const parents = graph.routes.get(r)!.parents
  expect(parents.map((p) => [p.parentRef?.name, p.defaultGateway ?? false, cond(p.accepted)])).toEqual([
    ['plain', false, 'True/Accepted'],
    ['default', true, 'True/Accepted'],
    // The usual rules still apply: this default Gateway admits routes from its own namespace only.
    ['default-same', true, 'False/NotAllowedByListeners'],
  ])
  expect(graph.routes.get(r)!.computedStatus.parents.map((p) => p.parentRef.name)).toEqual(['plain', 'default', 'default-same'])
  expect(graph.routes.get(none)!.parents).toEqual([])
  expect(graph.gateways.get(def)!.listeners[0].attachedRoutes).toEqual([r])
})

test('a route asking for default Gateways when none exists says so', () => {
  const r = http('app', 'r', {useDefaultGateways: 'All'})
  const graph = computeAttachments(snapshotOf([gatewayClass(), r]))
  expect(graph.routes.get(r)!.notes).toContain('spec.useDefaultGateways is All, but no Gateway has spec.defaultScope All, so no default Gateway claims the route')
})
