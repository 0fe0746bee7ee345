// Which kinds in a set of files are policies. Files often carry policy instances without their CRDs,
// so besides the CRDs in the input (src/policy/kinds.ts) two kinds of evidence count: the Gateway
// API's own policy kinds, and any `...Policy` object that targets something (GEP-713's targetRef(s))
// whose kind no CRD in the input describes. A CRD that is present and unlabelled says "not a policy",
// and is believed.

import {BUILTIN_POLICY_KINDS, groupOf, typeForKind} from '../model/resources.js'
import {kindKey, type PolicyKind, type Snapshot} from '../model/snapshot.js'
import {policyKindsFromCrds} from '../policy/kinds.js'
import {isRecord} from './manifest-objects.js'
import {isNamespacedKind, type CrdScopes} from './scope.js'

function resourceOf(group: string, kind: string): string {
  return typeForKind(group, kind)?.refs.find((r) => r.group === group && r.kind === kind)?.resource ?? ''
}

function targetsSomething(spec: Record<string, unknown>): boolean {
  return isRecord(spec.targetRef) || Array.isArray(spec.targetRefs)
}

/** GEP-713: defaults and overrides are what make a policy inherited. */
function looksInherited(spec: Record<string, unknown>): boolean {
  return ['default', 'defaults', 'override', 'overrides'].some((f) => spec[f] !== undefined && spec[f] !== null)
}

function compareKinds(a: PolicyKind, b: PolicyKind): number {
  if (a.group !== b.group) return a.group < b.group ? -1 : 1
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0
}

/**
 * The policy kinds of a snapshot read from files, one per group/kind, sorted by group then kind.
 * `crdScopes` holds every kind a CRD in the input defines, policy or not.
 */
export function filePolicyKinds(snapshot: Snapshot, crdScopes: CrdScopes): PolicyKind[] {
  const kinds = new Map<string, PolicyKind>()
  for (const pk of policyKindsFromCrds(snapshot.crds())) kinds.set(kindKey(pk.group, pk.kind), pk)

  for (const b of BUILTIN_POLICY_KINDS) {
    const key = kindKey(b.group, b.kind)
    if (kinds.has(key) || crdScopes.has(key) || snapshot.list(b.group, b.kind).length === 0) continue
    kinds.set(key, {group: b.group, kind: b.kind, resource: resourceOf(b.group, b.kind), type: b.type, namespaced: true})
  }

  const inferred = new Set<string>()
  for (const obj of snapshot.objects) {
    if (!obj.kind.endsWith('Policy') || !isRecord(obj.spec) || !targetsSomething(obj.spec)) continue
    const group = groupOf(obj.apiVersion)
    const key = kindKey(group, obj.kind)
    if (crdScopes.has(key)) continue
    const known = kinds.get(key)
    // One inherited-looking instance is enough: the kind is one type, whatever each instance sets.
    if (known) {
      if (inferred.has(key) && looksInherited(obj.spec)) known.type = 'Inherited'
      continue
    }
    inferred.add(key)
    kinds.set(key, {
      group,
      kind: obj.kind,
      resource: '',
      type: looksInherited(obj.spec) ? 'Inherited' : 'Direct',
      namespaced: isNamespacedKind(group, obj.kind, crdScopes),
    })
  }
  return [...kinds.values()].sort(compareKinds)
}
