import {Errors} from '@oclif/core'
import {describe, expect, test} from 'vitest'
import {errorReport} from '../../cli/errors.js'
import {UserError} from '../../src/sources/request.js'

const USAGE = 'kubectl gw get'
const SEE = "See 'kubectl gw get --help' for usage."

// oclif's parser errors, as its parser builds them.
function nonExistent(flags: string[]): Error {
  const e = new Errors.CLIError(`Nonexistent flags: ${flags.join(', ')}\nSee more help with --help`) as Errors.CLIError & {flags: string[]}
  e.flags = flags
  return e
}

describe('errorReport', () => {
  test('a UserError prints its message alone with its exit code', () => {
    expect(errorReport(new UserError('error: the path "x" does not exist'), USAGE)).toEqual({lines: ['error: the path "x" does not exist'], exitCode: 1})
    expect(errorReport(new UserError('boom', 3), USAGE).exitCode).toBe(3)
  })

  test('unknown flags in pflag wording, exit 1', () => {
    expect(errorReport(nonExistent(['--bogus']), USAGE)).toEqual({lines: ['error: unknown flag: --bogus', SEE], exitCode: 1})
    expect(errorReport(nonExistent(['--bogus=1', '--x']), USAGE).lines[0]).toBe('error: unknown flag: --bogus')
    expect(errorReport(nonExistent(['-z']), USAGE).lines[0]).toBe("error: unknown shorthand flag: 'z' in -z")
  })

  test('a flag without its value', () => {
    const e = new Errors.CLIError('Flag --namespace expects a value')
    expect(errorReport(e, USAGE, ['gtw', '--namespace'])).toEqual({lines: ['error: flag needs an argument: --namespace', SEE], exitCode: 1})
    expect(errorReport(e, USAGE, ['gtw', '-n']).lines[0]).toBe("error: flag needs an argument: 'n' in -n")
  })

  test('other parser complaints: their first line, exit 1', () => {
    const e = new Errors.CLIError('Flag --output can only be specified once\nSee more help with --help')
    expect(errorReport(e, USAGE)).toEqual({lines: ['error: Flag --output can only be specified once', SEE], exitCode: 1})
  })

  test('anything unexpected: one escaped line, no stack, exit 1', () => {
    const e = new TypeError('Cannot read properties of undefined\n    at foo (x.js:1:1)')
    expect(errorReport(e, USAGE)).toEqual({lines: ['error: Cannot read properties of undefined'], exitCode: 1})
    expect(errorReport(new Error('bad\x1b[2J'), USAGE).lines).toEqual(['error: bad\\x1b[2J'])
    expect(errorReport('a string', USAGE).lines).toEqual(['error: a string'])
    expect(errorReport(new Error(''), USAGE).lines).toEqual(['error: unexpected failure'])
  })
})
