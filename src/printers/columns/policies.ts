// Policies (GEP-713) of any kind, and the CRDs that define policy kinds.

import {kindKey} from '../../model/snapshot.js'
import type {CustomResourceDefinition, K8sObject} from '../../model/types.js'
import {policyKindOfCrd} from '../../policy/kinds.js'
import {groupOfObject, isRecord, list, namespaceOf, record, shortKind, spec, text, unique} from '../fields.js'
import {AGE, formatTargetRef} from './common.js'
import type {Column, TypeColumns} from './types.js'

/** Every target of a policy, from `targetRef` and `targetRefs`, in order, without repeats. */
export function targetsOf(policy: K8sObject): string[] {
  const s = spec(policy)
  const own = namespaceOf(policy)
  return unique([s.targetRef, ...list(s.targetRefs)].map((r) => formatTargetRef(r, own)))
}

export function policyColumns(opts: {kindColumn: boolean}): TypeColumns {
  const after: Column[] = []
  if (opts.kindColumn) after.push({header: 'KIND', value: (o) => shortKind(groupOfObject(o), text(o.kind))})
  after.push(
    {header: 'TARGETS', value: (o) => targetsOf(o).join(',')},
    {header: 'POLICY TYPE', value: (o, ctx) => ctx.policyTypes.get(kindKey(groupOfObject(o), text(o.kind))) ?? ''},
    AGE,
  )
  return {before: [], after}
}

export function policyCrdColumns(): TypeColumns {
  const names = (o: K8sObject): Record<string, unknown> => record(spec(o).names)
  return {
    before: [],
    after: [
      {header: 'GROUP', value: (o) => text(spec(o).group)},
      {header: 'KIND', value: (o) => text(names(o).kind)},
      {
        header: 'POLICY TYPE',
        value: (o) => (isRecord(o.spec) ? (policyKindOfCrd(o as CustomResourceDefinition)?.type ?? '') : ''),
      },
      {header: 'SCOPE', value: (o) => text(spec(o).scope)},
      AGE,
    ],
  }
}
