// `describe policycrds`: what each policy CRD declares (versions, target kinds) and how many instances
// the snapshot holds.

import type {Snapshot} from '../model/snapshot.js'
import type {CustomResourceDefinition} from '../model/types.js'
import {policyKindOfCrd} from './kinds.js'
import type {PolicyCrdSummary} from './types.js'
import {asArray, compareStrings, isObject, nonEmptyString} from './values.js'

/** One summary per policy CRD in the snapshot, sorted by group then kind. */
export function describePolicyCrds(snapshot: Snapshot): PolicyCrdSummary[] {
  const out: PolicyCrdSummary[] = []
  for (const crd of snapshot.crds()) {
    const pk = policyKindOfCrd(crd)
    if (!pk) continue
    out.push({
      name: crd.metadata?.name ?? '',
      group: pk.group,
      kind: pk.kind,
      type: pk.type,
      scope: pk.namespaced ? 'Namespaced' : 'Cluster',
      versions: versionsOf(crd),
      targetKinds: targetKindsOfCrd(crd),
      instances: snapshot.readable(pk.group, pk.kind) ? snapshot.list(pk.group, pk.kind).length : undefined,
    })
  }
  return out.sort((a, b) => compareStrings(a.group, b.group) || compareStrings(a.kind, b.kind))
}

function versionsOf(crd: CustomResourceDefinition): PolicyCrdSummary['versions'] {
  const out: PolicyCrdSummary['versions'] = []
  for (const v of asArray(crd.spec?.versions)) {
    const name = isObject(v) ? nonEmptyString(v.name) : undefined
    if (name === undefined || !isObject(v)) continue
    out.push({name, served: v.served === true, storage: v.storage === true})
  }
  return out
}

/**
 * The kinds a CRD's schema allows as targets, across all versions, in the order first met: an `enum`
 * on `spec.targetRef.kind` / `spec.targetRefs[].kind`, or CEL rules on those nodes comparing the kind
 * with a literal (`self.kind == 'Gateway'`, `self.all(r, r.kind == 'HTTPRoute')`, `self in [...]`).
 * Empty when the schema does not restrict the kind (the Gateway API's own policy CRDs do not).
 */
export function targetKindsOfCrd(crd: CustomResourceDefinition): string[] {
  const kinds = new Set<string>()
  for (const v of asArray(crd.spec?.versions)) {
    if (!isObject(v) || !isObject(v.schema)) continue
    const spec = child(v.schema.openAPIV3Schema, 'spec')
    const single = child(spec, 'targetRef')
    const list = child(spec, 'targetRefs')
    const items = isObject(list) ? list.items : undefined
    for (const ref of [single, items]) {
      const kindNode = child(ref, 'kind')
      if (isObject(kindNode)) {
        for (const e of asArray(kindNode.enum)) if (typeof e === 'string' && e !== '') kinds.add(e)
        for (const rule of celRules(kindNode)) for (const k of kindsInRule(rule, 'self')) kinds.add(k)
      }
      for (const rule of celRules(ref)) for (const k of kindsInRule(rule, 'kind')) kinds.add(k)
    }
    for (const rule of celRules(list)) for (const k of kindsInRule(rule, 'kind')) kinds.add(k)
  }
  return [...kinds]
}

function child(schema: unknown, property: string): unknown {
  if (!isObject(schema) || !isObject(schema.properties)) return undefined
  return schema.properties[property]
}

function celRules(node: unknown): string[] {
  if (!isObject(node)) return []
  const out: string[] = []
  for (const v of asArray(node['x-kubernetes-validations'])) {
    if (isObject(v) && typeof v.rule === 'string') out.push(v.rule)
  }
  return out
}

const QUOTED = /['"]([A-Za-z][-A-Za-z0-9]*)['"]/g

/**
 * Literal kinds a CEL rule compares `subject` with. `subject` is `kind` for rules on a reference
 * (`self.kind`, `r.kind`) and `self` for rules on the kind string itself. Only `==` and `in [...]`
 * count: a `!=` names a kind that is excluded, not allowed.
 */
function kindsInRule(rule: string, subject: 'kind' | 'self'): string[] {
  const lead = subject === 'kind' ? String.raw`\.kind` : String.raw`\bself`
  const out: string[] = []
  const eq = new RegExp(`${lead}\\s*==\\s*['"]([A-Za-z][-A-Za-z0-9]*)['"]`, 'g')
  for (const m of rule.matchAll(eq)) out.push(m[1])
  const inList = new RegExp(`${lead}\\s+in\\s*\\[([^\\]]*)\\]`, 'g')
  for (const m of rule.matchAll(inList)) for (const q of m[1].matchAll(QUOTED)) out.push(q[1])
  return out
}
