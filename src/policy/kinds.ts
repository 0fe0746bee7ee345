// Which kinds are policies (GEP-713): CRDs labelled `gateway.networking.k8s.io/policy`, plus the
// Gateway API's own policy kinds, whose CRDs are not always labelled (BackendLBPolicy never was).

import {BUILTIN_POLICY_KINDS} from '../model/resources.js'
import type {PolicyKind} from '../model/snapshot.js'
import {CustomResourceDefinition, POLICY_LABEL} from '../model/types.js'

/**
 * The policy type a CRD declares through its label, compared case-insensitively (the GEP text says
 * `direct`/`inherited`, the shipped CRDs `Direct`/`Inherited`; gwctl also takes `true` as Direct).
 */
export function policyTypeOfLabel(value: string | undefined): 'Direct' | 'Inherited' | undefined {
  switch (value?.toLowerCase()) {
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
  if (!spec?.group || !spec.names?.kind) return undefined
  const builtin = BUILTIN_POLICY_KINDS.find((b) => b.group === spec.group && b.kind === spec.names.kind)
  const labelled = policyTypeOfLabel(crd.metadata.labels?.[POLICY_LABEL])
  const type = labelled ?? builtin?.type
  if (!type) return undefined
  return {
    group: spec.group,
    kind: spec.names.kind,
    resource: spec.names.plural ?? '',
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
