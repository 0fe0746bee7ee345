import {describe, expect, test} from 'vitest'
import {ageOf, humanDuration, parseTimestamp} from '../../src/printers/age.js'

const s = 1000
const m = 60 * s
const h = 60 * m
const d = 24 * h
const y = 365 * d

describe('humanDuration (apimachinery HumanDuration)', () => {
  test.each([
    [-3 * s, '<invalid>'],
    [-2 * s, '<invalid>'],
    // Go truncates toward zero: -1.9s is -1 second, within the clock-skew allowance.
    [-1900, '0s'],
    [-1 * s, '0s'],
    [-1, '0s'],
    [0, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    [59 * s, '59s'],
    [60 * s, '60s'],
    [119 * s, '119s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [2 * m + 1 * s, '2m1s'],
    [5 * m + 3 * s, '5m3s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [2 * d + 5 * h, '2d5h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [8 * d + 23 * h, '8d'],
    [400 * d, '400d'],
    [2 * y - 1 * h, '729d'],
    [2 * y, '2y'],
    [2 * y + 20 * d, '2y20d'],
    [7 * y + 364 * d, '7y364d'],
    [8 * y, '8y'],
    [8 * y + 200 * d, '8y'],
    [30 * y, '30y'],
  ])('%d ms -> %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected)
  })

  test('non-finite durations are invalid', () => {
    expect(humanDuration(Number.NaN)).toBe('<invalid>')
  })
})

describe('ageOf', () => {
  const now = new Date('2026-03-01T12:00:00Z')

  test('from metadata.creationTimestamp', () => {
    expect(ageOf({metadata: {creationTimestamp: '2026-03-01T11:55:00Z'}}, now)).toBe('5m')
    expect(ageOf({metadata: {creationTimestamp: '2026-02-27T09:00:00Z'}}, now)).toBe('2d3h')
    expect(ageOf({metadata: {creationTimestamp: new Date('2026-03-01T11:59:30Z')}}, now)).toBe('30s')
  })

  test('<unknown> without a usable timestamp', () => {
    for (const obj of [{metadata: {}}, {}, null, 'x', {metadata: {creationTimestamp: 'yesterday'}}, {metadata: {creationTimestamp: 5}}, {metadata: null}]) {
      expect(ageOf(obj, now)).toBe('<unknown>')
    }
  })

  test('a timestamp in the future', () => {
    expect(ageOf({metadata: {creationTimestamp: '2026-03-01T12:00:01Z'}}, now)).toBe('0s')
    expect(ageOf({metadata: {creationTimestamp: '2026-03-02T12:00:00Z'}}, now)).toBe('<invalid>')
  })

  test('parseTimestamp', () => {
    expect(parseTimestamp('2026-03-01T12:00:00Z')?.toISOString()).toBe('2026-03-01T12:00:00.000Z')
    expect(parseTimestamp('')).toBeUndefined()
    expect(parseTimestamp(new Date('nope'))).toBeUndefined()
  })
})
