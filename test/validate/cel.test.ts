// The CEL environment (src/validate/cel.ts): the Kubernetes library functions the Gateway API CRDs
// use, RE2 regular expressions, and compile-time detection of what the evaluator cannot check.

import {describe, expect, test} from 'vitest'
import {compileCel, k8sIsIP} from '../../src/validate/cel.js'

function run(rule: string, self: unknown, oldSelf?: unknown) {
  const c = compileCel(rule)
  if (typeof c === 'string') throw new Error(c)
  return c.run(self as never, oldSelf as never)
}

describe('Kubernetes library functions', () => {
  test.each([
    ['10.0.0.1', true],
    ['2001:db8::1', true],
    ['example.com', false],
    ['010.0.0.1', false],
    ['fe80::1%eth0', false],
    ['::ffff:10.0.0.1', false],
  ])('isIP(%s) = %s', (s, want) => {
    expect(k8sIsIP(s)).toBe(want)
    expect(run('isIP(self)', s)).toEqual({ok: true, value: want})
  })

  test('format.dns1123Label().validate: null when valid, the errors otherwise', () => {
    expect(run('format.dns1123Label().validate(self) == null', 'web-1')).toEqual({ok: true, value: true})
    expect(run('format.dns1123Label().validate(self) == null', 'Web')).toEqual({ok: true, value: false})
    expect(run('format.dns1123Label().validate(self) == null', 'a'.repeat(64))).toEqual({ok: true, value: false})
  })

  test('strings extension: split and substring', () => {
    expect(run('self.split("/")[0]', 'example.com/key')).toEqual({ok: true, value: 'example.com'})
    expect(run('self.substring(2)', '*.example.com')).toEqual({ok: true, value: 'example.com'})
  })

  test('matches() is RE2: Go syntax such as (?i) works', () => {
    expect(run("self.matches('^(?i)abc$')", 'ABC')).toEqual({ok: true, value: true})
  })

  test('duration() compares', () => {
    expect(run("duration(self) > duration('1h')", '2h')).toEqual({ok: true, value: true})
  })

  test('a transition rule is marked as such', () => {
    const c = compileCel('self == oldSelf')
    expect(typeof c !== 'string' && c.transition).toBe(true)
    expect(run('self == oldSelf', 'a', 'b')).toEqual({ok: true, value: false})
  })
})

describe('what cannot be compiled is said, with the reason', () => {
  test.each([
    ['self.a +', /^cannot parse/],
    ['self.quantity().isGreaterThan(1)', /^uses functions the evaluator lacks: (quantity, isGreaterThan|isGreaterThan, quantity)$/],
    ['request.auth == 1', /^reads variables the server does not bind: request$/],
  ])('%s', (rule, reason) => {
    expect(compileCel(rule)).toMatch(reason)
  })
})
