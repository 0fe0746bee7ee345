// The resource types kubectl-gw knows, with the names a user may type for them.
//
// A "type" here is what `kubectl gw get TYPE` accepts. Most map to one Kubernetes resource; a few are
// groupings (`routes` = every route kind, `policies` = every policy kind found at run time) or carry
// several group/kind pairs (ListenerSet is `gateway.networking.k8s.io/ListenerSet` since v1.5 and
// `gateway.networking.x-k8s.io/XListenerSet` before).

import {GATEWAY_GROUP, GATEWAY_X_GROUP} from './types.js'

/** One Kubernetes resource (group + plural) and the kind its objects carry. */
export interface ResourceRef {
  group: string
  /** Lower-case plural, as in the REST path. */
  resource: string
  kind: string
  /** Versions this tool understands, most preferred first; discovery decides which are served. */
  versions: string[]
  namespaced: boolean
}

export interface ResourceType {
  /** Canonical plural name, shown in messages. */
  name: string
  singular: string
  shortNames: string[]
  /** Extra accepted names. */
  aliases: string[]
  /** The Kubernetes resources behind this type; a type may be served by any (or several) of them. */
  refs: ResourceRef[]
  namespaced: boolean
  /** Types that stand for a set of other types (`routes`). */
  expandsTo?: string[]
  /** Policies are discovered from CRDs at run time. */
  dynamic?: 'policies'
  /**
   * With `dynamic: 'policies'`: the name the user typed for one policy kind that is not built in
   * (`timeoutpolicies`, `TimeoutPolicy.bar.example.com`), resolved against the policy kinds found at
   * run time (policy/kinds.ts policyKindNamed).
   */
  policyKind?: string
}

const gw = (resource: string, kind: string, versions: string[], namespaced = true): ResourceRef => ({
  group: GATEWAY_GROUP,
  resource,
  kind,
  versions,
  namespaced,
})

const xgw = (resource: string, kind: string, versions: string[], namespaced = true): ResourceRef => ({
  group: GATEWAY_X_GROUP,
  resource,
  kind,
  versions,
  namespaced,
})

// Versions per kind, newest first, across Gateway API v1.1 .. v1.6 (see docs/gateway-api-versions.md).
export const RESOURCE_TYPES: ResourceType[] = [
  {
    name: 'gatewayclasses',
    singular: 'gatewayclass',
    shortNames: ['gc'],
    aliases: [],
    refs: [gw('gatewayclasses', 'GatewayClass', ['v1', 'v1beta1'], false)],
    namespaced: false,
  },
  {
    name: 'gateways',
    singular: 'gateway',
    shortNames: ['gtw'],
    aliases: [],
    refs: [gw('gateways', 'Gateway', ['v1', 'v1beta1'])],
    namespaced: true,
  },
  {
    name: 'httproutes',
    singular: 'httproute',
    shortNames: [],
    aliases: [],
    refs: [gw('httproutes', 'HTTPRoute', ['v1', 'v1beta1'])],
    namespaced: true,
  },
  {
    name: 'grpcroutes',
    singular: 'grpcroute',
    shortNames: [],
    aliases: [],
    refs: [gw('grpcroutes', 'GRPCRoute', ['v1', 'v1alpha2'])],
    namespaced: true,
  },
  {
    name: 'tlsroutes',
    singular: 'tlsroute',
    shortNames: [],
    aliases: [],
    refs: [gw('tlsroutes', 'TLSRoute', ['v1', 'v1alpha3', 'v1alpha2'])],
    namespaced: true,
  },
  {
    name: 'tcproutes',
    singular: 'tcproute',
    shortNames: [],
    aliases: [],
    refs: [gw('tcproutes', 'TCPRoute', ['v1', 'v1alpha2'])],
    namespaced: true,
  },
  {
    name: 'udproutes',
    singular: 'udproute',
    shortNames: [],
    aliases: [],
    refs: [gw('udproutes', 'UDPRoute', ['v1', 'v1alpha2'])],
    namespaced: true,
  },
  {
    name: 'routes',
    singular: 'route',
    shortNames: [],
    aliases: [],
    refs: [],
    namespaced: true,
    expandsTo: ['httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'udproutes'],
  },
  {
    name: 'listenersets',
    singular: 'listenerset',
    shortNames: ['lset'],
    aliases: ['xlistenersets', 'xlistenerset'],
    refs: [gw('listenersets', 'ListenerSet', ['v1']), xgw('xlistenersets', 'XListenerSet', ['v1alpha1'])],
    namespaced: true,
  },
  {
    name: 'referencegrants',
    singular: 'referencegrant',
    shortNames: ['refgrant'],
    aliases: [],
    refs: [gw('referencegrants', 'ReferenceGrant', ['v1', 'v1beta1', 'v1alpha2'])],
    namespaced: true,
  },
  {
    name: 'backendtlspolicies',
    singular: 'backendtlspolicy',
    shortNames: ['btlspolicy'],
    aliases: [],
    refs: [gw('backendtlspolicies', 'BackendTLSPolicy', ['v1', 'v1alpha3', 'v1alpha2'])],
    namespaced: true,
  },
  {
    name: 'backendlbpolicies',
    singular: 'backendlbpolicy',
    shortNames: ['blbpolicy'],
    aliases: [],
    refs: [gw('backendlbpolicies', 'BackendLBPolicy', ['v1alpha2'])],
    namespaced: true,
  },
  {
    name: 'xbackendtrafficpolicies',
    singular: 'xbackendtrafficpolicy',
    shortNames: ['xbtrafficpolicy'],
    aliases: ['backendtrafficpolicies', 'backendtrafficpolicy'],
    refs: [xgw('xbackendtrafficpolicies', 'XBackendTrafficPolicy', ['v1alpha1'])],
    namespaced: true,
  },
  {
    name: 'namespaces',
    singular: 'namespace',
    shortNames: ['ns'],
    aliases: [],
    refs: [{group: '', resource: 'namespaces', kind: 'Namespace', versions: ['v1'], namespaced: false}],
    namespaced: false,
  },
  {
    name: 'services',
    singular: 'service',
    shortNames: ['svc'],
    aliases: ['backends', 'backend'],
    refs: [{group: '', resource: 'services', kind: 'Service', versions: ['v1'], namespaced: true}],
    namespaced: true,
  },
  {
    name: 'policycrds',
    singular: 'policycrd',
    shortNames: [],
    aliases: [],
    refs: [
      {
        group: 'apiextensions.k8s.io',
        resource: 'customresourcedefinitions',
        kind: 'CustomResourceDefinition',
        versions: ['v1'],
        namespaced: false,
      },
    ],
    namespaced: false,
  },
  {
    name: 'policies',
    singular: 'policy',
    shortNames: [],
    aliases: [],
    refs: [],
    namespaced: true,
    dynamic: 'policies',
  },
]

/**
 * The Gateway API release that introduced each newer version of a kind (`Kind/version`), for advice
 * about versions where it is not known what the cluster serves (files without CRDs).
 */
export const VERSION_INTRODUCED: Readonly<Record<string, string>> = {
  'GatewayClass/v1': 'v1.0',
  'Gateway/v1': 'v1.0',
  'HTTPRoute/v1': 'v1.0',
  'GRPCRoute/v1': 'v1.1',
  'ReferenceGrant/v1': 'v1.5',
  'TLSRoute/v1alpha3': 'v1.4',
  'TLSRoute/v1': 'v1.5',
  'TCPRoute/v1': 'v1.6',
  'UDPRoute/v1': 'v1.6',
  'BackendTLSPolicy/v1': 'v1.4',
  'ListenerSet/v1': 'v1.5',
}

/** Types read to support the graph but never listed by `get` (no user-facing name). */
export const SUPPORT_REFS: Record<'secrets' | 'configmaps', ResourceRef> = {
  secrets: {group: '', resource: 'secrets', kind: 'Secret', versions: ['v1'], namespaced: true},
  configmaps: {group: '', resource: 'configmaps', kind: 'ConfigMap', versions: ['v1'], namespaced: true},
}

/** Gateway API policy kinds that count as policies even where their CRD carries no policy label. */
export const BUILTIN_POLICY_KINDS: {group: string; kind: string; type: 'Direct' | 'Inherited'}[] = [
  {group: GATEWAY_GROUP, kind: 'BackendTLSPolicy', type: 'Direct'},
  {group: GATEWAY_GROUP, kind: 'BackendLBPolicy', type: 'Direct'},
  {group: GATEWAY_X_GROUP, kind: 'XBackendTrafficPolicy', type: 'Direct'},
]

const byName = new Map<string, ResourceType>()
for (const t of RESOURCE_TYPES) {
  for (const n of [t.name, t.singular, ...t.shortNames, ...t.aliases]) byName.set(n, t)
  // kubectl also accepts `TYPE.GROUP` (gateways.gateway.networking.k8s.io) and the Kind itself.
  for (const r of t.refs) {
    byName.set(`${r.resource}.${r.group}`, t)
    byName.set(r.kind.toLowerCase(), t)
  }
}

/**
 * Resolves a user-typed name (case-insensitive, as kubectl does) to a type, or undefined.
 */
export function lookupType(name: string): ResourceType | undefined {
  return byName.get(name.toLowerCase())
}

export function typeByName(name: string): ResourceType {
  const t = lookupType(name)
  if (!t) throw new Error(`unknown resource type ${name}`)
  return t
}

/** The concrete (non-grouping) types a list of requested types stands for, in registry order. */
export function expandTypes(types: ResourceType[]): ResourceType[] {
  const want = new Set<string>()
  for (const t of types) {
    if (t.expandsTo) for (const n of t.expandsTo) want.add(n)
    else want.add(t.name)
  }
  return RESOURCE_TYPES.filter((t) => want.has(t.name))
}

/** The type whose refs include this group and kind (for objects read from files). */
export function typeForKind(group: string, kind: string): ResourceType | undefined {
  for (const t of RESOURCE_TYPES) {
    if (t.refs.some((r) => r.group === group && r.kind === kind)) return t
  }
  return undefined
}

export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion || !apiVersion.includes('/')) return ''
  return apiVersion.slice(0, apiVersion.indexOf('/'))
}

export function versionOf(apiVersion: string | undefined): string {
  if (!apiVersion) return ''
  return apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion
}

/** What a resource name may look like: DNS labels, optionally `.version.group` (kubectl's form). */
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i

/**
 * A type for a name no built-in type has: a policy kind to be found at run time (vendor policy CRDs).
 * Undefined for what cannot be a resource name at all.
 */
export function policyKindType(name: string): ResourceType | undefined {
  if (!RESOURCE_NAME.test(name)) return undefined
  return {name, singular: name, shortNames: [], aliases: [], refs: [], namespaced: true, dynamic: 'policies', policyKind: name}
}
