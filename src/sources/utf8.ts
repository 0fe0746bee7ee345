// Strict UTF-8 validation with the position of the first bad byte. Decoding with replacement
// characters would silently turn a mis-encoded manifest (Latin-1, UTF-16) into different names and
// labels, so the file source refuses such input and says where the problem starts.

import {isUtf8} from 'node:buffer'

/**
 * Byte offset where the first invalid UTF-8 sequence starts, or -1 when the bytes are valid UTF-8.
 * Overlong forms, surrogates and code points past U+10FFFF count as invalid (RFC 3629).
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  // The native check is far faster; the byte walk below only runs to locate a known error.
  if (isUtf8(bytes)) return -1
  const n = bytes.length
  let i = 0
  while (i < n) {
    const b = bytes[i]
    if (b < 0x80) {
      i++
      continue
    }
    let trailing: number
    // Bounds for the first continuation byte exclude overlongs (E0, F0), surrogates (ED) and
    // anything above U+10FFFF (F4).
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) trailing = 1
    else if (b >= 0xe0 && b <= 0xef) {
      trailing = 2
      if (b === 0xe0) lo = 0xa0
      if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      trailing = 3
      if (b === 0xf0) lo = 0x90
      if (b === 0xf4) hi = 0x8f
    } else return i
    if (i + trailing >= n) return i
    if (bytes[i + 1] < lo || bytes[i + 1] > hi) return i
    for (let k = 2; k <= trailing; k++) {
      if ((bytes[i + k] & 0xc0) !== 0x80) return i
    }
    i += trailing + 1
  }
  // isUtf8 and this walk disagree only if one of them is wrong; trust the native answer's verdict
  // but we could not locate the byte, so point at the end.
  return n
}
