// When a GET to the API server is worth sending again, and after how long. Every request this project
// makes is a GET, so repeating one never changes anything on the server.
//
// client-go (rest.Request; kubectl 1.32 against the test server behaves so) retries a 429 or any 5xx
// only when the response carries `Retry-After`, sleeping exactly that many seconds with no ceiling, up
// to 10 retries; it treats a connection reset before the answer as a 500 with `Retry-After: 1`, but a
// body cut short is not retried ("unexpected error when reading response body. Please retry."). Its
// --request-timeout covers the retries. We differ on purpose:
// - 500, 502, 503 and 504 are retried without `Retry-After` too, with exponential backoff and jitter:
//   the load balancers and proxies in front of many API servers answer 502/504 without one, and so does
//   the apiserver for a conversion webhook that hiccups (500). 501 and other 5xx are not retried: Not
//   Implemented, or an HTTP version or loop error, will not change on a retry.
// - A body cut short is retried like a 5xx: the server dropped the connection mid-answer (a restart, an
//   idle timeout in a proxy) and a GET is safe to repeat, which is what client-go's message asks for.
// - Three retries (four requests), not ten: a person is waiting at a terminal; a server still failing
//   after about 1.5 s of backoff is better reported than waited on.
// - `Retry-After` is capped (5 s): a server asking for a minute gets its error shown instead of a CLI
//   that seems hung. Only delta-seconds are read; an HTTP-date falls back to our backoff.
// - A wait that would end past --request-timeout is not taken, and the user sees the server's error
//   (`Error from server (TooManyRequests): ...`), not client-go's "context deadline exceeded".

/** The statuses worth a retry. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504])

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number
  /** The delay before the first retry; doubled before each next one. */
  baseDelayMs: number
  /** Up to this fraction of the delay is added at random, so that concurrent lists spread out. */
  jitter: number
  /** The longest `Retry-After` honoured as sent; a longer one is cut to this. */
  maxRetryAfterMs: number
}

/** 0.2 s, 0.4 s, 0.8 s before the three retries (plus up to half again as jitter). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {maxRetries: 3, baseDelayMs: 200, jitter: 0.5, maxRetryAfterMs: 5000}

/** A failed attempt as the policy sees it: an HTTP status (with its Retry-After), or an incomplete response. */
export type AttemptFailure = {status: number; retryAfter?: string} | {incomplete: true}

export interface RetryQuestion {
  failure: AttemptFailure
  /** Retries already made (0 after the first attempt failed). */
  retries: number
  /** Milliseconds on the caller's clock. */
  now: number
  /** When --request-timeout runs out, on the same clock; undefined = no timeout. */
  deadline?: number
  /** A number in [0, 1) for the jitter. */
  random: number
}

/** `Retry-After` as delta-seconds in milliseconds; undefined when absent or not a whole number of seconds. */
export function retryAfterMs(header: string | undefined): number | undefined {
  if (header === undefined) return undefined
  const text = header.trim()
  // Digits only: `1.5`, `-1`, `1e3` and HTTP-dates are not delta-seconds.
  if (!/^\d{1,9}$/.test(text)) return undefined
  return Number(text) * 1000
}

/** Whether a failure is of a kind that may go away (the number of retries left aside). */
export function isTransient(failure: AttemptFailure): boolean {
  return 'incomplete' in failure || RETRY_STATUSES.has(failure.status)
}

/**
 * How long to wait before the next attempt, or undefined to give up (not transient, out of retries, or
 * the wait would end at or past the deadline, leaving no time for the attempt itself).
 */
export function retryDelay(q: RetryQuestion, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | undefined {
  if (!isTransient(q.failure) || q.retries >= policy.maxRetries) return undefined
  const asked = 'status' in q.failure ? retryAfterMs(q.failure.retryAfter) : undefined
  let delay: number
  if (asked !== undefined) {
    delay = Math.min(asked, policy.maxRetryAfterMs)
  } else {
    const base = policy.baseDelayMs * 2 ** q.retries
    const random = Number.isFinite(q.random) ? Math.min(Math.max(q.random, 0), 1) : 0
    delay = Math.round(base * (1 + policy.jitter * random))
  }
  if (q.deadline !== undefined && q.now + delay >= q.deadline) return undefined
  return delay
}

/** Clock, sleep and randomness, replaceable in tests. */
export interface RetryEnv {
  now(): number
  sleep(ms: number): Promise<void>
  random(): number
}

export const realRetryEnv: RetryEnv = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
}

/**
 * An attempt that failed in a way worth retrying without an HTTP status (the connection ended early).
 * `final` is what the caller sees when no retry is left.
 */
export class RetriableFailure extends Error {
  constructor(readonly final: Error) {
    super(final.message)
    this.name = 'RetriableFailure'
  }
}

/**
 * Runs `attempt` until it gives a response whose status is not worth a retry, or the policy gives up;
 * then returns the last response (a 503 included) or throws the last failure's `final` error. `attempt`
 * gets the milliseconds left before the deadline (0 = no timeout) and may throw anything: only a
 * RetriableFailure is retried, the rest goes straight to the caller.
 */
export async function withRetries<R extends {status: number; retryAfter?: string}>(
  attempt: (timeoutMs: number) => Promise<R>,
  timeoutMs: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  env: RetryEnv = realRetryEnv,
): Promise<R> {
  const deadline = timeoutMs > 0 ? env.now() + timeoutMs : undefined
  for (let retries = 0; ; retries++) {
    // A retry starts only when the deadline is still ahead (retryDelay saw to that), so this stays > 0.
    const left = deadline === undefined ? 0 : Math.max(1, Math.floor(deadline - env.now()))
    let failure: AttemptFailure
    let giveUp: () => R
    try {
      const res = await attempt(left)
      if (!RETRY_STATUSES.has(res.status)) return res
      failure = {status: res.status, retryAfter: res.retryAfter}
      giveUp = () => res
    } catch (e) {
      if (!(e instanceof RetriableFailure)) throw e
      failure = {incomplete: true}
      giveUp = () => {
        throw e.final
      }
    }
    const delay = retryDelay({failure, retries, now: env.now(), deadline, random: env.random()}, policy)
    if (delay === undefined) return giveUp()
    await env.sleep(delay)
  }
}
