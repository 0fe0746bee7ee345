// kubectl (pflag) accepts `--all-namespaces=true` and `-A=false`; oclif reads the flag and then takes
// `true` for a positional argument. Rewriting the token first gives kubectl's meaning.

import {BOOLEAN_FLAGS} from './flags.js'

/** Booleans that default to true (`--show-events=false` is oclif's `--no-show-events`). */
export const NEGATABLE_FLAGS: ReadonlySet<string> = new Set(['show-events'])

const TRUE = new Set(['true', 't', '1', 'TRUE', 'True', 'T'])
const FALSE = new Set(['false', 'f', '0', 'FALSE', 'False', 'F'])

export function normalizeArgv(argv: string[], booleans: Readonly<Record<string, string>> = BOOLEAN_FLAGS, negatable: ReadonlySet<string> = NEGATABLE_FLAGS): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]
    if (token === '--') {
      out.push(...argv.slice(i))
      break
    }
    const m = /^(--([a-z][-a-z]*)|-([A-Za-z]))=(.*)$/s.exec(token)
    const long = m?.[2]
    const short = m?.[3]
    const name = long ?? Object.keys(booleans).find((k) => short !== undefined && booleans[k] === short)
    if (m && long !== undefined && negatable.has(long) && (TRUE.has(m[4]) || FALSE.has(m[4]))) {
      out.push(TRUE.has(m[4]) ? `--${long}` : `--no-${long}`)
      continue
    }
    if (m && name !== undefined && Object.hasOwn(booleans, name)) {
      const value = m[4]
      if (TRUE.has(value)) {
        out.push(`--${name}`)
        continue
      }
      // pflag rejects other values; leaving the token alone lets oclif report it.
      if (FALSE.has(value)) continue
    }
    out.push(token)
  }
  return out
}
