// How kubectl prints what a JSONPath template found: `-o jsonpath` writes each value as Go's fmt
// prints it (maps and lists as compact JSON), values of one action separated by a space;
// `-o jsonpath-as-json` writes each action's values as an indented JSON array; custom-columns write
// Go's %v (`map[k:v]`, `[a b]`). Values read from objects have control characters escaped; text
// written in the template (`{"\n"}`) is printed as given.

import {isRecord} from '../model/guards.js'
import {escapeControl} from './escape.js'
import {findResults, Literal, type EvalOptions, type Template} from './jsonpath.js'
import {toCompactJson, toJson} from './serialize.js'

/** Go's %v of a float64: shortest digits, exponent form below 1e-4 and from 1e6 (%e, two exponent digits at least). */
function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf'
  const [mantissa, exp] = v.toExponential().split('e')
  const e = Number(exp)
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  return String(v)
}

/** A decoded JSON number as Go prints it: integers as int64, the rest as float64. */
export function goNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) return BigInt(v).toString()
  return goFloat(v)
}

/** Go's %v of a decoded JSON value (custom-columns cells): `map[a:1 b:[x y]]`, `<nil>`. Not escaped. */
export function goValue(v: unknown): string {
  if (v instanceof Literal) return v.text
  if (v === null || v === undefined) return '<nil>'
  if (typeof v === 'string') return v
  if (typeof v === 'number') return goNumber(v)
  if (typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`
  if (isRecord(v)) {
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goValue(v[k])}`)
      .join(' ')}]`
  }
  return String(v)
}

/** One value as `-o jsonpath` prints it. */
function printed(v: unknown): string {
  if (v instanceof Literal) return v.text
  if (Array.isArray(v) || isRecord(v)) return toCompactJson(v)
  return escapeControl(goValue(v))
}

function plain(v: unknown): unknown {
  return v instanceof Literal ? v.text : v
}

/** `-o jsonpath=TEMPLATE` (or `-o jsonpath-as-json=`) applied to one object or List. */
export function printTemplate(template: Template, data: unknown, opts: EvalOptions & {asJson?: boolean} = {}): string {
  const results = findResults(template, data, opts)
  if (opts.asJson) return results.map((values) => toJson(values.map(plain))).join('')
  return results.map((values) => values.map(printed).join(' ')).join('')
}
