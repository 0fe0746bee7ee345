// CustomResourceDefinitions for the test API server, built from the project's own type registry so tests
// can serve the Gateway API (or any part of it, at any versions) without /work/shared. Only the fields
// a server needs to serve the type are filled in; schemas are left out.

import {RESOURCE_TYPES, type ResourceRef} from '../../src/model/resources.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP, POLICY_LABEL, type CustomResourceDefinition} from '../../src/model/types.js'

export interface CrdSpec {
  group: string
  kind: string
  /** Lower-case plural. */
  plural: string
  singular?: string
  shortNames?: string[]
  categories?: string[]
  /** Default true. */
  namespaced?: boolean
  /** Served versions, in the order the CRD lists them. */
  versions: string[]
  /** Default: the first version. */
  storage?: string
  /** Versions listed in the CRD with `served: false`. */
  unserved?: string[]
  labels?: Record<string, string>
  creationTimestamp?: string
}

/** One CRD; a policy CRD gets its GEP-713 label through `labels`. */
export function makeCrd(spec: CrdSpec): CustomResourceDefinition {
  const storage = spec.storage ?? spec.versions[0]
  const versions = [
    ...spec.versions.map((name) => ({name, served: true, storage: name === storage})),
    ...(spec.unserved ?? []).map((name) => ({name, served: false, storage: name === storage})),
  ]
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${spec.plural}.${spec.group}`,
      creationTimestamp: spec.creationTimestamp ?? '2024-01-01T00:00:00Z',
      ...(spec.labels ? {labels: spec.labels} : {}),
    },
    spec: {
      group: spec.group,
      names: {
        kind: spec.kind,
        plural: spec.plural,
        singular: spec.singular ?? spec.kind.toLowerCase(),
        listKind: `${spec.kind}List`,
        ...(spec.shortNames && spec.shortNames.length > 0 ? {shortNames: spec.shortNames} : {}),
        ...(spec.categories ? {categories: spec.categories} : {}),
      } as CustomResourceDefinition['spec']['names'],
      scope: spec.namespaced === false ? 'Cluster' : 'Namespaced',
      versions,
    },
  }
}

/** Which Gateway API resource to serve, and at which versions. */
export interface CrdChoice {
  /** A resource plural (`tlsroutes`, `xlistenersets`) or a type name (`listenersets` = every ref of it). */
  resource: string
  group?: string
  /** Served versions; default every version the registry knows for it. */
  versions?: string[]
  storage?: string
}

// The upstream CRDs carry the GEP-713 label on these (BackendLBPolicy never had it).
const LABELLED_POLICIES = new Set(['BackendTLSPolicy', 'XBackendTrafficPolicy'])

const isGatewayRef = (r: ResourceRef) => r.group === GATEWAY_GROUP || r.group === GATEWAY_X_GROUP

function crdForRef(ref: ResourceRef, shortNames: string[], versions = ref.versions, storage?: string): CustomResourceDefinition {
  return makeCrd({
    group: ref.group,
    kind: ref.kind,
    plural: ref.resource,
    shortNames,
    categories: ['gateway-api'],
    namespaced: ref.namespaced,
    versions,
    storage,
    labels: LABELLED_POLICIES.has(ref.kind) ? {[POLICY_LABEL]: 'Direct'} : undefined,
  })
}

/**
 * Gateway API CRDs from RESOURCE_TYPES. No argument: every Gateway API resource at every version the
 * registry knows. `[]`: none (a cluster without the Gateway API). Otherwise the chosen ones, e.g.
 * `['gateways', {resource: 'tlsroutes', versions: ['v1alpha2']}]`.
 */
export function crdsFor(choices?: (string | CrdChoice)[]): CustomResourceDefinition[] {
  const all = RESOURCE_TYPES.flatMap((t) => t.refs.filter(isGatewayRef).map((ref) => ({ref, type: t})))
  if (choices === undefined) return all.map(({ref, type}) => crdForRef(ref, type.shortNames))
  return choices.flatMap((c) => {
    const choice: CrdChoice = typeof c === 'string' ? {resource: c} : c
    const byResource = all.filter(({ref}) => ref.resource === choice.resource && (!choice.group || ref.group === choice.group))
    const matched = byResource.length > 0 ? byResource : all.filter(({type}) => type.name === choice.resource)
    if (matched.length === 0) throw new Error(`crdsFor: no Gateway API resource named ${choice.resource}`)
    return matched.map(({ref, type}) => crdForRef(ref, type.shortNames, choice.versions ?? ref.versions, choice.storage))
  })
}

/** A CRD version's openAPIV3Schema: the fields every object has, then `properties` (spec, status...). */
export function objectSchema(properties: Record<string, unknown>): {type: 'object'; properties: Record<string, unknown>} {
  return {type: 'object', properties: {apiVersion: {type: 'string'}, kind: {type: 'string'}, metadata: {type: 'object'}, ...properties}}
}
