import {expect, test} from 'vitest'
import {checksum, checksumHex} from '../../cli/checksum.js'

test('eight bytes, the same for the same input, strings as their UTF-8 bytes', () => {
  expect(checksum(Buffer.from('abc'))).toHaveLength(8)
  expect(checksumHex('abc')).toBe(checksum(Buffer.from('abc', 'utf8')).toString('hex'))
  expect(checksumHex('é')).toBe(checksumHex(Buffer.from([0xc3, 0xa9])))
  expect(checksumHex('')).toMatch(/^[0-9a-f]{16}$/)
})

test('any one flipped bit, a truncation or an appended byte changes it', () => {
  const data = Buffer.from(Array.from({length: 4096}, (_, i) => (i * 131 + 7) & 0xff))
  const sum = checksumHex(data)
  for (let i = 0; i < data.length; i += 97) {
    for (const bit of [0, 3, 7]) {
      const copy = Buffer.from(data)
      copy[i] ^= 1 << bit
      expect(checksumHex(copy)).not.toBe(sum)
    }
  }
  expect(checksumHex(data.subarray(0, data.length - 1))).not.toBe(sum)
  expect(checksumHex(Buffer.concat([data, Buffer.from([0])]))).not.toBe(sum)
})

test('the start-up path does not load node:crypto (initialising OpenSSL costs more than the rest of a TAB)', async () => {
  const {readFileSync} = await import('node:fs')
  for (const f of ['cli/checksum.ts', 'cli/code-cache.ts', 'cli/startup.ts', 'cli/complete-main.ts', 'cli/policy-kind-cache.ts', 'cli/cache-dir.ts']) {
    expect(readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8'), f).not.toMatch(/from 'node:crypto'|require\('node:crypto'\)|from 'crypto'/)
  }
})
