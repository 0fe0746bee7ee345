// A CRD version's OpenAPI v3 schema (a structural schema, as the API server requires of CRDs),
// compiled once into nodes the validator walks: patterns as RE2 programs (Go's syntax, the server's),
// enum values as a set, and every `x-kubernetes-validations` rule compiled to a CEL program.

import {isRecord} from '../model/guards.js'
import {compileCel, type CompiledRule} from './cel.js'
import {compileRe2, type Matcher} from './regex.js'

/** The fields of JSONSchemaProps that structural schemas may use (apiextensions.k8s.io/v1). */
export interface JSONSchemaProps {
  type?: string
  format?: string
  properties?: Record<string, JSONSchemaProps>
  additionalProperties?: boolean | JSONSchemaProps
  items?: JSONSchemaProps
  required?: string[]
  enum?: unknown[]
  pattern?: string
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  minProperties?: number
  maxProperties?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: boolean
  exclusiveMaximum?: boolean
  multipleOf?: number
  default?: unknown
  nullable?: boolean
  oneOf?: JSONSchemaProps[]
  anyOf?: JSONSchemaProps[]
  allOf?: JSONSchemaProps[]
  not?: JSONSchemaProps
  'x-kubernetes-int-or-string'?: boolean
  'x-kubernetes-preserve-unknown-fields'?: boolean
  'x-kubernetes-embedded-resource'?: boolean
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map'
  'x-kubernetes-list-map-keys'?: string[]
  'x-kubernetes-map-type'?: string
  'x-kubernetes-validations'?: ValidationRule[]
}

export interface ValidationRule {
  rule: string
  message?: string
  messageExpression?: string
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate' | string
  fieldPath?: string
  optionalOldSelf?: boolean
}

export interface CompiledValidation {
  rule: string
  program: CompiledRule | string
  message?: string
  messageExpression?: {text: string; program: CompiledRule | string}
  reason?: string
  fieldPath?: string
  optionalOldSelf?: boolean
}

export interface SchemaNode {
  type?: string
  format?: string
  properties?: Map<string, SchemaNode>
  /** The properties that have a default, if any: the only ones looked at for defaulting. */
  defaulted?: Array<[string, SchemaNode]>
  /** The schema of a map's values; true: any value is kept. */
  additional?: SchemaNode | true
  items?: SchemaNode
  required: string[]
  /** `keys`: each value's JSON, for lists and maps; `scalars`: the other values themselves. */
  enum?: {values: unknown[]; keys: Set<string>; scalars: Set<unknown>}
  pattern?: {source: string; re: Matcher | undefined}
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  minProperties?: number
  maxProperties?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: boolean
  exclusiveMaximum?: boolean
  multipleOf?: number
  hasDefault: boolean
  default?: unknown
  nullable: boolean
  intOrString: boolean
  preserveUnknown: boolean
  embedded: boolean
  listType?: string
  mapKeys?: string[]
  oneOf?: SchemaNode[]
  anyOf?: SchemaNode[]
  allOf?: SchemaNode[]
  not?: SchemaNode
  rules: CompiledValidation[]
  /** Whether this node or any below it has rules: only then is a CEL value built for it. */
  hasRules: boolean
}

const compiled = new WeakMap<object, SchemaNode>()

/**
 * Compiles a schema; the result is cached on the schema object. Each rule compiles once, when a
 * value first reaches it (cel.ts keeps programs by text, shared by every node and CRD version).
 */
export function compileSchema(schema: JSONSchemaProps): SchemaNode {
  let node = compiled.get(schema)
  if (!node) compiled.set(schema, (node = build(schema)))
  return node
}

function sub(s: unknown): SchemaNode | undefined {
  return isRecord(s) ? compileSchema(s as JSONSchemaProps) : undefined
}

function subs(list: unknown): SchemaNode[] | undefined {
  return Array.isArray(list) ? list.filter(isRecord).map((s) => compileSchema(s as JSONSchemaProps)) : undefined
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

function compilePattern(source: string): Matcher | undefined {
  try {
    return compileRe2(source)
  } catch {
    // The server would not have accepted the CRD; the pattern is then not checked.
    return undefined
  }
}

function build(s: JSONSchemaProps): SchemaNode {
  const properties = isRecord(s.properties)
    ? new Map(Object.entries(s.properties).filter(([, v]) => isRecord(v)).map(([k, v]) => [k, compileSchema(v)]))
    : undefined
  const additional = s.additionalProperties === true ? true : sub(s.additionalProperties)
  const rules: CompiledValidation[] = (Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'] : [])
    .filter((r) => isRecord(r) && typeof r.rule === 'string')
    .map((r) => ({
      rule: r.rule,
      // Compiled when first run (then kept): the rules of fields no object uses cost nothing.
      get program() {
        return compileCel(r.rule)
      },
      ...(typeof r.message === 'string' && r.message ? {message: r.message} : {}),
      ...(typeof r.messageExpression === 'string' && r.messageExpression
        ? {
            messageExpression: {
              text: r.messageExpression,
              get program() {
                return compileCel(r.messageExpression!)
              },
            },
          }
        : {}),
      ...(typeof r.reason === 'string' ? {reason: r.reason} : {}),
      ...(typeof r.fieldPath === 'string' ? {fieldPath: r.fieldPath} : {}),
      ...(r.optionalOldSelf === true ? {optionalOldSelf: true} : {}),
    }))
  const node: SchemaNode = {
    type: typeof s.type === 'string' ? s.type : undefined,
    format: typeof s.format === 'string' ? s.format : undefined,
    properties,
    additional,
    items: sub(s.items),
    required: Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [],
    enum: Array.isArray(s.enum)
      ? {values: s.enum, keys: new Set(s.enum.map((v) => JSON.stringify(v))), scalars: new Set(s.enum.filter((v) => v === null || typeof v !== 'object'))}
      : undefined,
    pattern: typeof s.pattern === 'string' ? {source: s.pattern, re: compilePattern(s.pattern)} : undefined,
    minLength: num(s.minLength),
    maxLength: num(s.maxLength),
    minItems: num(s.minItems),
    maxItems: num(s.maxItems),
    minProperties: num(s.minProperties),
    maxProperties: num(s.maxProperties),
    minimum: num(s.minimum),
    maximum: num(s.maximum),
    exclusiveMinimum: s.exclusiveMinimum === true,
    exclusiveMaximum: s.exclusiveMaximum === true,
    multipleOf: num(s.multipleOf),
    hasDefault: 'default' in s,
    default: s.default,
    nullable: s.nullable === true,
    intOrString: s['x-kubernetes-int-or-string'] === true,
    preserveUnknown: s['x-kubernetes-preserve-unknown-fields'] === true,
    embedded: s['x-kubernetes-embedded-resource'] === true,
    listType: typeof s['x-kubernetes-list-type'] === 'string' ? s['x-kubernetes-list-type'] : undefined,
    mapKeys: Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : undefined,
    oneOf: subs(s.oneOf),
    anyOf: subs(s.anyOf),
    allOf: subs(s.allOf),
    not: sub(s.not),
    rules,
    hasRules: false,
  }
  const defaulted = [...(properties ?? [])].filter(([, p]) => p.hasDefault)
  if (defaulted.length > 0) node.defaulted = defaulted
  node.hasRules =
    rules.length > 0 ||
    [...(properties?.values() ?? []), ...(additional && additional !== true ? [additional] : []), ...(node.items ? [node.items] : [])].some((c) => c.hasRules)
  return node
}

/** Every rule of a schema tree with the path of the node that carries it (for "not checked" reports and tests). */
export function* rulesOf(node: SchemaNode, path = '', seen = new Set<SchemaNode>()): Generator<{path: string; node: SchemaNode; rule: CompiledValidation}> {
  if (seen.has(node)) return
  seen.add(node)
  for (const rule of node.rules) yield {path, node, rule}
  for (const [k, child] of node.properties ?? []) yield* rulesOf(child, path ? `${path}.${k}` : k, seen)
  if (node.additional && node.additional !== true) yield* rulesOf(node.additional, `${path}[*]`, seen)
  if (node.items) yield* rulesOf(node.items, `${path}[*]`, seen)
}
