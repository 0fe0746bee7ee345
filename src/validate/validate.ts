// Validates one object against its CRD version's schema the way the API server does on create:
// null fields the schema does not allow are dropped and defaults applied first, unknown fields are
// pruned (reported as warnings: the server drops them without refusing the object), then the OpenAPI
// constraints are checked, then, unless a "blocking" error was found, every `x-kubernetes-validations`
// rule is evaluated with `self` bound to its node of the defaulted, pruned object. Messages follow
// the server's field errors (`spec.rules: Too many: 65: must have at most 64 items`).

import {isIP} from 'node:net'
import {celList, celMap, type CelInput} from '@bufbuild/cel'
import {isRecord} from '../model/guards.js'
import type {CompiledRule} from './cel.js'
import {correlateItems, ratchets, type Location} from './ratchet.js'
import {mergeReads, projectionKey, ruleReads, type Reads} from './reads.js'
import type {CompiledValidation, SchemaNode} from './schema.js'

/** The server's field error types (k8s.io/apimachinery/pkg/util/validation/field). */
export type ErrorType = 'Required' | 'Invalid' | 'NotSupported' | 'TooLong' | 'TooMany' | 'TypeInvalid' | 'Duplicate' | 'Forbidden'

export interface Violation {
  /** `schema`: an OpenAPI constraint; `rule`: a CEL rule; `unknown`: a field the server would prune. */
  source: 'schema' | 'rule' | 'unknown'
  type?: ErrorType
  /** `spec.rules[0].matches[0].path.type`; `<root>` for the object itself. */
  path: string
  /** The whole error as the server words it, path first. */
  message: string
  /** The CEL rule, for source `rule`. */
  rule?: string
}

/** A rule the evaluator could not compile: reported once per rule, never silently passed. */
export interface UncheckedRule {
  rule: string
  reason: string
}

export interface ValidationResult {
  violations: Violation[]
  /** Paths where a default was applied. */
  defaulted: string[]
  unchecked: UncheckedRule[]
  /** The object as the server would store it: pruned and defaulted. */
  value: unknown
}

export interface ValidateOptions {
  /**
   * The stored object, for an update: transition rules (reading oldSelf) are then evaluated, and
   * errors in parts left unchanged are dropped (ratcheting, ratchet.ts).
   */
  old?: unknown
  /** Subtrees of the root not validated (`status` where the status subresource is enabled). */
  skipRootFields?: string[]
  /** `value` is a node inside an object (tests, rule by rule), not a whole object with apiVersion, kind and metadata. */
  fragment?: boolean
}

/** Errors after which the server does not evaluate CEL rules (apiextensions-apiserver's hasBlockingErr). */
const BLOCKING: ReadonlySet<ErrorType> = new Set(['NotSupported', 'Required', 'TooLong', 'TooMany', 'TypeInvalid'])
export const NOT_CHECKED_BECAUSE_INVALID =
  'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'

/** Fields every object has, validated by the server's ObjectMeta rules rather than the CRD schema. */
const ROOT_META = new Set(['apiVersion', 'kind', 'metadata'])

interface Ctx {
  violations: Violation[]
  defaulted: string[]
  /** Only the yes/no of a oneOf/anyOf/not branch: no pruning, defaulting or reporting. */
  probe: boolean
  failed: boolean
  /** On an update only: where each error's node is (for ratcheting), and the list-type uniqueness errors. */
  track?: {at: Array<string | number>; where: Map<Violation, Location>; listType: Set<Violation>}
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}
const at = (path: string, i: number | string) => `${path || '<root>'}[${i}]`
const shown = (path: string) => path || '<root>'

/** Go's %v-ish rendering of a value in a message: strings quoted, numbers bare. */
function render(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

function jsonType(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v === 'object' ? 'object' : typeof v
}

function report(ctx: Ctx, type: ErrorType, path: string, message: string): Violation | undefined {
  ctx.failed = true
  if (ctx.probe) return undefined
  const v: Violation = {source: 'schema', type, path: shown(path), message: `${shown(path)}: ${message}`}
  ctx.violations.push(v)
  ctx.track?.where.set(v, ctx.track.at.slice())
  return v
}

/** check, one step further down: the place is tracked on updates only (no cost on creates). */
function checkBelow(seg: string | number, v: unknown, node: SchemaNode, path: string, ctx: Ctx): unknown {
  const track = ctx.track
  if (!track) return check(v, node, path, ctx)
  track.at.push(seg)
  const out = check(v, node, path, ctx)
  track.at.pop()
  return out
}

function invalid(ctx: Ctx, path: string, value: unknown, detail: string): void {
  report(ctx, 'Invalid', path, `Invalid value: ${render(value)}: ${shown(path)} in body ${detail}`)
}

function typeMatches(node: SchemaNode, v: unknown): boolean {
  if (node.intOrString) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))
  switch (node.type) {
    case undefined:
    case '':
      return true
    case 'object':
      return isRecord(v)
    case 'array':
      return Array.isArray(v)
    case 'string':
      return typeof v === 'string'
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v)
    case 'number':
      return typeof v === 'number'
    case 'boolean':
      return typeof v === 'boolean'
    default:
      return true
  }
}

/** Defaults are copied into the object (scalars, the common case, need no copy). */
function deepClone<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : (JSON.parse(JSON.stringify(v)) as T)
}

/** Formats the server checks (kube-openapi's registry); others (int32, int64...) are not checked. */
function formatOk(format: string, s: string): boolean {
  switch (format) {
    case 'ipv4':
      return isIP(s) === 4
    case 'ipv6':
      return isIP(s) === 6
    case 'date-time':
      return /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s))
    default:
      return true
  }
}

/** Phase one: returns the pruned, defaulted copy of `v` (undefined when the value is pruned). */
function check(v: unknown, node: SchemaNode, path: string, ctx: Ctx, root = false, skip?: string[]): unknown {
  if (!typeMatches(node, v)) {
    const want = node.intOrString ? 'integer or string' : node.type
    report(ctx, 'TypeInvalid', path, `Invalid value: ${JSON.stringify(jsonType(v))}: ${shown(path)} in body must be of type ${want}: ${JSON.stringify(jsonType(v))}`)
    return v
  }
  let out = v
  if (isRecord(v) && (node.type === 'object' || node.properties || node.additional)) out = checkObject(v, node, path, ctx, root, skip)
  else if (Array.isArray(v)) out = checkArray(v, node, path, ctx)
  else if (typeof v === 'string') checkString(v, node, path, ctx)
  else if (typeof v === 'number') checkNumber(v, node, path, ctx)
  if (node.enum && !(out !== null && typeof out === 'object' ? node.enum.keys.has(JSON.stringify(out)) : node.enum.scalars.has(out))) {
    report(ctx, 'NotSupported', path, `Unsupported value: ${render(out)}: supported values: ${node.enum.values.map(render).join(', ')}`)
  }
  checkCombinators(out, node, path, ctx)
  return out
}

function checkObject(v: Record<string, unknown>, node: SchemaNode, path: string, ctx: Ctx, root: boolean, skip?: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const props = node.properties
  for (const [k, raw] of Object.entries(v)) {
    if (root && ROOT_META.has(k)) {
      out[k] = raw
      continue
    }
    if (root && skip?.includes(k)) continue
    const p = child(path, k)
    const sub = props?.get(k) ?? (node.additional === true ? undefined : node.additional)
    if (!sub) {
      if (node.additional === true || node.preserveUnknown || (node.embedded && ROOT_META.has(k))) out[k] = raw
      else if (!ctx.probe) ctx.violations.push({source: 'unknown', path: p, message: `unknown field "${p}"`})
      continue
    }
    // A null the schema does not allow is dropped before defaulting, as the server does.
    if (raw === null && !sub.nullable) continue
    const value = raw === null ? null : checkBelow(k, raw, sub, p, ctx)
    if (value !== undefined) out[k] = value
  }
  if (!ctx.probe && node.defaulted) {
    for (const [k, sub] of node.defaulted) {
      if (out[k] === undefined && !(root && ROOT_META.has(k))) {
        const p = child(path, k)
        ctx.defaulted.push(p)
        // Defaults are themselves defaulted and validated below, as a value the user wrote would be.
        out[k] = checkBelow(k, deepClone(sub.default), sub, p, ctx)
      }
    }
  }
  for (const r of node.required) if (out[r] === undefined) report(ctx, 'Required', child(path, r), 'Required value')
  const n = node.maxProperties !== undefined || node.minProperties !== undefined ? Object.keys(out).length : 0
  if (node.maxProperties !== undefined && n > node.maxProperties) report(ctx, 'TooMany', path, `Too many: ${n}: must have at most ${node.maxProperties} items`)
  if (node.minProperties !== undefined && n < node.minProperties) invalid(ctx, path, n, `should have at least ${node.minProperties} properties`)
  return out
}

function checkArray(v: unknown[], node: SchemaNode, path: string, ctx: Ctx): unknown[] {
  const out = node.items ? v.map((item, i) => (item === null && !node.items!.nullable ? item : checkBelow(i, item, node.items!, at(path, i), ctx))) : v
  if (node.maxItems !== undefined && out.length > node.maxItems) report(ctx, 'TooMany', path, `Too many: ${out.length}: must have at most ${node.maxItems} items`)
  if (node.minItems !== undefined && out.length < node.minItems) invalid(ctx, path, out.length, `should have at least ${node.minItems} items`)
  if (node.listType === 'set' || node.listType === 'map') checkUnique(out, node, path, ctx)
  return out
}

/** `x-kubernetes-list-type: set` items, and `map` items' keys, must be unique. */
function checkUnique(list: unknown[], node: SchemaNode, path: string, ctx: Ctx): void {
  const seen = new Set<string>()
  list.forEach((item, i) => {
    const key =
      node.listType === 'map' && isRecord(item)
        ? JSON.stringify((node.mapKeys ?? []).map((k) => item[k] ?? null))
        : JSON.stringify(item)
    if (seen.has(key)) {
      const shownValue = node.listType === 'map' && isRecord(item) ? Object.fromEntries((node.mapKeys ?? []).map((k) => [k, item[k]])) : item
      const v = report(ctx, 'Duplicate', at(path, i), `Duplicate value: ${render(shownValue)}`)
      if (v) ctx.track?.listType.add(v)
    }
    seen.add(key)
  })
}

function checkString(s: string, node: SchemaNode, path: string, ctx: Ctx): void {
  // Lengths count characters (Unicode code points), as Go's utf8.RuneCountInString.
  const length = node.maxLength !== undefined || node.minLength !== undefined ? codePoints(s) : 0
  if (node.maxLength !== undefined && length > node.maxLength) report(ctx, 'TooLong', path, `Too long: may not be more than ${node.maxLength} bytes`)
  if (node.minLength !== undefined && length < node.minLength) invalid(ctx, path, s, `should be at least ${node.minLength} chars long`)
  if (node.pattern?.re && !node.pattern.re.test(s)) invalid(ctx, path, s, `should match '${node.pattern.source}'`)
  if (node.format && !formatOk(node.format, s)) invalid(ctx, path, s, `must be of type ${node.format}: ${render(s)}`)
}

/** [...s].length, without making the array: UTF-16 units less the surrogate pairs. */
function codePoints(s: string): number {
  if (!HIGH_SURROGATE.test(s)) return s.length
  let n = 0
  for (const _ of s) n++
  return n
}
const HIGH_SURROGATE = /[\uD800-\uDBFF]/

function checkNumber(n: number, node: SchemaNode, path: string, ctx: Ctx): void {
  if (node.maximum !== undefined && (node.exclusiveMaximum ? n >= node.maximum : n > node.maximum)) {
    invalid(ctx, path, n, `should be less than ${node.exclusiveMaximum ? '' : 'or equal to '}${node.maximum}`)
  }
  if (node.minimum !== undefined && (node.exclusiveMinimum ? n <= node.minimum : n < node.minimum)) {
    invalid(ctx, path, n, `should be greater than ${node.exclusiveMinimum ? '' : 'or equal to '}${node.minimum}`)
  }
  if (node.multipleOf !== undefined && node.multipleOf > 0 && n % node.multipleOf !== 0) invalid(ctx, path, n, `should be a multiple of ${node.multipleOf}`)
}

function conforms(v: unknown, node: SchemaNode): boolean {
  const probe: Ctx = {violations: [], defaulted: [], probe: true, failed: false}
  check(v, node, '', probe)
  return !probe.failed
}

function checkCombinators(v: unknown, node: SchemaNode, path: string, ctx: Ctx): void {
  if (node.allOf) for (const s of node.allOf) if (!conforms(v, s)) invalid(ctx, path, jsonType(v), 'must validate all the schemas (allOf)')
  if (node.anyOf && !node.anyOf.some((s) => conforms(v, s))) invalid(ctx, path, jsonType(v), 'must validate at least one schema (anyOf)')
  if (node.oneOf) {
    const n = node.oneOf.filter((s) => conforms(v, s)).length
    if (n !== 1) invalid(ctx, path, jsonType(v), `must validate one and only one schema (oneOf). Found ${n === 0 ? 'none' : n} valid`)
  }
  if (node.not && conforms(v, node.not)) invalid(ctx, path, jsonType(v), 'must not validate the schema (not)')
}

// ---------------------------------------------------------------------------------------------
// Phase two: CEL rules over the pruned, defaulted value.

/** Words CEL reserves: a property so named is read as `__name__` (Kubernetes' property-name escaping). */
const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while'])

/**
 * The name a schema property has in CEL: `namespace` is `__namespace__`, `a.b` is `a__dot__b`, and so
 * on, as the API server escapes them (map keys of additionalProperties are not escaped).
 */
const escaped = new Map<string, string>()
export function escapeProperty(name: string): string {
  let e = escaped.get(name)
  if (e === undefined) escaped.set(name, (e = escapeName(name)))
  return e
}

function escapeName(name: string): string {
  if (CEL_RESERVED.has(name)) return `__${name}__`
  return name.replace(/__|[.\-/]/g, (m) => ({__: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__'})[m]!)
}

/**
 * The value as CEL sees it: integers as CEL ints (bigint), objects as maps. Lists and maps are
 * wrapped as CEL values here, once: given a plain array or Map, the evaluator wraps each element
 * again on every access, and rules that compare every item with every other (`self.all(l1,
 * self.exists_one(l2, ...))`) access them n² times.
 */
function toCel(v: unknown, node: SchemaNode | undefined): CelInput {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') {
    const integer = node ? node.type === 'integer' || node.intOrString || (node.type === undefined && Number.isInteger(v)) : Number.isInteger(v)
    return integer ? BigInt(v) : v
  }
  if (Array.isArray(v)) return celList(v.map((x) => toCel(x, node?.items)))
  if (isRecord(v)) {
    const m = new Map<string, CelInput>()
    for (const [k, x] of Object.entries(v)) {
      const prop = node?.properties?.get(k)
      const sub = prop ?? (node?.additional && node.additional !== true ? node.additional : undefined)
      m.set(prop ? escapeProperty(k) : k, toCel(x, sub))
    }
    return celMap(m)
  }
  return v as CelInput
}

interface RuleCtx {
  violations: Violation[]
  unchecked: UncheckedRule[]
  uncheckedSeen: Set<string>
  /** On an update: the whole new and stored values and where the walk is, for ratcheting. */
  ratchet?: {value: unknown; old: unknown; schema: SchemaNode; root: boolean; at: Array<string | number>}
}

/** evaluate, one step further down (the place is tracked on updates only). */
function evaluateBelow(seg: string | number, v: unknown, old: unknown, node: SchemaNode, path: string, ctx: RuleCtx): void {
  const r = ctx.ratchet
  if (!r) return evaluate(v, old, node, path, ctx, false)
  r.at.push(seg)
  evaluate(v, old, node, path, ctx, false)
  r.at.pop()
}

function notChecked(ctx: RuleCtx, rule: string, reason: string): void {
  if (ctx.uncheckedSeen.has(rule)) return
  ctx.uncheckedSeen.add(rule)
  ctx.unchecked.push({rule, reason})
}

/** A rule's fieldPath (`.spec.x`, `['a.b']`) appended to the node's path. */
function withFieldPath(path: string, fieldPath: string | undefined): string {
  if (!fieldPath) return shown(path)
  const rel = fieldPath.replace(/^\./, '')
  return rel.startsWith('[') ? `${shown(path)}${rel}` : child(path, rel)
}

/** cel-go's wording of the run-time errors Gateway API rules can meet, for cel-es's. */
function goCelError(error: string): string {
  const key = /^field not found: (.*)$/.exec(error)
  if (key) return `no such key: ${key[1]}`
  return error
}

function ruleMessage(r: CompiledValidation, self: CelInput, old: CelInput | undefined, ctx: RuleCtx): string {
  if (r.messageExpression) {
    const p = r.messageExpression.program
    if (typeof p === 'string') notChecked(ctx, r.messageExpression.text, p)
    else {
      const m = p.run(self, old)
      // The server falls back to `message` when messageExpression fails or yields nothing.
      if (m.ok && typeof m.value === 'string' && m.value.trim() !== '') return m.value
    }
  }
  return r.message ?? `failed rule: ${r.rule.trim()}`
}

function ruleViolation(r: CompiledValidation, node: SchemaNode, value: unknown, path: string, message: string): Violation {
  const p = withFieldPath(path, r.fieldPath)
  // The server shows the node's value, except for objects and lists (field.OmitValueType), and a
  // Duplicate error is only the value (apiextensions-apiserver's fieldErrorForReason, field.Error).
  const shownValue = node.type === 'object' || node.type === 'array' ? '' : `: ${render(value)}`
  let text: string
  let type: ErrorType
  switch (r.reason) {
    case 'FieldValueRequired':
      ;[type, text] = ['Required', `Required value: ${message}`]
      break
    case 'FieldValueForbidden':
      ;[type, text] = ['Forbidden', `Forbidden: ${message}`]
      break
    case 'FieldValueDuplicate':
      ;[type, text] = ['Duplicate', `Duplicate value${shownValue}`]
      break
    default:
      ;[type, text] = ['Invalid', `Invalid value${shownValue}: ${message}`]
  }
  return {source: 'rule', type, path: p, message: `${p}: ${text}`, rule: r.rule}
}

/**
 * Evaluates the rules at and below a node, bottom up (a node's rules after its children's, as the
 * server reports them). A node's CEL value is built only when one of its rules runs, and each list
 * and map is converted once (`celValues`), however many rules above it read it.
 */
function evaluate(v: unknown, old: unknown, node: SchemaNode, path: string, ctx: RuleCtx, root: boolean): void {
  if (v === null || v === undefined || !node.hasRules) return
  if (isRecord(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (root && ROOT_META.has(k)) continue
      const prop = node.properties?.get(k)
      const sub = prop ?? (node.additional && node.additional !== true ? node.additional : undefined)
      if (sub) evaluateBelow(k, x, isRecord(old) ? old[k] : undefined, sub, prop ? child(path, k) : at(path, k), ctx)
    }
  } else if (Array.isArray(v) && node.items) {
    // oldSelf of a list item: only map lists correlate items (by key), as the server's CEL validator.
    const olds = correlateItems(v, old, node)
    v.forEach((x, i) => evaluateBelow(i, x, olds[i], node.items!, at(path, i), ctx))
  }
  if (node.rules.length > 0) runRules(node, v, old, path, ctx)
}

/** CEL values of the lists and maps of the value being validated, each converted once. */
let celValues = new WeakMap<object, CelInput>()

function celValue(v: unknown, node: SchemaNode): CelInput {
  if (v === null || typeof v !== 'object') return toCel(v, node)
  let c = celValues.get(v)
  if (c === undefined) celValues.set(v, (c = toCelCached(v, node)))
  return c
}

/** toCel, reusing the values of lists and maps below already converted for a rule lower down. */
function toCelCached(v: object, node: SchemaNode | undefined): CelInput {
  const sub = (x: unknown, n: SchemaNode | undefined) => (x !== null && typeof x === 'object' && n ? celValue(x, n) : toCel(x, n))
  if (Array.isArray(v)) return celList(v.map((x) => sub(x, node?.items)))
  if (!isRecord(v)) return toCel(v, node)
  const m = new Map<string, CelInput>()
  for (const [k, x] of Object.entries(v)) {
    const prop = node?.properties?.get(k)
    m.set(prop ? escapeProperty(k) : k, sub(x, prop ?? (node?.additional && node.additional !== true ? node.additional : undefined)))
  }
  return celMap(m)
}

/**
 * Rules are pure functions of the part of `self` they read (reads.ts). The rules of a node that all
 * passed for that part (the union of what each reads) pass again: path matches, backendRefs, match
 * counts, parentRefs and listener names repeat across a cluster's objects. One key per node visit
 * stands for all its rules (the path match alone has eleven), so a node costs its key, not its rules.
 * Only passes are remembered: a failure runs again for its message. Transition rules read `oldSelf`
 * too and always run.
 */
interface NodeMemo {
  /** What the node's rules read together; undefined: all of `self`. */
  reads: Reads | undefined
  passed: Set<string>
  chars: number
}
const memos = new WeakMap<SchemaNode, NodeMemo>()
/** A Gateway's ten listeners make a key of about 550 characters. */
const MEMO_MAX_CHARS = 2_048
/** Characters of keys kept per node: a few MB at most, however many distinct values there are. */
const MEMO_CHARS_PER_NODE = 1_000_000

function memoOf(node: SchemaNode): NodeMemo {
  let memo = memos.get(node)
  if (!memo) {
    const programs = node.rules.map((r) => r.program).filter((p): p is CompiledRule => typeof p !== 'string' && !p.transition)
    memo = {reads: mergeReads(programs.map((p) => ruleReads(p.expr, node, escapeProperty)), node), passed: new Set(), chars: 0}
    memos.set(node, memo)
  }
  return memo
}

/** Runs a node's rules, unless they all passed before for the same inputs. */
function runRules(node: SchemaNode, v: unknown, old: unknown, path: string, ctx: RuleCtx): void {
  const memo = memoOf(node)
  const key = projectionKey(v, memo.reads, MEMO_MAX_CHARS)
  const known = key !== undefined && memo.passed.has(key)
  let allPassed = true
  let self: CelInput | undefined
  let oldSelf: CelInput | undefined
  let oldDone = false
  for (const r of node.rules) {
    // oldSelf is then a CEL optional value (also on create), a type the evaluator does not have.
    if (r.optionalOldSelf && /\boldSelf\b/.test(r.rule)) {
      notChecked(ctx, r.rule, 'optionalOldSelf: oldSelf is a CEL optional value, which the evaluator does not support')
      continue
    }
    const program = r.program
    if (typeof program === 'string') {
      notChecked(ctx, r.rule, program)
      continue
    }
    // Transition rules compare with the stored object: on a create there is none, and they do not run.
    if (program.transition && !oldDone) {
      oldSelf = old === undefined || old === null ? undefined : toCel(old, node)
      oldDone = true
    }
    if (program.transition ? oldSelf === undefined : known) continue
    self ??= celValue(v, node)
    const result = program.run(self, oldSelf)
    if (!result.ok) {
      // The server's words for a rule that fails at run time (apiextensions-apiserver's cel validator):
      // the error, then the rule's message or, without one, its text.
      ctx.violations.push({
        source: 'rule',
        type: 'Invalid',
        path: shown(path),
        message: `${shown(path)}: Invalid value: ${goCelError(result.error)} evaluating rule: ${(r.message ?? r.rule).trim()}`,
        rule: r.rule,
      })
    } else if (result.value !== true) {
      // Ratcheting: a rule that does not read oldSelf and fails on a part left unchanged is dropped
      // (and the node's verdict is not remembered as a pass: the part may change in another object).
      const rc = ctx.ratchet
      if (!program.transition && rc && ratchets(rc.value, rc.old, rc.schema, rc.at, rc.root)) {
        allPassed = false
        continue
      }
      ctx.violations.push(ruleViolation(r, node, v, path, ruleMessage(r, self, oldSelf, ctx)))
    } else continue
    if (!program.transition) allPassed = false
  }
  if (!known && allPassed && key !== undefined && memo.chars + key.length <= MEMO_CHARS_PER_NODE) {
    memo.passed.add(key)
    memo.chars += key.length
  }
}

/** Validates `obj` against a compiled CRD version schema. Pure: `obj` is not modified. */
export function validateValue(obj: unknown, schema: SchemaNode, opts: ValidateOptions = {}): ValidationResult {
  const ctx: Ctx = {violations: [], defaulted: [], probe: false, failed: false}
  const update = opts.old !== undefined && opts.old !== null
  if (update) ctx.track = {at: [], where: new Map(), listType: new Set()}
  const value = check(obj, schema, '', ctx, !opts.fragment, opts.skipRootFields)
  const violations = update ? ratchetSchemaErrors(ctx, value, opts.old, schema, opts) : ctx.violations
  const unchecked: UncheckedRule[] = []
  const blocked = violations.some((v) => v.type !== undefined && BLOCKING.has(v.type))
  if (blocked && schema.hasRules) {
    // Worded as the server words it: an error with no field path and a null value.
    violations.push({source: 'schema', type: 'Invalid', path: '<nil>', message: `<nil>: Invalid value: null: ${NOT_CHECKED_BECAUSE_INVALID}`})
  } else if (!blocked) {
    const rctx: RuleCtx = {violations, unchecked, uncheckedSeen: new Set()}
    if (update) rctx.ratchet = {value, old: opts.old, schema, root: !opts.fragment, at: []}
    evaluate(value, opts.old, schema, '', rctx, !opts.fragment)
    celValues = new WeakMap()
  }
  // The server's error list drops repeats of one message (field.ErrorList.ToAggregate): a rule
  // a CRD lists twice on one node (v1.1.0's backendRef filters) is one error there, so one here.
  const seen = new Set<string>()
  const unique = violations.filter((v) => !seen.has(v.message) && seen.add(v.message))
  return {violations: unique, defaulted: ctx.defaulted, unchecked, value}
}

/**
 * The schema errors an update keeps (ratchet.ts): those of nodes whose nearest correlated node changed,
 * and the list-type uniqueness errors unless the stored object already had one (the server then skips
 * that check for the update).
 */
function ratchetSchemaErrors(ctx: Ctx, value: unknown, old: unknown, schema: SchemaNode, opts: ValidateOptions): Violation[] {
  const track = ctx.track!
  let oldHadListTypeErrors: boolean | undefined
  const oldListTypeErrors = () => {
    if (oldHadListTypeErrors === undefined) {
      const oc: Ctx = {violations: [], defaulted: [], probe: false, failed: false, track: {at: [], where: new Map(), listType: new Set()}}
      check(old, schema, '', oc, !opts.fragment)
      oldHadListTypeErrors = oc.track!.listType.size > 0
    }
    return oldHadListTypeErrors
  }
  return ctx.violations.filter((v) => {
    if (track.listType.has(v)) return !oldListTypeErrors()
    const where = track.where.get(v)
    return where === undefined || !ratchets(value, old, schema, where, !opts.fragment)
  })
}
