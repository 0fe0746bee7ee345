// Types for the Kubernetes and Gateway API objects kubectl-gw reads.
//
// Every field is optional past `metadata.name`: input comes from files people write by hand and from
// clusters whose CRD versions vary (v1.1 through v1.6), so the engine must cope with any field being
// absent or of the wrong shape. Readers go through the helpers in `src/model/access.ts`, never trust a
// field's type blindly.

export const GATEWAY_GROUP = 'gateway.networking.k8s.io'
export const GATEWAY_X_GROUP = 'gateway.networking.x-k8s.io'
export const POLICY_LABEL = 'gateway.networking.k8s.io/policy'

export interface ObjectMeta {
  name: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  creationTimestamp?: string
  generation?: number
  resourceVersion?: string
  uid?: string
}

export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown' | string
  reason?: string
  message?: string
  observedGeneration?: number
  lastTransitionTime?: string
}

/** Any Kubernetes object as read from a file or a cluster. */
export interface K8sObject {
  apiVersion: string
  kind: string
  metadata: ObjectMeta
  spec?: any
  status?: any
  [key: string]: unknown
}

/** Where an object came from, for error messages ("examples/routes.yaml#3"). */
export interface Origin {
  file?: string
  /** 1-based document index within a multi-document file. */
  document?: number
  cluster?: string
}

// ---------------------------------------------------------------------------------------------
// Gateway API (v1.1 .. v1.6). Field names follow the upstream Go types.

export interface ParentReference {
  group?: string
  kind?: string
  namespace?: string
  name: string
  sectionName?: string
  port?: number
}

export interface RouteGroupKind {
  group?: string
  kind: string
}

export interface LabelSelectorRequirement {
  key: string
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string
  values?: string[]
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: LabelSelectorRequirement[]
}

export interface RouteNamespaces {
  from?: 'All' | 'Same' | 'Selector' | 'None' | string
  selector?: LabelSelector
}

export interface AllowedRoutes {
  namespaces?: RouteNamespaces
  kinds?: RouteGroupKind[]
}

export interface SecretObjectReference {
  group?: string
  kind?: string
  name: string
  namespace?: string
}

export interface ListenerTLSConfig {
  mode?: 'Terminate' | 'Passthrough' | string
  certificateRefs?: SecretObjectReference[]
  /** v1.1 experimental; moved to Gateway spec.tls.frontend in v1.4. */
  frontendValidation?: {caCertificateRefs?: SecretObjectReference[]}
  options?: Record<string, string>
}

export interface Listener {
  name: string
  hostname?: string
  port: number
  protocol: string
  tls?: ListenerTLSConfig
  allowedRoutes?: AllowedRoutes
}

export interface GatewayClassSpec {
  controllerName: string
  parametersRef?: {group: string; kind: string; name: string; namespace?: string}
  description?: string
}

export interface GatewayClass extends K8sObject {
  kind: 'GatewayClass'
  spec: GatewayClassSpec
  status?: {conditions?: Condition[]; supportedFeatures?: unknown[]}
}

export interface GatewaySpec {
  gatewayClassName: string
  listeners?: Listener[]
  addresses?: {type?: string; value: string}[]
  infrastructure?: {
    labels?: Record<string, string>
    annotations?: Record<string, string>
    parametersRef?: {group: string; kind: string; name: string}
  }
  allowedListeners?: {namespaces?: RouteNamespaces}
  tls?: {
    frontend?: {
      default?: {validation?: {caCertificateRefs?: SecretObjectReference[]; mode?: string}}
      perPort?: {port: number; tls?: {validation?: {caCertificateRefs?: SecretObjectReference[]; mode?: string}}}[]
    }
    backend?: {clientCertificateRef?: SecretObjectReference}
  }
}

export interface ListenerStatus {
  name: string
  supportedKinds: RouteGroupKind[]
  attachedRoutes: number
  conditions: Condition[]
}

export interface GatewayStatus {
  addresses?: {type?: string; value: string}[]
  conditions?: Condition[]
  listeners?: ListenerStatus[]
  attachedListenerSets?: number
}

export interface Gateway extends K8sObject {
  kind: 'Gateway'
  spec: GatewaySpec
  status?: GatewayStatus
}

export interface ListenerSet extends K8sObject {
  kind: 'ListenerSet' | 'XListenerSet'
  spec: {
    parentRef: {group?: string; kind?: string; name: string; namespace?: string}
    listeners?: Listener[]
  }
  status?: {conditions?: Condition[]; listeners?: ListenerStatus[]}
}

export interface BackendRef {
  group?: string
  kind?: string
  name: string
  namespace?: string
  port?: number
  weight?: number
  filters?: RouteFilter[]
}

export interface RouteFilter {
  type: string
  requestMirror?: {backendRef?: BackendRef}
  [key: string]: unknown
}

export interface RouteRule {
  name?: string
  matches?: unknown[]
  filters?: RouteFilter[]
  backendRefs?: BackendRef[]
  sessionPersistence?: Record<string, unknown>
  [key: string]: unknown
}

export interface RouteParentStatus {
  parentRef: ParentReference
  controllerName: string
  conditions: Condition[]
}

export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const
export type RouteKind = (typeof ROUTE_KINDS)[number]

export function isRouteKind(kind: string): kind is RouteKind {
  return (ROUTE_KINDS as readonly string[]).includes(kind)
}

export interface Route extends K8sObject {
  kind: RouteKind
  spec: {
    parentRefs?: ParentReference[]
    hostnames?: string[]
    rules?: RouteRule[]
    useDefaultGateways?: string
  }
  status?: {parents?: RouteParentStatus[]}
}

export interface ReferenceGrant extends K8sObject {
  kind: 'ReferenceGrant'
  spec: {
    from: {group: string; kind: string; namespace: string}[]
    to: {group: string; kind: string; name?: string}[]
  }
}

export interface ServicePort {
  name?: string
  port: number
  targetPort?: number | string
  protocol?: string
  appProtocol?: string
  nodePort?: number
}

export interface Service extends K8sObject {
  kind: 'Service'
  spec?: {type?: string; ports?: ServicePort[]; clusterIP?: string; externalName?: string; selector?: Record<string, string>}
}

export interface Namespace extends K8sObject {
  kind: 'Namespace'
  status?: {phase?: string}
}

export interface PolicyTargetReference {
  group: string
  kind: string
  name: string
  namespace?: string
  sectionName?: string
}

/** Any policy instance (BackendTLSPolicy, vendor policies...). */
export interface Policy extends K8sObject {
  spec?: {
    targetRef?: PolicyTargetReference
    targetRefs?: PolicyTargetReference[]
    default?: Record<string, unknown>
    defaults?: Record<string, unknown>
    override?: Record<string, unknown>
    overrides?: Record<string, unknown>
    [key: string]: unknown
  }
  status?: {ancestors?: {ancestorRef: ParentReference; controllerName: string; conditions?: Condition[]}[]}
}

export interface CustomResourceDefinition extends K8sObject {
  kind: 'CustomResourceDefinition'
  spec: {
    group: string
    names: {kind: string; plural: string; singular?: string; shortNames?: string[]; listKind?: string}
    scope: 'Namespaced' | 'Cluster' | string
    versions: {name: string; served?: boolean; storage?: boolean; schema?: {openAPIV3Schema?: any}}[]
  }
}
