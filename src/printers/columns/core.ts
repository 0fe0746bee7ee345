// Namespaces, Services (as route backends) and ReferenceGrants.

import {isRecord, list, shortKind, spec, status, text, unique} from '../fields.js'
import {AGE} from './common.js'
import type {TypeColumns} from './types.js'
import type {K8sObject} from '../../model/types.js'

export function namespaceColumns(): TypeColumns {
  return {before: [], after: [{header: 'STATUS', value: (o) => text(status(o).phase)}, AGE]}
}

/**
 * kubectl's PORT(S) cell: `80/TCP`, or `80:30080/TCP` with a node port. The API server defaults the
 * protocol to TCP; objects from files may not carry it.
 */
export function servicePorts(service: K8sObject): string {
  const pieces: string[] = []
  for (const p of list(spec(service).ports)) {
    if (!isRecord(p)) continue
    const port = text(p.port)
    if (!port) continue
    const protocol = text(p.protocol) || 'TCP'
    const nodePort = typeof p.nodePort === 'number' && p.nodePort > 0 ? `:${p.nodePort}` : ''
    pieces.push(`${port}${nodePort}/${protocol}`)
  }
  return pieces.join(',')
}

export function serviceColumns(): TypeColumns {
  return {
    before: [],
    after: [
      // ClusterIP is the API default, so a Service from a file without a type is one.
      {header: 'TYPE', value: (o) => text(spec(o).type) || 'ClusterIP'},
      {header: 'PORTS', value: servicePorts},
      AGE,
    ],
  }
}

function grantFrom(grant: K8sObject): string {
  return unique(
    list(spec(grant).from).map((f) => {
      if (!isRecord(f)) return ''
      const kind = text(f.kind)
      return kind ? `${shortKind(text(f.group), kind)}/${text(f.namespace)}` : ''
    }),
  ).join(',')
}

function grantTo(grant: K8sObject): string {
  return unique(
    list(spec(grant).to).map((t) => {
      if (!isRecord(t)) return ''
      const kind = text(t.kind)
      const name = text(t.name)
      return kind ? `${shortKind(text(t.group), kind)}${name ? `/${name}` : ''}` : ''
    }),
  ).join(',')
}

export function referenceGrantColumns(): TypeColumns {
  return {before: [], after: [{header: 'FROM', value: grantFrom}, {header: 'TO', value: grantTo}, AGE]}
}

/** Types without a layout of their own: kubectl's generic NAME AGE. */
export function genericColumns(): TypeColumns {
  return {before: [], after: [AGE]}
}
