// kubectl's --sort-by=EXPR: objects ordered by the first value the JSONPath expression finds in each.
// Numbers compare as numbers; strings as Kubernetes quantities when both are one (`2Gi` < `10Gi`,
// `9` < `10`), otherwise byte-wise; objects where nothing is found come first. The sort is stable, as
// kubectl's is for the lists it prints. Maps, lists and booleans cannot be sorted (an error, as in
// kubectl).

import {UserError} from '../sources/request.js'
import {escapeControl} from './escape.js'
import {findResults, goTypeName, JsonPathError, Literal, parseTemplate, relaxedExpression, type Template} from './jsonpath.js'

const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
}

/** A Kubernetes quantity (`100m`, `1.5Gi`, `2e3`) as a number, or undefined when `s` is not one. */
export function parseQuantity(s: string): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(s)
  if (!m) return undefined
  const n = Number(m[1])
  if (m[2] !== undefined) return n * 10 ** Number(m[2].slice(1))
  return n * SUFFIX[m[3] ?? '']
}

export interface SortKey {
  /** The normalised expression (`{.metadata.name}`), for messages. */
  expression: string
  template: Template
}

/** Parses --sort-by (`.metadata.name`, `metadata.name`, `{.metadata.name}`). */
export function parseSortBy(expr: string): SortKey {
  try {
    const expression = relaxedExpression(expr)
    return {expression, template: parseTemplate(expression)}
  } catch (e) {
    if (e instanceof JsonPathError) throw new UserError(`error: --sort-by ${escapeControl(expr)}: ${escapeControl(e.message)}`)
    throw e
  }
}

const FOUND_NOTHING = Symbol('nothing found')

function firstValue(key: SortKey, obj: unknown): unknown {
  let results: unknown[][]
  try {
    results = findResults(key.template, obj, {allowMissingKeys: true})
  } catch (e) {
    if (e instanceof JsonPathError) throw new UserError(`error: --sort-by ${escapeControl(key.expression)}: ${escapeControl(e.message)}`)
    throw e
  }
  const v = results[0]?.[0]
  if (results.length === 0 || results[0].length === 0) return FOUND_NOTHING
  return v instanceof Literal ? v.text : v
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

/**
 * `items` sorted by the value `key` finds in `objectOf(item)`. Throws kubectl's error when no object
 * has the field, and when a value cannot be compared.
 */
export function sortBy<T>(items: readonly T[], key: SortKey, objectOf: (item: T) => unknown): T[] {
  if (items.length === 0) return []
  const keyed = items.map((item) => ({item, value: firstValue(key, objectOf(item))}))
  if (keyed.every((k) => k.value === FOUND_NOTHING)) {
    throw new UserError(`error: couldn't find any field with path "${escapeControl(key.expression)}" in the list of objects`)
  }
  const unsortable = (v: unknown) =>
    new UserError(`error: --sort-by ${escapeControl(key.expression)}: field of unsortable type ${goTypeName(v)}`)
  for (const {value} of keyed) {
    if (value === FOUND_NOTHING || value === null || typeof value === 'number' || typeof value === 'string') continue
    throw unsortable(value)
  }
  const compare = (a: unknown, b: unknown): number => {
    // Nothing found sorts first, then null (a nil interface), then the values.
    const rank = (v: unknown) => (v === FOUND_NOTHING ? 0 : v === null ? 1 : 2)
    if (rank(a) !== 2 || rank(b) !== 2) return rank(a) - rank(b)
    if (typeof a === 'number' && typeof b === 'number') return a - b
    if (typeof a === 'string' && typeof b === 'string') {
      const qa = parseQuantity(a)
      const qb = parseQuantity(b)
      if (qa !== undefined && qb !== undefined) return qa - qb
      return byteCompare(a, b)
    }
    // A number beside a string: kubectl stops with "unsortable interface".
    throw new UserError(`error: --sort-by ${escapeControl(key.expression)}: cannot compare ${goTypeName(a)} with ${goTypeName(b)}`)
  }
  return keyed.sort((x, y) => compare(x.value, y.value)).map((k) => k.item)
}
