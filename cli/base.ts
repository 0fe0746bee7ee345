// The base of every kubectl-gw command: kubectl's shared flags, parsed and reported the way kubectl
// reports them (exit 1, pflag's wording, no stack trace), and the stderr conventions for what a
// source noticed while reading (`Warning: ...` before the output, errors after it).

import {Command, Errors} from '@oclif/core'
import {readCaveats} from '../src/graph/caveats.js'
import type {Snapshot} from '../src/model/snapshot.js'
import {policyCaveats} from '../src/policy/caveats.js'
import {escapeControl} from '../src/printers/escape.js'
import {normalizeArgv} from './argv.js'
import {errorReport} from './errors.js'
import {sharedFlags, type SharedFlagValues} from './flags.js'
import {resolveScope, type CommandScope} from './scope.js'

const OUTPUT_BATCH = 1 << 20

/** Resolves once the stream has written everything queued (or cannot write any more). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('error', done).off('close', done)
      resolve()
    }
    stream.on('drain', done).on('error', done).on('close', done)
  })
}

export abstract class GwCommand extends Command {
  // Typed as any flag set: a command may keep only the shared flags that mean something to it.
  static override baseFlags: typeof Command.baseFlags = sharedFlags

  /** `kubectl gw get`: the command as the user typed it, for messages. */
  protected commandLine(): string {
    const id = (this.id ?? '').replaceAll(':', ' ')
    return `${this.config?.bin ?? 'kubectl gw'}${id ? ` ${id}` : ''}`
  }

  /** Parses argv with kubectl's shared flags; positional arguments come back in `args`. */
  protected async parseShared(): Promise<{flags: SharedFlagValues; args: string[]}> {
    const {flags, argv} = await this.parse(this.ctor, normalizeArgv(this.argv))
    return {flags: flags as unknown as SharedFlagValues, args: (argv as unknown[]).map(String)}
  }

  protected scope(flags: SharedFlagValues): CommandScope {
    return resolveScope(flags)
  }

  protected out(text: string): void {
    if (text) process.stdout.write(text)
  }

  /**
   * Output made piece by piece, written in batches of about 1 MB as it is made: a large report
   * (describe of every route) never sits in memory whole, and the first lines appear early.
   */
  protected outPieces(pieces: Iterable<string>): void {
    let batch = ''
    for (const piece of pieces) {
      batch += piece
      if (batch.length >= OUTPUT_BATCH) {
        process.stdout.write(batch)
        batch = ''
      }
    }
    this.out(batch)
  }

  protected err(line: string): void {
    process.stderr.write(`${line}\n`)
  }

  /**
   * Warnings of the source, before the output (kubectl prints them as they happen), then one line per
   * class of conclusions that rests on a kind that could not be read (after a 403), once each.
   */
  protected printWarnings(snapshot: Snapshot): void {
    for (const w of snapshot.warnings) this.err(escapeControl(/^warning:/i.test(w) ? w : `Warning: ${w}`))
    for (const c of [...readCaveats(snapshot), ...policyCaveats(snapshot)]) this.err(escapeControl(`Warning: ${c}`))
  }

  /** Input that could not be used, after the output; true if there was any (the command exits 1). */
  protected printErrors(snapshot: Snapshot): boolean {
    for (const e of snapshot.errors) this.err(escapeControl(/^error/i.test(e) ? e : `error: ${e}`))
    return snapshot.errors.length > 0
  }

  /**
   * oclif ends a non-zero exit with process.exit(), which drops what a pipe has not yet taken: the
   * end of a large report, when its input also had an error (`describe -A -f dir | less`). Wait
   * until both streams are drained first.
   */
  protected override async finally(err: Error | undefined): Promise<unknown> {
    await Promise.all([drained(process.stdout), drained(process.stderr)])
    return super.finally(err)
  }

  override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    // this.exit() works by throwing; let it through.
    if (err instanceof Errors.ExitError) throw err
    const report = errorReport(err, this.commandLine(), this.argv)
    for (const line of report.lines) this.err(line)
    if (process.env.DEBUG && err?.stack) this.err(err.stack)
    this.exit(report.exitCode)
  }
}
