// `trace -o dot|mermaid`: the request's path drawn on the attachment graph: request -> Gateway ->
// listener -> route -> backends in bold; routes that lost, dashed with the criterion; routes that
// would match but are not attached, dashed red with the reason. Candidates that did not match are
// left out (they are many and say nothing about this request's path; -o json lists them).

import {dotString} from '../topology/dot.js'
import {mermaidText} from '../topology/mermaid.js'
import type {TraceReport, TraceResult} from './trace.js'

type Style = 'path' | 'lost' | 'unattached'

interface Node {
  id: string
  label: string
  shape: 'request' | 'gateway' | 'listener' | 'route' | 'backend' | 'answer'
  /** Part of the winning path. */
  onPath: boolean
}

interface Edge {
  from: string
  to: string
  label?: string
  style: Style
}

interface Drawing {
  nodes: Map<string, Node>
  edges: Edge[]
}

function requestLabel(r: TraceReport['request']): string {
  return `${r.method ? `${r.method} ` : ''}${r.scheme}://${r.host}:${r.port}${r.method ? r.path : ''}`
}

function draw(report: TraceReport): Drawing {
  const nodes = new Map<string, Node>()
  const edges: Edge[] = []
  const node = (n: Node) => {
    const seen = nodes.get(n.id)
    if (!seen) nodes.set(n.id, n)
    else if (n.onPath) seen.onPath = true
    return n.id
  }
  const req = node({id: 'request', label: requestLabel(report.request), shape: 'request', onPath: true})
  for (const r of report.results) drawResult(r, req, node, edges)
  return {nodes, edges}
}

function drawResult(r: TraceResult, req: string, node: (n: Node) => string, edges: Edge[]): void {
  const gwKey = `${r.gateway.namespace}/${r.gateway.name}`
  const gw = node({id: `Gateway/${gwKey}`, label: `Gateway ${gwKey}`, shape: 'gateway', onPath: true})
  edges.push({from: req, to: gw, style: 'path', ...(r.preferred ? {label: 'addressed'} : {})})
  const routeNode = (c: {kind: string; namespace: string; name: string}, onPath: boolean) =>
    node({id: `${c.kind}/${c.namespace}/${c.name}`, label: `${c.kind} ${c.namespace}/${c.name}`, shape: 'route', onPath})
  let from = gw
  if (r.listener) {
    from = node({id: `Listener/${gwKey}/${r.listener}`, label: `listener ${r.listener}${r.listenerSet ? ` (ListenerSet ${r.listenerSet.namespace}/${r.listenerSet.name})` : ''}`, shape: 'listener', onPath: true})
    edges.push({from: gw, to: from, style: 'path'})
  }
  if (r.route) {
    const route = routeNode(r.route, true)
    edges.push({from, to: route, style: 'path', label: `rule ${r.rule}${r.ruleName ? ` (${r.ruleName})` : ''}${r.match !== null ? ` match ${r.match}` : ''}`})
    if (r.redirect) {
      const answer = node({id: `answer/${gwKey}`, label: `redirect ${r.redirect.status} ${r.redirect.location}`, shape: 'answer', onPath: true})
      edges.push({from: route, to: answer, style: 'path'})
    }
    for (const b of r.backends) {
      const svc = node({id: `${b.kind}/${b.namespace}/${b.name}:${b.port ?? ''}`, label: `${b.kind} ${b.namespace}/${b.name}${b.port !== null ? `:${b.port}` : ''}`, shape: 'backend', onPath: b.resolved && b.weight > 0})
      edges.push({from: route, to: svc, style: b.resolved && b.weight > 0 ? 'path' : 'unattached', label: `weight ${b.weight}${b.resolved ? '' : ', unresolved'}`})
    }
  } else {
    const answer = node({id: `answer/${gwKey}`, label: `${r.outcome}${r.status !== null ? ` ${r.status}` : ''}`, shape: 'answer', onPath: true})
    edges.push({from, to: answer, style: 'path'})
  }
  for (const c of r.candidates) {
    if (c.result === 'lost') {
      edges.push({from, to: routeNode(c.route, false), style: 'lost', label: `rule ${c.rule}${c.match !== null ? ` match ${c.match}` : ''}: ${c.reason}`})
    } else if (c.result === 'not-attached') {
      edges.push({from: gw, to: routeNode(c.route, false), style: 'unattached', label: c.reason})
    }
  }
}

const SHAPES: Record<Node['shape'], string> = {request: 'plaintext', gateway: 'box3d', listener: 'cds', route: 'box', backend: 'ellipse', answer: 'octagon'}

export function renderTraceDot(report: TraceReport): string {
  const {nodes, edges} = draw(report)
  const out = ['digraph "trace" {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];']
  for (const n of nodes.values()) {
    const attrs = [`label=${dotString(n.label)}`, `shape=${SHAPES[n.shape]}`]
    if (n.onPath) attrs.push('penwidth=2')
    out.push(`  ${dotString(n.id)} [${attrs.join(', ')}];`)
  }
  for (const e of edges) {
    const attrs = e.label ? [`label=${dotString(e.label)}`] : []
    if (e.style === 'path') attrs.push('style=bold', 'penwidth=2')
    else if (e.style === 'lost') attrs.push('style=dashed', 'color=gray40', 'fontcolor=gray40')
    else attrs.push('style=dashed', 'color=red', 'fontcolor=red')
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`)
  }
  out.push('}')
  return out.join('\n') + '\n'
}

const OPEN: Record<Node['shape'], [string, string]> = {request: ['>', ']'], gateway: ['[', ']'], listener: ['([', '])'], route: ['[', ']'], backend: ['((', '))'], answer: ['{{', '}}']}

export function renderTraceMermaid(report: TraceReport): string {
  const {nodes, edges} = draw(report)
  const ids = new Map([...nodes.keys()].map((k, i) => [k, `n${i}`]))
  const out = ['flowchart LR']
  for (const n of nodes.values()) {
    const [o, c] = OPEN[n.shape]
    out.push(`  ${ids.get(n.id)}${o}"${mermaidText(n.label)}"${c}`)
  }
  edges.forEach((e, k) => {
    const arrow = e.style === 'path' ? '==>' : '-.->'
    out.push(`  ${ids.get(e.from)} ${arrow}${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${ids.get(e.to)}`)
    if (e.style === 'unattached') out.push(`  linkStyle ${k} stroke:#d00,color:#d00`)
  })
  const onPath = [...nodes.values()].filter((n) => n.onPath).map((n) => ids.get(n.id))
  if (onPath.length) out.push('  classDef path stroke-width:3px', `  class ${onPath.join(',')} path`)
  return out.join('\n') + '\n'
}
