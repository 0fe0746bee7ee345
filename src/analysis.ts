// Runs the engines once over a snapshot: the attachment graph first, then the policy index fed with
// the routes' accepted parents, so both agree on which parents count.

import {computeAttachments, routeParentsFromGraph, type AttachmentGraph, type ComputeOptions} from './graph/index.js'
import type {Snapshot} from './model/snapshot.js'
import type {Route} from './model/types.js'
import {buildPolicyIndex, type PolicyIndex} from './policy/engine.js'

export interface Analysis {
  snapshot: Snapshot
  graph: AttachmentGraph
  policies: PolicyIndex
}

/** `opts.routes`: evaluate only some routes (see ComputeOptions); the policy engine then sees only those routes' parents. */
export function analyze(snapshot: Snapshot, opts: ComputeOptions = {}): Analysis {
  const graph = computeAttachments(snapshot, opts)
  const policies = buildPolicyIndex(snapshot, routeParentsFromGraph(graph), {refused: refusedBackends(graph)})
  return {snapshot, graph, policies}
}

/** The routes' refused backend references (RefNotPermitted), which no policy flows through. */
function refusedBackends(graph: AttachmentGraph): (route: Route, namespace: string, name: string) => boolean {
  return (route, namespace, name) =>
    graph.routes.get(route)?.backends.some((b) => b.problem === 'RefNotPermitted' && b.ref.kind === 'Service' && b.ref.namespace === namespace && b.ref.name === name) ?? false
}
