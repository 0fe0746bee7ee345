import {expect, test} from 'vitest'
import {parseExpiryWindow} from '../../cli/expiry-window.js'
import {UserError} from '../../src/sources/request.js'

test('days, hours, minutes, and a plain number of days', () => {
  expect(parseExpiryWindow('21d')).toBe(21 * 86_400_000)
  expect(parseExpiryWindow('72h')).toBe(72 * 3_600_000)
  expect(parseExpiryWindow('90m')).toBe(90 * 60_000)
  expect(parseExpiryWindow(' 7 ')).toBe(7 * 86_400_000)
  expect(parseExpiryWindow('0')).toBe(0)
})

test('anything else is a one-line error naming the flag', () => {
  for (const bad of ['soon', '-1d', '1.5d', '3w', '']) {
    expect(() => parseExpiryWindow(bad)).toThrow(UserError)
    expect(() => parseExpiryWindow(bad)).toThrow(`invalid value ${JSON.stringify(bad)} for --cert-expiry-window`)
  }
})
