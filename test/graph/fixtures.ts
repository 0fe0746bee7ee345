// Object builders for the graph tests, and a conformance-like base (namespaces, GatewayClass, the
// same-namespace / all-namespaces / backend-namespaces Gateways, backend Services, Secrets) written in
// the spirit of gateway-api conformance/base/manifests.yaml.

import {computeAttachments} from '../../src/graph/index.js'
import type {AttachmentGraph, ListenerAttachment, ParentAttachment} from '../../src/graph/index.js'
import {deriveContentFacts} from '../../src/model/content-facts.js'
import {groupOf} from '../../src/model/resources.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {Condition, Gateway, K8sObject, ListenerSet, Route} from '../../src/model/types.js'
import {makeCert, testKey} from '../support/certs.js'

export const GW = 'gateway.networking.k8s.io'
export const INFRA = 'gateway-conformance-infra'
export const WEB = 'gateway-conformance-web-backend'
export const APP = 'gateway-conformance-app-backend'
export const CLASS = 'conformance'
export const CONTROLLER = 'example.com/conformance-controller'

type Any = Record<string, any>

export function namespace(name: string, labels: Record<string, string> = {}): K8sObject {
  return {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}}
}

export function gatewayClass(name = CLASS, status: 'True' | 'False' | 'Unknown' | 'none' = 'True', spec: Any = {}): K8sObject {
  const o: K8sObject = {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name, generation: 1}, spec: {controllerName: CONTROLLER, ...spec}}
  if (status !== 'none') {
    o.status = {conditions: [{type: 'Accepted', status, reason: status === 'True' ? 'Accepted' : status === 'False' ? 'InvalidParameters' : 'Pending', observedGeneration: 1}]}
  }
  return o
}

export function gateway(name: string, ns: string, listeners: Any[], spec: Any = {}, meta: Any = {}): Gateway {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: {name, namespace: ns, generation: 1, ...meta},
    spec: {gatewayClassName: CLASS, listeners, ...spec},
  } as Gateway
}

export function listenerSet(name: string, ns: string, parent: {name: string; namespace?: string}, listeners: Any[], meta: Any = {}): ListenerSet {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'ListenerSet',
    metadata: {name, namespace: ns, generation: 1, creationTimestamp: '2026-01-01T00:00:00Z', ...meta},
    spec: {parentRef: {group: GW, kind: 'Gateway', ...parent}, listeners},
  } as ListenerSet
}

export function route(kind: Route['kind'], ns: string, name: string, spec: Any, meta: Any = {}): Route {
  const version = kind === 'TCPRoute' || kind === 'UDPRoute' ? 'v1alpha2' : 'v1'
  return {apiVersion: `${GW}/${version}`, kind, metadata: {name, namespace: ns, generation: 1, ...meta}, spec} as Route
}

export const http = (ns: string, name: string, spec: Any, meta: Any = {}) => route('HTTPRoute', ns, name, spec, meta)

export function service(ns: string, name: string, ports: (number | {name?: string; port: number})[] = [8080], spec: Any = {}): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name, namespace: ns},
    spec: {ports: ports.map((p) => (typeof p === 'number' ? {port: p, protocol: 'TCP'} : {protocol: 'TCP', ...p})), ...spec},
  }
}

/** `data: null` builds a Secret whose data is not in the input (a redacted listing). */
let validTls: Any | undefined

/** tls.crt and tls.key of a valid certificate (generated once per test process), base64 as the API returns them. */
export function validTlsData(): Any {
  validTls ??= {
    'tls.crt': Buffer.from(makeCert({commonName: 'conformance.example.com', dnsNames: ['*.example.com', '*.example.org', 'example.com', 'example.org']})).toString('base64'),
    'tls.key': Buffer.from(testKey(0).privatePem).toString('base64'),
  }
  return validTls
}

/** A TLS Secret; by default with a valid certificate and key, `null` for one without data. */
export function secret(ns: string, name: string, data?: Any | null): K8sObject {
  const d = data === undefined ? validTlsData() : data
  return {apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: {name, namespace: ns}, ...(d ? {data: d} : {})}
}

export function grant(ns: string, name: string, from: Any[], to: Any[]): K8sObject {
  return {apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: {name, namespace: ns}, spec: {from, to}}
}

export const httpListener = (name: string, port = 80, extra: Any = {}) => ({name, port, protocol: 'HTTP', ...extra})

/** The objects most conformance tests rely on. */
export function conformanceBase(): K8sObject[] {
  return [
    namespace(INFRA, {'gateway-conformance': 'infra'}),
    namespace(APP, {'gateway-conformance': 'backend'}),
    namespace(WEB, {'gateway-conformance': 'backend'}),
    gatewayClass(),
    gateway('same-namespace', INFRA, [httpListener('http', 80, {allowedRoutes: {namespaces: {from: 'Same'}}})]),
    gateway('all-namespaces', INFRA, [httpListener('http', 80, {allowedRoutes: {namespaces: {from: 'All'}}})]),
    gateway('backend-namespaces', INFRA, [
      httpListener('http', 80, {allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {'gateway-conformance': 'backend'}}}}}),
    ]),
    service(INFRA, 'infra-backend-v1', [{name: 'first-port', port: 8080}, {name: 'second-port', port: 8081}]),
    service(INFRA, 'infra-backend-v2'),
    service(INFRA, 'infra-backend-v3'),
    service(INFRA, 'tls-backend', [443]),
    service(INFRA, 'coredns', [53]),
    service(INFRA, 'tcp-echo-backend', [8080]),
    service(APP, 'app-backend-v1'),
    service(APP, 'app-backend-v2'),
    service(APP, 'tls-backend', [443]),
    service(WEB, 'web-backend'),
    secret(INFRA, 'tls-validity-checks-certificate'),
    secret(INFRA, 'tls-terminate-checks-certificate'),
    secret(WEB, 'certificate'),
  ]
}

/**
 * A snapshot of `objects`. As 'cluster', every kind among them counts as listed successfully in all
 * namespaces, as the cluster source records it; kinds not among them were not listed.
 */
export function snapshotOf(objects: K8sObject[], source: 'files' | 'cluster' = 'cluster'): Snapshot {
  const s = new Snapshot(source, new Date('2026-03-01T00:00:00Z'))
  for (const o of objects) {
    s.add(o)
    if (source === 'cluster') s.recordListed(groupOf(o.apiVersion), o.kind)
  }
  // As load.ts does before blanking Secret values.
  deriveContentFacts(s)
  return s
}

/** Snapshot of the conformance base plus `extra`, and its graph. */
export function world(extra: K8sObject[], base = true): {snapshot: Snapshot; graph: AttachmentGraph} {
  const snapshot = snapshotOf([...(base ? conformanceBase() : []), ...extra])
  return {snapshot, graph: computeAttachments(snapshot)}
}

export const cond = (c: Condition | undefined) => (c ? `${c.status}/${c.reason}` : 'none')

/** The ParentAttachment of `route`'s parentRef `i` in `graph`. */
export function parentOf(graph: AttachmentGraph, r: Route, i = 0): ParentAttachment {
  const ra = graph.routes.get(r)
  if (!ra) throw new Error(`route ${r.metadata.name} not in graph`)
  return ra.parents[i]
}

export function gatewayListener(graph: AttachmentGraph, gw: Gateway, name: string): ListenerAttachment {
  const l = graph.gateways.get(gw)?.listeners.find((x) => x.name === name)
  if (!l) throw new Error(`listener ${name} not found`)
  return l
}

export function setListener(graph: AttachmentGraph, ls: ListenerSet, name: string): ListenerAttachment {
  const l = graph.listenerSets.get(ls)?.listeners.find((x) => x.name === name)
  if (!l) throw new Error(`listener ${name} not found`)
  return l
}

/** Listener conditions as `Type=Status/Reason` strings, for compact assertions. */
export function listenerConds(l: ListenerAttachment): Record<string, string> {
  return Object.fromEntries(l.status.conditions.map((c) => [c.type, `${c.status}/${c.reason}`]))
}
