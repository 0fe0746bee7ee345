// A fast, non-cryptographic 64-bit checksum: two 32-bit FNV-1a lanes with different primes, for telling
// a whole cache file from a truncated or corrupt one and for short cache keys. Nothing it guards is
// secret or adversarial (the files are the user's own, mode 0600). node:crypto is not used on the
// start-up path because loading it initialises OpenSSL: about 20 ms, more than the rest of what a
// completion TAB costs beyond starting node (issue 15).

export function checksum(data: Uint8Array | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  let a = 0x811c9dc5
  let b = 0x9e3779b9
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193)
    b = Math.imul(b ^ bytes[i], 0x5bd1e995)
    b ^= b >>> 15
  }
  const out = Buffer.alloc(8)
  out.writeUInt32BE(a >>> 0, 0)
  out.writeUInt32BE(b >>> 0, 4)
  return out
}

export const checksumHex = (data: Uint8Array | string): string => checksum(data).toString('hex')
