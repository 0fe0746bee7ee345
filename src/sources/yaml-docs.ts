// Splits the text of one input file into documents, as kubectl does: text whose first non-blank
// character is `{` is a stream of JSON values, anything else is multi-document YAML. Each document
// that fails to parse is reported (one line, naming file and document) and skipped; the others load.

import {jsYaml, yaml} from '../yaml-libraries.js'
import {dropDocumentBookkeeping} from './bookkeeping.js'
import {errorAt, flatten} from './messages.js'
import {KUBECTL_PLAIN_TAG, kubectlJsYamlSchema} from './yaml-scalars.js'

/** A parsed, non-empty document; `document` is its 1-based position in the file. */
export interface ParsedDocument {
  document: number
  value: unknown
}

/** A document that could not be parsed, with its one-line `error: ...` message. */
export interface FailedDocument {
  document?: number
  error: string
}

export interface ParsedFile {
  /** In file order, so that messages come out in the order of the input. */
  documents: Array<ParsedDocument | FailedDocument>
}

/**
 * Bound on alias expansion (the `yaml` package's own measure, per anchor): a billion-laughs document
 * fails fast instead of producing an object graph that later printing or walking would explode.
 * Hand-written manifests that reuse a block a few dozen times stay well under it.
 */
export const MAX_ALIAS_COUNT = 100

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/**
 * Parses the decoded text of `file` (the name used in messages). `lean`: the fast YAML path drops each
 * document's bookkeeping (bookkeeping.ts) before it makes the value compact, so the copy never holds it;
 * the file source drops it from whatever the other paths read.
 */
export function parseManifestText(text: string, file: string, lean = false): ParsedFile {
  const body = withoutBom(text)
  return JSON_STREAM.test(body) ? parseJsonStream(body, file) : parseYamlStream(body, file, lean)
}

/** A byte order mark is invisible to the author; it must not decide between JSON and YAML. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

const JSON_STREAM = /^[ \t\r\n]*\{/

/**
 * What the fast reader must not see: anchors, aliases and merge keys (the `yaml` package bounds alias
 * expansion; js-yaml would hand back shared subtrees that printing expands without limit), tags and
 * directives (the two libraries resolve them differently). An anchor, alias or tag can only open a
 * node: at the start of a line (after indentation) or after one of `: - ? , [ {` and blanks. `&*!`
 * elsewhere (`hostname *.example.com` in a status message) is text. A false match only costs speed.
 * A `!` followed by a name (`!foo`, or a CEL rule `!has(self.x)` at the start of a line in a CRD's
 * block scalar) is left to js-yaml: its schema knows no local tags and refuses the text if that is a
 * tag, and the precise reader then reads it. Only `!!`, `!<...>` and a bare `!` (tags js-yaml would
 * resolve its own way) go to the precise reader directly. A `&` followed by a blank, a line break or
 * nothing names no anchor (js-yaml refuses it; the precise reader then answers), and `&&` is not
 * looked at (a CEL rule's continuation line in a quoted scalar): as an anchor its name would start
 * with `&`, and only an alias `*&...` could use it. Other `*` are left to js-yaml (a Markdown list
 * `* Gateway` or `*all*` in a CRD's description, `[*]` in a JSONPath): every anchor it could resolve
 * an alias to sends the text here, and js-yaml refuses an alias to an anchor it has not seen.
 */
export const NEEDS_PRECISE_READER = /(?:^|[:?,[{-])[ \t]*(?:&(?=[^ \t\r\n&])|\*&|!(?![^!<\s]))|<<|^%/m

/** After `!`: what makes it a tag js-yaml resolves by itself (`!!str`, `!<tag:...>`, the bare `!`). */
const TAG_RESOLVED_BY_READER = /[!<\s]/

/** What ends an anchor name for js-yaml right after `&`: no name at all. */
const NOT_A_NAME = new Set([' ', '\t', '\n', '\r'])

const NODE_OPENERS = new Set([':', '?', ',', '[', '{', '-', '\n', '\r', '\u2028', '\u2029'])

/**
 * NEEDS_PRECISE_READER.test(text), five times faster on large files (62 MB: 150 -> 30 ms): the
 * regular expression tries its alternatives at every position; this looks only at each `&`, `*`
 * and `!` and what precedes it. test/sources/yaml-docs.test.ts checks that the two agree.
 */
export function needsPreciseReader(text: string): boolean {
  if (text.includes('<<') || /^%/m.test(text)) return true
  for (const mark of ['&', '*', '!']) {
    for (let i = text.indexOf(mark); i !== -1; i = text.indexOf(mark, i + 1)) {
      let j = i - 1
      while (j >= 0 && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j--
      if (mark === '!' && i + 1 < text.length && !TAG_RESOLVED_BY_READER.test(text[i + 1])) continue
      if (mark === '&' && (i + 1 === text.length || NOT_A_NAME.has(text[i + 1]) || text[i + 1] === '&')) continue
      if (mark === '*' && text[i + 1] !== '&') continue
      if (j < 0 || NODE_OPENERS.has(text[j])) return true
    }
  }
  return false
}

/**
 * Multi-document YAML, as fast as it can be read. js-yaml is about seven times faster than `yaml` on
 * large manifests (measured: 23,500 documents, 0.57 s against 3.9 s) and gives the same values for
 * plain documents, both resolving plain scalars as kubectl does (yaml-scalars.ts); `yaml` stays for everything else because it recovers
 * per document and reports exact positions. A js-yaml failure is never reported as is: the file is
 * read again by the precise path, which reports it (or accepts a construct js-yaml refuses, such as a
 * complex key).
 */
function parseYamlStream(text: string, file: string, lean: boolean): ParsedFile {
  const parsed = (needsPreciseReader(text) ? undefined : parseYamlFast(text, lean)) ?? parseYamlPrecise(text, file)
  return NON_JSON_NUMBER.test(text) ? refuseNonJsonNumbers(parsed, file) : parsed
}

/**
 * kubectl converts each manifest to JSON, which has no NaN or infinities: a document with `.nan` or
 * `.inf` is refused with Go's words (`json: unsupported value: NaN`).
 */
function refuseNonJsonNumbers(parsed: ParsedFile, file: string): ParsedFile {
  const documents = parsed.documents.map((d) => {
    if (!('value' in d)) return d
    const bad = nonJsonNumber(d.value, 0)
    if (bad === undefined) return d
    const shown = Number.isNaN(bad) ? 'NaN' : bad > 0 ? '+Inf' : '-Inf'
    return {document: d.document, error: errorAt({file, document: d.document}, `error converting YAML to JSON: json: unsupported value: ${shown}`)}
  })
  return {documents}
}

function nonJsonNumber(v: unknown, depth: number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : v
  if (v === null || typeof v !== 'object' || depth > MAX_JSON_DEPTH) return undefined
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const bad = nonJsonNumber(x, depth + 1)
    if (bad !== undefined) return bad
  }
  return undefined
}

/**
 * js-yaml's values hold on to the text they came from (its strings are slices of the file, so every
 * file read stays in memory whole) and its objects are bulkier than JSON.parse's. A JSON round trip
 * gives the same values in under half the memory (measured: 62 MB of YAML, heap 199 -> 84 MB, for
 * 0.7 s more), and everything after parsing runs on a smaller heap. JSON has no NaN or infinities:
 * a file that may spell one (`.nan`, `.inf`) keeps js-yaml's values.
 */
const NON_JSON_NUMBER = /\.(?:nan|inf)\b/i

/**
 * What a parsing worker sends back (yaml-pool.ts): the documents of a YAML file that the fast path
 * reads and JSON can carry, as the JSON text of `[[documentNumber, value], ...]`; undefined for
 * everything else (a JSON stream, text for the precise reader, a js-yaml failure, `.nan`/`.inf`),
 * which the main thread then reads with parseManifestText as usual.
 */
export function fastDocumentsJson(text: string, lean = false): string | undefined {
  const body = withoutBom(text)
  if (JSON_STREAM.test(body) || NON_JSON_NUMBER.test(body) || needsPreciseReader(body)) return undefined
  const documents = loadFast(body, lean ? withoutBookkeeping : undefined)
  return documents && JSON.stringify(documents)
}

function withoutBookkeeping(value: unknown): unknown {
  dropDocumentBookkeeping(value)
  return value
}

/** The fast path: undefined when js-yaml refuses the text. */
export function parseYamlFast(text: string, lean = false): ParsedFile | undefined {
  const compact = !NON_JSON_NUMBER.test(text)
  const each = (value: unknown) => {
    if (lean) dropDocumentBookkeeping(value)
    return compact ? JSON.parse(JSON.stringify(value)) : value
  }
  const documents = loadFast(text, compact || lean ? each : undefined)
  return documents && {documents: documents.map(([document, value]) => ({document, value}))}
}

/**
 * js-yaml's non-empty documents as [documentNumber, value] (passed through `each` as they come, while
 * js-yaml's own value can still be dropped), or undefined when js-yaml refuses the text.
 */
function loadFast(text: string, each?: (value: unknown) => unknown): Array<[number, unknown]> | undefined {
  const documents: Array<[number, unknown]> = []
  let n = 0
  const lib = jsYaml()
  try {
    lib.loadAll(
      text,
      (value) => {
        n++
        if (value !== null && value !== undefined) documents.push([n, each ? each(value) : value])
      },
      {schema: kubectlJsYamlSchema(lib)},
    )
  } catch {
    return undefined
  }
  return documents
}

/** The precise path: per-document errors with line and column, bounded alias expansion. */
export function parseYamlPrecise(text: string, file: string): ParsedFile {
  const documents: ParsedFile['documents'] = []
  const {LineCounter, parseAllDocuments} = yaml()
  const lineCounter = new LineCounter()
  let docs: ReturnType<typeof parseAllDocuments>
  try {
    // Merge keys (`<<`) are YAML 1.1, but kubectl's YAML reader accepts them, so manifests use them.
    // Plain scalars as kubectl resolves them (yaml-scalars.ts): its tag is tried before the core schema's.
    docs = parseAllDocuments(text, {lineCounter, prettyErrors: false, merge: true, customTags: (tags) => [KUBECTL_PLAIN_TAG, ...tags]})
  } catch (e) {
    // The parser reports problems per document; a throw means something like a stack overflow on
    // absurd nesting, which spoils the whole file.
    documents.push({error: errorAt({file}, `YAML error: ${flatten(message(e))}`)})
    return {documents}
  }
  docs.forEach((doc, i) => {
    const place = {file, document: i + 1}
    const err = doc.errors[0]
    if (err) {
      const {line, col} = lineCounter.linePos(err.pos[0])
      documents.push({document: i + 1, error: errorAt(place, `YAML syntax error at line ${line}, column ${col}: ${flatten(err.message)}`)})
      return
    }
    let value: unknown
    try {
      value = doc.toJS({maxAliasCount: MAX_ALIAS_COUNT})
    } catch (e) {
      documents.push({document: i + 1, error: errorAt(place, `YAML error: ${flatten(message(e))}`)})
      return
    }
    // Empty and comment-only documents (and an explicit `null`) are skipped silently, like kubectl.
    if (value !== null && value !== undefined) documents.push({document: i + 1, value})
  })
  return {documents}
}

/**
 * JSON.parse copes with any nesting, but everything that later walks the value recursively (printers,
 * engines) would overflow the stack; YAML's parser refuses far less already.
 */
export const MAX_JSON_DEPTH = 1000

/**
 * Start and end offsets, and the deepest bracket nesting, of the top-level values of a JSON stream
 * (`{...}{...}`, as kubectl accepts). Brackets inside strings are ignored; a value that does not
 * start with a bracket, or that never closes, runs to the end of the text so that JSON.parse reports
 * it.
 */
export function splitJsonValues(text: string): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = []
  const n = text.length
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++
      continue
    }
    const start = i
    if (c !== 0x7b && c !== 0x5b) {
      out.push([start, n, 0])
      break
    }
    let depth = 0
    let deepest = 0
    let inString = false
    for (; i < n; i++) {
      const ch = text.charCodeAt(i)
      if (inString) {
        if (ch === 0x5c) i++
        else if (ch === 0x22) inString = false
      } else if (ch === 0x22) inString = true
      else if (ch === 0x7b || ch === 0x5b) {
        if (++depth > deepest) deepest = depth
      } else if (ch === 0x7d || ch === 0x5d) {
        depth--
        if (depth === 0) {
          i++
          break
        }
      }
    }
    out.push([start, Math.min(i, n), deepest])
  }
  return out
}

function lineAndColumn(text: string, offset: number): {line: number; col: number} {
  let line = 1
  let lineStart = 0
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++
    lineStart = nl + 1
  }
  return {line, col: offset - lineStart + 1}
}

/** V8's JSON messages carry the position in the text; turn it into a line and column of the file. */
function describeJsonError(e: unknown, text: string, start: number, end: number): string {
  const raw = message(e)
  const at = /at position (\d+)/.exec(raw)
  const offset = at ? start + Number(at[1]) : /end of JSON input/.test(raw) ? end : undefined
  const detail = flatten(raw.replace(/ in JSON at position \d+( \(line \d+ column \d+\))?/, ''))
  // The "Unexpected token" form quotes the input; long values must not flood the terminal.
  const short = detail.length > 200 ? `${detail.slice(0, 200)}...` : detail
  if (offset === undefined) return `JSON syntax error: ${short}`
  const {line, col} = lineAndColumn(text, offset)
  return `JSON syntax error at line ${line}, column ${col}: ${short}`
}

function parseJsonStream(text: string, file: string): ParsedFile {
  const documents: ParsedFile['documents'] = []
  const values = splitJsonValues(text)
  for (let k = 0; k < values.length; k++) {
    const [start, end, deepest] = values[k]
    if (deepest > MAX_JSON_DEPTH) {
      // The boundaries are sound, so the values after this one can still be read.
      documents.push({document: k + 1, error: errorAt({file, document: k + 1}, `JSON nested more than ${MAX_JSON_DEPTH} levels deep`)})
      continue
    }
    let value: unknown
    try {
      value = JSON.parse(text.slice(start, end))
    } catch (e) {
      // After a syntax error the value boundaries can no longer be trusted; kubectl stops here too.
      documents.push({document: k + 1, error: errorAt({file, document: k + 1}, describeJsonError(e, text, start, end))})
      break
    }
    if (value !== null) documents.push({document: k + 1, value})
  }
  return {documents}
}
