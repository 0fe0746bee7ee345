// `from: Same | All | Selector (| None)` namespace admission, shared by listeners'
// `allowedRoutes.namespaces` (semantics.md §1.5) and Gateways' `allowedListeners.namespaces` (§1.13).
//
// Selectors are evaluated against the Namespace's labels as the API server has them; Kubernetes sets
// `kubernetes.io/metadata.name` on every Namespace, and `snapshot.namespaceLabels()` synthesizes it when
// the input has no Namespace object. Files: the Namespace objects given are all there are, so a missing
// one has that label only (a note says so) and the verdict stands. Cluster with Namespaces unreadable
// (403): a selector that looks at other labels cannot be decided either way; admission is assumed and
// the Admission carries `unverified`. One on the name label alone still decides (it is always set).

import type {Snapshot} from '../model/snapshot.js'
import type {LabelSelector} from '../model/types.js'
import {formatSelector, matchesLabelSelector, type Requirement} from '../selectors/labels.js'
import {arr, obj, plain, str} from './access.js'
import {couldNotRead} from './verify.js'

export interface FromPolicy {
  /** With the default applied. */
  from: string
  selector?: LabelSelector
  /** Set when nothing can be admitted because of the policy itself. */
  problem?: string
}

/**
 * Reads `{from, selector}`. `allowNone` is true for allowedListeners (where `None` is the default and a
 * valid value) and false for allowedRoutes (default `Same`; `None` is not in its enum).
 */
export function readFromPolicy(raw: unknown, allowNone: boolean): FromPolicy {
  const o = obj(raw)
  const from = str(o?.from) ?? (allowNone ? 'None' : 'Same')
  const valid = allowNone ? ['All', 'Same', 'Selector', 'None'] : ['All', 'Same', 'Selector']
  if (!valid.includes(from)) {
    return {from, problem: `from: ${JSON.stringify(from)}, which is not one of ${valid.join(', ')}, so it admits no namespace`}
  }
  if (from !== 'Selector') return {from}
  const sel = obj(o?.selector)
  if (!sel) return {from, problem: 'from: Selector without a selector, so it admits no namespace'}
  const selector: LabelSelector = {}
  const ml = obj(sel.matchLabels)
  if (ml) {
    selector.matchLabels = {}
    for (const [k, v] of Object.entries(ml)) selector.matchLabels[k] = plain(v)
  }
  const exprs = arr(sel.matchExpressions)
  if (exprs.length > 0) {
    selector.matchExpressions = exprs.map((e) => {
      const x = obj(e) ?? {}
      return {key: str(x.key) ?? '', operator: str(x.operator) ?? '', values: arr(x.values).map(plain)}
    })
  }
  if (matchesLabelSelector(selector, {}) === undefined) {
    const bad = selector.matchExpressions?.find((e) => !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator))
    return {from, selector, problem: `selector with the unknown operator ${JSON.stringify(bad?.operator ?? '')}, so it admits no namespace`}
  }
  return {from, selector}
}

export interface Admission {
  /** With `unverified` set: assumed (true). */
  allowed: boolean
  /**
   * Set when the answer depends on labels that could not be read (Namespaces unreadable): the
   * namespace is assumed admitted, and this is the reason. Never set for files.
   */
  unverified?: string
  /** Set when the namespace is not admitted: a predicate for the owner ("admits only ..."). */
  why?: string
  /** Set when the namespace is not admitted: what to change, one imperative sentence. */
  fix?: string
  notes: string[]
}

/** Whose admission is decided: routes by a listener, or ListenerSets by a Gateway. */
export interface Subject {
  /** `routes` or `ListenerSets`. */
  what: string
  /** `allowedRoutes.namespaces` or `allowedListeners.namespaces`. */
  field: string
}

export function admitNamespace(policy: FromPolicy, ownerNs: string, candidateNs: string, snapshot: Snapshot, subject: Subject): Admission {
  const {what, field} = subject
  if (policy.problem) return {allowed: false, why: `sets ${field}.${policy.problem}`, fix: `Fix ${field}.`, notes: []}
  switch (policy.from) {
    case 'All':
      return {allowed: true, notes: []}
    case 'None':
      return {
        allowed: false,
        why: `allows no ${what} from any namespace (${field}.from: None, the default)`,
        fix: `Set ${field}.from to Same, Selector or All.`,
        notes: [],
      }
    case 'Same':
      return candidateNs === ownerNs
        ? {allowed: true, notes: []}
        : {
            allowed: false,
            why: `allows ${what} only from its own namespace ${JSON.stringify(ownerNs)} (${field}.from: Same); namespace ${JSON.stringify(candidateNs)} is another one`,
            fix: `Move it to ${JSON.stringify(ownerNs)} or set ${field}.from to Selector or All.`,
            notes: [],
          }
  }
  const selector = policy.selector ?? {}
  const labels = snapshot.namespaceLabels(candidateNs)
  const notes: string[] = []
  const present = snapshot.find('', 'Namespace', undefined, candidateNs) !== undefined
  if (!present && !snapshot.readable('', 'Namespace')) {
    // Only the name label is known. A requirement on it alone can still reject for certain.
    const known = onlyKey(selector, NAME_LABEL)
    const decided = matchesLabelSelector(known, labels) === false || sameSelector(known, selector)
    if (!decided) {
      const unverified = couldNotRead('Namespace')
      return {
        allowed: true,
        unverified,
        notes: [
          `${field} selects namespaces by labels (${describeSelector(selector)}) and the labels of namespace ${JSON.stringify(candidateNs)} could not be checked because ${unverified}; admission is assumed`,
        ],
      }
    }
  } else if (!present) {
    notes.push(`Namespace ${JSON.stringify(candidateNs)} is not in the input, so only its kubernetes.io/metadata.name label is known`)
  }
  if (matchesLabelSelector(selector, labels) === true) return {allowed: true, notes}
  return {
    allowed: false,
    why: `allows ${what} from namespaces with labels ${describeSelector(selector)}; namespace ${JSON.stringify(candidateNs)} has ${describeLabels(selector, labels)}`,
    fix: `Add the label to the namespace or change ${field}.`,
    notes,
  }
}

/** Set by Kubernetes (>= 1.22) on every Namespace: the one label known without reading Namespaces. */
const NAME_LABEL = 'kubernetes.io/metadata.name'

/** The requirements of `s` on `key` alone. */
function onlyKey(s: LabelSelector, key: string): LabelSelector {
  const out: LabelSelector = {}
  if (s.matchLabels && Object.prototype.hasOwnProperty.call(s.matchLabels, key)) out.matchLabels = {[key]: s.matchLabels[key]}
  const exprs = (s.matchExpressions ?? []).filter((e) => e.key === key)
  if (exprs.length > 0) out.matchExpressions = exprs
  return out
}

function sameSelector(a: LabelSelector, b: LabelSelector): boolean {
  return Object.keys(a.matchLabels ?? {}).length === Object.keys(b.matchLabels ?? {}).length && (a.matchExpressions ?? []).length === (b.matchExpressions ?? []).length
}

/** `env=prod,tier in (a,b)`: kubectl's selector syntax. */
export function describeSelector(s: LabelSelector): string {
  const reqs: Requirement[] = []
  for (const [key, value] of Object.entries(s.matchLabels ?? {})) reqs.push({key, op: '=', values: [value]})
  for (const e of s.matchExpressions ?? []) {
    const op = ({In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!'} as const)[e.operator as 'In']
    if (op) reqs.push({key: e.key, op, values: e.values ?? []})
  }
  return reqs.length === 0 ? '(any)' : formatSelector(reqs)
}

/** The namespace's values for the keys the selector looks at. */
function describeLabels(s: LabelSelector, labels: Record<string, string>): string {
  const keys = [...new Set([...Object.keys(s.matchLabels ?? {}), ...(s.matchExpressions ?? []).map((e) => e.key)])]
  const parts = keys.map((k) => (Object.prototype.hasOwnProperty.call(labels, k) ? `${k}=${plain(labels[k])}` : `no ${k} label`))
  return parts.length === 0 ? 'no labels' : parts.join(', ')
}
