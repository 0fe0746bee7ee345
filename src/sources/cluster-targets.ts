// From what a command asked for to what gets listed: which of a type's resources the server serves and
// at which version, which policy kinds exist and where to list them. Pure functions over discovery.

import {BUILTIN_POLICY_KINDS, typeForKind, type ResourceRef, type ResourceType} from '../model/resources.js'
import type {PolicyKind} from '../model/snapshot.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP, type CustomResourceDefinition} from '../model/types.js'
import type {Discovery, ServedResource} from './discovery.js'
import type {ListTarget} from './list-pages.js'
import type {ListRequest} from './request.js'

export const CRD_GROUP = 'apiextensions.k8s.io'
export const CRD_REF: ResourceRef = {group: CRD_GROUP, resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', versions: ['v1'], namespaced: false}

/** A type whose every resource is in a Gateway API group (not `policies`, not core types). */
export function isGatewayApiType(type: ResourceType): boolean {
  return type.refs.length > 0 && type.refs.every((r) => r.group === GATEWAY_GROUP || r.group === GATEWAY_X_GROUP)
}

/** The served form of a ref: the first of our versions the server serves, else the server's preferred. */
export function servedResource(ref: ResourceRef, d: Discovery): ServedResource | undefined {
  const served = d.versionsOf(ref.group, ref.resource)
  if (served.length === 0) return undefined
  const version = ref.versions.find((v) => served.includes(v)) ?? served[0]
  return d.lookup(ref.group, version, ref.resource)
}

export function targetOf(r: ServedResource, request: Pick<ListRequest, 'namespace' | 'labelSelector' | 'fieldSelector' | 'lean'>): ListTarget {
  return {
    ...(request.lean ? {lean: true} : {}),
    group: r.group,
    version: r.version,
    resource: r.resource,
    kind: r.kind,
    namespaced: r.namespaced,
    namespace: r.namespaced ? request.namespace : undefined,
    labelSelector: request.labelSelector,
    fieldSelector: request.fieldSelector,
  }
}

/** One target per served resource of the type (ListenerSet can be served under both its groups). */
export function targetsForType(request: ListRequest, d: Discovery): ListTarget[] {
  return request.type.refs.flatMap((ref) => {
    const r = servedResource(ref, d)
    return r ? [targetOf(r, request)] : []
  })
}

function registryRef(group: string, kind: string): ResourceRef | undefined {
  return typeForKind(group, kind)?.refs.find((r) => r.group === group && r.kind === kind)
}

/** The Gateway API's own policy kinds the server serves, whether or not their CRDs carry the label. */
export function builtinPolicyKinds(d: Discovery): PolicyKind[] {
  return BUILTIN_POLICY_KINDS.flatMap((b) => {
    const ref = registryRef(b.group, b.kind)
    const r = ref && servedResource(ref, d)
    return r ? [{group: b.group, kind: b.kind, resource: r.resource, type: b.type, namespaced: r.namespaced}] : []
  })
}

/** Policy kinds from labelled CRDs first, then the built-in ones not among them; sorted by group, kind. */
export function mergePolicyKinds(...lists: PolicyKind[][]): PolicyKind[] {
  const seen = new Map<string, PolicyKind>()
  for (const list of lists) for (const pk of list) if (!seen.has(`${pk.group}/${pk.kind}`)) seen.set(`${pk.group}/${pk.kind}`, pk)
  return [...seen.values()].sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind))
}

/** The version a CRD is read at when discovery did not cover its group: storage if served, else the first served. */
function crdVersion(crd: CustomResourceDefinition | undefined): string | undefined {
  const versions = Array.isArray(crd?.spec?.versions) ? crd.spec.versions : []
  const served = versions.filter((v) => typeof v?.name === 'string' && v.name !== '' && v.served !== false)
  return (served.find((v) => v.storage === true) ?? served[0])?.name
}

/** Where to list the instances of a policy kind, or undefined when the server does not serve it. */
export function policyTarget(pk: PolicyKind, d: Discovery, request: ListRequest): ListTarget | undefined {
  if (!pk.resource) return undefined
  const ref = registryRef(pk.group, pk.kind) ?? {group: pk.group, resource: pk.resource, kind: pk.kind, versions: [], namespaced: pk.namespaced}
  const served = servedResource(ref, d)
  if (served) return targetOf(served, request)
  if (d.knowsResourcesOf(pk.group)) return undefined
  // Older servers without aggregated discovery: the group was not looked up, the CRD says how it is served.
  const version = crdVersion(pk.crd)
  if (version === undefined) return undefined
  return targetOf({group: pk.group, version, resource: pk.resource, kind: pk.kind, namespaced: pk.namespaced}, request)
}

/** The groups whose resource lists the requests need (for servers without aggregated discovery). */
export function wantedGroups(requests: ListRequest[]): Set<string> {
  const groups = new Set<string>([GATEWAY_GROUP])
  for (const r of requests) {
    for (const ref of r.type.refs) groups.add(ref.group)
    if (r.type.dynamic === 'policies') {
      groups.add(CRD_GROUP)
      for (const b of BUILTIN_POLICY_KINDS) groups.add(b.group)
    }
    if (isPolicyCrdType(r.type)) for (const b of BUILTIN_POLICY_KINDS) groups.add(b.group)
  }
  return groups
}

/** `policycrds`: the CRDs that define policy kinds, listed by their label. */
export function isPolicyCrdType(type: ResourceType): boolean {
  return type.name === 'policycrds'
}
