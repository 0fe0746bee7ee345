// kubectl's JSONPath templates (`-o jsonpath=`, custom-columns, --sort-by): literal text with
// `{...}` actions, `{range ...}...{end}`, fields, `[*]`, slices, unions, `[?(@.x=="y")]` filters,
// `..` recursive descent and quoted literals such as `{"\n"}`.
//
// Written here rather than taken from npm: the JSONPath libraries there (jsonpath, jsonpath-plus,
// RFC 9535 ones) implement a different dialect: no template text or {range}/{end}, filters as script
// expressions, other slice and missing-key rules, and none prints values the way kubectl (Go) does.
// The grammar and the evaluation follow kubectl's documented behaviour; the printing of values
// (Go's formatting, compact JSON for objects) is in jsonpath-print.ts.

import {isRecord} from '../model/guards.js'

/** A parse or evaluation failure, with kubectl's wording (the caller adds the template). */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JsonPathError'
  }
}

/** Text written in the template (`{"\n"}`): printed as is, unlike values read from objects. */
export class Literal {
  constructor(readonly text: string) {}
}

interface SliceBound {
  value: number
  known: boolean
  /** The end of `[i]` (i+1): counted from the end when it comes out as 0, as `[-1]` needs. */
  derived?: boolean
}

export type Step =
  | {t: 'field'; name: string}
  | {t: 'wildcard'}
  | {t: 'recursive'}
  | {t: 'slice'; start: SliceBound; end: SliceBound; step: SliceBound}
  | {t: 'union'; branches: Step[][]}
  | {t: 'filter'; left: Step[]; op: string; right: Step[]}
  | {t: 'literal'; value: Literal}
  | {t: 'number'; value: number}
  | {t: 'bool'; value: boolean}
  | {t: 'ident'; name: string}

export type TemplateNode =
  | {t: 'text'; text: string}
  | {t: 'expr'; steps: Step[]}
  | {t: 'range'; steps: Step[]; body: TemplateNode[]}
  /** An `{end}` with no `{range}` open: kubectl fails when it reaches it. */
  | {t: 'stray-end'}

export interface Template {
  source: string
  nodes: TemplateNode[]
}

/** The template before ranges are folded: text, and the steps of each action. */
type FlatTemplate = ({t: 'text'; text: string} | Step[])[]

// ---------------------------------------------------------------------------------------------
// Parsing

const isSpace = (c: string) => c === ' ' || c === '\t'
const isEol = (c: string) => c === '\r' || c === '\n'
const isAlnum = (c: string) => c === '_' || /^[\p{L}\p{Nd}]$/u.test(c)
const isDigit = (c: string) => c >= '0' && c <= '9'
/** What ends a field name or an identifier. */
const isTerminator = (c: string) => c === '' || isSpace(c) || isEol(c) || '.,[]$@{}'.includes(c)

/** Go's %#U: `U+0021 '!'`, the character left out when it is not printable. */
function goRune(c: string): string {
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(c) || c === ' ' ? `${code} '${c}'` : code
}

const SIMPLE_ESCAPES: Record<string, string> = {a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"'}

/** A Go-style quoted string (either quote) to its text: \n, \t, \xHH, \uHHHH, \UHHHHHHHH, octal. */
export function unquote(quoted: string): string {
  const q = quoted[0]
  if (quoted.length < 2 || quoted[quoted.length - 1] !== q || (q !== '"' && q !== "'")) throw new JsonPathError('invalid syntax')
  const body = quoted.slice(1, -1)
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (c === q) throw new JsonPathError('invalid syntax')
    if (c !== '\\') {
      out += c
      continue
    }
    const e = body[++i]
    if (e === undefined) throw new JsonPathError('invalid syntax')
    if (Object.hasOwn(SIMPLE_ESCAPES, e)) {
      // Go allows \' only inside single quotes and \" only inside double quotes.
      if ((e === "'" || e === '"') && e !== q) throw new JsonPathError('invalid syntax')
      out += SIMPLE_ESCAPES[e]
      continue
    }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0
    if (hex > 0) {
      const digits = body.slice(i + 1, i + 1 + hex)
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new JsonPathError('invalid syntax')
      const code = parseInt(digits, 16)
      if (e !== 'x' && (code > 0x10ffff || (code >= 0xd800 && code < 0xe000))) throw new JsonPathError('invalid syntax')
      out += String.fromCodePoint(code)
      i += hex
      continue
    }
    if (e >= '0' && e <= '7') {
      const digits = body.slice(i, i + 3)
      if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) throw new JsonPathError('invalid syntax')
      out += String.fromCharCode(parseInt(digits, 8))
      i += 2
      continue
    }
    throw new JsonPathError('invalid syntax')
  }
  return out
}

const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/
const DICT_KEY = /^'([^']*)'$/
const FILTER = /^([^!<>=]+)([!<>=~]+)(.+?)$/s

function toInt(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new JsonPathError(`array index ${text} is not a number`)
  return Number(text)
}

class Parser {
  private pos = 0

  constructor(private readonly input: string) {}

  private peek(offset = 0): string {
    return this.input[this.pos + offset] ?? ''
  }

  private startsWith(s: string): boolean {
    return this.input.startsWith(s, this.pos)
  }

  /** Text and actions up to the end of the input, as a flat list (range/end are folded later). */
  template(): FlatTemplate {
    const out: FlatTemplate = []
    while (this.pos < this.input.length) {
      const open = this.input.indexOf('{', this.pos)
      if (open < 0) {
        out.push({t: 'text', text: this.input.slice(this.pos)})
        break
      }
      if (open > this.pos) out.push({t: 'text', text: this.input.slice(this.pos, open)})
      this.pos = open + 1
      out.push(this.action(true))
    }
    return out
  }

  /** The steps of one action; inside braces it stops at `}`, otherwise at the end of the input. */
  action(braced: boolean): Step[] {
    const steps: Step[] = []
    for (;;) {
      if (this.startsWith('}') && braced) {
        this.pos++
        return steps
      }
      if (this.startsWith('[?(')) {
        steps.push(this.filter())
        continue
      }
      if (this.startsWith('..')) {
        if (steps.at(-1)?.t === 'recursive') throw new JsonPathError('invalid multiple recursive descent')
        this.pos += 2
        steps.push({t: 'recursive'})
        if (isAlnum(this.peek())) steps.push(this.field())
        continue
      }
      const c = this.peek()
      if (c === '' && !braced) return steps
      if (c === '' || isEol(c)) throw new JsonPathError('unclosed action')
      if (c === ' ' || c === '@' || c === '$') {
        this.pos++
      } else if (c === '[') {
        this.pos++
        steps.push(...this.array())
      } else if (c === '"' || c === "'") {
        steps.push(this.quote(c))
      } else if (c === '.') {
        this.pos++
        steps.push(this.field())
      } else if (c === '+' || c === '-' || isDigit(c)) {
        steps.push(this.number())
      } else if (isAlnum(c)) {
        steps.push(this.identifier())
      } else {
        throw new JsonPathError(`unrecognized character in action: ${goRune(String.fromCodePoint(this.input.codePointAt(this.pos)!))}`)
      }
    }
  }

  private field(): Step {
    let name = ''
    for (;;) {
      const c = this.peek()
      if (c === '\\') {
        // A backslash keeps the next character in the name (`.metadata.annotations.a\.b/c`).
        name += this.peek(1)
        this.pos += 2
        continue
      }
      if (isTerminator(c)) break
      name += c
      this.pos++
    }
    return name === '*' ? {t: 'wildcard'} : {t: 'field', name}
  }

  private identifier(): Step {
    const start = this.pos
    while (!isTerminator(this.peek())) this.pos++
    const word = this.input.slice(start, this.pos)
    return word === 'true' || word === 'false' ? {t: 'bool', value: word === 'true'} : {t: 'ident', name: word}
  }

  private number(): Step {
    const start = this.pos
    if (this.peek() === '+' || this.peek() === '-') this.pos++
    while (this.peek() === '.' || isDigit(this.peek())) this.pos++
    const text = this.input.slice(start, this.pos)
    if (/^[+-]?\d+$/.test(text) || /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return {t: 'number', value: Number(text)}
    throw new JsonPathError(`cannot parse number ${text}`)
  }

  private quote(q: string): Step {
    const start = this.pos
    this.pos++
    for (;;) {
      const c = this.peek()
      if (c === '' || c === '\n') throw new JsonPathError('unterminated quoted string')
      this.pos++
      if (c === q && this.input[this.pos - 2] !== '\\') break
    }
    const quoted = this.input.slice(start, this.pos)
    try {
      return {t: 'literal', value: new Literal(unquote(quoted))}
    } catch (e) {
      throw new JsonPathError(`unquote string ${quoted} error ${(e as Error).message}`)
    }
  }

  private array(): Step[] {
    const close = this.input.slice(this.pos).search(/[\]\n]/)
    if (close < 0 || this.input[this.pos + close] === '\n') throw new JsonPathError('unterminated array')
    let text = this.input.slice(this.pos, this.pos + close)
    this.pos += close + 1
    if (text === '*') text = ':'
    const parts = text.split(',')
    if (parts.length > 1) return [{t: 'union', branches: parts.map((p) => subAction(`[${p.trim()}]`))}]
    const key = DICT_KEY.exec(text)
    if (key) return subAction(`.${key[1]}`)
    const m = SLICE.exec(text)
    if (!m) throw new JsonPathError(`invalid array index ${text}`)
    const start: SliceBound = m[1] !== '' ? {value: toInt(m[1]), known: true} : {value: 0, known: false}
    const bound = (g: string | undefined, fallback: SliceBound): SliceBound => {
      if (g === undefined) return fallback
      const v = g.slice(1)
      return v === '' ? {value: 0, known: false} : {value: toInt(v), known: true}
    }
    const end = bound(m[2], {value: start.value + 1, known: true, derived: true})
    const step = bound(m[3], {value: 0, known: false})
    return [{t: 'slice', start, end, step}]
  }

  private filter(): Step {
    this.pos += 3
    const start = this.pos
    let begin = false
    let ended = false
    let pair = ''
    for (;;) {
      const c = this.peek()
      if (c === '' || c === '\n') throw new JsonPathError('unterminated filter')
      this.pos++
      if (c === '"' || c === "'") {
        if (!begin) {
          begin = true
          pair = c
        } else if (c === pair && this.input[this.pos - 2] !== '\\') ended = true
      } else if (c === ')' && begin === ended) break
    }
    if (this.peek() !== ']') throw new JsonPathError('unclosed array expect ]')
    this.pos++
    const text = this.input.slice(start, this.pos - 2)
    const m = FILTER.exec(text)
    if (!m) return {t: 'filter', left: subAction(text), op: 'exists', right: []}
    return {t: 'filter', left: subAction(m[1]), op: m[2], right: subAction(m[3])}
  }
}

/** An action's text on its own (a union branch, a filter side). */
function subAction(text: string): Step[] {
  return new Parser(text).action(false)
}

const isIdent = (steps: Step[], name: string) => steps.length > 0 && steps[0].t === 'ident' && steps[0].name === name

/** Folds the flat list into ranges: `{range X}` opens one, `{end}` closes the innermost. */
function fold(flat: FlatTemplate): TemplateNode[] {
  const root: TemplateNode[] = []
  const open: TemplateNode[][] = [root]
  for (const item of flat) {
    const into = open[open.length - 1]
    if (!Array.isArray(item)) {
      into.push(item)
    } else if (isIdent(item, 'range')) {
      const node: TemplateNode = {t: 'range', steps: item.slice(1), body: []}
      into.push(node)
      open.push(node.body)
    } else if (isIdent(item, 'end') && item.length === 1) {
      if (open.length > 1) open.pop()
      else into.push({t: 'stray-end'})
    } else {
      into.push({t: 'expr', steps: item})
    }
  }
  return root
}

/** Parses a template; a syntax error throws a JsonPathError with kubectl's message. */
export function parseTemplate(source: string): Template {
  return {source, nodes: fold(new Parser(source).template())}
}

/**
 * kubectl's relaxed form for custom-columns and --sort-by: `.a.b`, `a.b`, `{a.b}` and `{.a.b}` all
 * mean `{.a.b}`.
 */
export function relaxedExpression(expr: string): string {
  if (expr === '') return expr
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expr)
  if (!m) {
    throw new JsonPathError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
  }
  return `{.${m[1] ?? m[2]}}`
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface EvalOptions {
  /** A missing field yields nothing instead of an error (kubectl get's default). */
  allowMissingKeys?: boolean
}

/** Go's name for the type of a decoded JSON value, as kubectl's messages print it. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}'
  if (typeof v === 'string' || v instanceof Literal) return 'string'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64'
  if (typeof v === 'boolean') return 'bool'
  if (Array.isArray(v)) return '[]interface {}'
  return 'map[string]interface {}'
}

const plain = (v: unknown): unknown => (v instanceof Literal ? v.text : v)

/**
 * Children in a stable order: Go iterates maps in random order, sorted keys are one of them. A
 * string's children are its UTF-8 bytes (Go indexes strings by byte), numbers without children.
 */
function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return [...Buffer.from(v, 'utf8')]
  if (isRecord(v)) return Object.keys(v).sort().map((k) => v[k])
  return []
}

const OPERATORS = new Set(['<', '>', '==', '!=', '<=', '>=', '=~'])

function compare(op: string, left: unknown, right: unknown): boolean {
  if (!OPERATORS.has(op)) throw new JsonPathError(`unrecognized filter operator ${op}`)
  const l = plain(left)
  const r = plain(right)
  if (op === '=~') {
    if (typeof l !== 'string' || typeof r !== 'string') throw new JsonPathError('regexp search only supports strings')
    return new RegExp(r).test(l)
  }
  const kind = (v: unknown) => (typeof v === 'number' ? 'number' : typeof v === 'string' ? 'string' : typeof v === 'boolean' ? 'bool' : 'other')
  const lk = kind(l)
  if (lk === 'other' || kind(r) === 'other') throw new JsonPathError('invalid type for comparison')
  if (lk !== kind(r)) throw new JsonPathError('incompatible types for comparison')
  switch (op) {
    case '==':
      return l === r
    case '!=':
      return l !== r
  }
  if (lk === 'bool') throw new JsonPathError('invalid type for comparison')
  const a = l as number | string
  const b = r as number | string
  switch (op) {
    case '<':
      return a < b
    case '>':
      return a > b
    case '<=':
      return a <= b
    case '>=':
      return a >= b
  }
  throw new JsonPathError(`unrecognized filter operator ${op}`)
}

class Evaluator {
  constructor(private readonly opts: EvalOptions) {}

  steps(input: unknown[], steps: Step[]): unknown[] {
    let cur = input
    for (const s of steps) cur = this.step(cur, s)
    return cur
  }

  private step(input: unknown[], s: Step): unknown[] {
    switch (s.t) {
      case 'literal':
        return [s.value]
      case 'number':
      case 'bool':
        return input.map(() => s.value)
      case 'ident':
        throw new JsonPathError(s.name === 'end' ? 'not in range, nothing to end' : `unrecognized identifier ${s.name}`)
      case 'field': {
        const out: unknown[] = []
        for (const v of input) if (isRecord(v) && Object.hasOwn(v, s.name)) out.push(v[s.name])
        if (out.length === 0 && input.length > 0 && !this.opts.allowMissingKeys) throw new JsonPathError(`${s.name} is not found`)
        return out
      }
      case 'wildcard':
        return input.flatMap((v) => (v === null || v === undefined ? [] : children(v)))
      case 'recursive':
        return this.recursive(input)
      case 'union':
        return s.branches.flatMap((b) => this.steps(input, b))
      case 'slice':
        return input.flatMap((v) => this.slice(v, s))
      case 'filter':
        return input.flatMap((v) => this.filter(v, s))
    }
  }

  /** Each value that has children, followed by everything below it (depth first). */
  private recursive(input: unknown[]): unknown[] {
    const out: unknown[] = []
    for (const v of input) {
      const kids = v === null || v === undefined ? [] : children(v)
      if (kids.length === 0) continue
      out.push(v)
      out.push(...this.recursive(kids))
    }
    return out
  }

  private slice(v: unknown, s: Extract<Step, {t: 'slice'}>): unknown[] {
    if (v === null || v === undefined) return []
    if (!Array.isArray(v)) throw new JsonPathError(`${goTypeName(v)} is not array or slice`)
    const len = v.length
    let start = s.start.known ? s.start.value : 0
    if (start < 0) start += len
    let end = s.end.known ? s.end.value : len
    if (end < 0 || (end === 0 && s.end.derived)) end += len
    if (start === end) return []
    if (start >= len || start < 0) throw new JsonPathError(`array index out of bounds: index ${start}, length ${len}`)
    if (end > len || end < 0) throw new JsonPathError(`array index out of bounds: index ${end - 1}, length ${len}`)
    if (start > end) throw new JsonPathError(`starting index ${start} is greater than ending index ${end}`)
    let step = 1
    if (s.step.known) {
      if (s.step.value <= 0) throw new JsonPathError('step must be > 0')
      step = s.step.value
    }
    const out: unknown[] = []
    for (let i = start; i < end; i += step) out.push(v[i])
    return out
  }

  private filter(v: unknown, s: Extract<Step, {t: 'filter'}>): unknown[] {
    if (!Array.isArray(v)) throw new JsonPathError(`${goTypeName(v)} is not array or slice and cannot be filtered`)
    const out: unknown[] = []
    for (const item of v) {
      if (s.op === 'exists') {
        let found: unknown[]
        try {
          found = this.steps([item], s.left)
        } catch {
          found = []
        }
        if (found.length > 0) out.push(item)
        continue
      }
      const lefts = this.steps([item], s.left)
      if (lefts.length === 0) continue
      if (lefts.length > 1) throw new JsonPathError('can only compare one element at a time')
      const rights = this.steps([item], s.right)
      if (rights.length === 0) continue
      if (rights.length > 1) throw new JsonPathError('can only compare one element at a time')
      if (compare(s.op, lefts[0], rights[0])) out.push(item)
    }
    return out
  }
}

/**
 * The results of a template, one list per printed node in order (a range repeats its body's nodes
 * for each of its values). Throws a JsonPathError as kubectl fails.
 */
export function findResults(template: Template, data: unknown, opts: EvalOptions = {}): unknown[][] {
  const ev = new Evaluator(opts)
  const out: unknown[][] = []
  const run = (nodes: TemplateNode[], value: unknown) => {
    for (const node of nodes) {
      switch (node.t) {
        case 'text':
          out.push([new Literal(node.text)])
          break
        case 'expr':
          out.push(ev.steps([value], node.steps))
          break
        case 'range':
          for (const item of ev.steps([value], node.steps)) run(node.body, item)
          break
        case 'stray-end':
          throw new JsonPathError('not in range, nothing to end')
      }
    }
  }
  run(template.nodes, data)
  return out
}
