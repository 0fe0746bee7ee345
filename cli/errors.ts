// How failures look on the terminal: kubectl's wording and exit code 1, one line, never a stack trace.

import {Errors} from '@oclif/core'
import {UserError} from '../src/sources/request.js'
import {escapeControl} from '../src/printers/escape.js'

export interface ErrorReport {
  /** Lines for stderr, each without its newline. */
  lines: string[]
  exitCode: number
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim()
}

/**
 * A kubectl-style report for an oclif parse error, or undefined if `err` is not one. pflag's wording:
 * `unknown flag: --bogus`, `unknown shorthand flag: 'z' in -z`, `flag needs an argument: --namespace`.
 */
export function parseErrorReport(err: unknown, usage: string, argv: readonly string[] = []): ErrorReport | undefined {
  if (!(err instanceof Error)) return undefined
  const see = `See '${usage} --help' for usage.`
  if (err instanceof Errors.CLIError && 'flags' in err && Array.isArray((err as {flags?: unknown}).flags)) {
    // NonExistentFlagsError: report the first, as pflag stops at the first.
    const flag = String((err as unknown as {flags: unknown[]}).flags[0] ?? '')
    const bare = flag.replace(/=.*$/s, '')
    const text = bare.startsWith('--') ? `unknown flag: ${bare}` : `unknown shorthand flag: '${bare.slice(1, 2)}' in ${bare}`
    return {lines: [`error: ${escapeControl(text)}`, see], exitCode: 1}
  }
  const m = /^Flag --([-a-z]+) expects (?:a value|one of these values)/.exec(err.message)
  if (m) {
    const name = m[1]
    const short = findShort(name, argv)
    const text = short ? `flag needs an argument: '${short}' in -${short}` : `flag needs an argument: --${name}`
    return {lines: [`error: ${text}`, see], exitCode: 1}
  }
  // Everything else oclif's parser says (a flag given twice, a bad value...): its own words, one line.
  if (err instanceof Errors.CLIError && /^(Flag |Unexpected argument|Missing \d+ required|Expected )/.test(err.message)) {
    return {lines: [`error: ${escapeControl(firstLine(err.message))}`, see], exitCode: 1}
  }
  return undefined
}

// Which short form the user typed, if any, so the message names what they wrote.
const SHORT: Record<string, string> = {namespace: 'n', selector: 'l', output: 'o', filename: 'f'}

function findShort(name: string, argv: readonly string[]): string | undefined {
  const c = SHORT[name]
  if (!c) return undefined
  return argv.includes(`-${c}`) && !argv.includes(`--${name}`) ? c : undefined
}

/** The report for any failure of a command. */
export function errorReport(err: unknown, usage: string, argv: readonly string[] = []): ErrorReport {
  // By name too: a UserError from a lazily loaded (or bundled) module copy is still one.
  if (err instanceof UserError || (err instanceof Error && err.name === 'UserError')) {
    const code = (err as UserError).exitCode
    return {lines: [err.message], exitCode: typeof code === 'number' ? code : 1}
  }
  const parse = parseErrorReport(err, usage, argv)
  if (parse) return parse
  const message = err instanceof Error ? err.message : String(err)
  return {lines: [`error: ${escapeControl(firstLine(message) || 'unexpected failure')}`], exitCode: 1}
}
