// Attachment points: the places a policy can attach to (an object, or a section of one), as map keys.
// The same key is computed from a target reference (targets.ts) and from the objects of a context
// (effective.ts), so that a context finds its policies with one map lookup per level.

import {GATEWAY_GROUP} from '../model/types.js'
import type {ObjectId, TargetLevel} from './types.js'

export interface AttachmentPoint {
  key: string
  level: TargetLevel
  object: ObjectId
}

// \u0000 cannot occur in Kubernetes names, so keys cannot collide.
const SEP = '\u0000'

export const pointKey = {
  gatewayClass: (name: string) => ['GatewayClass', name].join(SEP),
  namespace: (name: string) => ['Namespace', name].join(SEP),
  gateway: (ns: string, name: string) => ['Gateway', ns, name].join(SEP),
  listener: (ns: string, name: string, listener: string) => ['Listener', ns, name, listener].join(SEP),
  route: (kind: string, ns: string, name: string) => ['Route', kind, ns, name].join(SEP),
  rule: (kind: string, ns: string, name: string, rule: string) => ['RouteRule', kind, ns, name, rule].join(SEP),
  backend: (ns: string, name: string) => ['Backend', ns, name].join(SEP),
  port: (ns: string, name: string, port: string) => ['BackendPort', ns, name, port].join(SEP),
}

export function gatewayClassPoint(name: string): AttachmentPoint {
  return {key: pointKey.gatewayClass(name), level: 'GatewayClass', object: {group: GATEWAY_GROUP, kind: 'GatewayClass', name}}
}

export function namespacePoint(name: string): AttachmentPoint {
  return {key: pointKey.namespace(name), level: 'Namespace', object: {group: '', kind: 'Namespace', name}}
}

export function gatewayPoint(ns: string, name: string, listener?: string): AttachmentPoint {
  const object: ObjectId = {group: GATEWAY_GROUP, kind: 'Gateway', namespace: ns, name}
  if (listener === undefined) return {key: pointKey.gateway(ns, name), level: 'Gateway', object}
  return {key: pointKey.listener(ns, name, listener), level: 'Listener', object: {...object, sectionName: listener}}
}

export function routePoint(kind: string, ns: string, name: string, rule?: string): AttachmentPoint {
  const object: ObjectId = {group: GATEWAY_GROUP, kind, namespace: ns, name}
  if (rule === undefined) return {key: pointKey.route(kind, ns, name), level: 'Route', object}
  return {key: pointKey.rule(kind, ns, name, rule), level: 'RouteRule', object: {...object, sectionName: rule}}
}

export function backendPoint(ns: string, name: string, port?: string): AttachmentPoint {
  const object: ObjectId = {group: '', kind: 'Service', namespace: ns, name}
  if (port === undefined) return {key: pointKey.backend(ns, name), level: 'Backend', object}
  return {key: pointKey.port(ns, name, port), level: 'BackendPort', object: {...object, sectionName: port}}
}
