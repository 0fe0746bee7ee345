// CEL as the Kubernetes API server evaluates `x-kubernetes-validations` rules: Buf's conformance-tested
// evaluator (@bufbuild/cel) with its strings extension, RE2 regular expressions (Go's syntax, as
// the server's), and the Kubernetes library functions the Gateway API CRDs use that CEL itself does
// not define: `isIP` (the net library) and `format.<name>().validate(s)` (the format library).
// Cost limits are not enforced (the CRDs' authors kept the rules within the server's budget).

import {isIP as nodeIsIP} from 'node:net'
import {CelScalar, celEnv, celFunc, celMethod, isCelError, parse, plan, type CelEnv, type CelInput} from '@bufbuild/cel'
import {strings} from '@bufbuild/cel/ext'
import {compileRe2} from './regex.js'

/** The Kubernetes net library's isIP: IPv4 or IPv6, without a zone and not an IPv4-mapped IPv6. */
export function k8sIsIP(s: string): boolean {
  const family = nodeIsIP(s)
  if (family === 4) return true
  return family === 6 && !s.includes('%') && !/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(s)
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/**
 * The format library's checks by name: the error messages the server's validators give, or none.
 * `format.dns1123Label().validate(s)` yields null when `s` is valid and the list of errors otherwise.
 */
const FORMATS: Record<string, (s: string) => string[]> = {
  dns1123Label: (s) => [
    ...(s.length > 63 ? ['must be no more than 63 characters'] : []),
    ...(DNS1123_LABEL.test(s)
      ? []
      : ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"]),
  ],
  dns1123Subdomain: (s) => [
    ...(s.length > 253 ? ['must be no more than 253 characters'] : []),
    ...(DNS1123_SUBDOMAIN.test(s)
      ? []
      : ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"]),
  ],
}

/** A format object is represented by its name with this prefix: CEL sees a string it never prints. */
const FORMAT_TAG = '\u0000format:'

function kubernetesFuncs() {
  const out = [celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s) => k8sIsIP(s))]
  for (const name of Object.keys(FORMATS)) out.push(celFunc(`format.${name}`, [], CelScalar.STRING, () => FORMAT_TAG + name))
  out.push(
    celMethod('validate', CelScalar.STRING, [CelScalar.STRING], CelScalar.DYN, function (value) {
      const check = this.startsWith(FORMAT_TAG) ? FORMATS[this.slice(FORMAT_TAG.length)] : undefined
      if (!check) return null
      const errors = check(value)
      return errors.length === 0 ? null : errors
    }),
  )
  return out
}

/** matches() with RE2's meaning; a rule's pattern is compiled once, not once per object. */
const re2 = {compile: compileRe2}

let env: CelEnv | undefined
function k8sEnv(): CelEnv {
  return (env ??= celEnv({funcs: [...strings, ...kubernetesFuncs()], re2}))
}

/** Names the evaluator knows as functions (operators, std functions, extensions). */
function known(name: string): boolean {
  return k8sEnv().funcs.find(name) !== undefined
}

/** Every function a parsed expression calls, and every identifier it reads (macros are already expanded). */
function walkExpr(expr: unknown, calls: Set<string>, idents: Set<string>, bound: Set<string>): void {
  if (!expr || typeof expr !== 'object') return
  const e = expr as {exprKind?: {case?: string; value?: any}}
  const kind = e.exprKind?.case
  const v = e.exprKind?.value
  if (kind === 'identExpr') {
    if (!bound.has(v.name)) idents.add(v.name)
  } else if (kind === 'callExpr') {
    // `format.dns1123Label()` parses as a call of dns1123Label on the identifier `format`.
    if (v.target?.exprKind?.case === 'identExpr' && !bound.has(v.target.exprKind.value.name) && known(`${v.target.exprKind.value.name}.${v.function}`)) {
      calls.add(`${v.target.exprKind.value.name}.${v.function}`)
    } else {
      calls.add(v.function)
      walkExpr(v.target, calls, idents, bound)
    }
    for (const a of v.args ?? []) walkExpr(a, calls, idents, bound)
  } else if (kind === 'selectExpr') {
    walkExpr(v.operand, calls, idents, bound)
  } else if (kind === 'listExpr') {
    for (const x of v.elements ?? []) walkExpr(x, calls, idents, bound)
  } else if (kind === 'structExpr') {
    for (const entry of v.entries ?? []) {
      walkExpr(entry.keyKind?.value, calls, idents, bound)
      walkExpr(entry.value, calls, idents, bound)
    }
  } else if (kind === 'comprehensionExpr') {
    calls.add('@comprehension')
    walkExpr(v.iterRange, calls, idents, bound)
    walkExpr(v.accuInit, calls, idents, bound)
    const inner = new Set([...bound, v.iterVar, v.accuVar, ...(v.iterVar2 ? [v.iterVar2] : [])])
    walkExpr(v.loopCondition, calls, idents, inner)
    walkExpr(v.loopStep, calls, idents, inner)
    walkExpr(v.result, calls, idents, inner)
  }
}

export type CelResult = {ok: true; value: unknown} | {ok: false; error: string}

export interface CompiledRule {
  /** Whether the rule reads `oldSelf`: a transition rule, evaluated only on updates. */
  transition: boolean
  /** The parsed expression (cel.expr.Expr), for the analysis of what the rule reads (reads.ts). */
  expr: unknown
  /** Whether it iterates (a macro such as all, exists_one, filter): its cost grows with the value. */
  iterates: boolean
  run(self: CelInput, oldSelf?: CelInput): CelResult
}

/** Operators and macros are calls too; these are CEL's own and always present. */
const CEL_INTERNAL = /^(_.*_|!_|-_|@.*|_\[_\]|_\?_:_)$/

/**
 * Compiles a rule (or messageExpression) once. A rule the evaluator cannot compile (a syntax it
 * does not parse, a function it does not have) yields the reason as a string: the caller reports it
 * as not checked, never as passed.
 */
export function compileCel(text: string): CompiledRule | string {
  let program = programs.get(text)
  if (program === undefined) programs.set(text, (program = compile(text)))
  return program
}

/** Programs by text: the same rule sits on many nodes (every route kind's parentRefs) and CRD versions. */
const programs = new Map<string, CompiledRule | string>()

function compile(text: string): CompiledRule | string {
  let parsed
  try {
    parsed = parse(text)
  } catch (e) {
    return `cannot parse: ${e instanceof Error ? e.message : String(e)}`
  }
  const calls = new Set<string>()
  const idents = new Set<string>()
  walkExpr(parsed.expr, calls, idents, new Set())
  const missing = [...calls].filter((c) => !CEL_INTERNAL.test(c) && !known(c))
  if (missing.length > 0) return `uses functions the evaluator lacks: ${missing.join(', ')}`
  const unknownVars = [...idents].filter((i) => i !== 'self' && i !== 'oldSelf')
  if (unknownVars.length > 0) return `reads variables the server does not bind: ${unknownVars.join(', ')}`
  let program: ReturnType<typeof plan>
  try {
    program = plan(k8sEnv(), parsed)
  } catch (e) {
    return `cannot compile: ${e instanceof Error ? e.message : String(e)}`
  }
  return {
    transition: idents.has('oldSelf'),
    expr: parsed.expr,
    iterates: calls.has('@comprehension'),
    run(self, oldSelf) {
      let r
      try {
        r = program(oldSelf === undefined ? {self} : {self, oldSelf})
      } catch (e) {
        return {ok: false, error: e instanceof Error ? e.message : String(e)}
      }
      return isCelError(r) ? {ok: false, error: r.message} : {ok: true, value: r}
    },
  }
}

