// Kubernetes label selectors, both the string form users type (`-l 'tier in (a,b),!canary'`) and the
// structured `metav1.LabelSelector` found in objects (allowedRoutes.namespaces.selector).
//
// No maintained npm package implements Kubernetes selector syntax (searched the registry list), so
// this follows k8s.io/apimachinery/pkg/labels semantics directly: requirements are ANDed; `!=` and
// `notin` match objects that lack the key; an empty selector matches everything.

import type {LabelSelector} from '../model/types.js'

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!'

export interface Requirement {
  key: string
  op: Operator
  values: string[]
}

export type Selector = Requirement[]

export class SelectorError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SelectorError'
  }
}

// A label key is an optional DNS-subdomain prefix and a name of at most 63 characters.
const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const VALUE = /^(([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?)$/

function checkKey(key: string, input: string): void {
  const slash = key.indexOf('/')
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined
  const name = slash >= 0 ? key.slice(slash + 1) : key
  if (!NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !PREFIX.test(prefix)))) {
    throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in selector "${input}"`)
  }
}

function checkValue(value: string, input: string): void {
  if (!VALUE.test(value)) throw new SelectorError(`invalid label value "${value}" in selector "${input}"`)
}

/** Splits on commas that are not inside parentheses. */
function splitTop(input: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < input.length; i++) {
    const c = input[i]
    if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === ',' && depth === 0) {
      parts.push(input.slice(start, i))
      start = i + 1
    }
    if (depth < 0) throw new SelectorError(`unexpected ")" in selector "${input}"`)
  }
  if (depth !== 0) throw new SelectorError(`unclosed "(" in selector "${input}"`)
  parts.push(input.slice(start))
  return parts
}

/** Parses kubectl's `-l` syntax. Throws SelectorError with a message naming the bad part. */
export function parseSelector(input: string): Selector {
  const trimmed = input.trim()
  if (trimmed === '') return []
  const reqs: Selector = []
  for (const raw of splitTop(trimmed)) {
    const part = raw.trim()
    if (part === '') throw new SelectorError(`empty requirement in selector "${input}"`)
    let m: RegExpMatchArray | null
    if ((m = part.match(/^!\s*([^\s=!(),]+)$/))) {
      checkKey(m[1], input)
      reqs.push({key: m[1], op: '!', values: []})
    } else if ((m = part.match(/^([^\s=!(),]+)\s+(in|notin)\s*\((.*)\)$/))) {
      checkKey(m[1], input)
      const values = m[3].split(',').map((v) => v.trim())
      if (m[3].trim() === '') throw new SelectorError(`"${m[2]}" needs at least one value in selector "${input}"`)
      for (const v of values) checkValue(v, input)
      reqs.push({key: m[1], op: m[2] as Operator, values})
    } else if ((m = part.match(/^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/))) {
      checkKey(m[1], input)
      checkValue(m[3], input)
      reqs.push({key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]]})
    } else if ((m = part.match(/^([^\s=!(),]+)$/))) {
      checkKey(m[1], input)
      reqs.push({key: m[1], op: 'exists', values: []})
    } else {
      throw new SelectorError(`unable to parse requirement "${part}" in selector "${input}"`)
    }
  }
  return reqs
}

export function matches(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {}
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key)
    switch (r.op) {
      case '=':
        return has && l[r.key] === r.values[0]
      case '!=':
        return !has || l[r.key] !== r.values[0]
      case 'in':
        return has && r.values.includes(l[r.key])
      case 'notin':
        return !has || !r.values.includes(l[r.key])
      case 'exists':
        return has
      case '!':
        return !has
    }
  })
}

/** Canonical string form (as sent to an API server). */
export function formatSelector(selector: Selector): string {
  return selector
    .map((r) => {
      switch (r.op) {
        case '=':
        case '!=':
          return `${r.key}${r.op}${r.values[0]}`
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${r.values.join(',')})`
        case 'exists':
          return r.key
        case '!':
          return `!${r.key}`
      }
    })
    .join(',')
}

/**
 * Evaluates a structured metav1.LabelSelector. Per apimachinery, a null selector matches nothing and
 * an empty one (`{}`) matches everything; the caller decides what "absent" means in its context.
 * An unknown operator makes the selector invalid: returns undefined so callers can report it.
 */
export function matchesLabelSelector(selector: LabelSelector, labels: Record<string, string> | undefined): boolean | undefined {
  const l = labels ?? {}
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (l[k] !== v) return false
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key)
    const values = e.values ?? []
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key])) return false
        break
      case 'NotIn':
        if (has && values.includes(l[e.key])) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
      default:
        return undefined
    }
  }
  return true
}
