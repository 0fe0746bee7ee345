// The policy engine's output contract. Printers (describe, get -o json|yaml) read only these types;
// the field names of ObjectPolicies are the JSON names (`effectivePolicies`, ...), so a printer can
// serialise them as they are.
//
// Vocabulary:
// - a *policy key* is `namespace/name` for a namespaced policy and `name` for a cluster-scoped one;
// - a *kind* string is `Kind.group` (`BackendTLSPolicy.gateway.networking.k8s.io`), as gwctl prints it;
// - a *level* is a place in the hierarchy (least to most specific) GatewayClass > GatewayNamespace >
//   Gateway > Listener > RouteNamespace > Route > RouteRule > BackendNamespace > Backend > BackendPort.
//   `Listener`, `RouteRule` and `BackendPort` are the sections (`sectionName`) of a Gateway, a Route
//   and a Service. A Namespace sits at one of the three *Namespace levels depending on whose namespace
//   it is in the context at hand; `Namespace` is the level used in a Namespace's own view.

import type {Gateway, Route} from '../model/types.js'
import type {JsonObject} from './values.js'

export const CONTEXT_LEVELS = [
  'GatewayClass',
  'GatewayNamespace',
  'Gateway',
  'Listener',
  'RouteNamespace',
  'Route',
  'RouteRule',
  'BackendNamespace',
  'Backend',
  'BackendPort',
] as const

export type PolicyLevel = (typeof CONTEXT_LEVELS)[number] | 'Namespace'

/** What a target reference resolves to, independent of the context it is later seen from. */
export type TargetLevel = 'GatewayClass' | 'Namespace' | 'Gateway' | 'Listener' | 'Route' | 'RouteRule' | 'Backend' | 'BackendPort'

export type PolicyType = 'Direct' | 'Inherited'

/** `default`/`override` come from an Inherited policy's stanzas, `direct` from a Direct policy's spec. */
export type SourceType = 'default' | 'override' | 'direct'

/** An object, or a named section of it (listener, route rule, Service port). */
export interface ObjectId {
  group: string
  kind: string
  namespace?: string
  name: string
  sectionName?: string
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** One Gateway a route is attached to, and the listeners of that Gateway it is attached through. */
export interface RouteParent {
  gateway: Gateway
  /** Listener names; empty means "the Gateway, listeners unknown" (listener-level policies ignored). */
  listenerNames: string[]
}

/**
 * The Gateways a route is attached to. The attachment engine (src/graph) decides this; the policy
 * engine only consumes it so that both agree on which parents count.
 */
export type RouteParentsFn = (route: Route) => readonly RouteParent[]

// ---------------------------------------------------------------------------------------------
// Per policy

export type TargetProblem =
  /** The target object is not in the snapshot. */
  | 'TargetNotFound'
  /** The object exists but has no listener / rule / port of that name: the policy fails to attach. */
  | 'SectionNotFound'
  /** The reference cannot be used (no name, a namespaced policy targeting a GatewayClass, ...). */
  | 'Invalid'
  /** The target kind was not read, so existence cannot be checked. */
  | 'Unverifiable'

export interface ResolvedTarget {
  group: string
  kind: string
  name: string
  /** The namespace looked in: `targetRef.namespace`, else the policy's (absent for cluster-scoped kinds). */
  namespace?: string
  sectionName?: string
  /** true: found; false: not found or invalid; undefined: cannot tell from the snapshot. */
  exists: boolean | undefined
  problem?: TargetProblem
  message?: string
  /** Where the target sits in the hierarchy; absent for kinds outside it (ListenerSet, ServiceImport...). */
  level?: TargetLevel
  /**
   * A namespaced policy reaching into another namespace. GEP-713 allows that only with a handshake
   * such as a ReferenceGrant, which this engine does not check: the attachment is kept, and flagged.
   */
  crossNamespace?: boolean
}

/** One loss of one policy against another of the same kind at the same target and level. */
export interface PolicyConflict {
  kind: string
  target: ObjectId
  level: TargetLevel
  /** Dotted field path; absent when the whole policy lost (Direct kinds). */
  field?: string
  type: SourceType
  winner: string
  loser: string
  /** The older policy won, or (same or missing timestamps) the first by `namespace/name`. */
  decidedBy: 'creationTimestamp' | 'name'
}

export interface AncestorCondition {
  type: string
  status: string
  reason?: string
  message?: string
}

/** One `status.ancestors[]` entry as written by a controller. */
export interface AncestorStatusSummary {
  ancestor: ObjectId
  controllerName?: string
  conditions: AncestorCondition[]
  /** `Accepted=True (Accepted), ResolvedRefs=False (InvalidKind)`. */
  summary: string
}

export interface PolicyReport {
  id: ObjectId
  kind: string
  policy: string
  type: PolicyType
  targets: ResolvedTarget[]
  ancestors: AncestorStatusSummary[]
  /** Conflicts this policy won or lost, sorted. */
  conflicts: PolicyConflict[]
}

// ---------------------------------------------------------------------------------------------
// Per object (GatewayClass, Namespace, Gateway, Route, Service)

export interface DirectlyAttachedPolicy {
  kind: string
  policy: string
  type: PolicyType
  level: PolicyLevel
  /** The listener, rule or port targeted; absent when the whole object is. */
  sectionName?: string
  /** The policy lost a same-level conflict here (Direct: entirely; Inherited: on some field). */
  conflicted: boolean
}

export interface InheritedPolicy {
  kind: string
  policy: string
  level: PolicyLevel
  /** The object (or section) the policy targets. */
  from: ObjectId
  /** Parent Gateway (`namespace/name`) of the context this was found in; absent for Gateways. */
  parent?: string
  /** Route (`namespace/name`) of the context, for Services. */
  route?: string
  /** That route's Kind (`HTTPRoute`). */
  routeKind?: string
}

export interface EffectiveSource {
  /** Dotted path of one leaf of `effective` (see formatPath in values.ts). */
  path: string
  /**
   * The value at `path` in `effective`, carried here because the dotted path cannot always be walked
   * back (keys such as `example.com/option` are written `["example.com/option"]`).
   */
  value: unknown
  /** Policy key, or the route for a route rule's own `sessionPersistence`. */
  policy: string
  level: PolicyLevel
  type: SourceType
  /** Set when the value comes from an object other than a policy (the route's `Kind.group`). */
  objectKind?: string
}

/**
 * The effective result of one policy kind in one context. Fields that narrow the context are present
 * only when they change the result: an entry without `listener` (or `rule`, `port`) holds for every
 * listener (rule, port) that has no entry of its own.
 */
export interface EffectivePolicy {
  /** Parent Gateway `namespace/name`; absent for GatewayClasses, Namespaces and Gateways themselves. */
  parent?: string
  listener?: string
  /** Service entries reached through a route: the route, `namespace/name`, and its Kind (`HTTPRoute`). */
  route?: string
  routeKind?: string
  /** Route rule name, when the rule matters and has one. */
  rule?: string
  /** Index of that rule in `spec.rules`, whenever the rule matters. */
  ruleIndex?: number
  /** Service port name (BackendPort level). */
  port?: string
  kind: string
  /**
   * Merged values: an Inherited kind's defaults and overrides flattened into one object, a Direct
   * kind's spec without `targetRef`/`targetRefs`.
   */
  effective: JsonObject
  /** One entry per leaf of `effective` (scalars, lists and empty objects), sorted by path. */
  sources: EffectiveSource[]
}

export interface ObjectPolicies {
  object: ObjectId
  directlyAttachedPolicies: DirectlyAttachedPolicy[]
  inheritedPolicies: InheritedPolicy[]
  effectivePolicies: EffectivePolicy[]
  /**
   * Present only when policies that could reach this object could not be read (403): the three lists
   * above may be incomplete. `reason` says why ("BackendTLSPolicies could not be read"), `kinds` lists
   * the unreadable kinds (`Kind.group`; empty when only the CRDs naming vendor kinds were unreadable).
   */
  incomplete?: {reason: string; kinds: string[]}
}

// ---------------------------------------------------------------------------------------------
// Per policy CRD (`describe policycrds`)

export interface PolicyCrdSummary {
  /** CRD `metadata.name` (`backendtlspolicies.gateway.networking.k8s.io`). */
  name: string
  group: string
  kind: string
  type: PolicyType
  scope: 'Namespaced' | 'Cluster'
  versions: {name: string; served: boolean; storage: boolean}[]
  /** Kinds the schema allows in targetRef(s).kind (enum or CEL `kind == '...'`); empty when it does not say. */
  targetKinds: string[]
  /** Instances in the snapshot; undefined when the kind could not be read. */
  instances: number | undefined
}
