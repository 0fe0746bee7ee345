// Reads the words before the one being completed the way pflag (and so kubectl) reads a command line:
// `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`, bundled booleans (`-An x`), and
// `--` ending the flags. The result says which command runs, its positional arguments, the flag values
// given so far, and whether the last word is a flag still waiting for its value.

import type {CommandSpec, CompletionSpec, FlagSpec} from './spec.js'

export interface LineState {
  /** The command, once its word has been seen. */
  command?: CommandSpec
  /** The first positional word named no command: there is nothing sensible to offer. */
  unknownCommand: boolean
  /** Positional arguments after the command. */
  args: string[]
  /** Values per long flag name, in order (booleans record 'true' or 'false'). */
  values: Map<string, string[]>
  /** The last word was a flag that takes a value, which is therefore the word being completed. */
  pending?: FlagSpec
  /** `--` was seen: every later word is positional. */
  afterDashDash: boolean
}

const TRUE = new Set(['true', 't', '1', 'TRUE', 'True', 'T'])

export interface FlagIndex {
  byName: Map<string, FlagSpec>
  byChar: Map<string, FlagSpec>
}

export function indexFlags(flags: FlagSpec[]): FlagIndex {
  const byName = new Map<string, FlagSpec>()
  const byChar = new Map<string, FlagSpec>()
  for (const f of flags) {
    if (!byName.has(f.name)) byName.set(f.name, f)
    if (f.char !== undefined && !byChar.has(f.char)) byChar.set(f.char, f)
  }
  return {byName, byChar}
}

/** The flags in effect: the command's, or before a command the root flags plus every command's. */
export function flagsInEffect(spec: CompletionSpec, command: CommandSpec | undefined): FlagSpec[] {
  return command ? command.flags : [...spec.rootFlags, ...spec.commands.flatMap((c) => c.flags)]
}

export function findCommand(spec: CompletionSpec, word: string): CommandSpec | undefined {
  return spec.commands.find((c) => c.id === word || c.aliases.includes(word))
}

function record(values: Map<string, string[]>, flag: FlagSpec, value: string): void {
  let list = values.get(flag.name)
  if (!list) values.set(flag.name, (list = []))
  list.push(value)
}

function booleanValue(raw: string): string {
  return TRUE.has(raw) ? 'true' : 'false'
}

/** Reads `words` (those before the word being completed). */
export function readLine(spec: CompletionSpec, words: readonly string[]): LineState {
  const state: LineState = {unknownCommand: false, args: [], values: new Map(), afterDashDash: false}
  let index = indexFlags(flagsInEffect(spec, undefined))
  let positionals = 0
  const positional = (word: string) => {
    positionals++
    if (positionals === 1 && !state.command && !state.unknownCommand) {
      state.command = findCommand(spec, word)
      if (state.command) index = indexFlags(state.command.flags)
      else state.unknownCommand = true
      return
    }
    state.args.push(word)
  }
  for (const raw of words) {
    const word = typeof raw === 'string' ? raw : ''
    if (state.pending) {
      record(state.values, state.pending, word)
      state.pending = undefined
      continue
    }
    if (state.afterDashDash || word === '-' || !word.startsWith('-')) {
      positional(word)
      continue
    }
    if (word === '--') {
      state.afterDashDash = true
      continue
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=')
      const name = word.slice(2, eq < 0 ? undefined : eq)
      const flag = index.byName.get(name)
      // An unknown flag is taken for a boolean: guessing that it eats the next word would lose a positional.
      if (!flag) continue
      if (eq >= 0) record(state.values, flag, flag.takesValue ? word.slice(eq + 1) : booleanValue(word.slice(eq + 1)))
      else if (flag.takesValue) state.pending = flag
      else record(state.values, flag, 'true')
      continue
    }
    // A bundle of short flags: booleans until the first one that takes a value, which takes the rest.
    for (let i = 1; i < word.length; i++) {
      const flag = index.byChar.get(word[i])
      if (!flag) break
      if (!flag.takesValue) {
        if (word[i + 1] === '=') {
          record(state.values, flag, booleanValue(word.slice(i + 2)))
          break
        }
        record(state.values, flag, 'true')
        continue
      }
      let rest = word.slice(i + 1)
      if (rest.startsWith('=')) rest = rest.slice(1)
      if (rest === '' && !word.endsWith('=')) state.pending = flag
      else record(state.values, flag, rest)
      break
    }
  }
  return state
}

/** The last value of a flag, if given. */
export function lastValue(state: LineState, name: string): string | undefined {
  const list = state.values.get(name)
  return list && list.length > 0 ? list[list.length - 1] : undefined
}

/** Whether a boolean flag is on (its last occurrence wins, as in pflag). */
export function isOn(state: LineState, name: string): boolean {
  return lastValue(state, name) === 'true'
}
