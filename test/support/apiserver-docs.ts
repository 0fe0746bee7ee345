// The JSON documents the test API server answers with, shaped like the real kube-apiserver's: discovery
// (aggregated v2 and the older per-group forms), Status errors, and server-side Tables.

import {humanDuration} from '../../src/printers/age.js'
import type {K8sObject} from '../../src/model/types.js'
import type {ServedGroup, ServedResource} from './apiserver-registry.js'

const STATUS_VERBS = ['get', 'patch', 'update']

const gv = (group: string, version: string) => (group === '' ? version : `${group}/${version}`)

// ---------------------------------------------------------------------------------------------
// Discovery

/** `/api` or `/apis` as an apidiscovery.k8s.io APIGroupDiscoveryList. */
export function aggregatedDiscovery(groups: ServedGroup[], apiVersion: string): object {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.name === '' ? {creationTimestamp: null} : {name: g.name, creationTimestamp: null},
      versions: g.versions.map((version) => ({
        version,
        resources: (g.resources.get(version) ?? []).map((r) => ({
          resource: r.resource,
          responseKind: {group: r.group, version: r.version, kind: r.kind},
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.singular,
          verbs: r.verbs,
          ...(r.shortNames.length > 0 ? {shortNames: r.shortNames} : {}),
          ...(r.categories.length > 0 ? {categories: r.categories} : {}),
          subresources: [{subresource: 'status', responseKind: {group: r.group, version: r.version, kind: r.kind}, verbs: STATUS_VERBS}],
        })),
        freshness: 'Current',
      })),
    })),
  }
}

export function apiVersions(): object {
  return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443'}]}
}

function apiGroup(g: ServedGroup): object {
  const versions = g.versions.map((version) => ({groupVersion: gv(g.name, version), version}))
  return {name: g.name, versions, preferredVersion: versions[0]}
}

export function apiGroupList(groups: ServedGroup[]): object {
  return {kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(apiGroup)}
}

export function apiGroupDoc(g: ServedGroup): object {
  return {kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g)}
}

export function apiResourceList(group: string, version: string, resources: ServedResource[]): object {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv(group, version),
    resources: resources.flatMap((r) => [
      {
        name: r.resource,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames.length > 0 ? {shortNames: r.shortNames} : {}),
        ...(r.categories.length > 0 ? {categories: r.categories} : {}),
      },
      {name: `${r.resource}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: STATUS_VERBS},
    ]),
  }
}

// ---------------------------------------------------------------------------------------------
// Status

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  /** Set by the apiserver on 429s (and in the test server's injected faults with retryAfter). */
  retryAfterSeconds?: number
}

export interface Status {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, never>
  status: 'Failure'
  message: string
  reason: string
  details?: StatusDetails
  code: number
}

export function status(code: number, reason: string, message: string, details?: StatusDetails): Status {
  return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? {details} : {}), code}
}

/** `gateways.gateway.networking.k8s.io` or, for the core group, `services`. */
export const qualified = (r: {group: string; resource: string}) => (r.group === '' ? r.resource : `${r.resource}.${r.group}`)

const detailsOf = (r: ServedResource, name?: string): StatusDetails => ({
  ...(name !== undefined ? {name} : {}),
  ...(r.group !== '' ? {group: r.group} : {}),
  kind: r.resource,
})

export function notFound(r: ServedResource, name: string): Status {
  return status(404, 'NotFound', `${qualified(r)} "${name}" not found`, detailsOf(r, name))
}

export function forbidden(r: ServedResource, user: string, verb: 'list' | 'get', namespace: string | undefined, name?: string): Status {
  const subject = name === undefined ? qualified(r) : `${qualified(r)} "${name}"`
  const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`
  const message = `${subject} is forbidden: User "${user}" cannot ${verb} resource "${r.resource}" in API group "${r.group}" ${scope}`
  return status(403, 'Forbidden', message, detailsOf(r, name))
}

export const unauthorized = (): Status => status(401, 'Unauthorized', 'Unauthorized')

export const pathNotFound = (): Status => status(404, 'NotFound', 'the server could not find the requested resource', {})

// The wording of the real apiserver's etcd3 store when a continue token outlived compaction.
export const expired = (): Status =>
  status(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  )

// ---------------------------------------------------------------------------------------------
// Tables (Accept: application/json;as=Table;v=v1;g=meta.k8s.io)

/** What includeObject asks rows to carry: nothing, the PartialObjectMetadata (default), or the object. */
export type IncludeObject = 'None' | 'Metadata' | 'Object'

function age(obj: K8sObject, now: number): string {
  const created = Date.parse(String(obj.metadata?.creationTimestamp ?? ''))
  return Number.isNaN(created) ? '<unknown>' : humanDuration(now - created)
}

/**
 * A Table like the one a CRD without additionalPrinterColumns gets: Name and Age (pre-rendered as the
 * apiserver does), each row with the object's metadata so that kubectl can add NAMESPACE and LABELS.
 */
export function table(
  apiVersion: string,
  objects: K8sObject[],
  include: IncludeObject,
  listMeta: Record<string, unknown>,
  now: number,
): object {
  return {
    kind: 'Table',
    apiVersion,
    metadata: listMeta,
    columnDefinitions: [
      {name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0},
      {name: 'Age', type: 'date', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0},
    ],
    rows: objects.map((o) => ({
      cells: [o.metadata.name, age(o, now)],
      ...(include === 'None'
        ? {}
        : {object: include === 'Object' ? o : {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata}}),
    })),
  }
}
