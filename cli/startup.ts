// What bin/run.js and bin/complete.js do first: answer completion from the manifest through the
// bundled entry (dist/fast/complete.cjs, code-cached), and hand everything else to oclif. When the
// bundle is missing (a tsc-only build), oclif's own __complete command answers instead.

import {existsSync, readFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {NameSource} from '../src/completion/complete.js'
import {loadBundle, type CacheOutcome} from './code-cache.js'

/** The package root: dist/cli/startup.js is two levels below it. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

let packageVersion: string | undefined
function version(root: string): string {
  if (packageVersion === undefined) {
    try {
      packageVersion = String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version?: unknown}).version)
    } catch {
      packageVersion = 'unknown'
    }
  }
  return packageVersion
}

/** KUBECTL_GW_DEBUG_STARTUP=1: one stderr line saying which path ran and what the code cache did. */
function report(path: string, cache: CacheOutcome): void {
  if (process.env.KUBECTL_GW_DEBUG_STARTUP === '1') process.stderr.write(`kubectl-gw startup: ${path} code-cache=${cache}\n`)
}

/** KUBECTL_GW_BUNDLE=0: oclif from its modules, as before the bundles (for comparing, and a way out). */
function bundlesOff(): boolean {
  return process.env.KUBECTL_GW_BUNDLE === '0'
}

interface CompleteBundle {
  completionOutput(words: readonly string[], manifestPath: string, load: () => Promise<NameSource>): Promise<string>
}

/**
 * Shell completion for `words` (the words after `kubectl gw`) without oclif; false when the bundle
 * or the manifest is missing, and the caller falls back to oclif's __complete.
 */
export async function completeFast(words: readonly string[], root: string = PACKAGE_ROOT): Promise<boolean> {
  const bundle = join(root, 'dist', 'fast', 'complete.cjs')
  const manifest = join(root, 'oclif.manifest.json')
  if (bundlesOff() || !existsSync(bundle) || !existsSync(manifest)) return false
  const loaded = loadBundle(bundle, {version: version(root)})
  report(basename(bundle), loaded.cache)
  const {completionOutput} = loaded.exports as unknown as CompleteBundle
  const load = async () => (await import('../src/completion/live-source.js')).liveNameSource
  process.stdout.write(await completionOutput(words, manifest, load))
  return true
}

interface CliBundle {
  main(argv: string[], root: string): Promise<unknown>
}

/** What oclif shows help for instead of running a command (its helpAddition, plus `help`). */
function asksForHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false
    if (a === '--help' || a === '-h') return true
  }
  return false
}

/**
 * The bundle for `argv`: dist/fast/command-<id>.cjs when the first word is one of this CLI's
 * commands and no help is asked for, else dist/fast/oclif.cjs (help, --version, unknown commands).
 */
export function bundleFor(argv: readonly string[], root: string = PACKAGE_ROOT): string {
  const id = argv[0]
  if (id !== undefined && /^[a-z][a-z0-9-]*$/.test(id) && !asksForHelp(argv)) {
    const command = join(root, 'dist', 'fast', `command-${id}.cjs`)
    if (existsSync(command)) return command
  }
  return join(root, 'dist', 'fast', 'oclif.cjs')
}

/**
 * Runs the CLI from its code-cached bundles; false when they are missing (a tsc-only build) or
 * turned off, and the caller runs oclif from its modules instead.
 */
export async function runFast(argv: string[], root: string = PACKAGE_ROOT): Promise<boolean> {
  if (bundlesOff()) return false
  const bundle = bundleFor(argv, root)
  if (!existsSync(bundle)) return false
  const loaded = loadBundle(bundle, {version: version(root)})
  report(basename(bundle), loaded.cache)
  await (loaded.exports as unknown as CliBundle).main(argv, root)
  return true
}
