// Graphviz DOT output: namespaces become `cluster_` subgraphs, rejected references dashed red edges.

import {hasControl} from '../printers/escape.js'
import {groupByNamespace, normalizeTopology, TopoNode, Topology} from './model.js'

const SHAPES: Record<TopoNode['kind'], string> = {
  GatewayClass: 'hexagon',
  Gateway: 'box3d',
  Listener: 'cds',
  ListenerSet: 'folder',
  HTTPRoute: 'box',
  GRPCRoute: 'box',
  TLSRoute: 'box',
  TCPRoute: 'box',
  UDPRoute: 'box',
  Service: 'ellipse',
  ReferenceGrant: 'note',
  Policy: 'component',
  Missing: 'box',
}

/**
 * A DOT double-quoted string. Quotes and backslashes are escaped, and every character the terminal
 * printers escape (controls, bidi controls, line separators, unpaired surrogates: hasControl) is written
 * as a visible escape so that a hostile name cannot break out of the string or the file.
 */
export function dotString(s: string): string {
  let out = '"'
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (hasControl(ch)) {
      out += `\\\\x${c.toString(16).padStart(2, '0')}`
    } else out += ch
  }
  return out + '"'
}

/** Multi-line label: lines joined with DOT's centred line break. */
function label(lines: string[]): string {
  return lines.map((l) => dotString(l).slice(1, -1)).join('\\n')
}

export function renderDot(topology: Topology, title = 'gateway-api'): string {
  const t = normalizeTopology(topology)
  const out: string[] = []
  out.push(`digraph ${dotString(title)} {`)
  out.push('  rankdir=LR;')
  out.push('  node [fontname="Helvetica", fontsize=10];')
  out.push('  edge [fontname="Helvetica", fontsize=9];')
  const groups = groupByNamespace(t.nodes)
  const nodeLine = (n: TopoNode, indent: string) => {
    const attrs = [`label="${label(n.label)}"`, `shape=${SHAPES[n.kind]}`]
    if (n.problem) attrs.push('color=red', 'fontcolor=red')
    if (n.kind === 'Missing') attrs.push('style=dashed')
    out.push(`${indent}${dotString(n.id)} [${attrs.join(', ')}];`)
  }
  for (const n of groups.clusterScoped) nodeLine(n, '  ')
  let i = 0
  for (const [ns, nodes] of groups.namespaces) {
    out.push(`  subgraph cluster_${i++} {`)
    out.push(`    label=${dotString(`namespace ${ns}`)};`)
    out.push('    style=rounded; color=gray;')
    for (const n of nodes) nodeLine(n, '    ')
    out.push('  }')
  }
  for (const e of t.edges) {
    const attrs: string[] = []
    if (e.label) attrs.push(`label=${dotString(e.label)}`)
    if (e.rejected) attrs.push('style=dashed', 'color=red', 'fontcolor=red')
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`)
  }
  out.push('}')
  return out.join('\n') + '\n'
}
