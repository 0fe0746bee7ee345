// The attachment engine: Snapshot -> computed status + explanations (semantics.md §1, §2, §4, §5).
// Pure functions; no I/O; never throws on malformed objects.

import type {Gateway, Route} from '../model/types.js'
import type {RouteParent, RouteParentsFn} from '../policy/types.js'
import {isTrue} from './conditions.js'
import type {AttachmentGraph} from './types.js'

export {computeAttachments, type ComputeOptions, type ParentsComputed} from './compute.js'
export type * from './types.js'
export {
  compareStatus,
  compareRouteStatus,
  compareGatewayStatus,
  compareListenerSetStatus,
  compareGatewayClassStatus,
  type StatusComparison,
  type StatusDifference,
  type StatusVerdict,
  type StaleCondition,
} from './status.js'
export {explainParent, explainRoute, explainListener, explainGateway, explainListenerSet, explainGatewayClass, explainGrant, trafficEffect} from './explain.js'
export {intersectHostname, hostnamesIntersect, matchHostnames, normalizeHostname} from './hostnames.js'
export {PROTOCOL_KINDS, compatibleKinds, evaluateKinds, selectListeners} from './listeners.js'
export {defaultParentRef} from './parents.js'
export {listenerId, listenerText, objText, refText} from './refs.js'

/**
 * The Gateways each route is attached to, for the policy engine: Accepted parentRefs only. A ListenerSet
 * parent contributes its Gateway with no listener names (policies on Gateway listeners do not reach
 * ListenerSet listeners).
 */
export function routeParentsFromGraph(graph: AttachmentGraph): RouteParentsFn {
  return (route: Route): readonly RouteParent[] => {
    const ra = graph.routes.get(route)
    if (!ra) return []
    const byGateway = new Map<Gateway, Set<string>>()
    for (const p of ra.parents) {
      if (!p.gateway || !isTrue(p.accepted)) continue
      let names = byGateway.get(p.gateway)
      if (!names) byGateway.set(p.gateway, (names = new Set()))
      if (p.parentType === 'Gateway') for (const l of p.attachedListeners) names.add(l.name)
    }
    return [...byGateway].map(([gateway, names]) => ({gateway, listenerNames: [...names]}))
  }
}
