// Regular expressions with Go's (RE2) meaning, as the API server evaluates `pattern` and CEL's
// matches(). RE2JS gives exactly that but is slow on the hot path (a CRD pattern is tested against
// every hostname and path of every object); a JavaScript RegExp with the `u` flag means the same
// for the patterns the Gateway API CRDs use (anchors, classes, groups, quantifiers), so it is used
// whenever the pattern has none of the constructs whose meaning differs, RE2JS otherwise.

import {RE2JS} from '@bufbuild/re2'

export interface Matcher {
  test(text: string): boolean
}

/**
 * Constructs whose meaning differs between RE2 and JavaScript, or which one of them lacks: flags and
 * named groups `(?`, POSIX classes `[:`, `\p{}`, `\Q..\E`, `\A`, `\z`, `\C`, `\pN`, octal escapes, and
 * `$` before a trailing newline is the same in both (no `m` flag).
 */
const RE2_ONLY = /\(\?|\[:|\\[pPQEAzCx0-7]/

const cache = new Map<string, Matcher>()

/** A matcher for an RE2 pattern; throws when RE2 rejects the pattern. Cached by pattern. */
export function compileRe2(pattern: string): Matcher {
  let m = cache.get(pattern)
  if (m) return m
  const re2 = RE2JS.compile(pattern)
  m = re2
  if (!RE2_ONLY.test(pattern)) {
    try {
      m = new RegExp(pattern, 'u')
    } catch {
      // RE2 takes what JavaScript refuses (an escaped character JavaScript does not know): RE2JS.
    }
  }
  cache.set(pattern, m)
  return m
}
