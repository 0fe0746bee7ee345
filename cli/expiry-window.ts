// The value of analyze's --cert-expiry-window: how close to its notAfter a certificate counts as
// expiring soon.

import {UserError} from '../src/sources/request.js'

const UNIT_MS: Record<string, number> = {d: 86_400_000, h: 3_600_000, m: 60_000}

/** `21d`, `72h`, `90m` or a plain number of days, in milliseconds; anything else is a one-line UserError. */
export function parseExpiryWindow(v: string): number {
  const m = /^(\d+)([dhm]?)$/.exec(v.trim())
  if (!m) throw new UserError(`error: invalid value ${JSON.stringify(v)} for --cert-expiry-window: use a number of days, or a number with d, h or m (e.g. 21d, 72h)`)
  return Number(m[1]) * UNIT_MS[m[2] || 'd']
}
