// A seeded source of pseudo-random numbers for the cluster generator. Counter-based (each draw hashes
// the seed with the draw number) so that a cluster is a pure function of its spec: the same seed gives
// the same objects on every machine and Node version, unlike Math.random.

export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n); 0 when n <= 0. */
  int(n: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
}

/** A 32-bit integer hash with good avalanche (the finalizer shape of MurmurHash3). */
function mix32(x: number): number {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export function seededRandom(seed: number): Random {
  const base = mix32(Math.trunc(seed) ^ 0x5bd1e995)
  let counter = 0
  const next = (): number => mix32(base ^ Math.imul(++counter, 0x9e3779b1)) / 0x1_0000_0000
  const int = (n: number): number => (n > 0 ? Math.floor(next() * n) : 0)
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)],
    chance: (p: number): boolean => next() < p,
  }
}
