// Runs the engines once over a snapshot: the attachment graph first, then the policy index fed with
// the routes' accepted parents, so both agree on which parents count.

import {computeAttachments, routeParentsFromGraph, type AttachmentGraph} from './graph/index.js'
import type {Snapshot} from './model/snapshot.js'
import {buildPolicyIndex, type PolicyIndex} from './policy/engine.js'

export interface Analysis {
  snapshot: Snapshot
  graph: AttachmentGraph
  policies: PolicyIndex
}

export function analyze(snapshot: Snapshot): Analysis {
  const graph = computeAttachments(snapshot)
  const policies = buildPolicyIndex(snapshot, routeParentsFromGraph(graph))
  return {snapshot, graph, policies}
}
