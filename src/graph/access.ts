// Defensive readers. Every field of every input object may be missing or of the wrong type (hand-written
// files, CRD versions v1.1..v1.6); the engine reads through these so that bad input yields "not set"
// instead of an exception.

import {isRecord} from '../model/guards.js'

export type Obj = Record<string, unknown>

export const isObj: (v: unknown) => v is Obj = isRecord

export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined
}

/** The value when it is an array, else an empty array. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

/** A string, or undefined (empty strings are kept: `group: ""` is meaningful). */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** A non-empty string, or undefined. */
export function name(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** An integer, or undefined (a port written as "80" is not a port). */
export function int(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined
}

/** Only the string-valued entries of a map (labels, annotations). */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!isObj(v)) return out
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val
  return out
}

/** `spec` of an object, or an empty object. */
export function specOf(o: {spec?: unknown}): Obj {
  return obj(o.spec) ?? {}
}

/** The object's namespace ('' for cluster-scoped or broken metadata). */
export function nsOf(o: {metadata?: unknown}): string {
  return str(obj(o.metadata)?.namespace) ?? ''
}

export function nameOf(o: {metadata?: unknown}): string {
  return str(obj(o.metadata)?.name) ?? ''
}

export function generationOf(o: {metadata?: unknown}): number | undefined {
  return int(obj(o.metadata)?.generation)
}

/**
 * A value of unknown type as plain text: a string as it is, nothing as '', anything else as JSON. Never
 * throws, unlike String() and template literals, which do on an object whose `toString` is not a
 * function (`{"toString": null}` in a file).
 */
export function plain(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined ? '' : show(v)
}

/** For display of a value of unknown type in a sentence. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (v === undefined) return 'nothing'
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}
