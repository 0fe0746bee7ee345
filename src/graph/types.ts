// The attachment engine's output contract. Printers and the analyzer read only these types.
//
// Two layers live side by side on purpose:
// - `computedStatus` fields hold exactly the Gateway API status shapes (RouteParentStatus, ListenerStatus,
//   Gateway/ListenerSet/GatewayClass conditions), i.e. what a conformant, up-to-date controller would
//   write. They can be compared field by field with the object's reported `.status` (src/graph/status.ts).
// - everything else explains *why*: which listeners a parentRef selected, per-listener verdicts with the
//   intersected hostnames, how each backendRef and certificateRef resolved, which ReferenceGrant
//   permitted what, and notes about facts the snapshot could not prove ("unverified").
//
// Object references are the snapshot's own objects (identity, not copies), so Maps keyed by them work
// with whatever the printers hold.

import type {PemFacts, TlsFacts} from '../model/content-facts.js'
import type {
  Condition,
  Gateway,
  GatewayClass,
  K8sObject,
  LabelSelector,
  ListenerSet,
  ListenerStatus,
  ParentReference,
  ReferenceGrant,
  Route,
  RouteGroupKind,
  RouteParentStatus,
  Service,
  ServicePort,
} from '../model/types.js'

/** A Gateway or a ListenerSet (v1 `ListenerSet` or v1alpha1 `XListenerSet`): anything that has listeners. */
export type ListenerOwner = Gateway | ListenerSet

/**
 * Why no controller is expected to write a status entry (§1.1 "in scope"): the plugin must say "no
 * status expected" rather than invent a reason code.
 */
export type NoStatusReason =
  /** The parentRef entry is not an object with a name. */
  | 'InvalidParentRef'
  /** group/kind is none of Gateway, ListenerSet, XListenerSet, core Service. */
  | 'UnsupportedParentKind'
  /** The referenced Gateway / ListenerSet / Service is not in the snapshot. */
  | 'ParentNotFound'
  /** The parent's kind could not be read (403...), so its existence is unknown. */
  | 'ParentUnverifiable'
  /** A ListenerSet's own parentRef names no existing Gateway (or is not a Gateway reference). */
  | 'ListenerSetParentNotFound'
  /** The Gateway names a GatewayClass that does not exist. */
  | 'GatewayClassNotFound'
  /** The GatewayClass exists but is not Accepted (reported False/Unknown, or bad parametersRef). */
  | 'GatewayClassNotAccepted'
  /** The ListenerSet is not admitted by its Gateway's `spec.allowedListeners`. */
  | 'ListenerSetNotAllowed'

/** What the engine knows about a GatewayClass's `Accepted` condition. */
export type ClassState =
  /** Reported Accepted=True (and nothing computable contradicts it). */
  | 'Accepted'
  /** Reported Accepted=False, or parametersRef provably unresolvable (InvalidParameters). */
  | 'Rejected'
  /** Reported Unknown (CRD default "Waiting for controller"): no controller has claimed the class. */
  | 'Pending'
  /** No status at all (typical of files): cannot know whether a controller runs; assumed accepted downstream. */
  | 'Unknown'

/** A reference with defaults applied: what a field points at. */
export interface ObjectRef {
  group: string
  kind: string
  /** Absent for cluster-scoped referents. */
  namespace?: string
  name: string
}

// ---------------------------------------------------------------------------------------------
// ReferenceGrants

/** One reference that a ReferenceGrant permits and that is in use. */
export interface GrantedReference {
  /** The referring object (Route, Gateway, ListenerSet). */
  from: K8sObject
  /** Field path in `from`, e.g. `spec.rules[0].backendRefs[1]`. */
  field: string
  to: ObjectRef
  /** The referent when it is in the snapshot. */
  target?: K8sObject
  /** Indexes of the grant's `spec.from[]` and `spec.to[]` entries that matched. */
  fromIndex: number
  toIndex: number
}

export interface GrantUsage {
  grant: ReferenceGrant
  /** References in use that this grant permits (possibly alongside other grants). */
  permits: GrantedReference[]
}

// ---------------------------------------------------------------------------------------------
// Listeners

export type ListenerConflictReason = 'HostnameConflict' | 'ProtocolConflict'

export interface CertificateResolution {
  /** Index in `tls.certificateRefs`. */
  index: number
  field: string
  ref: ObjectRef
  crossNamespace: boolean
  /** Absent: the reference resolved (or could not be checked, see `unverified`). */
  problem?: 'InvalidCertificateRef' | 'RefNotPermitted'
  secret?: K8sObject
  /** What the Secret's certificates say (when its contents were read and parsed). */
  facts?: TlsFacts
  grant?: ReferenceGrant
  /** Set when a fact could not be checked (Secrets or ReferenceGrants unreadable, Secrets absent from the input). */
  unverified?: string
  /** With `unverified`: the problem the reference has if the unchecked fact goes against it. */
  unverifiedProblem?: 'InvalidCertificateRef' | 'RefNotPermitted'
  /** One sentence: how the reference resolved or what is wrong and what to change. */
  message: string
}

export type CaCertificateProblem = 'InvalidCACertificateRef' | 'InvalidCACertificateKind' | 'RefNotPermitted'

/** One `caCertificateRefs` entry of a frontend validation, resolved. */
export interface CaCertificateResolution {
  index: number
  /** Full path, e.g. `spec.tls.frontend.perPort[0].tls.validation.caCertificateRefs[0]`. */
  field: string
  ref: ObjectRef
  problem?: CaCertificateProblem
  /** The ConfigMap or Secret, when it exists. */
  target?: K8sObject
  /** What its ca.crt says (when its contents were read). */
  facts?: PemFacts
  grant?: ReferenceGrant
  unverified?: string
  unverifiedProblem?: CaCertificateProblem
  message: string
}

/** The client-certificate validation a listener uses, and where it comes from. */
export interface FrontendValidation {
  /** `listener`: v1.1 `tls.frontendValidation`; `default` / `perPort`: v1.4+ Gateway `spec.tls.frontend`. */
  source: 'listener' | 'default' | 'perPort'
  /** Path of the validation object in the owner. */
  field: string
  /** The perPort entry's port. */
  port?: number
  /** AllowValidOnly (default) or AllowInsecureFallback. */
  mode: string
  caCertificates: CaCertificateResolution[]
}

/** How a listener's `allowedRoutes.namespaces` reads, with defaults applied. */
export interface NamespacePolicy {
  from: string
  selector?: LabelSelector
  /** Set when the policy cannot admit anything (unknown `from`, Selector without selector, bad operator). */
  problem?: string
}

/** One entry of a Gateway's or ListenerSet's `spec.listeners`, evaluated. */
export interface ListenerAttachment {
  owner: ListenerOwner
  /** Position in `spec.listeners`. */
  index: number
  /** `''` when the listener has no usable name. */
  name: string
  port: number | undefined
  protocol: string
  /** Lower-cased; undefined = matches every hostname (also for TCP/UDP, which ignore it). */
  hostname: string | undefined
  /** TLS mode with the CRD default applied (`Terminate`), for HTTPS and TLS listeners. */
  tlsMode?: string
  /** Whether the protocol is one of HTTP, HTTPS, TLS, TCP, UDP. */
  protocolSupported: boolean
  supportedKinds: RouteGroupKind[]
  /** `allowedRoutes.kinds` entries that are unknown or incompatible with the protocol (dropped). */
  invalidKinds: RouteGroupKind[]
  namespaces: NamespacePolicy
  certificates: CertificateResolution[]
  /** Client-certificate validation that applies to this listener (GEP-91), with its CA references resolved. */
  frontendValidation?: FrontendValidation
  conflict?: {reason: ListenerConflictReason; with: ListenerAttachment[]}
  /** Distinct routes Accepted=True on this listener (v1.5+ `attachedRoutes`). */
  attachedRoutes: Route[]
  /**
   * Set when `attachedRoutes` (and `rejectedRoutes`) may be incomplete: a route kind the listener
   * carries could not be read, so the count is a lower bound. The reason, e.g. "HTTPRoutes could not be read".
   */
  incomplete?: string
  /**
   * Set when some route counts as attached only by an assumed namespace admission (Namespaces
   * unreadable), so `attachedRoutes` may be too high. The reason.
   */
  unverifiedRoutes?: string
  /**
   * Routes that selected this listener but were not attached to it, with the per-listener cause.
   * (v1.1-v1.4 implementations may have counted hostname-mismatched routes as attached, §1.9.)
   */
  rejectedRoutes: {route: Route; parentIndex: number; verdict: ListenerVerdict}[]
  conditions: {accepted: Condition; resolvedRefs: Condition; programmed: Condition; conflicted: Condition}
  /** Exactly the Gateway API ListenerStatus. */
  status: ListenerStatus
  /** False when no controller writes status for this listener (owner not reconciled / not allowed). */
  inScope: boolean
  noStatusReason?: NoStatusReason
  notes: string[]
}

// ---------------------------------------------------------------------------------------------
// Routes

/** Why one selected listener did or did not accept a route. */
export interface ListenerVerdict {
  listener: ListenerAttachment
  kindAllowed: boolean
  namespaceAllowed: boolean
  hostnames: {
    /** false for TCPRoute/UDPRoute and TCP/UDP listeners: hostnames play no part. */
    applies: boolean
    matched: boolean
    /** Both sides unset (or listener unset and route empty): every hostname. */
    any: boolean
    /** The hostnames traffic for this route can use on this listener (the intersection). */
    effective: string[]
    /** Route hostnames that this listener ignores. */
    ignored: string[]
  }
  attached: boolean
  /** The first failing check, when not attached. */
  failed?: 'kind' | 'namespace' | 'hostname'
  /**
   * Set when the namespace admission could not be decided (Namespaces unreadable and the selector
   * looks at labels other than kubernetes.io/metadata.name): admission is assumed. The reason.
   */
  unverified?: string
  /** One sentence. */
  message: string
  notes: string[]
}

/** A parentRef with group, kind and namespace filled in (sectionName and port kept as written). */
export type DefaultedParentRef = ParentReference & {group: string; kind: string; namespace: string}

export interface ParentAttachment {
  /** Position in `spec.parentRefs`; past its end for default Gateways (`defaultGateway`). */
  index: number
  /** Set for a Gateway with `spec.defaultScope: All` that claims a route with `useDefaultGateways: All` (GEP-3793). */
  defaultGateway?: true
  /** The entry exactly as written (may be malformed). */
  written: unknown
  /** With defaults applied (group, kind, namespace); absent only when the entry is unusable. */
  parentRef?: DefaultedParentRef
  parentType: 'Gateway' | 'ListenerSet' | 'Service' | 'Unsupported'
  /** The Gateway, ListenerSet or Service when it exists. */
  parent?: Gateway | ListenerSet | Service
  /** The Gateway whose controller owns the status: the parent itself or the ListenerSet's Gateway. */
  gateway?: Gateway
  gatewayClass?: GatewayClass
  /** The controller expected to write the entry ('' when unknowable, e.g. a mesh with no reported status). */
  controllerName?: string
  /** Set (and `status` undefined) when no controller is expected to write status for this parentRef. */
  noStatusReason?: NoStatusReason
  /** One sentence explaining `noStatusReason`. */
  noStatusMessage?: string
  /** The computed RouteParentStatus; undefined when `noStatusReason` is set. */
  status: RouteParentStatus | undefined
  accepted: Condition | undefined
  resolvedRefs: Condition | undefined
  /** Listeners matching sectionName and port (all of the parent's when neither is set). */
  selectedListeners: ListenerAttachment[]
  /** The listeners the route attaches to (empty unless Accepted=True). */
  attachedListeners: ListenerAttachment[]
  listenerVerdicts: ListenerVerdict[]
  /** Mesh parents: the Service ports selected by sectionName / port. */
  servicePorts?: ServicePort[]
  /**
   * Set when the Accepted verdict rests on a fact that could not be checked (every listener that
   * accepts the route does so only by an assumed namespace admission): the computed status assumes
   * the fact holds. The reason.
   */
  unverified?: string
  /** With `unverified`: the Accepted reason the parentRef gets if the unchecked fact goes against it. */
  unverifiedProblem?: string
  notes: string[]
}

export type BackendProblem = 'InvalidKind' | 'RefNotPermitted' | 'BackendNotFound'

export interface BackendResolution {
  ruleIndex: number
  ruleName?: string
  /** A regular backendRef, or the backendRef of a RequestMirror filter (rule or backendRef level). */
  source: 'backendRef' | 'mirror'
  /** Field path, e.g. `spec.rules[0].backendRefs[1]` or `spec.rules[0].filters[2].requestMirror.backendRef`. */
  field: string
  ref: ObjectRef & {port?: number}
  crossNamespace: boolean
  problem?: BackendProblem
  service?: Service
  /**
   * RefNotPermitted only: the Service the reference names, when it exists. A controller must not reveal
   * it (status messages stay silent), but the user reading the snapshot may see it: the reference is
   * refused, not dangling.
   */
  refusedService?: Service
  /** Port check for Service backends: the port must exist on the Service (no standard reason when not). */
  port?: {number: number | undefined; exists: boolean | undefined; servicePort?: ServicePort}
  grant?: ReferenceGrant
  /** Why existence or permission could not be proven from the snapshot. */
  unverified?: string
  /** With `unverified`: the problem the reference has if the unchecked fact goes against it. */
  unverifiedProblem?: BackendProblem
  /** For RefNotPermitted: why the ReferenceGrants that come close do not apply. */
  grantNearMisses: string[]
  message: string
  notes: string[]
}

/** An enum value the route uses that the API does not define (Accepted=False/UnsupportedValue). */
export interface UnsupportedValue {
  ruleIndex: number
  field: string
  value: unknown
  allowed: readonly string[]
}

export interface RouteAttachment {
  route: Route
  parents: ParentAttachment[]
  backends: BackendResolution[]
  /** Route-wide ResolvedRefs (§1.8): the same condition appears in every parent entry. */
  resolvedRefs: Condition
  unsupportedValues: UnsupportedValue[]
  /** Exactly the Gateway API RouteStatus: one entry per parentRef whose parent is in scope. */
  computedStatus: {parents: RouteParentStatus[]}
  notes: string[]
}

// ---------------------------------------------------------------------------------------------
// Gateways, ListenerSets, GatewayClasses

export interface ParametersResolution {
  ref: ObjectRef
  /** true: found; false: provably missing or malformed; undefined: cannot tell from the snapshot. */
  resolved: boolean | undefined
  target?: K8sObject
  /** With `resolved: undefined`: why the reference could not be checked. */
  unverified?: string
  message: string
}

export interface GatewayComputedStatus {
  conditions: Condition[]
  listeners: ListenerStatus[]
  /** ListenerSets allowed by `allowedListeners` and Accepted=True [v1.4 experimental / v1.5]. */
  attachedListenerSets?: number
}

export interface GatewayAttachment {
  gateway: Gateway
  gatewayClass?: GatewayClass
  /** Whether a controller reconciles this Gateway (class exists and is accepted or assumed so). */
  inScope: boolean
  /**
   * From files only: the name of a GatewayClass the files lack, assumed to exist and be accepted so
   * that listeners and routes are still evaluated (a cluster says for sure whether it exists).
   */
  classAssumed?: string
  noStatusReason?: NoStatusReason
  noStatusMessage?: string
  listeners: ListenerAttachment[]
  /** Every ListenerSet whose parentRef names this Gateway, in merge order (allowed or not). */
  listenerSets: ListenerSetAttachment[]
  infrastructureParameters?: ParametersResolution
  /** Distinct routes Accepted=True through a parentRef to this Gateway. */
  attachedRoutes: Route[]
  /** Route parentRefs to this Gateway that got Accepted=False. */
  rejectedRoutes: {route: Route; parent: ParentAttachment}[]
  computedStatus: GatewayComputedStatus
  /**
   * Set when what attaches to the Gateway may be incomplete (lower bounds: attached routes, rejected
   * routes, ListenerSets, attachedListenerSets) because route kinds or ListenerSets could not be read.
   */
  incomplete?: string
  /** Set when ListenerSets could not be read, so `listenerSets` and attachedListenerSets are lower bounds. The reason. */
  listenerSetsIncomplete?: string
  /** Set when `spec.tls.backend.clientCertificateRef` could not be checked (ReferenceGrants or Secrets unreadable). */
  unverified?: string
  notes: string[]
}

export interface ListenerSetAttachment {
  listenerSet: ListenerSet
  /** `spec.parentRef` with defaults applied. */
  parentRef?: ObjectRef
  gateway?: Gateway
  /** Admitted by the Gateway's allowedListeners (undefined when there is no Gateway). */
  allowed: boolean | undefined
  inScope: boolean
  noStatusReason?: NoStatusReason
  noStatusMessage?: string
  listeners: ListenerAttachment[]
  attachedRoutes: Route[]
  rejectedRoutes: {route: Route; parent: ParentAttachment}[]
  computedStatus: {conditions: Condition[]; listeners: ListenerStatus[]}
  /** Set when `allowed` is assumed: the Gateway selects namespaces by labels that could not be read. The reason. */
  unverified?: string
  /** Set when attached routes are a lower bound (route kinds unreadable). The reason. */
  incomplete?: string
  notes: string[]
}

export interface GatewayClassAttachment {
  gatewayClass: GatewayClass
  gateways: Gateway[]
  state: ClassState
  /** Where `state` came from. */
  source: 'reported' | 'parametersRef' | 'none'
  parametersRef?: ParametersResolution
  computedStatus: {conditions: Condition[]}
  /** Sentences, including the caveat that the engine cannot see which controllers run. */
  notes: string[]
}

export interface ServiceUsage {
  service: Service
  /**
   * Route backendRefs (incl. RequestMirror) that point at this Service, refused ones (RefNotPermitted,
   * `backend.refusedService`) included: they carry no traffic, and no policy flows through them.
   */
  backendOf: {route: Route; backend: BackendResolution}[]
  /** Mesh (GAMMA) parentRefs naming this Service. */
  meshParentOf: {route: Route; parent: ParentAttachment}[]
  /** ReferenceGrants that permitted a cross-namespace reference to this Service. */
  grants: ReferenceGrant[]
}

export interface AttachmentGraph {
  routes: Map<Route, RouteAttachment>
  gateways: Map<Gateway, GatewayAttachment>
  listenerSets: Map<ListenerSet, ListenerSetAttachment>
  gatewayClasses: Map<GatewayClass, GatewayClassAttachment>
  /** Every Service in the snapshot that some route references (backend or mesh parent). */
  services: Map<Service, ServiceUsage>
  /** Every ReferenceGrant in the snapshot (an empty `permits` means it permits nothing in use). */
  referenceGrants: Map<ReferenceGrant, GrantUsage>
}
