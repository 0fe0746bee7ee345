// Mermaid flowchart output (renders in GitHub markdown): namespaces as subgraphs, rejected references
// as dotted edges labelled with the reason.

import {hasControl} from '../printers/escape.js'
import {groupByNamespace, normalizeTopology, TopoNode, Topology} from './model.js'

/**
 * Mermaid node ids must be plain identifiers, so ids are numbered in sorted order; the readable
 * text goes into quoted labels.
 */
function ids(nodes: TopoNode[]): Map<string, string> {
  return new Map(nodes.map((n, i) => [n.id, `n${i}`]))
}

/**
 * Text inside a Mermaid quoted label. Quotes and characters Mermaid interprets become entity codes;
 * control characters (everything hasControl flags, as for the terminal printers) are shown as visible
 * escapes.
 */
export function mermaidText(s: string): string {
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"') out += '#quot;'
    else if (ch === '<') out += '#lt;'
    else if (ch === '>') out += '#gt;'
    else if (ch === '#') out += '#35;'
    else if (ch === '|') out += '#124;'
    else if (hasControl(ch)) {
      out += `\\x${c.toString(16).padStart(2, '0')}`
    } else out += ch
  }
  return out
}

const OPEN: Record<TopoNode['kind'], [string, string]> = {
  GatewayClass: ['{{', '}}'],
  Gateway: ['[', ']'],
  Listener: ['([', '])'],
  ListenerSet: ['[/', '/]'],
  HTTPRoute: ['[', ']'],
  GRPCRoute: ['[', ']'],
  TLSRoute: ['[', ']'],
  TCPRoute: ['[', ']'],
  UDPRoute: ['[', ']'],
  Service: ['((', '))'],
  ReferenceGrant: ['>', ']'],
  Policy: ['[[', ']]'],
  Missing: ['[', ']'],
}

export function renderMermaid(topology: Topology): string {
  const t = normalizeTopology(topology)
  const id = ids(t.nodes)
  const out: string[] = ['flowchart LR']
  const nodeLine = (n: TopoNode, indent: string) => {
    const [o, c] = OPEN[n.kind]
    out.push(`${indent}${id.get(n.id)}${o}"${n.label.map(mermaidText).join('<br/>')}"${c}`)
  }
  const groups = groupByNamespace(t.nodes)
  for (const n of groups.clusterScoped) nodeLine(n, '  ')
  let i = 0
  for (const [ns, nodes] of groups.namespaces) {
    out.push(`  subgraph ns${i++}["namespace ${mermaidText(ns)}"]`)
    for (const n of nodes) nodeLine(n, '    ')
    out.push('  end')
  }
  const problems: string[] = []
  for (const n of t.nodes) if (n.problem) problems.push(id.get(n.id)!)
  // linkStyle addresses edges by their position in the output.
  let k = 0
  for (const e of t.edges) {
    const from = id.get(e.from)!
    const to = id.get(e.to)!
    const arrow = e.rejected ? '-.->' : '-->'
    out.push(`  ${from} ${arrow}${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${to}`)
    if (e.rejected) out.push(`  linkStyle ${k} stroke:#d00,color:#d00`)
    k++
  }
  if (problems.length) {
    out.push('  classDef problem stroke:#d00,color:#d00')
    out.push(`  class ${problems.join(',')} problem`)
  }
  return out.join('\n') + '\n'
}
