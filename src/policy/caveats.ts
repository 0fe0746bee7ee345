// Policy kinds the snapshot could not read (403 on a policy list, or on the CRDs that name the vendor
// policy kinds): the effective policies shown for an object may then miss contributions, and this
// module says which kinds. Files never have unreadable kinds.

import {kindPlural} from '../graph/verify.js'
import type {PolicyKind, Snapshot} from '../model/snapshot.js'
import {kindNameOf} from './attachments.js'
import {targetKindsOfCrd} from './crds.js'
import {policyKindsOf} from './kinds.js'
import type {ObjectId} from './types.js'

const CRD = {group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition'}

// Per snapshot (read-only once built), so that every object's view does not rescan the CRDs.
const cache = new WeakMap<Snapshot, PolicyKind[]>()

/** Policy kinds known to exist whose objects could not be read. */
export function unreadablePolicyKinds(snapshot: Snapshot): PolicyKind[] {
  if (snapshot.unreadable.size === 0) return []
  let kinds = cache.get(snapshot)
  if (!kinds) cache.set(snapshot, (kinds = policyKindsOf(snapshot).filter((pk) => !snapshot.readable(pk.group, pk.kind))))
  return kinds
}

/** Whether the CRDs were unreadable, so that policy kinds other than the built-in ones are unknown. */
export function policyKindsUnknown(snapshot: Snapshot): boolean {
  return !snapshot.readable(CRD.group, CRD.kind)
}

/** `BackendTLSPolicies and TimeoutPolicies`, with the group only where two kinds share a name. */
function pluralList(kinds: readonly PolicyKind[]): string {
  const counts = new Map<string, number>()
  for (const k of kinds) counts.set(k.kind, (counts.get(k.kind) ?? 0) + 1)
  const names = kinds.map((k) => ((counts.get(k.kind) ?? 0) > 1 ? `${kindPlural(k.kind)} (${k.group})` : kindPlural(k.kind)))
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** Summary lines for stderr, one per class, in the form "X could not be read: what that leaves open". */
export function policyCaveats(snapshot: Snapshot): string[] {
  const out: string[] = []
  const kinds = unreadablePolicyKinds(snapshot)
  if (kinds.length > 0) out.push(`${pluralList(kinds)} could not be read: effective policies may be incomplete`)
  if (policyKindsUnknown(snapshot)) {
    out.push(`${kindPlural(CRD.kind)} could not be read: policy kinds other than the Gateway API's own are unknown, so effective policies may be incomplete`)
  }
  return out
}

/**
 * Why the effective policies of `object` may be incomplete, with the policy kinds (`Kind.group`) that
 * could not be read; undefined when nothing that could attach to it was unreadable. A Direct kind whose
 * CRD names its target kinds is left out for objects of other kinds: it cannot reach them.
 */
export function policiesIncomplete(snapshot: Snapshot, object: Pick<ObjectId, 'kind'>): {reason: string; kinds: string[]} | undefined {
  if (snapshot.unreadable.size === 0) return undefined
  const kinds = unreadablePolicyKinds(snapshot).filter((pk) => {
    if (pk.type !== 'Direct' || !pk.crd) return true
    const targets = targetKindsOfCrd(pk.crd)
    return targets.length === 0 || targets.includes(object.kind)
  })
  const unknown = policyKindsUnknown(snapshot)
  if (kinds.length === 0 && !unknown) return undefined
  const reasons: string[] = []
  if (kinds.length > 0) reasons.push(`${pluralList(kinds)} could not be read`)
  if (unknown) reasons.push(`${kindPlural(CRD.kind)} could not be read, so vendor policy kinds are unknown`)
  return {reason: reasons.join('; '), kinds: kinds.map(kindNameOf)}
}
