// A renderer-neutral picture of the attachment graph: nodes grouped by namespace and edges, some of
// them rejected (drawn dashed, labelled with the reason). DOT and Mermaid renderers read only this,
// so what is drawn is decided once, in build.ts.

export type NodeKind =
  | 'GatewayClass'
  | 'Gateway'
  | 'Listener'
  | 'ListenerSet'
  | 'HTTPRoute'
  | 'GRPCRoute'
  | 'TLSRoute'
  | 'TCPRoute'
  | 'UDPRoute'
  | 'Service'
  | 'ReferenceGrant'
  | 'Policy'
  | 'Missing'

export interface TopoNode {
  /** Unique, stable id (kind/namespace/name[/section]); renderers derive their own identifiers from it. */
  id: string
  kind: NodeKind
  /** Namespace the node is drawn in; undefined for cluster-scoped objects. */
  namespace?: string
  /** First line of the label (usually `Kind name`); further lines are details. */
  label: string[]
  /** Drawn as a problem (missing object, not accepted). */
  problem?: boolean
}

export interface TopoEdge {
  from: string
  to: string
  label?: string
  /** A reference that does not take effect (rejected attachment, unresolved backend): dashed. */
  rejected?: boolean
}

export interface Topology {
  nodes: TopoNode[]
  edges: TopoEdge[]
}

/**
 * Sorts nodes and edges so that output is byte-for-byte stable for the same input, drops duplicate
 * edges, and drops edges whose ends are not nodes (a renderer would otherwise invent unlabelled nodes).
 */
export function normalizeTopology(t: Topology): Topology {
  const byId = new Map(t.nodes.map((n) => [n.id, n]))
  const nodes = [...byId.values()].sort((a, b) => cmp(a.id, b.id))
  const seen = new Set<string>()
  const edges: TopoEdge[] = []
  for (const e of [...t.edges].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.label ?? '', b.label ?? ''))) {
    if (!byId.has(e.from) || !byId.has(e.to)) continue
    const key = `${e.from}\u0000${e.to}\u0000${e.label ?? ''}\u0000${e.rejected ? 1 : 0}`
    if (seen.has(key)) continue
    seen.add(key)
    edges.push(e)
  }
  return {nodes, edges}
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Nodes split into cluster-scoped ones and one sorted group per namespace (renderers draw groups). */
export function groupByNamespace(nodes: readonly TopoNode[]): {clusterScoped: TopoNode[]; namespaces: [string, TopoNode[]][]} {
  const byNs = new Map<string, TopoNode[]>()
  const clusterScoped: TopoNode[] = []
  for (const n of nodes) {
    if (n.namespace === undefined) {
      clusterScoped.push(n)
      continue
    }
    let list = byNs.get(n.namespace)
    if (!list) byNs.set(n.namespace, (list = []))
    list.push(n)
  }
  return {clusterScoped, namespaces: [...byNs.entries()].sort(([a], [b]) => cmp(a, b))}
}
