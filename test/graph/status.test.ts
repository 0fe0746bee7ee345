import {describe, expect, it} from 'vitest'
import {compareGatewayStatus, compareRouteStatus, compareStatus} from '../../src/graph/index.js'
import {CONTROLLER, GW, INFRA, gateway, http, httpListener, world} from './fixtures.js'

const parentRef = {group: GW, kind: 'Gateway', namespace: INFRA, name: 'all-namespaces'}
const entry = (accepted: [string, string], og = 1, controllerName = CONTROLLER, ref: object = parentRef) => ({
  parentRef: ref,
  controllerName,
  conditions: [
    {type: 'Accepted', status: accepted[0], reason: accepted[1], observedGeneration: og},
    {type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', observedGeneration: og},
  ],
})
const mk = (status?: object, generation = 1, parentRefs: object[] = [{name: 'all-namespaces'}]) => {
  const r = http(INFRA, 'r', {parentRefs, rules: [{backendRefs: [{name: 'infra-backend-v1', port: 8080}]}]}, {generation})
  if (status) r.status = status as never
  return r
}

describe('compareRouteStatus', () => {
  it('absent: no status at all', () => {
    const r = mk()
    expect(compareRouteStatus(world([r]).graph.routes.get(r)!).verdict).toBe('absent')
  })
  it('agrees', () => {
    const r = mk({parents: [entry(['True', 'Accepted'])]})
    const c = compareRouteStatus(world([r]).graph.routes.get(r)!)
    expect(c.verdict).toBe('agrees')
    expect(c.differences).toEqual([])
  })
  it('agrees when the reported parentRef omits defaulted fields', () => {
    const r = mk({parents: [entry(['True', 'Accepted'], 1, CONTROLLER, {name: 'all-namespaces'})]})
    expect(compareRouteStatus(world([r]).graph.routes.get(r)!).verdict).toBe('agrees')
  })
  it('wrong: current generation, wrong reason', () => {
    const r = mk({parents: [entry(['False', 'NotAllowedByListeners'])]})
    const c = compareRouteStatus(world([r]).graph.routes.get(r)!)
    expect(c.verdict).toBe('wrong')
    expect(c.differences).toEqual([expect.objectContaining({field: 'Accepted', reported: 'False/NotAllowedByListeners', computed: 'True/Accepted'})])
  })
  it('stale: observedGeneration behind metadata.generation', () => {
    const r = mk({parents: [entry(['False', 'NotAllowedByListeners'], 1)]}, 2)
    const c = compareRouteStatus(world([r]).graph.routes.get(r)!)
    expect(c.verdict).toBe('stale')
    expect(c.stale).toEqual([
      {path: 'parents[gateways/gateway-conformance-infra/all-namespaces]', type: 'Accepted', observedGeneration: 1},
      {path: 'parents[gateways/gateway-conformance-infra/all-namespaces]', type: 'ResolvedRefs', observedGeneration: 1},
    ])
    expect(c.summary).toContain('generation 1 but is at generation 2')
  })
  it('an entry for a parent that does not exist is wrong; another controller’s entry is ignored', () => {
    const r = mk(
      {
        parents: [
          entry(['True', 'Accepted']),
          entry(['True', 'Accepted'], 1, CONTROLLER, {group: GW, kind: 'Gateway', namespace: INFRA, name: 'ghost'}),
          entry(['True', 'Accepted'], 1, 'other.example/ctrl', {group: GW, kind: 'Gateway', namespace: INFRA, name: 'elsewhere'}),
        ],
      },
      1,
      [{name: 'all-namespaces'}, {name: 'ghost'}],
    )
    const c = compareRouteStatus(world([r]).graph.routes.get(r)!)
    expect(c.verdict).toBe('wrong')
    expect(c.differences.map((d) => d.path)).toEqual(['parents[gateways/gateway-conformance-infra/ghost]'])
    expect(c.differences[0].message).toContain('none is expected')
  })
  it('a missing entry is a difference', () => {
    const r = mk({parents: [entry(['True', 'Accepted'])]}, 1, [{name: 'all-namespaces'}, {name: 'same-namespace'}])
    const c = compareRouteStatus(world([r]).graph.routes.get(r)!)
    expect(c.verdict).toBe('wrong')
    expect(c.differences[0].path).toBe('parents[gateways/gateway-conformance-infra/same-namespace]')
  })
})

describe('compareGatewayStatus', () => {
  const listenerStatus = (attachedRoutes: number, extra: object[] = []) => ({
    name: 'http',
    supportedKinds: [{kind: 'GRPCRoute'}, {group: GW, kind: 'HTTPRoute'}],
    attachedRoutes,
    conditions: [
      {type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration: 1},
      {type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', observedGeneration: 1},
      {type: 'Programmed', status: 'True', reason: 'Programmed', observedGeneration: 1},
      ...extra,
    ],
  })
  const gwWith = (listener: object) => {
    const g = gateway('g', INFRA, [httpListener('http', 80, {allowedRoutes: {namespaces: {from: 'All'}}})])
    g.status = {
      conditions: [
        {type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration: 1},
        {type: 'Programmed', status: 'True', reason: 'Programmed', observedGeneration: 1},
      ],
      listeners: [listener as never],
    }
    return g
  }
  it('agrees (supportedKinds compared as sets with the default group; ResolvedRefs and Conflicted optional)', () => {
    const g = gwWith(listenerStatus(0))
    const c = compareGatewayStatus(world([g]).graph.gateways.get(g)!)
    expect(c.differences).toEqual([])
    expect(c.verdict).toBe('agrees')
  })
  it('attachedRoutes disagreement', () => {
    const g = gwWith(listenerStatus(3))
    const c = compareGatewayStatus(world([g]).graph.gateways.get(g)!)
    expect(c.verdict).toBe('wrong')
    expect(c.differences).toEqual([expect.objectContaining({path: 'listeners["http"]', field: 'attachedRoutes', reported: '3', computed: '0'})])
  })
  it('a reported conflict the spec does not see', () => {
    const g = gwWith(listenerStatus(0, [{type: 'Conflicted', status: 'True', reason: 'HostnameConflict', observedGeneration: 1}]))
    const c = compareGatewayStatus(world([g]).graph.gateways.get(g)!)
    expect(c.differences.map((d) => d.field)).toEqual(['Conflicted'])
  })
  it('compareStatus dispatches by object and returns undefined for others', () => {
    const g = gwWith(listenerStatus(0))
    const {graph, snapshot} = world([g])
    expect(compareStatus(graph, g)?.verdict).toBe('agrees')
    expect(compareStatus(graph, snapshot.find('', 'Service', INFRA, 'infra-backend-v1')!)).toBeUndefined()
  })
})
