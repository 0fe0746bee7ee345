// Runs one command as a child process and measures it: wall time from spawn to exit, CPU time and peak
// resident memory. Peak RSS and CPU come from GNU time (`%M`, the kernel's own maximum for the child
// and what it waited for; `%U`+`%S`, user and system time from the same wait4() rusage, printed to
// 10 ms) when /usr/bin/time is GNU time; otherwise /proc/PID/status VmHWM is polled, which can miss a
// peak in the last few milliseconds, and CPU is not measured. Output goes to /dev/null: the bench times commands, not terminals.
// A non-zero exit is an error: a benchmark that timed an error path would prove nothing.

import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'

export interface RunSpec {
  command: string
  args: string[]
  env: NodeJS.ProcessEnv
  cwd: string
  /** Kill the child and fail after this long. */
  timeoutMs: number
}

export interface RunSample {
  ms: number
  /** User + system CPU time of the child and everything it waited for, ms (GNU time only). */
  cpuMs?: number
  /** Peak resident set size, kilobytes; undefined when it could not be read. */
  rssKb?: number
}

export type RssMethod = 'gnu-time' | 'proc-vmhwm' | 'none'

let method: RssMethod | undefined

const TIME_FORMAT = '%M %U %S'
const TIME_REPORT = /^(\d+) (\d+\.\d+) (\d+\.\d+)$/

/** How peak RSS is measured on this machine (decided once). */
export function rssMethod(): RssMethod {
  if (method) return method
  const probe = existsSync('/usr/bin/time') ? spawnSync('/usr/bin/time', ['-f', TIME_FORMAT, 'true'], {encoding: 'utf8'}) : undefined
  if (probe && probe.status === 0 && TIME_REPORT.test(probe.stderr.trim().split('\n').pop() ?? '')) method = 'gnu-time'
  else method = existsSync('/proc/self/status') ? 'proc-vmhwm' : 'none'
  return method
}

/** The child running now, so that an interrupted bench can end it. */
let current: ChildProcess | undefined

/** Ends the child and whatever it started (GNU time's child, kubectl's real binary): its process group. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}

export function killCurrent(): void {
  if (current) killGroup(current)
}

export class CommandFailed extends Error {}

const tail = (text: string, lines = 15) => text.trimEnd().split('\n').slice(-lines).join('\n')

async function vmHwmKb(pid: number): Promise<number | undefined> {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : undefined
  } catch {
    return undefined
  }
}

/** Runs `spec` once; `scratch` is a directory for GNU time's report. */
export async function runOnce(spec: RunSpec, scratch: string, label: string): Promise<RunSample> {
  const how = rssMethod()
  const report = join(scratch, `rss-${process.pid}-${Date.now()}.txt`)
  const [cmd, args] = how === 'gnu-time' ? ['/usr/bin/time', ['-f', TIME_FORMAT, '-o', report, spec.command, ...spec.args]] : [spec.command, spec.args]
  let stderr = ''
  let peak: number | undefined
  let cpuMs: number | undefined
  const started = performance.now()
  // Its own process group, so that a timeout or an interrupt can end everything it started.
  const child = spawn(cmd, args, {cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'ignore', 'pipe'], detached: true})
  current = child
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    // Only the end matters for an error message; a chatty child must not grow this without bound.
    stderr = (stderr + d).slice(-20_000)
  })
  let poller: NodeJS.Timeout | undefined
  if (how === 'proc-vmhwm' && child.pid !== undefined) {
    const pid = child.pid
    poller = setInterval(() => {
      void vmHwmKb(pid).then((kb) => {
        if (kb !== undefined) peak = Math.max(peak ?? 0, kb)
      })
    }, 10)
  }
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    killGroup(child)
  }, spec.timeoutMs)
  const {code, signal} = await new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (c, s) => resolve({code: c, signal: s}))
  }).finally(() => {
    clearTimeout(timer)
    if (poller) clearInterval(poller)
    current = undefined
  })
  const ms = performance.now() - started
  if (how === 'gnu-time') {
    const text = await readFile(report, 'utf8').catch(() => '')
    await rm(report, {force: true})
    const m = TIME_REPORT.exec(text.trim().split('\n').pop() ?? '')
    if (m) {
      peak = Number(m[1])
      cpuMs = (Number(m[2]) + Number(m[3])) * 1000
    }
  }
  if (code !== 0) {
    const why = timedOut ? `did not finish within ${spec.timeoutMs / 1000} s` : signal ? `was killed by ${signal}` : `exited with code ${code}`
    throw new CommandFailed(`${label}: \`${[spec.command, ...spec.args].join(' ')}\` ${why}${stderr ? `; its stderr ends with:\n${tail(stderr)}` : ''}`)
  }
  return {ms, cpuMs, rssKb: peak}
}

export interface Stats {
  median: number
  min: number
  max: number
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return {median, min: sorted[0], max: sorted[sorted.length - 1]}
}
