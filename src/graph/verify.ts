// When does "not in the snapshot" prove "does not exist"?
//
// - Kinds the plugin lists as resources (Gateway, Service, ReferenceGrant, ...): whenever the kind was
//   readable. A 403 puts the kind in `snapshot.unreadable`, and then nothing is proven.
// - Supporting kinds (Secret, ConfigMap) and kinds the plugin does not know (a parametersRef to a
//   vendor CRD): only when the snapshot holds at least one object of that kind. They are often left out
//   of files (nobody commits Secrets) or not requested, and an empty list then says nothing. A cluster
//   with zero Secrets at all is the one case this reports as unverified instead of missing.

import {typeForKind} from '../model/resources.js'
import {GATEWAY_GROUP} from '../model/types.js'
import type {Snapshot} from '../model/snapshot.js'

export function absenceProves(snapshot: Snapshot, group: string, kind: string): boolean {
  if (!snapshot.readable(group, kind)) return false
  if (typeForKind(group, kind)) return true
  return snapshot.list(group, kind).length > 0
}

/** Why absence proves nothing, as a clause for messages. */
export function unverifiedWhy(snapshot: Snapshot, group: string, kind: string): string {
  if (!snapshot.readable(group, kind)) return couldNotRead(kind)
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
