// Whether a kind is namespaced, for objects read from files (there is no discovery to ask). The
// registry knows the kinds kubectl-gw lists; CRDs in the same input decide for custom kinds; a short
// table covers the cluster-scoped Kubernetes kinds people keep next to their Gateway manifests
// (ClusterRoles, IngressClasses...), so those do not pick up a namespace they can never have.
// Anything else is assumed namespaced, as most custom resources are.

import {RESOURCE_TYPES, SUPPORT_REFS} from '../model/resources.js'
import {kindKey} from '../model/snapshot.js'

// Cluster-scoped built-in kinds of Kubernetes (group/kind), as served by kube-apiserver.
const CLUSTER_SCOPED_BUILTINS: readonly string[] = [
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'node.k8s.io/RuntimeClass',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'resource.k8s.io/DeviceClass',
  'resource.k8s.io/ResourceSlice',
]

const KNOWN_SCOPES = new Map<string, boolean>()
for (const key of CLUSTER_SCOPED_BUILTINS) KNOWN_SCOPES.set(key, false)
// The registry goes last so that it wins should the two ever disagree.
for (const ref of [...RESOURCE_TYPES.flatMap((t) => t.refs), ...Object.values(SUPPORT_REFS)]) {
  KNOWN_SCOPES.set(kindKey(ref.group, ref.kind), ref.namespaced)
}

/** Scope of the kinds defined by CRDs in the input (kindKey -> namespaced). */
export type CrdScopes = Map<string, boolean>

/**
 * Records the scope a CRD object declares. Malformed CRDs (no group, kind or scope string) are
 * ignored: they decide nothing.
 */
export function noteCrdScope(scopes: CrdScopes, crd: {spec?: unknown}): void {
  const spec = crd.spec as {group?: unknown; names?: {kind?: unknown}; scope?: unknown} | undefined
  if (typeof spec !== 'object' || spec === null) return
  const names = spec.names
  if (typeof spec.group !== 'string' || !spec.group || typeof names !== 'object' || names === null) return
  if (typeof names.kind !== 'string' || !names.kind || typeof spec.scope !== 'string') return
  scopes.set(kindKey(spec.group, names.kind), spec.scope !== 'Cluster')
}

/** Whether objects of group/kind live in a namespace. */
export function isNamespacedKind(group: string, kind: string, crdScopes: CrdScopes): boolean {
  const key = kindKey(group, kind)
  return KNOWN_SCOPES.get(key) ?? crdScopes.get(key) ?? true
}
