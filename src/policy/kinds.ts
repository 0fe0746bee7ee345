// Which kinds are policies (GEP-713): CRDs labelled `gateway.networking.k8s.io/policy`, plus the
// Gateway API's own policy kinds, whose CRDs are not always labelled (BackendLBPolicy never was).

import {BUILTIN_POLICY_KINDS, typeForKind} from '../model/resources.js'
import type {PolicyKind, Snapshot} from '../model/snapshot.js'
import {CustomResourceDefinition, POLICY_LABEL} from '../model/types.js'

/**
 * The policy type a CRD declares through its label, compared case-insensitively (the GEP text says
 * `direct`/`inherited`, the shipped CRDs `Direct`/`Inherited`; gwctl also takes `true` as Direct).
 */
export function policyTypeOfLabel(value: unknown): 'Direct' | 'Inherited' | undefined {
  // An unquoted `true` in a hand-written YAML file arrives as a boolean.
  const text = typeof value === 'string' ? value : value === true ? 'true' : undefined
  switch (text?.toLowerCase()) {
    case 'direct':
    case 'true':
      return 'Direct'
    case 'inherited':
      return 'Inherited'
    default:
      return undefined
  }
}

export function isPolicyCrd(crd: CustomResourceDefinition): boolean {
  return policyKindOfCrd(crd) !== undefined
}

export function policyKindOfCrd(crd: CustomResourceDefinition): PolicyKind | undefined {
  const spec = crd.spec
  if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string' || !spec.group || !spec.names.kind) return undefined
  const builtin = BUILTIN_POLICY_KINDS.find((b) => b.group === spec.group && b.kind === spec.names.kind)
  const labelled = policyTypeOfLabel(crd.metadata?.labels?.[POLICY_LABEL])
  const type = labelled ?? builtin?.type
  if (!type) return undefined
  return {
    group: spec.group,
    kind: spec.names.kind,
    resource: typeof spec.names.plural === 'string' ? spec.names.plural : '',
    type,
    namespaced: spec.scope !== 'Cluster',
    crd,
  }
}

/** Policy kinds from a set of CRDs, sorted by group then kind, one per group/kind. */
export function policyKindsFromCrds(crds: CustomResourceDefinition[]): PolicyKind[] {
  const seen = new Map<string, PolicyKind>()
  for (const crd of crds) {
    const pk = policyKindOfCrd(crd)
    if (pk) seen.set(`${pk.group}/${pk.kind}`, pk)
  }
  return [...seen.values()].sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind))
}

/**
 * Every policy kind the engine should look at: those the source recorded, those whose CRDs are in the
 * snapshot, and the built-in kinds whose instances are present without their CRD (files).
 */
export function policyKindsOf(snapshot: Snapshot): PolicyKind[] {
  const seen = new Map<string, PolicyKind>()
  const add = (pk: PolicyKind): void => {
    const key = `${pk.group}/${pk.kind}`
    if (!seen.has(key)) seen.set(key, pk)
  }
  for (const pk of snapshot.policyKinds) add(pk)
  for (const pk of policyKindsFromCrds(snapshot.crds())) add(pk)
  for (const b of BUILTIN_POLICY_KINDS) {
    if (seen.has(`${b.group}/${b.kind}`) || snapshot.list(b.group, b.kind).length === 0) continue
    const resource = typeForKind(b.group, b.kind)?.refs.find((r) => r.group === b.group && r.kind === b.kind)?.resource ?? ''
    add({group: b.group, kind: b.kind, resource, type: b.type, namespaced: true})
  }
  return [...seen.values()].sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind))
}

/**
 * Whether `name` (as a user types a resource type: case-insensitive plural, singular, Kind or short
 * name, each optionally followed by `.group` or `.version.group`) names this policy kind. Kinds known
 * only from instances in files (no CRD, `resource` empty) answer to their Kind and, since they all end
 * in "Policy" (file-policies.ts), to the plural Kubernetes gives such a name ("...policies").
 */
export function policyKindNamed(pk: PolicyKind, name: string): boolean {
  const wanted = name.toLowerCase()
  const {plural, kind, singular, shortNames} = policyKindNames(pk)
  const bases = [plural, kind, singular, ...shortNames].filter((n) => n !== '')
  const group = pk.group.toLowerCase()
  const versions = versionNames(pk.crd)
  return bases.some((b) => wanted === b || wanted === `${b}.${group}` || versions.some((v) => wanted === `${b}.${v}.${group}`))
}

/** The lower-case words a policy kind answers to as a type (shell completion offers them too); '' when unknown. */
export function policyKindNames(pk: PolicyKind): {plural: string; kind: string; singular: string; shortNames: string[]} {
  const names = pk.crd?.spec?.names
  const kind = pk.kind.toLowerCase()
  const plural = pk.resource || (kind.endsWith('policy') ? `${kind.slice(0, -1)}ies` : '')
  const singular = typeof names?.singular === 'string' ? names.singular : ''
  const shortNames = (Array.isArray(names?.shortNames) ? names.shortNames : []).filter((n): n is string => typeof n === 'string' && n !== '')
  return {plural: plural.toLowerCase(), kind, singular: singular.toLowerCase(), shortNames: shortNames.map((n) => n.toLowerCase())}
}

function versionNames(crd: CustomResourceDefinition | undefined): string[] {
  const versions: unknown = crd?.spec?.versions
  return Array.isArray(versions) ? versions.flatMap((v) => (typeof v?.name === 'string' ? [v.name.toLowerCase()] : [])) : []
}

/** The policy kinds of a snapshot that `name` names (usually one; several when groups share a Kind). */
export function policyKindsNamed(snapshot: Snapshot, name: string): PolicyKind[] {
  return policyKindsOf(snapshot).filter((pk) => policyKindNamed(pk, name))
}
