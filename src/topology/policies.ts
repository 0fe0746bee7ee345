// Policies on the attachment graph (`get -o dot|mermaid|svg`): each policy that attaches to a drawn
// object becomes a node with an edge policy -> target, labelled with the section it targets, as
// policy-machinery draws them. Targets come from the policy engine (resolved, with defaults); a
// policy whose target is not drawn is left out: the graph shows the selection's neighbourhood.

import type {PolicyIndex} from '../policy/engine.js'
import type {TopoEdge, TopoNode, Topology} from './model.js'

const idOf = (kind: string, ns: string | undefined, name: string) => (ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`)

export function withPolicies(t: Topology, index: PolicyIndex): Topology {
  const drawn = new Set(t.nodes.map((n) => n.id))
  const nodes: TopoNode[] = []
  const edges: TopoEdge[] = []
  for (const entry of index.attachments.entries) {
    const meta = entry.policy.metadata
    const policyId = `policy:${entry.kindName}/${meta?.namespace ?? ''}/${meta?.name ?? ''}`
    let added = false
    for (const {target, point} of entry.targets) {
      if (!point) continue
      const objectId = idOf(target.kind, target.namespace, target.name)
      // A Gateway listener is a node of its own; other sections (rules, ports) label the edge.
      const listenerId = target.kind === 'Gateway' && target.sectionName ? `${objectId}/${target.sectionName}` : undefined
      const to = listenerId && drawn.has(listenerId) ? listenerId : objectId
      if (!drawn.has(to)) continue
      if (!added) {
        nodes.push({id: policyId, kind: 'Policy', ...(meta?.namespace ? {namespace: meta.namespace} : {}), label: [`${entry.kind.kind} ${meta?.name ?? ''}`, entry.kind.type]})
        added = true
      }
      const section = target.sectionName && to !== listenerId ? target.sectionName : undefined
      edges.push({from: policyId, to, label: section ? `targets ${section}` : 'targets'})
    }
  }
  return {nodes: [...t.nodes, ...nodes], edges: [...t.edges, ...edges]}
}
