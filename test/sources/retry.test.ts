// The retry policy as a pure function (status, Retry-After, attempt, deadline -> delay or give up), and
// the retry loop on a fake clock: no real sleeping.

import {describe, expect, test} from 'vitest'
import {UserError} from '../../src/sources/request.js'
import {
  DEFAULT_RETRY_POLICY,
  isTransient,
  RetriableFailure,
  retryAfterMs,
  retryDelay,
  withRetries,
  type RetryEnv,
  type RetryQuestion,
} from '../../src/sources/retry.js'

const ask = (q: Partial<RetryQuestion> & Pick<RetryQuestion, 'failure'>): number | undefined => retryDelay({retries: 0, now: 0, random: 0, ...q})

describe('which failures are retried', () => {
  test.each([429, 500, 502, 503, 504])('%i is retried', (status) => {
    expect(isTransient({status})).toBe(true)
    expect(ask({failure: {status}})).toBe(200)
  })

  test.each([200, 400, 401, 403, 404, 409, 410, 422, 501, 505, 599])('%i is not', (status) => {
    expect(isTransient({status})).toBe(false)
    expect(ask({failure: {status, retryAfter: '1'}})).toBeUndefined()
  })

  test('a response cut short is retried like a 5xx', () => {
    expect(ask({failure: {incomplete: true}})).toBe(200)
    expect(ask({failure: {incomplete: true}, retries: 2})).toBe(800)
  })
})

describe('how long to wait', () => {
  test('without Retry-After: 0.2 s, 0.4 s, 0.8 s, then give up after the third retry', () => {
    expect([0, 1, 2, 3].map((retries) => ask({failure: {status: 503}, retries}))).toEqual([200, 400, 800, undefined])
  })

  test('jitter adds up to half the delay, never takes away', () => {
    expect(ask({failure: {status: 500}, random: 0.5})).toBe(250)
    expect(ask({failure: {status: 500}, retries: 2, random: 0.999999})).toBe(1200)
    // Out-of-range randomness is clamped, never a negative or endless wait.
    expect(ask({failure: {status: 500}, random: -3})).toBe(200)
    expect(ask({failure: {status: 500}, random: Number.NaN})).toBe(200)
    expect(ask({failure: {status: 500}, random: 40})).toBe(300)
  })

  test('Retry-After in seconds replaces the backoff, without jitter, capped at 5 s', () => {
    expect(ask({failure: {status: 429, retryAfter: '1'}, random: 0.9})).toBe(1000)
    expect(ask({failure: {status: 503, retryAfter: '0'}})).toBe(0)
    expect(ask({failure: {status: 503, retryAfter: ' 2 '}, retries: 2})).toBe(2000)
    expect(ask({failure: {status: 429, retryAfter: '3600'}})).toBe(DEFAULT_RETRY_POLICY.maxRetryAfterMs)
  })

  test('a Retry-After that is not delta-seconds falls back to the backoff', () => {
    for (const retryAfter of ['', '1.5', '-1', '1e3', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', '9999999999']) {
      expect(retryAfterMs(retryAfter)).toBeUndefined()
      expect(ask({failure: {status: 503, retryAfter}, retries: 1})).toBe(400)
    }
  })

  test('Retry-After does not buy retries past the limit', () => {
    expect(ask({failure: {status: 429, retryAfter: '1'}, retries: 3})).toBeUndefined()
  })
})

describe('--request-timeout', () => {
  test('a wait that would end at or past the deadline is not taken', () => {
    expect(ask({failure: {status: 503}, now: 1000, deadline: 1201})).toBe(200)
    expect(ask({failure: {status: 503}, now: 1000, deadline: 1200})).toBeUndefined()
    expect(ask({failure: {status: 429, retryAfter: '1'}, now: 0, deadline: 500})).toBeUndefined()
    expect(ask({failure: {status: 429, retryAfter: '1'}, now: 0, deadline: 1500})).toBe(1000)
  })

  test('a custom policy is followed', () => {
    const policy = {maxRetries: 1, baseDelayMs: 10, jitter: 0, maxRetryAfterMs: 50}
    expect(retryDelay({failure: {status: 502}, retries: 0, now: 0, random: 0.7}, policy)).toBe(10)
    expect(retryDelay({failure: {status: 502, retryAfter: '9'}, retries: 0, now: 0, random: 0}, policy)).toBe(50)
    expect(retryDelay({failure: {status: 502}, retries: 1, now: 0, random: 0}, policy)).toBeUndefined()
  })
})

/** A clock that only moves when the loop sleeps (or an attempt says it took time). */
function fakeEnv(random = 0) {
  const slept: number[] = []
  let clock = 0
  const env: RetryEnv = {
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms)
      clock += ms
    },
    random: () => random,
  }
  return {env, slept, advance: (ms: number) => (clock += ms)}
}

type Res = {status: number; retryAfter?: string; body?: string}

/** An attempt function answering from a script, recording the timeout each attempt was given. */
function script(answers: (Res | Error)[]) {
  const timeouts: number[] = []
  const attempt = async (timeoutMs: number): Promise<Res> => {
    timeouts.push(timeoutMs)
    const next = answers[Math.min(timeouts.length - 1, answers.length - 1)]
    if (next instanceof Error) throw next
    return next
  }
  return {attempt, timeouts}
}

describe('the retry loop', () => {
  test('503 twice then 200: three attempts, two backoff waits', async () => {
    const {env, slept} = fakeEnv()
    const {attempt, timeouts} = script([{status: 503}, {status: 503}, {status: 200, body: 'ok'}])
    expect(await withRetries(attempt, 0, DEFAULT_RETRY_POLICY, env)).toEqual({status: 200, body: 'ok'})
    expect(timeouts).toEqual([0, 0, 0])
    expect(slept).toEqual([200, 400])
  })

  test('429 with Retry-After: 1 waits the second it asks for', async () => {
    const {env, slept} = fakeEnv(0.9)
    const {attempt, timeouts} = script([{status: 429, retryAfter: '1'}, {status: 200}])
    expect((await withRetries(attempt, 0, DEFAULT_RETRY_POLICY, env)).status).toBe(200)
    expect(timeouts).toHaveLength(2)
    expect(slept).toEqual([1000])
  })

  test('500 forever: four attempts, then the last answer is returned for the caller to report', async () => {
    const {env, slept} = fakeEnv()
    const {attempt, timeouts} = script([{status: 500, body: 'last'}])
    expect(await withRetries(attempt, 0, DEFAULT_RETRY_POLICY, env)).toEqual({status: 500, body: 'last'})
    expect(timeouts).toHaveLength(4)
    expect(slept).toEqual([200, 400, 800])
  })

  test('answers not worth a retry come back at once', async () => {
    for (const status of [200, 404, 501]) {
      const {env, slept} = fakeEnv()
      const {attempt, timeouts} = script([{status}])
      expect((await withRetries(attempt, 0, DEFAULT_RETRY_POLICY, env)).status).toBe(status)
      expect(timeouts).toHaveLength(1)
      expect(slept).toEqual([])
    }
  })

  test('a cut-off response is retried; when it stays cut off its final error is thrown', async () => {
    const final = new UserError('error: cut')
    const {env} = fakeEnv()
    const once = script([new RetriableFailure(final), {status: 200}])
    expect((await withRetries(once.attempt, 0, DEFAULT_RETRY_POLICY, env)).status).toBe(200)
    expect(once.timeouts).toHaveLength(2)
    const always = script([new RetriableFailure(final)])
    await expect(withRetries(always.attempt, 0, DEFAULT_RETRY_POLICY, fakeEnv().env)).rejects.toBe(final)
    expect(always.timeouts).toHaveLength(4)
  })

  test('other errors are not retried', async () => {
    const refused = new UserError('The connection to the server 127.0.0.1:1 was refused')
    const {attempt, timeouts} = script([refused, {status: 200}])
    await expect(withRetries(attempt, 0, DEFAULT_RETRY_POLICY, fakeEnv().env)).rejects.toBe(refused)
    expect(timeouts).toHaveLength(1)
  })

  test('with --request-timeout each attempt gets what is left, and no wait outlives it', async () => {
    const {env, slept, advance} = fakeEnv()
    const timeouts: number[] = []
    // Each attempt takes 100 ms before answering 503.
    const attempt = async (timeoutMs: number): Promise<Res> => {
      timeouts.push(timeoutMs)
      advance(100)
      return {status: 503}
    }
    expect((await withRetries(attempt, 1000, DEFAULT_RETRY_POLICY, env)).status).toBe(503)
    // 0: attempt (100), wait 200; 300: attempt (100), wait 400; 800: attempt (100); a wait of 800 from 900 would pass 1000.
    expect(timeouts).toEqual([1000, 700, 200])
    expect(slept).toEqual([200, 400])
  })

  test('a Retry-After longer than the time left ends the retries at once', async () => {
    const {env, slept} = fakeEnv()
    const {attempt, timeouts} = script([{status: 429, retryAfter: '1'}, {status: 200}])
    expect((await withRetries(attempt, 500, DEFAULT_RETRY_POLICY, env)).status).toBe(429)
    expect(timeouts).toEqual([500])
    expect(slept).toEqual([])
  })
})
