import {describe, expect, test} from 'vitest'
import {escapeControl, hasControl} from '../../src/printers/escape.js'

describe('escapeControl', () => {
  test.each([
    ['plain', 'plain'],
    ['', ''],
    ['new\nline', 'new\\nline'],
    ['carriage\rreturn', 'carriage\\rreturn'],
    ['tab\there', 'tab\\there'],
    ['\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['nul\0', 'nul\\x00'],
    ['bell\x07', 'bell\\x07'],
    ['del\x7f', 'del\\x7f'],
    ['c1 csi\u009b2J', 'c1 csi\\x9b2J'],
    ['nel\u0085', 'nel\\x85'],
    ['rlo\u202eevil', 'rlo\\u202eevil'],
    ['lre\u202a pdf\u202c', 'lre\\u202a pdf\\u202c'],
    ['isolates\u2066\u2067\u2068\u2069', 'isolates\\u2066\\u2067\\u2068\\u2069'],
    ['marks\u200e\u200f\u061c', 'marks\\u200e\\u200f\\u061c'],
    ['ls\u2028ps\u2029', 'ls\\u2028ps\\u2029'],
    ['lone\ud800surrogate', 'lone\\ud800surrogate'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeControl(input)).toBe(expected)
  })

  test('leaves ordinary non-ASCII text alone', () => {
    for (const s of ['café', '日本語', 'emoji 🚀', 'Ünïcödé', 'a\u00a0b', 'zero\u200bwidth']) {
      expect(escapeControl(s)).toBe(s)
      expect(hasControl(s)).toBe(false)
    }
  })

  test('output never contains a control character', () => {
    let all = ''
    for (let c = 0; c < 0xa0; c++) all += String.fromCharCode(c)
    const out = escapeControl(all + '\u202e\u2066')
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2066]/)
    // Escaping twice changes nothing: the escapes are printable ASCII.
    expect(escapeControl(out)).toBe(out)
  })

  test('hasControl', () => {
    expect(hasControl('a\x1bb')).toBe(true)
    expect(hasControl('a\u202eb')).toBe(true)
    expect(hasControl('ab')).toBe(false)
    // A stateful (global) regex would alternate answers on repeated calls.
    expect([hasControl('\n'), hasControl('\n'), hasControl('\n')]).toEqual([true, true, true])
  })
})
