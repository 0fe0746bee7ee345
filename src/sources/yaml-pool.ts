// Large inputs are parsed in worker threads while the main thread reads files and builds objects.
// js-yaml is most of the time spent on a large dump (62 MB: about 2 s of 4 s loading), and the
// compact JSON values the fast path makes anyway (yaml-docs.ts) cross between threads as one string
// per file: measured, load 4.6 s -> 2.8-3.4 s with two workers on two cores.
//
// Small inputs never start a worker (starting one costs about 40 ms); nor does a build run from
// TypeScript sources, where the worker's JavaScript does not exist. Whatever a worker cannot read,
// or any failure of a worker, leaves the file to the main thread's usual path: the pool changes how
// fast documents are read, never what they are.

import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {YamlAnswer, YamlJob} from './yaml-worker.js'

/** Inputs smaller than this are parsed on the main thread. */
export const POOL_MIN_BYTES = 512 * 1024

/** The number of workers: one per core, at most four; `KUBECTL_GW_YAML_WORKERS` overrides (0: none). */
export function poolSize(env: NodeJS.ProcessEnv = process.env): number {
  const wanted = env.KUBECTL_GW_YAML_WORKERS
  if (wanted !== undefined && /^\d+$/.test(wanted)) return Math.min(Number(wanted), 16)
  return Math.min(4, availableParallelism())
}

export interface YamlPool {
  /** The documents' JSON (see fastDocumentsJson), or undefined: read it on the main thread. */
  parse(bytes: Buffer, lean?: boolean): Promise<string | undefined>
  close(): Promise<void>
}

const WORKER_FILE = new URL('./yaml-worker.js', import.meta.url)

export function startYamlPool(size: number): YamlPool | undefined {
  if (size < 1 || !existsSync(fileURLToPath(WORKER_FILE))) return undefined
  const waiting = new Map<number, (json: string | undefined) => void>()
  const workers: Worker[] = []
  let broken = false
  let nextId = 0
  const giveUp = () => {
    broken = true
    for (const done of waiting.values()) done(undefined)
    waiting.clear()
  }
  for (let i = 0; i < size; i++) {
    // A 16 MB young generation: with V8's default (or 32 MB and more) two workers added 150-190 MB of
    // peak RSS on the 62 MB dump for no measurable speed.
    const worker = new Worker(WORKER_FILE, {resourceLimits: {maxYoungGenerationSizeMb: 16}})
    worker.on('message', (answer: YamlAnswer) => {
      waiting.get(answer.id)?.(answer.json)
      waiting.delete(answer.id)
    })
    worker.on('error', giveUp)
    worker.on('exit', giveUp)
    workers.push(worker)
  }
  return {
    parse(bytes, lean = false) {
      if (broken) return Promise.resolve(undefined)
      const id = nextId++
      // Copied, not moved: the caller keeps the bytes in case the answer is to read them itself.
      const job: YamlJob = {id, bytes: new Uint8Array(bytes).buffer, lean}
      return new Promise((resolve) => {
        waiting.set(id, resolve)
        workers[id % workers.length].postMessage(job, [job.bytes])
      })
    },
    async close() {
      broken = true
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
