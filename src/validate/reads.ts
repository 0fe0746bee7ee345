// What part of `self` a CEL rule reads, found from its syntax tree and the schema node it sits on,
// so that a verdict can be remembered by that part alone. A rule that compares listener names reads
// only `self[*].name`: two Gateways with the same names get the same verdict whatever their ports.
// The analysis is conservative: a value used in any way it does not follow (compared whole, passed to
// a function, iterated as a map) is read whole, and an expression it does not know gives no answer.

import {isRecord} from '../model/guards.js'
import type {SchemaNode} from './schema.js'

/** The fields read below one place in the value. */
export interface Reads {
  /** Used as a whole value: everything below counts. */
  whole: boolean
  /** Its size is read (a list's length, a string's or map's size). */
  size: boolean
  /** Fields read, by the object's own (unescaped) key; `*` is every item of a list. */
  children: Map<string, Reads>
  /** The schema node at this place, to tell lists from maps and unescape field names. */
  node: SchemaNode | undefined
  /** Compared with `==`, `!=` or `in` (read whole then, as a comparison reads all of it). */
  compared: boolean
  /** Used whole in some other way (passed to a function, returned, iterated as a map...). */
  opaque: boolean
  /** The string constants it is compared with. */
  constants: Set<string>
}

class Unknown extends Error {}

function reads(node: SchemaNode | undefined): Reads {
  return {whole: false, size: false, children: new Map(), node, compared: false, opaque: false, constants: new Set()}
}

/** The object key a CEL field name stands for (`__namespace__` is `namespace`). */
function keyOf(node: SchemaNode | undefined, field: string, escape: (k: string) => string): string {
  if (node?.properties) {
    if (node.properties.has(field) && escape(field) === field) return field
    for (const k of node.properties.keys()) if (escape(k) === field) return k
  }
  return field
}

function childOf(r: Reads, key: string, escape: (k: string) => string): Reads {
  const raw = key === '*' ? key : keyOf(r.node, key, escape)
  let c = r.children.get(raw)
  if (!c) {
    const n = r.node
    const sub = key === '*' ? (n?.items ?? (n?.additional !== true ? n?.additional : undefined)) : (n?.properties?.get(raw) ?? (n?.additional !== true ? n?.additional : undefined))
    r.children.set(raw, (c = reads(sub)))
  }
  return c
}

type Env = ReadonlyMap<string, Reads | undefined>

interface Expr {
  exprKind?: {case?: string; value?: any}
}

/**
 * The reads of a rule over `self` at `node`, or undefined when the rule uses something the analysis
 * does not follow (the caller then treats all of `self` as read).
 */
export function ruleReads(expr: unknown, node: SchemaNode, escape: (k: string) => string): Reads | undefined {
  const root = reads(node)
  try {
    use(walk(expr as Expr, new Map([['self', root]]), escape))
  } catch (e) {
    if (e instanceof Unknown) return undefined
    throw e
  }
  return root
}

function use(r: Reads | undefined): void {
  if (r) r.whole = r.opaque = true
}

/** A string constant's value, for an expression that is one. */
function stringConstant(e: Expr | undefined): string | undefined {
  const c = e?.exprKind?.case === 'constExpr' ? (e.exprKind.value as {constantKind?: {case?: string; value?: unknown}}).constantKind : undefined
  return c?.case === 'stringValue' && typeof c.value === 'string' ? c.value : undefined
}

/**
 * `a == b`, `a != b`, `a in ['x', 'y']` where each side is a place in `self` or a string constant:
 * the places are compared, and nothing else (reads.ts's keys may then stand a string for its
 * equalities, see projectionKey). False when the comparison is of another shape.
 */
function comparison(v: {function: string; args?: Expr[]; target?: unknown}, env: Env, escape: (k: string) => string): boolean {
  const args: Expr[] = v.args ?? []
  if (v.target || args.length !== 2) return false
  if (v.function === '_==_' || v.function === '_!=_') {
    const sides = args.map((a) => (stringConstant(a) !== undefined ? undefined : walk(a, env, escape)))
    const constants = args.map(stringConstant)
    // A side that is neither a place nor a string constant was walked (and used) already.
    if (sides.some((p, i) => p === undefined && constants[i] === undefined)) {
      sides.forEach(use)
      return true
    }
    for (const p of sides) if (p) compare(p, constants.filter((c): c is string => c !== undefined))
    return true
  }
  if (v.function === '@in') {
    const list = args[1].exprKind?.case === 'listExpr' ? (args[1].exprKind.value as {elements?: Expr[]; optionalIndices?: number[]}) : undefined
    const constants = (list?.elements ?? []).map(stringConstant)
    if (!list || (list.optionalIndices?.length ?? 0) > 0 || constants.some((c) => c === undefined)) return false
    const place = walk(args[0], env, escape)
    if (place) compare(place, constants as string[])
    return true
  }
  return false
}

function compare(r: Reads, constants: string[]): void {
  r.whole = r.compared = true
  for (const c of constants) r.constants.add(c)
}

/** Walks an expression; returns the place in `self` its value is, when it is one. */
function walk(e: Expr, env: Env, escape: (k: string) => string): Reads | undefined {
  const kind = e.exprKind?.case
  const v = e.exprKind?.value
  switch (kind) {
    case 'constExpr':
      return undefined
    case 'identExpr':
      return env.get(v.name)
    case 'selectExpr': {
      const operand = walk(v.operand, env, escape)
      if (!operand) return undefined
      const c = childOf(operand, v.field, escape)
      // has(x.f) reads whether f is there: the child exists in the reads, and its value is not used.
      return v.testOnly ? undefined : c
    }
    case 'callExpr': {
      const args: Expr[] = v.args ?? []
      if (v.function === '_[_]' && args.length === 2 && !v.target) {
        const list = walk(args[0], env, escape)
        use(walk(args[1], env, escape))
        // Any index: every item counts (a map looked up by key is read whole).
        if (list?.node?.type === 'array' || list?.node?.items) return childOf(list, '*', escape)
        use(list)
        return undefined
      }
      if (v.function === 'size' && (v.target ? args.length === 0 : args.length === 1)) {
        const of = walk(v.target ?? args[0], env, escape)
        if (of) {
          if (of.node?.type === 'array' || of.node?.type === 'string') of.size = true
          else of.whole = true
        }
        return undefined
      }
      if (comparison(v, env, escape)) return undefined
      if (v.target) use(walk(v.target, env, escape))
      for (const a of args) use(walk(a, env, escape))
      return undefined
    }
    case 'listExpr':
      for (const x of v.elements ?? []) use(walk(x, env, escape))
      return undefined
    case 'structExpr':
      for (const entry of v.entries ?? []) {
        if (entry.keyKind?.case === 'mapKey') use(walk(entry.keyKind.value, env, escape))
        use(walk(entry.value, env, escape))
      }
      return undefined
    case 'comprehensionExpr': {
      if (v.iterVar2) throw new Unknown()
      const range = walk(v.iterRange, env, escape)
      let item: Reads | undefined
      // Over a list the variable is each item; over a map it is each key, and the map counts whole.
      if (range && range.node?.type === 'array') item = childOf(range, '*', escape)
      else use(range)
      use(walk(v.accuInit, env, escape))
      const inner = new Map(env)
      inner.set(v.iterVar, item)
      inner.set(v.accuVar, undefined)
      use(walk(v.loopCondition, inner, escape))
      use(walk(v.loopStep, inner, escape))
      use(walk(v.result, inner, escape))
      return undefined
    }
    default:
      throw new Unknown()
  }
}

/** The part of `v` the reads cover; equal parts give the rule the same inputs (the definition projectionKey writes as text). */
export function project(v: unknown, r: Reads): unknown {
  if (r.whole || v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    const item = r.children.get('*')
    if (item) return v.map((x) => project(x, item))
    return r.size ? v.length : 1
  }
  if (!isRecord(v)) return v
  // A map's keys are iterated, or its size read: all of it counts.
  if (r.children.has('*') || r.size) return v
  // No prototype: a key named __proto__ is a plain key here, as in the object read.
  const out = Object.create(null) as Record<string, unknown>
  for (const [k, c] of r.children) if (Object.hasOwn(v, k)) out[k] = project(v[k], c)
  return out
}

/** One rule set's reads: what any of them reads (`undefined` for a rule the analysis does not follow: all of it). */
export function mergeReads(all: ReadonlyArray<Reads | undefined>, node: SchemaNode): Reads | undefined {
  const out = reads(node)
  for (const r of all) {
    if (!r) return undefined
    mergeInto(out, r)
  }
  return out
}

function mergeInto(into: Reads, r: Reads): void {
  into.whole ||= r.whole
  into.size ||= r.size
  into.compared ||= r.compared
  into.opaque ||= r.opaque
  for (const c of r.constants) into.constants.add(c)
  for (const [k, c] of r.children) {
    let mine = into.children.get(k)
    if (!mine) into.children.set(k, (mine = reads(c.node)))
    mergeInto(mine, c)
  }
}

/**
 * A string that is only compared (with another such string or a constant): its equalities decide,
 * not its text. Its length, characters or any other use would make it count whole.
 */
function equalityOnly(r: Reads): boolean {
  return r.compared && !r.opaque && !r.size
}

/** The string constants compared anywhere in the reads: they keep their text in keys. */
const constantsOf = new WeakMap<Reads, ReadonlySet<string>>()
function allConstants(r: Reads): ReadonlySet<string> {
  let out = constantsOf.get(r)
  if (!out) {
    const all = new Set<string>()
    const add = (x: Reads) => {
      for (const c of x.constants) all.add(c)
      for (const c of x.children.values()) add(c)
    }
    add(r)
    constantsOf.set(r, (out = all))
  }
  return out
}

/**
 * The text of `project(v, r)`, written directly (no projected copy is made), or undefined once it
 * would be longer than `max` characters. Unlike JSON, it tells every number apart (NaN, infinities
 * and -0 are not null or 0), so that two values with the same key are the same input to a rule.
 *
 * A string only compared for equality is written as the number of the first compared string with its
 * value (`$0`, `$1`...), unless it is one of the constants compared: the listeners `http`, `https` of
 * one Gateway and `web`, `api` of another have one key for a rule that their names be unique. A
 * compared string also used otherwise keeps its text and gets its number too. Equal keys give the same
 * equalities between compared strings and with every constant, hence the same result.
 */
export function projectionKey(v: unknown, r: Reads | undefined, max: number): string | undefined {
  const st: KeyState = {text: '', max, constants: r ? allConstants(r) : undefined, seen: undefined}
  return write(st, v, r) ? st.text : undefined
}

interface KeyState {
  text: string
  max: number
  constants: ReadonlySet<string> | undefined
  /** Compared strings by value: their numbers. */
  seen: Map<string, number> | undefined
}

/** Appends `x` as `at` reads it; false once the text is longer than allowed. */
function write(st: KeyState, x: unknown, at: Reads | undefined): boolean {
  if (typeof x === 'string' && at?.compared) {
    const seen = (st.seen ??= new Map())
    let n = seen.get(x)
    if (n === undefined) seen.set(x, (n = seen.size))
    // A string also used otherwise keeps its text, and its place among the compared ones.
    if (!equalityOnly(at)) st.text += `${JSON.stringify(x)}$${n}`
    else st.text += st.constants!.has(x) ? JSON.stringify(x) : `$${n}`
    return st.text.length <= st.max
  }
  if (x === null || typeof x !== 'object') {
    st.text += scalar(x)
    return st.text.length <= st.max
  }
  if (at && !at.whole) {
    if (Array.isArray(x)) {
      const item = at.children.get('*')
      if (!item) {
        st.text += at.size ? `#${x.length}` : '[]'
        return st.text.length <= st.max
      }
      return writeItems(st, x, item)
    }
    if (!at.children.has('*') && !at.size) {
      st.text += '{'
      for (const [k, c] of at.children) {
        if (!Object.hasOwn(x, k)) continue
        st.text += quoted(k)
        if (!write(st, (x as Record<string, unknown>)[k], c)) return false
        st.text += ','
      }
      st.text += '}'
      return st.text.length <= st.max
    }
  }
  // Whole: every key and item, in the value's own order (another order only misses the memo).
  if (Array.isArray(x)) return writeItems(st, x, undefined)
  st.text += '{'
  for (const k in x) {
    if (!Object.hasOwn(x, k)) continue
    st.text += quoted(k)
    if (!write(st, (x as Record<string, unknown>)[k], undefined)) return false
    st.text += ','
  }
  st.text += '}'
  return st.text.length <= st.max
}

/** Appends a list's items, each as `item` reads it. */
function writeItems(st: KeyState, list: unknown[], item: Reads | undefined): boolean {
  st.text += '['
  for (const y of list) {
    if (!write(st, y, item)) return false
    st.text += ','
  }
  st.text += ']'
  return st.text.length <= st.max
}

/** `"name":`, kept for the few field names a schema has (map keys past the first 10,000 are not). */
const quotedNames = new Map<string, string>()
function quoted(k: string): string {
  let q = quotedNames.get(k)
  if (q === undefined) {
    q = `${JSON.stringify(k)}:`
    if (quotedNames.size < 10_000) quotedNames.set(k, q)
  }
  return q
}

function scalar(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return JSON.stringify(x)
    case 'number':
      return Object.is(x, -0) ? '-0' : String(x)
    case 'undefined':
      return 'u'
    default:
      // null, booleans (bigints and symbols never come from YAML or JSON)
      return String(x)
  }
}
