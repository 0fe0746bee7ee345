// How objects and sections are named in messages and identifiers.
//
// Messages name objects the way kubectl users type them: `gateways/infra/web`, `gatewayclasses/edge`
// (resource/namespace/name). Listener identifiers follow the project's oracle convention
// `Kind namespace/name/listener`.

import {groupOf} from '../model/resources.js'
import type {K8sObject} from '../model/types.js'
import {nameOf, nsOf} from './access.js'
import type {ListenerAttachment, ObjectRef} from './types.js'
import {kindPlural} from './verify.js'

const PLURALS: Record<string, string> = {
  Gateway: 'gateways',
  GatewayClass: 'gatewayclasses',
  ListenerSet: 'listenersets',
  XListenerSet: 'xlistenersets',
  HTTPRoute: 'httproutes',
  GRPCRoute: 'grpcroutes',
  TLSRoute: 'tlsroutes',
  TCPRoute: 'tcproutes',
  UDPRoute: 'udproutes',
  ReferenceGrant: 'referencegrants',
  Service: 'services',
  Secret: 'secrets',
  ConfigMap: 'configmaps',
  Namespace: 'namespaces',
  ServiceImport: 'serviceimports',
}

/**
 * The resource name of a kind: the known ones, else the English plural. A kind already ending in a
 * plural "s" (`InvalidParameters`, `GatewayParams`) is usually its own plural in CRDs.
 */
export function pluralOf(kind: string): string {
  return PLURALS[kind] ?? (/[^s]s$/i.test(kind) ? kind : kindPlural(kind)).toLowerCase()
}

/** `gateways/infra/web`, or `gatewayclasses/edge` for cluster-scoped objects. */
export function refText(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${pluralOf(kind)}/${namespace}/${name}` : `${pluralOf(kind)}/${name}`
}

export function objText(o: K8sObject): string {
  return refText(String(o.kind), nsOf(o) || undefined, nameOf(o))
}

/** Like refText, but names the group when it is not the one the kind usually lives in. */
export function objectRefText(r: ObjectRef): string {
  const usual = r.kind in PLURALS && (r.group === '' || r.group.startsWith('gateway.networking.'))
  const base = refText(r.kind, r.namespace, r.name)
  return usual ? base : `${base} (group ${JSON.stringify(r.group)})`
}

/** `Gateway infra/edge/http`: stable identifier of a listener. */
export function listenerId(l: ListenerAttachment): string {
  return `${l.owner.kind} ${nsOf(l.owner)}/${nameOf(l.owner)}/${l.name}`
}

/** `Listener "https" (gateways/infra/web)`: how sentences name a listener. */
export function listenerText(l: ListenerAttachment): string {
  return `Listener ${JSON.stringify(l.name)} (${objText(l.owner)})`
}

/** group/Kind/namespace/name, the identity used for Map keys. */
export function identity(o: K8sObject): string {
  return `${groupOf(o.apiVersion)}/${o.kind}/${nsOf(o)}/${nameOf(o)}`
}
