// Kubernetes field selectors (`--field-selector metadata.name=web,metadata.namespace!=kube-system`),
// limited to the two fields every resource type supports on the API server: metadata.name and
// metadata.namespace. Syntax as k8s.io/apimachinery/pkg/fields: comma-separated terms (ANDed), each
// `field=value`, `field==value` or `field!=value`; a backslash escapes `,`, `=`, `!` and itself.

import type {K8sObject} from '../model/types.js'
import {SelectorError} from './labels.js'

export const SUPPORTED_FIELDS = ['metadata.name', 'metadata.namespace'] as const
export type SelectableField = (typeof SUPPORTED_FIELDS)[number]

export interface FieldRequirement {
  field: SelectableField
  /** true for `=`/`==`, false for `!=`. */
  equal: boolean
  value: string
}

/** Splits on commas that are not escaped. */
function terms(input: string): string[] {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < input.length; i++) {
    const c = input[i]
    if (c === '\\' && i + 1 < input.length) {
      cur += c + input[++i]
    } else if (c === ',') {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out
}

function unescape(s: string): string | undefined {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      out += s[i]
      continue
    }
    const next = s[++i]
    if (next !== '\\' && next !== ',' && next !== '=' && next !== '!') return undefined
    out += next
  }
  return out
}

/** The first unescaped operator of a term, as the API server splits it. */
function splitTerm(term: string): [string, string, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++
      continue
    }
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)]
    }
  }
  return undefined
}

/** Parses a field selector; throws a SelectorError in the API server's words. Empty selects everything. */
export function parseFieldSelector(input: string): FieldRequirement[] {
  const out: FieldRequirement[] = []
  for (const term of terms(input)) {
    if (term === '') continue
    const split = splitTerm(term)
    const value = split && unescape(split[2])
    if (!split || value === undefined) throw new SelectorError(`invalid selector: '${input}'; can't understand '${term}'`)
    const field = split[0]
    if (!(SUPPORTED_FIELDS as readonly string[]).includes(field)) {
      throw new SelectorError(`"${field}" is not a known field selector: only ${SUPPORTED_FIELDS.map((f) => `"${f}"`).join(', ')}`)
    }
    out.push({field: field as SelectableField, equal: split[1] !== '!=', value})
  }
  return out
}

function fieldValue(obj: K8sObject, field: SelectableField): string {
  const v: unknown = field === 'metadata.name' ? obj.metadata?.name : obj.metadata?.namespace
  return typeof v === 'string' ? v : ''
}

/** Whether obj satisfies every requirement (a cluster-scoped object's namespace is empty). */
export function matchesFields(reqs: readonly FieldRequirement[], obj: K8sObject): boolean {
  return reqs.every((r) => (fieldValue(obj, r.field) === r.value) === r.equal)
}
