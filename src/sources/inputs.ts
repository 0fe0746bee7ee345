// The `-f` arguments as kubectl reads them: a file, a directory (walked recursively, only .yaml,
// .yml and .json inside, in name order), or `-` for standard input. Reading is bounded: a file (or
// standard input) over 64 MiB is refused rather than held in memory.

import type {Dirent} from 'node:fs'
import {open, readdir, stat} from 'node:fs/promises'
import {extname, join, resolve} from 'node:path'
import {errorAt, oneLine} from './messages.js'
import {UserError} from './request.js'

export const MAX_INPUT_BYTES = 64 * 1024 * 1024

/** kubectl's name for standard input in its messages. */
export const STDIN_NAME = 'STDIN'

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])

export type Input = {kind: 'file'; path: string} | {kind: 'stdin'}

export interface ExpandedInputs {
  inputs: Input[]
  /** One-line errors for parts that could not be listed (an unreadable subdirectory). */
  errors: string[]
}

interface FsError {
  code?: string
  message?: string
}

/** A short, kubectl-like reason for a failed file system call. */
export function describeFsError(e: unknown): string {
  const err = (typeof e === 'object' && e !== null ? e : {}) as FsError
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a directory'
    case 'ENOENT':
      return 'no such file or directory'
    case 'ELOOP':
      return 'too many levels of symbolic links'
    default:
      return err.code ?? (typeof err.message === 'string' ? err.message : String(e))
  }
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

async function walk(dir: string, out: Input[], errors: string[]): Promise<void> {
  let entries: Dirent[]
  try {
    entries = await readdir(dir, {withFileTypes: true})
  } catch (e) {
    errors.push(errorAt({file: dir}, describeFsError(e)))
    return
  }
  entries.sort(byName)
  for (const entry of entries) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) {
      await walk(full, out, errors)
      continue
    }
    if (!MANIFEST_EXTENSIONS.has(extname(entry.name))) continue
    if (entry.isFile()) {
      out.push({kind: 'file', path: full})
    } else if (entry.isSymbolicLink()) {
      // A link to a file is read; a link to a directory is not followed (kubectl does not either),
      // which also keeps a link cycle from walking forever.
      try {
        if ((await stat(full)).isFile()) out.push({kind: 'file', path: full})
      } catch (e) {
        errors.push(errorAt({file: full}, describeFsError(e)))
      }
    }
  }
}

/**
 * Lists the files behind the `-f` arguments, in order. Throws a UserError for a path that does not
 * exist, before anything is read (kubectl fails the same way, and standard input stays unread).
 */
export async function expandPaths(paths: string[]): Promise<ExpandedInputs> {
  const inputs: Input[] = []
  const errors: string[] = []
  for (const p of paths) {
    if (p === '-') {
      inputs.push({kind: 'stdin'})
      continue
    }
    let info
    try {
      info = await stat(p)
    } catch (e) {
      const code = (e as FsError | null)?.code
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(oneLine(`error: the path "${p}" does not exist`))
      errors.push(errorAt({file: p}, describeFsError(e)))
      continue
    }
    if (info.isDirectory()) await walk(p, inputs, errors)
    // A path named explicitly is read whatever its extension (or type: `-f <(cat x)` is a pipe).
    else inputs.push({kind: 'file', path: p})
  }
  // The same file named twice (`-f dir -f dir/a.yaml`) would only produce duplicate warnings.
  const seen = new Set<string>()
  let stdinSeen = false
  const unique = inputs.filter((input) => {
    if (input.kind === 'stdin') {
      // Standard input can be read once; a second `-` would read nothing anyway.
      const first = !stdinSeen
      stdinSeen = true
      return first
    }
    const key = resolve(input.path)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return {inputs: unique, errors}
}

export type ReadResult = {bytes: Buffer} | {error: string}

function tooLarge(name: string): {error: string} {
  return {error: errorAt({file: name}, `larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MiB, not read`)}
}

async function readStream(stream: AsyncIterable<unknown>, name: string): Promise<ReadResult> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array)
    total += buf.length
    // Leaving the loop early destroys the stream, so the rest is never buffered.
    if (total > MAX_INPUT_BYTES) return tooLarge(name)
    chunks.push(buf)
  }
  return {bytes: Buffer.concat(chunks, total)}
}

/**
 * Reads one input, never more than MAX_INPUT_BYTES of it. `stdin` is called only for `-`: merely
 * touching process.stdin opens a handle on it.
 */
export async function readInput(input: Input, stdin: () => NodeJS.ReadableStream): Promise<ReadResult> {
  if (input.kind === 'stdin') {
    try {
      return await readStream(stdin() as AsyncIterable<unknown>, STDIN_NAME)
    } catch (e) {
      return {error: errorAt({file: STDIN_NAME}, describeFsError(e))}
    }
  }
  let handle
  try {
    handle = await open(input.path, 'r')
  } catch (e) {
    return {error: errorAt({file: input.path}, describeFsError(e))}
  }
  try {
    const info = await handle.stat()
    // Refused up front when the size is known; pipes and devices (and a file still growing) are
    // cut off while reading.
    if (info.isFile() && info.size > MAX_INPUT_BYTES) return tooLarge(input.path)
    if (info.isFile()) {
      // One read for a regular file rather than 64 kB stream chunks, each a trip through the event
      // loop (measured: 78 files, 62 MB: 0.4 s less idle time).
      const bytes = await handle.readFile()
      return bytes.length > MAX_INPUT_BYTES ? tooLarge(input.path) : {bytes}
    }
    return await readStream(handle.createReadStream({autoClose: false}), input.path)
  } catch (e) {
    return {error: errorAt({file: input.path}, describeFsError(e))}
  } finally {
    await handle.close().catch(() => undefined)
  }
}
