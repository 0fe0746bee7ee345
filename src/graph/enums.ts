// Enum values a route uses that the API does not define. The HTTPRoute/GRPCRoute godoc says: "Unknown
// values here must result in the implementation setting the Accepted Condition for the Route to
// `status: False`, with a Reason of `UnsupportedValue`" (path, header, query-param and method match
// types, filter types, redirect scheme/status code, path modifier type). The API server rejects them
// for current CRDs, but files and older CRDs can carry them.
//
// Later text says a Route "MUST be considered Accepted if at least one of the Route's rules is
// implemented" and signals dropped rules with `PartiallyInvalid=True` (reason UnsupportedValue). Both
// are honoured: only when every rule has an unknown value is the route Accepted=False/UnsupportedValue.
//
// Value lists are the union over v1.1..v1.6, standard and experimental channels.

import type {Route} from '../model/types.js'
import {arr, obj} from './access.js'
import type {UnsupportedValue} from './types.js'

const MATCH_TYPES = ['Exact', 'RegularExpression'] as const
const PATH_TYPES = ['Exact', 'PathPrefix', 'RegularExpression'] as const
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'] as const
const HTTP_FILTERS = [
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestMirror',
  'RequestRedirect',
  'URLRewrite',
  'ExtensionRef',
  'CORS',
  'ExternalAuth',
] as const
const GRPC_FILTERS = ['ResponseHeaderModifier', 'RequestHeaderModifier', 'RequestMirror', 'ExtensionRef'] as const
const SCHEMES = ['http', 'https'] as const
const REDIRECT_CODES = [301, 302, 303, 307, 308] as const
const PATH_MODIFIERS = ['ReplaceFullPath', 'ReplacePrefixMatch'] as const

export interface EnumFindings {
  values: UnsupportedValue[]
  /** Rules with at least one unknown value. */
  rules: Set<number>
  ruleCount: number
}

export function findUnsupportedValues(route: Route): EnumFindings {
  const values: UnsupportedValue[] = []
  const rules = arr(obj(route.spec)?.rules)
  const isHttp = route.kind === 'HTTPRoute'
  const isGrpc = route.kind === 'GRPCRoute'
  if (!isHttp && !isGrpc) return {values, rules: new Set(), ruleCount: rules.length}
  const check = (ruleIndex: number, field: string, value: unknown, allowed: readonly (string | number)[]) => {
    if (value === undefined) return
    if (!(allowed as readonly unknown[]).includes(value)) values.push({ruleIndex, field, value, allowed: allowed.map(String)})
  }
  const checkFilters = (ruleIndex: number, base: string, filters: unknown) => {
    arr(filters).forEach((f, i) => {
      const fo = obj(f)
      const at = `${base}.filters[${i}]`
      check(ruleIndex, `${at}.type`, fo?.type, isHttp ? HTTP_FILTERS : GRPC_FILTERS)
      if (!isHttp) return
      const redirect = obj(fo?.requestRedirect)
      check(ruleIndex, `${at}.requestRedirect.scheme`, redirect?.scheme, SCHEMES)
      check(ruleIndex, `${at}.requestRedirect.statusCode`, redirect?.statusCode, REDIRECT_CODES)
      check(ruleIndex, `${at}.requestRedirect.path.type`, obj(redirect?.path)?.type, PATH_MODIFIERS)
      check(ruleIndex, `${at}.urlRewrite.path.type`, obj(obj(fo?.urlRewrite)?.path)?.type, PATH_MODIFIERS)
    })
  }
  rules.forEach((r, ruleIndex) => {
    const rule = obj(r)
    const base = `spec.rules[${ruleIndex}]`
    arr(rule?.matches).forEach((m, mi) => {
      const match = obj(m)
      const at = `${base}.matches[${mi}]`
      if (isHttp) {
        check(ruleIndex, `${at}.path.type`, obj(match?.path)?.type, PATH_TYPES)
        check(ruleIndex, `${at}.method`, match?.method, METHODS)
        arr(match?.queryParams).forEach((q, qi) => check(ruleIndex, `${at}.queryParams[${qi}].type`, obj(q)?.type, MATCH_TYPES))
      } else {
        check(ruleIndex, `${at}.method.type`, obj(match?.method)?.type, MATCH_TYPES)
      }
      arr(match?.headers).forEach((h, hi) => check(ruleIndex, `${at}.headers[${hi}].type`, obj(h)?.type, MATCH_TYPES))
    })
    checkFilters(ruleIndex, base, rule?.filters)
    arr(rule?.backendRefs).forEach((b, bi) => checkFilters(ruleIndex, `${base}.backendRefs[${bi}]`, obj(b)?.filters))
  })
  return {values, rules: new Set(values.map((v) => v.ruleIndex)), ruleCount: rules.length}
}

export function unsupportedValueText(v: UnsupportedValue): string {
  return `${v.field} is ${JSON.stringify(v.value) ?? String(v.value)}, which is not one of ${v.allowed.join(', ')}`
}
