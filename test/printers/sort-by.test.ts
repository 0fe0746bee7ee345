import {describe, expect, test} from 'vitest'
import {parseQuantity, parseSortBy, sortBy} from '../../src/printers/sort-by.js'

const names = (items: {n: string}[]) => items.map((i) => i.n)

describe('--sort-by', () => {
  const items = [
    {n: 'b', o: {metadata: {name: 'b', labels: {size: '10Gi'}}, port: 8080}},
    {n: 'none', o: {metadata: {name: 'none'}}},
    {n: 'a', o: {metadata: {name: 'a', labels: {size: '2Gi'}}, port: 80}},
    {n: 'c', o: {metadata: {name: 'c', labels: {size: '512Mi'}}, port: 443}},
  ]
  const by = (expr: string) => names(sortBy(items, parseSortBy(expr), (i) => i.o))

  test('strings byte-wise, numbers numerically, objects without the field first', () => {
    expect(by('.metadata.name')).toEqual(['a', 'b', 'c', 'none'])
    expect(by('{.port}')).toEqual(['none', 'a', 'c', 'b'])
  })

  test('strings that are quantities by size', () => {
    expect(by('metadata.labels.size')).toEqual(['none', 'c', 'a', 'b'])
  })

  test('byte order, not locale order; stable for equal values', () => {
    const xs = [{n: 'b1', o: {k: 'b'}}, {n: 'Z', o: {k: 'Z'}}, {n: 'b2', o: {k: 'b'}}, {n: 'a', o: {k: 'a'}}]
    expect(names(sortBy(xs, parseSortBy('.k'), (i) => i.o))).toEqual(['Z', 'a', 'b1', 'b2'])
  })

  test('kubectl’s error when no object has the field', () => {
    expect(() => by('.metadata.nope')).toThrow('error: couldn\'t find any field with path "{.metadata.nope}" in the list of objects')
  })

  test('maps cannot be sorted', () => {
    expect(() => by('.metadata.labels')).toThrow('unsortable type map[string]interface {}')
  })

  test('no objects: nothing to sort, no error', () => {
    expect(sortBy([], parseSortBy('.x'), (i) => i)).toEqual([])
  })

  test('quantities', () => {
    expect(parseQuantity('100m')).toBeCloseTo(0.1)
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 2 ** 30)
    expect(parseQuantity('2e3')).toBe(2000)
    expect(parseQuantity('10')).toBe(10)
    expect(parseQuantity('web')).toBeUndefined()
    expect(parseQuantity('1x')).toBeUndefined()
  })
})
