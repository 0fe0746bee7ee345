// Message text for problems found in input files. Each entry of snapshot.errors/warnings must stay on
// one line, yet it quotes file names, kinds and names taken from the input, any of which may hold a
// newline or a terminal escape; those are rendered visibly here so a message cannot forge lines.

/** Where a problem was found: a file, optionally a document and a path inside a List. */
export interface Place {
  file: string
  document?: number
  /** `items[2]` or `items[0].items[1]` for objects unwrapped from Lists. */
  item?: string
}

// C0 and C1 controls, DEL, and the Unicode bidi controls that reorder text on a terminal.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

function visible(ch: string): string {
  if (ch === '\n') return '\\n'
  if (ch === '\r') return '\\r'
  if (ch === '\t') return '\\t'
  const code = ch.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** Makes text safe to print on one line. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, visible)
}

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
