// Which Secrets and ConfigMaps the Gateway API objects of a snapshot point at, and which of them a
// check must read the contents of. Real clusters keep Helm releases (Secrets up to 1 MB) and dashboards
// (ConfigMaps) by the thousand; the cluster source reads only the metadata of these kinds, in the
// namespaces references point into, and gets the few referenced objects whose contents matter.
//
// Contents: listener `tls.certificateRefs` (Gateway, ListenerSet, XListenerSet), Gateway
// `spec.tls.backend.clientCertificateRef` (v1.4+) and `spec.backendTLS.clientCertificateRef` (v1.2-v1.3),
// CA bundles: v1.1-v1.3 listener `tls.frontendValidation.caCertificateRefs`, v1.4+ Gateway
// `spec.tls.frontend.default.validation` and `spec.tls.frontend.perPort[].tls.validation`
// `caCertificateRefs`, BackendTLSPolicy `spec.validation.caCertificateRefs` (local: the policy's
// namespace). Existence only: GatewayClass `spec.parametersRef` and Gateway
// `spec.infrastructure.parametersRef` (local) naming a core ConfigMap or Secret.

import type {Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, type K8sObject} from '../model/types.js'
import {arr, name, nsOf, obj, str, type Obj} from '../graph/access.js'

export type ReferencedKind = 'Secret' | 'ConfigMap'

export interface ReferencedObject {
  kind: ReferencedKind
  namespace: string
  name: string
  /** A check reads its data (certificates, CA bundles), not only whether it exists. */
  content: boolean
}

/** More namespaces than this and one list across all namespaces is cheaper than a list in each. */
export const MAX_NAMESPACE_LISTS = 8

const isReferencedKind = (k: string | undefined): k is ReferencedKind => k === 'Secret' || k === 'ConfigMap'

/** Every core Secret or ConfigMap the snapshot's objects reference, once each, sorted by kind, namespace, name. */
export function referencedObjects(snapshot: Snapshot): ReferencedObject[] {
  const found = new Map<string, ReferencedObject>()
  const add = (raw: Obj | undefined, defaultKind: ReferencedKind | undefined, namespace: string | undefined, content: boolean) => {
    if (!raw || (str(raw.group) ?? '') !== '') return
    const kind = str(raw.kind) ?? defaultKind
    const refName = name(raw.name)
    if (!isReferencedKind(kind) || refName === undefined || namespace === undefined || namespace === '') return
    const key = `${kind}/${namespace}/${refName}`
    const seen = found.get(key)
    if (seen) seen.content ||= content
    else found.set(key, {kind, namespace, name: refName, content})
  }
  // References that may name another namespace: `namespace` defaults to the referrer's.
  const addRefs = (refs: unknown, from: K8sObject, defaultKind?: ReferencedKind) => {
    for (const r of arr(refs)) add(obj(r), defaultKind, name(obj(r)?.namespace) ?? nsOf(from), true)
  }

  for (const owner of [...snapshot.gateways(), ...snapshot.listenerSets()]) {
    for (const l of arr(obj(owner.spec)?.listeners)) {
      const tls = obj(obj(l)?.tls)
      addRefs(tls?.certificateRefs, owner, 'Secret')
      addRefs(obj(tls?.frontendValidation)?.caCertificateRefs, owner)
    }
  }
  for (const gw of snapshot.gateways()) {
    const spec = obj(gw.spec)
    const tls = obj(spec?.tls)
    for (const client of [obj(tls?.backend)?.clientCertificateRef, obj(spec?.backendTLS)?.clientCertificateRef]) {
      const c = obj(client)
      if (c) add(c, 'Secret', name(c.namespace) ?? nsOf(gw), true)
    }
    const frontend = obj(tls?.frontend)
    addRefs(obj(obj(frontend?.default)?.validation)?.caCertificateRefs, gw)
    for (const port of arr(frontend?.perPort)) addRefs(obj(obj(obj(port)?.tls)?.validation)?.caCertificateRefs, gw)
    add(obj(obj(spec?.infrastructure)?.parametersRef), undefined, nsOf(gw), false)
  }
  for (const policy of snapshot.list(GATEWAY_GROUP, 'BackendTLSPolicy')) {
    // LocalObjectReferences: always the policy's namespace.
    for (const r of arr(obj(obj(policy.spec)?.validation)?.caCertificateRefs)) add(obj(r), undefined, nsOf(policy), true)
  }
  for (const gc of snapshot.gatewayClasses()) {
    const p = obj(obj(gc.spec)?.parametersRef)
    if (p) add(p, undefined, name(p.namespace), false)
  }
  const order = (a: ReferencedObject, b: ReferencedObject) =>
    a.kind.localeCompare(b.kind) || (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  return [...found.values()].sort(order)
}

/**
 * Where to list one kind's metadata: nothing without references; each referenced namespace while there
 * are at most MAX_NAMESPACE_LISTS of them (the lists run side by side and skip the other namespaces'
 * objects, which is also what a user with namespaced RBAC can read); beyond that one list of all
 * namespaces, so that requests never grow with the number of referencing objects.
 */
export function metadataScopes(refs: readonly ReferencedObject[], kind: ReferencedKind): 'all' | string[] {
  const namespaces = [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.namespace))].sort()
  return namespaces.length > MAX_NAMESPACE_LISTS ? 'all' : namespaces
}
