// Cells several types share: AGE, and references to parents and targets written the same way
// everywhere so that a reader learns one notation:
//
//   name                     a Gateway in the object's own namespace
//   Kind/namespace/name      anything else (another namespace, a ListenerSet, a mesh Service...)
//   Kind/name                a cluster-scoped target (GatewayClass, Namespace)
//   ...:section              a sectionName (listener, rule or port name)
//   ...@port                 a port
//
// Kinds of the core and Gateway API groups are written bare, others as Kind.group.

import {typeForKind} from '../../model/resources.js'
import {GATEWAY_GROUP} from '../../model/types.js'
import {ageOf} from '../age.js'
import {isRecord, shortKind, text} from '../fields.js'
import type {Column} from './types.js'

export const AGE: Column = {header: 'AGE', value: (obj, ctx) => ageOf(obj, ctx.now)}

function suffix(ref: Record<string, unknown>): string {
  const section = text(ref.sectionName)
  const port = text(ref.port)
  return (section ? `:${section}` : '') + (port ? `@${port}` : '')
}

/** A parentRef (of a route, or a ListenerSet's parentRef), defaulted as the API defaults it. */
export function formatParentRef(raw: unknown, ownNamespace: string): string {
  if (!isRecord(raw)) return ''
  const name = text(raw.name)
  if (!name) return ''
  // An explicit empty group means the core group (a mesh Service); only absence defaults.
  const group = raw.group === undefined || raw.group === null ? GATEWAY_GROUP : text(raw.group)
  const kind = text(raw.kind) || 'Gateway'
  const namespace = text(raw.namespace) || ownNamespace
  const base =
    group === GATEWAY_GROUP && kind === 'Gateway' && namespace === ownNamespace
      ? name
      : `${shortKind(group, kind)}/${namespace ? `${namespace}/` : ''}${name}`
  return base + suffix(raw)
}

/** A policy targetRef: the namespace is the policy's own unless the target kind is cluster-scoped. */
export function formatTargetRef(raw: unknown, ownNamespace: string): string {
  if (!isRecord(raw)) return ''
  const name = text(raw.name)
  const kind = text(raw.kind)
  if (!name || !kind) return ''
  const group = text(raw.group)
  const clusterScoped = typeForKind(group, kind)?.namespaced === false
  const namespace = clusterScoped ? '' : text(raw.namespace) || ownNamespace
  return `${shortKind(group, kind)}/${namespace ? `${namespace}/` : ''}${name}` + suffix(raw)
}
