// Text from a cluster or a file ends up on a terminal. A name holding ESC can move the cursor or
// recolour the screen, a newline can forge a table row, and a bidi override can make `evil` read as
// `live`; so every such character is printed as a visible escape instead. Ordinary non-ASCII text
// (accents, CJK, emoji) is left alone.

// C0 controls, DEL, C1 controls, the Unicode bidi controls (LRM/RLM/ALM, embeddings, overrides,
// isolates), the line and paragraph separators, and unpaired surrogates (which cannot be encoded).
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

const NAMED: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}

function visible(ch: string): string {
  const named = NAMED[ch]
  if (named) return named
  const code = ch.charCodeAt(0)
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** Renders control, bidi and separator characters as `\n`, `\x1b`, `\u202e`..., leaving the rest. */
export function escapeControl(s: string): string {
  return s.replace(UNSAFE, visible)
}

const UNSAFE_ONE = new RegExp(UNSAFE.source)

/** Whether escapeControl would change `s`. */
export function hasControl(s: string): boolean {
  return UNSAFE_ONE.test(s)
}
