// A deterministic measure of how much work a computation does, for "cost stays linear" tests: run
// at n and at 4n and compare the counts (a timing would be flaky; a count is exact).
//
// Two things are counted while `fn` runs:
// - array elements visited, by every Array.prototype method that walks an array (an upper bound:
//   `find` is charged the whole length) and by array iteration (for...of, spread, destructuring);
//   a nested scan over all listeners or all routes shows up here even when it walks derived lists;
// - reads of the input objects' fields, when the objects went through `instrument` first.

const WALKERS = ['forEach', 'map', 'filter', 'find', 'findIndex', 'findLast', 'some', 'every', 'includes', 'indexOf', 'lastIndexOf', 'reduce', 'flatMap', 'join', 'sort', 'slice', 'concat'] as const

export interface WorkCount {
  /** Array elements visited. */
  elements: number
  /** Reads of instrumented input fields. */
  reads: number
}

let reads = 0

/**
 * Turns every field of `value` (deeply) into an accessor that counts its reads. Values are kept, so
 * engines, JSON.stringify and structuredClone see the same data. Writes throw: engines must not
 * modify their input.
 */
export function instrument<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value
  seen.add(value)
  for (const key of Object.keys(value)) {
    const v = instrument((value as Record<string, unknown>)[key], seen)
    Object.defineProperty(value, key, {
      get() {
        reads++
        return v
      },
      enumerable: true,
      configurable: true,
    })
  }
  return value
}

/** Runs `fn` and returns its result with the work it did. Not reentrant. */
export function countWork<R>(fn: () => R): {result: R; work: WorkCount} {
  const proto = Array.prototype as unknown as Record<string | symbol, unknown>
  const saved = new Map<string | symbol, unknown>()
  let elements = 0
  for (const name of WALKERS) {
    const original = proto[name] as (...args: unknown[]) => unknown
    saved.set(name, original)
    proto[name] = function (this: unknown[], ...args: unknown[]) {
      elements += this.length
      return original.apply(this, args)
    }
  }
  const iterator = proto[Symbol.iterator] as () => Iterator<unknown>
  saved.set(Symbol.iterator, iterator)
  proto[Symbol.iterator] = function (this: unknown[]) {
    const it = iterator.call(this)
    return {
      next() {
        elements++
        return it.next()
      },
      [Symbol.iterator]() {
        return this
      },
    }
  }
  const readsBefore = reads
  try {
    const result = fn()
    return {result, work: {elements, reads: reads - readsBefore}}
  } finally {
    for (const [name, original] of saved) proto[name] = original
  }
}

/**
 * The work at size `n` and at `4n`, and how many times larger it got. Linear cost gives a ratio near 4
 * (below it when there is fixed overhead, a little above for sorting); quadratic cost gives 16.
 */
export function growth(at: (n: number) => () => unknown, n: number): {small: WorkCount; large: WorkCount; ratio: number} {
  const small = countWork(at(n)).work
  const large = countWork(at(4 * n)).work
  const ratio = Math.max(large.elements / Math.max(1, small.elements), large.reads / Math.max(1, small.reads))
  return {small, large, ratio}
}

/** The largest ratio accepted as linear: 4 for the size, plus room for n log n sorting. */
export const LINEAR = 5.5
