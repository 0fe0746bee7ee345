// RE2 patterns (src/validate/regex.ts): JavaScript's engine where it means the same, RE2JS otherwise;
// both give Go's answers on the patterns the Gateway API CRDs use and on RE2-only syntax.

import {describe, expect, test} from 'vitest'
import {compileRe2} from '../../src/validate/regex.js'

describe('compileRe2', () => {
  test.each([
    ['^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', '*.example.com', true],
    ['^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', 'Example.com', false],
    ["^[A-Za-z0-9\\/\\-._~%!$&'()*+,;=:]+$", 'a/b-c', true],
    ['^(?i)\\.?[a-z_][a-z_0-9]*$', 'Foo', true],
    ['^[[:alpha:]]+$', 'abc', true],
    ['^[[:alpha:]]+$', 'a1', false],
    ['^a$', 'a\n', false],
  ])('%s on %j is %s', (pattern, text, want) => {
    expect(compileRe2(pattern).test(text)).toBe(want)
  })

  test('a pattern RE2 refuses throws', () => {
    expect(() => compileRe2('a(?=b)')).toThrow()
  })
})
