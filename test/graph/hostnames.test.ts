import {describe, expect, it} from 'vitest'
import {hostnamesIntersect, intersectHostname, matchHostnames, normalizeHostname} from '../../src/graph/hostnames.js'

describe('intersectHostname (listener, route) -> effective hostname', () => {
  const table: [string | undefined, string, string | undefined, string][] = [
    // exact
    ['foo.example.com', 'foo.example.com', 'foo.example.com', 'equal precise names'],
    ['foo.example.com', 'bar.example.com', undefined, 'different precise names'],
    ['example.com', 'foo.example.com', undefined, 'a precise name does not cover its subdomains'],
    // listener wildcard, route precise: one or more labels
    ['*.example.com', 'foo.example.com', 'foo.example.com', 'wildcard covers one label'],
    ['*.example.com', 'foo.bar.example.com', 'foo.bar.example.com', 'wildcard covers several labels'],
    ['*.example.com', 'example.com', undefined, 'wildcard never covers the bare suffix'],
    ['*.example.com', 'fooexample.com', undefined, 'suffix must start at a label boundary'],
    ['*.wildcard.io', 'wildcard.io', undefined, 'conformance: wildcard.io vs *.wildcard.io'],
    // listener precise, route wildcard
    ['test.example.com', '*.example.com', 'test.example.com', 'route wildcard covers the listener'],
    ['very.specific.com', '*.specific.com', 'very.specific.com', 'conformance: *.specific.com on very.specific.com'],
    ['example.com', '*.example.com', undefined, 'route wildcard never covers the bare suffix'],
    // both wildcards
    ['*.com', '*.example.com', '*.example.com', 'the longer wildcard is the intersection (route)'],
    ['*.example.com', '*.com', '*.example.com', 'the longer wildcard is the intersection (listener)'],
    ['*.anotherwildcard.io', '*.anotherwildcard.io', '*.anotherwildcard.io', 'equal wildcards'],
    ['*.example.com', '*.example.org', undefined, 'disjoint wildcards'],
    ['*.bar.com', '*.foo.com', undefined, 'sibling wildcards'],
    // unset listener hostname
    [undefined, 'anything.example.com', 'anything.example.com', 'unset listener hostname matches a precise name'],
    [undefined, '*.example.com', '*.example.com', 'unset listener hostname matches a wildcard'],
  ]
  for (const [listener, routeHost, expected, why] of table) {
    it(`${listener ?? '(unset)'} ∩ ${routeHost} = ${expected ?? 'none'}: ${why}`, () => {
      expect(intersectHostname(listener, routeHost)).toBe(expected)
      expect(hostnamesIntersect(listener, routeHost)).toBe(expected !== undefined)
    })
  }
})

describe('matchHostnames (route hostnames are ORed; empty = all)', () => {
  it('empty route hostnames and unset listener: any hostname', () => {
    expect(matchHostnames(undefined, [])).toEqual({matched: true, any: true, effective: [], ignored: []})
  })
  it('empty route hostnames take the listener hostname', () => {
    expect(matchHostnames('foo.example.com', [])).toEqual({matched: true, any: false, effective: ['foo.example.com'], ignored: []})
  })
  it('keeps matching hostnames and lists the ignored ones (conformance httproute-hostname-intersection)', () => {
    const m = matchHostnames('*.wildcard.io', ['non.matching.com', 'wildcard.io', 'foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'])
    expect(m.matched).toBe(true)
    expect(m.effective).toEqual(['foo.wildcard.io', 'bar.wildcard.io', 'foo.bar.wildcard.io'])
    expect(m.ignored).toEqual(['non.matching.com', 'wildcard.io'])
  })
  it('no intersection at all', () => {
    const m = matchHostnames('very.specific.com', ['specific.but.wrong.com', 'wildcard.io'])
    expect(m.matched).toBe(false)
    expect(m.effective).toEqual([])
  })
  it('deduplicates the effective hostnames', () => {
    expect(matchHostnames('a.example.com', ['*.example.com', 'a.example.com']).effective).toEqual(['a.example.com'])
  })
})

describe('normalizeHostname', () => {
  it.each([
    ['Foo.Example.COM', 'foo.example.com'],
    ['foo.example.com.', 'foo.example.com'],
    ['', undefined],
    [42, undefined],
    [undefined, undefined],
  ])('%j -> %j', (input, out) => {
    expect(normalizeHostname(input)).toBe(out)
  })
})
