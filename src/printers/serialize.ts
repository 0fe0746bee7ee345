// JSON and YAML as kubectl prints them: keys sorted (kubectl prints unstructured objects, Go maps
// marshal sorted), JSON indented by four spaces, YAML with block sequences at their parent's indent.
//
// Both serializers already escape most control characters, but not all: JSON.stringify leaves DEL,
// the C1 controls (U+0080-U+009F, CSI among them), the bidi controls and U+2028/U+2029 raw, and the
// `yaml` package quotes strings holding DEL or C1 characters yet writes them raw inside the quotes and
// leaves bidi controls plain. Those characters are escaped here; the result parses back to the same
// values.

import {yaml} from '../yaml-libraries.js'

// What both serializers may leave raw that a terminal would act on.
const RAW_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
// A tab or carriage return is left raw in a plain or block scalar; only double quotes escape them.
const NEEDS_DOUBLE_QUOTES = new RegExp(`[\\t\\r]|${RAW_UNSAFE.source}`)

function hex4(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
}

/**
 * A copy with every object's keys in byte order (Go's map order). Cycles cannot occur in parsed input.
 * Keys are defined, not assigned: assigning a parsed `__proto__` key would set the copy's prototype
 * and drop the key from the output.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null || value instanceof Date) return value
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(keys.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]))
}

// Go's encoder escapes these for safe embedding in HTML; kubectl's JSON shows them so.
const HTML: Record<string, string> = {'<': '\\u003c', '>': '\\u003e', '&': '\\u0026'}

/** kubectl `-o json`. */
export function toJson(value: unknown): string {
  const json = JSON.stringify(sortKeys(value), null, 4) ?? 'null'
  // Outside strings JSON text is only ASCII punctuation, digits and literals, so every character
  // matched below sits inside a string, where \uXXXX is a valid escape.
  return json.replace(RAW_UNSAFE, hex4).replace(/[<>&]/g, (c) => HTML[c]) + '\n'
}

/** Go's json.Marshal of a value, as kubectl's JSONPath prints maps and lists: compact, keys sorted. */
export function toCompactJson(value: unknown): string {
  const json = JSON.stringify(sortKeys(value)) ?? 'null'
  return json.replace(RAW_UNSAFE, hex4).replace(/[<>&]/g, (c) => HTML[c])
}

/** kubectl `-o yaml`. */
export function toYaml(value: unknown): string {
  const {Document, visit} = yaml()
  const doc = new Document(sortKeys(value))
  // Double quotes are the only YAML style with escapes; force them where an escape will be needed.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && NEEDS_DOUBLE_QUOTES.test(node.value)) node.type = 'QUOTE_DOUBLE'
    },
  })
  // A newline inside a quoted string stays `\n` rather than being folded onto the next line.
  const text = doc.toString({indentSeq: false, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER})
  // Every remaining raw occurrence is inside a double-quoted scalar, where \uXXXX is an escape.
  return text.replace(RAW_UNSAFE, hex4)
}
