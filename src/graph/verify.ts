// When does "not in the snapshot" prove "does not exist"? One rule for every reference check.
//
// Cluster (certain where a read proves it):
// - a kind the server does not serve (discovery) does not exist, for certain;
// - a kind listed successfully, without a label selector, in every namespace or in the reference's
//   namespace (`snapshot.listedScope`) proves the object absent;
// - a refused or failed list (403, 5xx after retries: `snapshot.unreadable`), or a refused read of the
//   object itself (`snapshot.unreadableObjects`), proves nothing: unverified.
// Files: kinds the plugin lists as resources (Gateway, Service, ReferenceGrant, ...) are taken as
// complete; supporting kinds (Secret, ConfigMap) and kinds the plugin does not know (a parametersRef to
// a vendor CRD) prove absence only when the input holds at least one object of that kind, since they
// are often left out of files (nobody commits Secrets).

import {typeForKind} from '../model/resources.js'
import {GATEWAY_GROUP} from '../model/types.js'
import {kindKey, objectRefKey, type Snapshot} from '../model/snapshot.js'

/** Where the referenced object would be: its namespace (namespaced kinds) and name, when known. */
export interface RefPlace {
  namespace?: string
  name?: string
}

export function absenceProves(snapshot: Snapshot, group: string, kind: string, at: RefPlace = {}): boolean {
  if (at.name !== undefined && snapshot.unreadableObjects.has(objectRefKey(group, kind, at.namespace, at.name))) return false
  if (!snapshot.readable(group, kind)) return false
  if (snapshot.servesKind(group, kind) === false) return true
  const scope = snapshot.listedScope.get(kindKey(group, kind))
  if (scope === 'all' || (scope !== undefined && at.namespace !== undefined && scope.has(at.namespace))) return true
  if (typeForKind(group, kind)) return true
  return snapshot.source === 'files' && snapshot.list(group, kind).length > 0
}

/** Why absence proves nothing, as a clause for messages. */
export function unverifiedWhy(snapshot: Snapshot, group: string, kind: string, at: RefPlace = {}): string {
  if (at.name !== undefined && snapshot.unreadableObjects.has(objectRefKey(group, kind, at.namespace, at.name))) {
    return `${kind} ${at.namespace === undefined ? at.name : `${at.namespace}/${at.name}`} could not be read`
  }
  if (!snapshot.readable(group, kind)) return couldNotRead(kind)
  if (snapshot.source === 'cluster') return `${kindPlural(kind)} ${at.namespace === undefined ? '' : `in namespace ${at.namespace} `}were not listed`
  return `the input contains no ${kind} objects`
}

/** `ReferenceGrants`, `GatewayClasses`, `BackendTLSPolicies`: a kind's plural as a user reads it. */
export function kindPlural(kind: string): string {
  if (/[^aeiou]y$/i.test(kind)) return `${kind.slice(0, -1)}ies`
  if (/(s|x|ch|sh)$/i.test(kind)) return `${kind}es`
  return `${kind}s`
}

/** The reason every unverified conclusion gives when a kind was unreadable (403): one wording everywhere. */
export function couldNotRead(kind: string): string {
  return `${kindPlural(kind)} could not be read`
}

/**
 * Whether a cross-namespace reference that no ReferenceGrant in the snapshot permits is provably
 * not permitted: only when ReferenceGrants were read. Grants are additive, so a grant that was found
 * proves permission whatever else could not be read.
 */
export function grantAbsenceProves(snapshot: Snapshot): boolean {
  return snapshot.readable(GATEWAY_GROUP, 'ReferenceGrant')
}
