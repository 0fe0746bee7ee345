// Hand-built objects for the policy engine tests. Every builder returns a plain object as it would be
// read from a file; tests add them to `new Snapshot('files')`.

import type {PolicyKind} from '../../src/model/snapshot.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {CustomResourceDefinition, K8sObject} from '../../src/model/types.js'
import {buildPolicyIndex, declaredRouteParents} from '../../src/policy/engine.js'
import type {RouteParentsFn} from '../../src/policy/types.js'

export const GW = 'gateway.networking.k8s.io'
export const XGW = 'gateway.networking.x-k8s.io'
export const EX = 'example.com'

export function gatewayClass(name: string): K8sObject {
  return {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name}, spec: {controllerName: 'example.com/ctl'}}
}

export function namespace(name: string): K8sObject {
  return {apiVersion: 'v1', kind: 'Namespace', metadata: {name}}
}

export function gateway(ns: string, name: string, className: string, listeners: string[] = ['http']): K8sObject {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'Gateway',
    metadata: {name, namespace: ns},
    spec: {gatewayClassName: className, listeners: listeners.map((l, i) => ({name: l, port: 80 + i, protocol: 'HTTP'}))},
  }
}

export interface RuleSpec {
  name?: string
  backends?: {name: string; namespace?: string; port?: number}[]
  sessionPersistence?: Record<string, unknown>
}

export function httpRoute(
  ns: string,
  name: string,
  parents: {name: string; namespace?: string; sectionName?: string}[],
  rules: RuleSpec[] = [],
): K8sObject {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'HTTPRoute',
    metadata: {name, namespace: ns},
    spec: {
      parentRefs: parents,
      rules: rules.map((r) => ({
        ...(r.name !== undefined && {name: r.name}),
        ...(r.sessionPersistence !== undefined && {sessionPersistence: r.sessionPersistence}),
        backendRefs: (r.backends ?? []).map((b) => ({...b})),
      })),
    },
  }
}

export function service(ns: string, name: string, ports: {name?: string; port: number}[] = [{name: 'http', port: 80}]): K8sObject {
  return {apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: ns}, spec: {ports}}
}

export interface PolicyOptions {
  group?: string
  version?: string
  namespace?: string
  created?: string
}

export function policy(kind: string, name: string, spec: Record<string, unknown>, opts: PolicyOptions = {}): K8sObject {
  const metadata: K8sObject['metadata'] = {name}
  if (opts.namespace !== undefined) metadata.namespace = opts.namespace
  if (opts.created !== undefined) metadata.creationTimestamp = opts.created
  return {apiVersion: `${opts.group ?? EX}/${opts.version ?? 'v1'}`, kind, metadata, spec}
}

export function ref(kind: string, name: string, extra: {group?: string; sectionName?: string; namespace?: string} = {}): Record<string, unknown> {
  const group = extra.group ?? (kind === 'Service' || kind === 'Namespace' ? '' : GW)
  return {group, kind, name, ...(extra.sectionName && {sectionName: extra.sectionName}), ...(extra.namespace && {namespace: extra.namespace})}
}

export function policyCrd(
  kind: string,
  opts: {group?: string; label?: unknown; scope?: 'Namespaced' | 'Cluster'; targetKindEnum?: string[]; cel?: string[]; versions?: string[]} = {},
): CustomResourceDefinition {
  const group = opts.group ?? EX
  const plural = `${kind.toLowerCase()}s`
  const refSchema: Record<string, unknown> = {
    type: 'object',
    properties: {
      group: {type: 'string'},
      kind: {type: 'string', ...(opts.targetKindEnum && {enum: opts.targetKindEnum})},
      name: {type: 'string'},
    },
    ...(opts.cel && {'x-kubernetes-validations': opts.cel.map((rule) => ({rule, message: 'm'}))}),
  }
  const versions = (opts.versions ?? ['v1']).map((name, i) => ({
    name,
    served: true,
    storage: i === 0,
    schema: {openAPIV3Schema: {type: 'object', properties: {spec: {type: 'object', properties: {targetRefs: {type: 'array', items: refSchema}}}}}},
  }))
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: `${plural}.${group}`, ...(opts.label !== undefined && {labels: {'gateway.networking.k8s.io/policy': opts.label as string}})},
    spec: {group, names: {kind, plural}, scope: opts.scope ?? 'Namespaced', versions},
  }
}

/** A policy kind as a source would record it for instances read without their CRD. */
export function kindOf(kind: string, type: 'Direct' | 'Inherited', opts: {group?: string; namespaced?: boolean} = {}): PolicyKind {
  return {group: opts.group ?? EX, kind, resource: '', type, namespaced: opts.namespaced ?? true}
}

export function snapshotOf(objects: K8sObject[], kinds: PolicyKind[] = []): Snapshot {
  const s = new Snapshot('files', new Date('2024-06-01T00:00:00Z'))
  for (const o of objects) s.add(o)
  s.policyKinds.push(...kinds)
  return s
}

/** Snapshot + index with parents as the routes declare them. */
export function indexOf(objects: K8sObject[], kinds: PolicyKind[] = [], parents?: (s: Snapshot) => RouteParentsFn) {
  const snapshot = snapshotOf(objects, kinds)
  return buildPolicyIndex(snapshot, (parents ?? declaredRouteParents)(snapshot))
}
