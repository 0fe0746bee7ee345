// A small validator for the subset of OpenAPI v3 that Kubernetes structural schemas (CRD
// `openAPIV3Schema`) use, so tests can check hand-written objects the way an API server would before
// anyone applies them.
//
// What it does, in the order the API server does it: apply `default`s to the object (so that a
// defaulted field satisfies `required`, and `oneOf` branches see the defaulted value), then check
// type, nullable, enum, string length/pattern/format, numeric bounds and format, array bounds,
// `x-kubernetes-list-type` uniqueness (set, map keys), required, min/maxProperties, properties,
// additionalProperties, and the value validations allOf/anyOf/oneOf/not.
//
// What it does not do: CEL rules (`x-kubernetes-validations`) are ignored, and unknown formats are
// accepted (as the API server does). Patterns are compiled as ECMAScript regular expressions with the
// `u` flag, which rejects Go RE2 syntax JavaScript lacks (`\pL`, `(?i)`, `\z`) instead of silently
// reading it differently; such patterns are skipped and listed in `skippedPatterns`. Patterns match
// unanchored, like Go's regexp.MatchString.

import {isIPv4, isIPv6} from 'node:net'

export interface OpenApiSchema {
  type?: string
  format?: string
  description?: string
  enum?: unknown[]
  pattern?: string
  default?: unknown
  nullable?: boolean
  properties?: Record<string, OpenApiSchema>
  required?: string[]
  additionalProperties?: boolean | OpenApiSchema
  minProperties?: number
  maxProperties?: number
  items?: OpenApiSchema
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: boolean
  exclusiveMaximum?: boolean
  multipleOf?: number
  allOf?: OpenApiSchema[]
  anyOf?: OpenApiSchema[]
  oneOf?: OpenApiSchema[]
  not?: OpenApiSchema
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-int-or-string'?: boolean
  'x-kubernetes-embedded-resource'?: boolean
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map' | string
  'x-kubernetes-list-map-keys'?: string[]
  'x-kubernetes-map-type'?: string
  'x-kubernetes-validations'?: unknown[]
}

export interface SchemaIssue {
  /** JSON-path-like location, e.g. `spec.listeners[2].tls.mode`. */
  path: string
  message: string
}

export interface ValidateOptions {
  /**
   * Report fields the schema does not declare. The API server prunes them silently, but
   * `kubectl apply` (server-side field validation, strict by default) rejects them, and in a
   * hand-written example they are always a typo. Default true.
   */
  rejectUnknownFields?: boolean
  /** Apply `default`s first, as the API server does on create. Default true. */
  applyDefaults?: boolean
}

export interface ValidationResult {
  issues: SchemaIssue[]
  /** Patterns that could not be compiled as JavaScript regular expressions and were not checked. */
  skippedPatterns: string[]
}

const compiled = new Map<string, RegExp | undefined>()

/** The compiled pattern, or undefined when JavaScript cannot express it. */
export function compilePattern(pattern: string): RegExp | undefined {
  if (!compiled.has(pattern)) {
    let re: RegExp | undefined
    try {
      re = new RegExp(pattern, 'u')
    } catch {
      re = undefined
    }
    compiled.set(pattern, re)
  }
  return compiled.get(pattern)
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Schemas come from parsed YAML: anything that is not an object is treated as "no schema". */
function isSchema(v: unknown): v is OpenApiSchema {
  return isPlainObject(v)
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T)
}

/**
 * A copy of `value` with schema defaults filled in where a property is absent, recursively through
 * properties, items and additionalProperties (not through allOf/anyOf/oneOf/not, which carry no
 * structure in a structural schema).
 */
export function applyDefaults(value: unknown, schema: OpenApiSchema | undefined): unknown {
  if (!isSchema(schema)) return value
  if (Array.isArray(value)) return value.map((v) => applyDefaults(v, schema.items))
  if (!isPlainObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const sub = schema.properties?.[k] ?? (isSchema(schema.additionalProperties) ? schema.additionalProperties : undefined)
    out[k] = applyDefaults(v, sub)
  }
  for (const [k, sub] of Object.entries(schema.properties ?? {})) {
    if (!(k in out) && isSchema(sub) && sub.default !== undefined) out[k] = applyDefaults(clone(sub.default), sub)
  }
  return out
}

function typeMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value)
    case 'array':
      return Array.isArray(value)
    case 'string':
      return typeof value === 'string'
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'boolean':
      return typeof value === 'boolean'
    default:
      // An unknown type name is a schema problem, not the object's; let it through.
      return true
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer'
  return typeof value
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function formatProblem(value: unknown, format: string): string | undefined {
  switch (format) {
    case 'int32':
      if (typeof value === 'number' && (value < -(2 ** 31) || value > 2 ** 31 - 1)) return 'is out of int32 range'
      return undefined
    case 'int64':
      if (typeof value === 'number' && !Number.isSafeInteger(value)) return 'is not an exactly representable int64'
      return undefined
    case 'date-time':
      if (typeof value === 'string' && (!RFC3339.test(value) || Number.isNaN(Date.parse(value)))) return 'is not an RFC 3339 date-time'
      return undefined
    case 'ipv4':
      if (typeof value === 'string' && !isIPv4(value)) return 'is not an IPv4 address'
      return undefined
    case 'ipv6':
      if (typeof value === 'string' && !isIPv6(value)) return 'is not an IPv6 address'
      return undefined
    case 'byte':
      if (typeof value === 'string' && !BASE64.test(value)) return 'is not base64'
      return undefined
    default:
      return undefined
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

class Walker {
  readonly issues: SchemaIssue[] = []
  readonly skipped = new Set<string>()

  constructor(private readonly rejectUnknown: boolean) {}

  private add(path: string, message: string): void {
    this.issues.push({path: path || '<root>', message})
  }

  walk(value: unknown, schema: OpenApiSchema | undefined, path: string): void {
    if (!isSchema(schema)) return
    if (value === null) {
      if (!schema.nullable) this.add(path, 'must not be null')
      return
    }
    if (schema['x-kubernetes-int-or-string']) {
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
        this.add(path, `must be an integer or a string, got ${typeName(value)}`)
        return
      }
    } else if (schema.type && !typeMatches(value, schema.type)) {
      this.add(path, `must be of type ${schema.type}, got ${typeName(value)}`)
      return
    }
    if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) {
      this.add(path, `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`)
    }
    if (schema.format) {
      const problem = formatProblem(value, schema.format)
      if (problem) this.add(path, `${JSON.stringify(value)} ${problem}`)
    }
    if (typeof value === 'string') this.checkString(value, schema, path)
    else if (typeof value === 'number') this.checkNumber(value, schema, path)
    else if (Array.isArray(value)) this.checkArray(value, schema, path)
    else if (isPlainObject(value)) this.checkObject(value, schema, path)
    this.checkCombinators(value, schema, path)
  }

  private checkString(value: string, schema: OpenApiSchema, path: string): void {
    // Kubernetes counts characters (runes), not UTF-16 units.
    const length = [...value].length
    if (schema.minLength !== undefined && length < schema.minLength) this.add(path, `must be at least ${schema.minLength} characters long`)
    if (schema.maxLength !== undefined && length > schema.maxLength) this.add(path, `must be at most ${schema.maxLength} characters long`)
    if (schema.pattern !== undefined) {
      const re = compilePattern(schema.pattern)
      if (!re) this.skipped.add(schema.pattern)
      else if (!re.test(value)) this.add(path, `${JSON.stringify(value)} does not match ${schema.pattern}`)
    }
  }

  private checkNumber(value: number, schema: OpenApiSchema, path: string): void {
    if (schema.minimum !== undefined) {
      if (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum) this.add(path, `must be ${schema.exclusiveMinimum ? '>' : '>='} ${schema.minimum}`)
    }
    if (schema.maximum !== undefined) {
      if (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum) this.add(path, `must be ${schema.exclusiveMaximum ? '<' : '<='} ${schema.maximum}`)
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0 && !Number.isInteger(value / schema.multipleOf)) {
      this.add(path, `must be a multiple of ${schema.multipleOf}`)
    }
  }

  private checkArray(value: unknown[], schema: OpenApiSchema, path: string): void {
    if (schema.minItems !== undefined && value.length < schema.minItems) this.add(path, `must have at least ${schema.minItems} items`)
    if (schema.maxItems !== undefined && value.length > schema.maxItems) this.add(path, `must have at most ${schema.maxItems} items`)
    const listType = schema['x-kubernetes-list-type']
    if (listType === 'set') {
      const seen = new Set<string>()
      value.forEach((item, i) => {
        const key = JSON.stringify(item)
        if (seen.has(key)) this.add(`${path}[${i}]`, `duplicate entry ${key} in a list of type set`)
        seen.add(key)
      })
    } else if (listType === 'map') {
      const keys = schema['x-kubernetes-list-map-keys'] ?? []
      const seen = new Set<string>()
      value.forEach((item, i) => {
        if (!isPlainObject(item)) return
        const key = JSON.stringify(keys.map((k) => item[k] ?? null))
        if (seen.has(key)) this.add(`${path}[${i}]`, `duplicate entry for key (${keys.join(', ')}) = ${key}`)
        seen.add(key)
      })
    }
    value.forEach((item, i) => this.walk(item, schema.items, `${path}[${i}]`))
  }

  private checkObject(value: Record<string, unknown>, schema: OpenApiSchema, path: string): void {
    const prefix = path ? `${path}.` : ''
    for (const r of schema.required ?? []) {
      if (!(r in value)) this.add(`${prefix}${r}`, 'is required')
    }
    const count = Object.keys(value).length
    if (schema.minProperties !== undefined && count < schema.minProperties) this.add(path, `must have at least ${schema.minProperties} properties`)
    if (schema.maxProperties !== undefined && count > schema.maxProperties) this.add(path, `must have at most ${schema.maxProperties} properties`)
    const open = schema['x-kubernetes-preserve-unknown-fields'] === true
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties?.[k]
      if (sub) {
        this.walk(v, sub, `${prefix}${k}`)
      } else if (isSchema(schema.additionalProperties)) {
        this.walk(v, schema.additionalProperties, `${prefix}${k}`)
      } else if (schema.additionalProperties === false) {
        this.add(`${prefix}${k}`, 'is not allowed')
      } else if (this.rejectUnknown && !open && schema.properties !== undefined) {
        // A schema without `properties` (the root `metadata: {type: object}`) is left to the server.
        this.add(`${prefix}${k}`, 'is not a known field')
      }
    }
  }

  private checkCombinators(value: unknown, schema: OpenApiSchema, path: string): void {
    // Branches of value validations declare only the fields they constrain: unknown fields are
    // not theirs to judge.
    const passes = (s: OpenApiSchema): boolean => {
      const w = new Walker(false)
      w.walk(value, s, path)
      for (const p of w.skipped) this.skipped.add(p)
      return w.issues.length === 0
    }
    for (const s of schema.allOf ?? []) {
      const w = new Walker(false)
      w.walk(value, s, path)
      this.issues.push(...w.issues)
      for (const p of w.skipped) this.skipped.add(p)
    }
    if (schema.anyOf && !schema.anyOf.some(passes)) this.add(path, 'must match at least one schema in anyOf')
    if (schema.oneOf) {
      const n = schema.oneOf.filter(passes).length
      if (n !== 1) this.add(path, `must match exactly one schema in oneOf, matches ${n}`)
    }
    if (schema.not && passes(schema.not)) this.add(path, 'must not match the schema in not')
  }
}

/** Validates `value` against a structural schema. Never throws on malformed values. */
export function validate(value: unknown, schema: OpenApiSchema, options: ValidateOptions = {}): ValidationResult {
  const defaulted = options.applyDefaults === false ? value : applyDefaults(value, schema)
  const w = new Walker(options.rejectUnknownFields !== false)
  w.walk(defaulted, schema, '')
  return {issues: w.issues, skippedPatterns: [...w.skipped].sort()}
}

export interface CrdVersionSchema {
  group: string
  kind: string
  version: string
  served: boolean
  namespaced: boolean
  schema: OpenApiSchema
}

/**
 * The per-version schemas of CRD objects, keyed `group/version/kind`. Accepts anything (a file may
 * hold other documents); entries without a schema are left out.
 */
export function crdSchemas(crds: unknown[]): Map<string, CrdVersionSchema> {
  const out = new Map<string, CrdVersionSchema>()
  for (const crd of crds) {
    if (!isPlainObject(crd) || crd.kind !== 'CustomResourceDefinition' || !isPlainObject(crd.spec)) continue
    const spec = crd.spec
    const names = isPlainObject(spec.names) ? spec.names : {}
    if (typeof spec.group !== 'string' || typeof names.kind !== 'string' || !Array.isArray(spec.versions)) continue
    for (const v of spec.versions) {
      if (!isPlainObject(v) || typeof v.name !== 'string') continue
      const schema = isPlainObject(v.schema) && isPlainObject(v.schema.openAPIV3Schema) ? (v.schema.openAPIV3Schema as OpenApiSchema) : undefined
      if (!schema) continue
      out.set(`${spec.group}/${v.name}/${names.kind}`, {
        group: spec.group,
        kind: names.kind,
        version: v.name,
        served: v.served === true,
        namespaced: spec.scope !== 'Cluster',
        schema,
      })
    }
  }
  return out
}

/** Every pattern in a schema that JavaScript cannot compile (for reporting what went unchecked). */
export function uncompilablePatterns(schema: OpenApiSchema): string[] {
  const bad = new Set<string>()
  const visit = (s: unknown): void => {
    if (!isSchema(s)) return
    const os = s
    if (typeof os.pattern === 'string' && !compilePattern(os.pattern)) bad.add(os.pattern)
    for (const sub of Object.values(os.properties ?? {})) visit(sub)
    visit(os.items)
    if (isSchema(os.additionalProperties)) visit(os.additionalProperties)
    for (const list of [os.allOf, os.anyOf, os.oneOf]) for (const sub of list ?? []) visit(sub)
    visit(os.not)
  }
  visit(schema)
  return [...bad].sort()
}
