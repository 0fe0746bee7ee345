// Defensive readers for the untyped parts of policy objects. Policy specs are vendor-defined, so
// nothing past `metadata.name` can be trusted to have the type its name suggests.

import {isRecord} from '../model/guards.js'

export type JsonObject = Record<string, unknown>

/** A JSON object (not an array, not null). */
export const isObject: (value: unknown) => value is JsonObject = isRecord

/** A non-empty string, or undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** Structural equality of JSON values; key order of objects does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a)
    if (ka.length !== Object.keys(b).length) return false
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]))
  }
  return false
}

/**
 * Milliseconds since the epoch of a `creationTimestamp`, or undefined when it is missing or not a date.
 * Objects without a timestamp (typically hand-written files) rank as the newest: they do not exist in
 * the cluster yet, so anything that does was created before them.
 */
export function timestampOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/

/**
 * A field path as printed: dotted (`sessionPersistence.idleTimeout`), with keys that would be ambiguous
 * in dotted form (`example.com/option`, empty keys) written as `["..."]`.
 */
export function formatPath(path: readonly string[]): string {
  let out = ''
  for (const key of path) {
    if (PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(key)}]`
  }
  return out
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
