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

/** How many settings the VALUES column shows before saying how many more there are. */
const SHOWN_VALUES = 6

/**
 * A policy's settings as `path=value` pairs (`default.request=30s,override.idle=5m`): every leaf of its
 * spec except the targets, in document order. Lists are shown as JSON.
 */
export function policyValues(policy: K8sObject): string {
  const out: string[] = []
  const walk = (v: unknown, path: string): void => {
    if (isRecord(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k)
    } else {
      out.push(`${path}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    }
  }
  for (const [k, v] of Object.entries(spec(policy))) if (k !== 'targetRef' && k !== 'targetRefs') walk(v, k)
  return out.length > SHOWN_VALUES ? `${out.slice(0, SHOWN_VALUES).join(',')},+${out.length - SHOWN_VALUES} more` : out.join(',')
}

/** `values`: a VALUES column (tables of one vendor policy kind, whose settings kubectl-gw cannot know). */
export function policyColumns(opts: {kindColumn: boolean; values?: boolean}): TypeColumns {
  const after: Column[] = []
  if (opts.kindColumn) after.push({header: 'KIND', value: (o) => shortKind(groupOfObject(o), text(o.kind))})
  after.push(
    {header: 'TARGETS', value: (o) => targetsOf(o).join(',')},
    {header: 'POLICY TYPE', value: (o, ctx) => ctx.policyTypes.get(kindKey(groupOfObject(o), text(o.kind))) ?? ''},
  )
  if (opts.values) after.push({header: 'VALUES', value: (o) => policyValues(o)})
  after.push(AGE)
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
