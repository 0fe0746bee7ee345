// Ages as kubectl prints them: k8s.io/apimachinery/pkg/util/duration.HumanDuration, which keeps two or
// three significant figures ("45s", "5m3s", "42m", "7h5m", "30h", "3d4h", "400d", "3y20d"), applied to
// now - metadata.creationTimestamp.

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** HumanDuration of a duration in milliseconds. Go truncates toward zero at every step; so does this. */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<invalid>'
  const seconds = Math.trunc(ms / SECOND)
  // Up to two seconds in the future is clock skew between machines, shown as "0s".
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 120) return `${seconds}s`
  const minutes = Math.trunc(ms / MINUTE)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 3 * 60) return `${minutes}m`
  const hours = Math.trunc(ms / HOUR)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  const days = Math.trunc(hours / 24)
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${days}d` : `${days}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${days}d`
  const years = Math.trunc(days / 365)
  if (hours < 24 * 365 * 8) {
    const d = days % 365
    return d === 0 ? `${years}y` : `${years}y${d}d`
  }
  return `${years}y`
}

/** The instant a creationTimestamp stands for, or undefined when it is missing or unreadable. */
export function parseTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value
  if (typeof value !== 'string' || value === '') return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : new Date(ms)
}

/** The AGE cell of an object: `<unknown>` without a usable creationTimestamp, as kubectl prints it. */
export function ageOf(obj: unknown, now: Date): string {
  const meta = typeof obj === 'object' && obj !== null ? (obj as {metadata?: unknown}).metadata : undefined
  const created = parseTimestamp(typeof meta === 'object' && meta !== null ? (meta as {creationTimestamp?: unknown}).creationTimestamp : undefined)
  return created ? humanDuration(now.getTime() - created.getTime()) : '<unknown>'
}
