// Temporary manifest trees for the file-source tests. Every test writes its own files under a fresh
// directory, so the tests never depend on the examples or on /work/shared.

import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {Readable} from 'node:stream'

export interface TempTree {
  dir: string
  /** Writes files (relative path -> content) and returns their absolute paths, in the given order. */
  write(files: Record<string, string | Uint8Array>): Promise<string[]>
  path(rel: string): string
  cleanup(): Promise<void>
}

export async function tempTree(): Promise<TempTree> {
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-files-'))
  return {
    dir,
    path: (rel) => join(dir, rel),
    async write(files) {
      const out: string[] = []
      for (const [rel, content] of Object.entries(files)) {
        const full = join(dir, rel)
        await mkdir(dirname(full), {recursive: true})
        await writeFile(full, content)
        out.push(full)
      }
      return out
    },
    cleanup: () => rm(dir, {recursive: true, force: true}),
  }
}

/** A stream standing in for standard input; `reads` counts how often it was consumed. */
export function fakeStdin(text: string | Buffer[]): Readable & {reads: number} {
  const chunks = typeof text === 'string' ? [Buffer.from(text)] : text
  let i = 0
  const stream = new Readable({
    read() {
      ;(stream as Readable & {reads: number}).reads++
      this.push(i < chunks.length ? chunks[i++] : null)
    },
  }) as Readable & {reads: number}
  stream.reads = 0
  return stream
}
