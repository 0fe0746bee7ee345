// Message text for problems found in input files. Each entry of snapshot.errors/warnings must stay on
// one line, yet it quotes file names, kinds and names taken from the input, any of which may hold a
// newline or a terminal escape; those are rendered visibly here so a message cannot forge lines.

import {escapeControl} from '../printers/escape.js'

/** Where a problem was found: a file, optionally a document and a path inside a List. */
export interface Place {
  file: string
  document?: number
  /** `items[2]` or `items[0].items[1]` for objects unwrapped from Lists. */
  item?: string
}

/**
 * Makes text safe to print on one line: the printers' escaping (controls, bidi marks, line and
 * paragraph separators, lone surrogates), so that a message is escaped exactly as a table cell is.
 */
export const oneLine: (text: string) => string = escapeControl

/** Collapses a multi-line message from a parser into one line, then makes it safe. */
export function flatten(text: string): string {
  return oneLine(text.replace(/\s*\n\s*/g, ' ').trim())
}

export function formatPlace(place: Place): string {
  const inner: string[] = []
  if (place.document !== undefined) inner.push(`document ${place.document}`)
  if (place.item) inner.push(place.item)
  return inner.length > 0 ? `${place.file} (${inner.join(', ')})` : place.file
}

/** `error: FILE (document N): MESSAGE`, on one line. */
export function errorAt(place: Place, message: string): string {
  return oneLine(`error: ${formatPlace(place)}: ${message}`)
}
