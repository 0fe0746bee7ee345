// Running the built CLI (bin/run.js -> dist/) as a user would, and the manifests it reads. Creation
// timestamps are written relative to the moment the fixture is made, a little past a whole unit, so
// the printed AGE cannot change during the seconds a test takes.

import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, rm, writeFile, mkdir, rename} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const BIN = join(ROOT, 'bin/run.js')

/** Fails loudly rather than skipping: without dist/ every e2e test would silently prove nothing. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist/commands/get.js'))) {
    throw new Error('dist/ is missing: build first (npm run build, or npx tsc -p .)')
  }
}

export interface RunResult {
  stdout: string
  stderr: string
  code: number | null
}

export interface RunOptions {
  stdin?: string
  env?: NodeJS.ProcessEnv
  /** Extra arguments for node itself, before bin/run.js. */
  nodeArgs?: string[]
  cwd?: string
}

/**
 * Runs `kubectl-gw ARGS`. HOME points at an empty directory and KUBECONFIG is unset unless given,
 * so the developer's own kubeconfig never leaks into a test.
 */
export function run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const home = opts.env?.HOME ?? join(tmpdir(), 'kubectl-gw-e2e-no-home')
  return runNode([...(opts.nodeArgs ?? []), BIN, ...args], {PATH: process.env.PATH, HOME: home, ...opts.env}, opts.cwd ?? ROOT, opts.stdin ?? '')
}

/** `node ARGV` with exactly `env`, its output collected, standard input given and closed. */
export function runNode(argv: string[], env: NodeJS.ProcessEnv, cwd: string = ROOT, stdin = ''): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, {cwd, env})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', fail)
    child.on('close', (code) => done({stdout, stderr, code}))
    child.stdin.end(stdin)
  })
}

/**
 * Files that make a child node log what it loads: `register` (for --import) installs a resolve hook that
 * appends every ES module's URL to $GW_MODULE_LOG; `cjsDump` (for --require) writes the CommonJS modules
 * require() loaded (they do not pass the hook) to $GW_CJS_LOG at exit.
 */
export async function moduleLoggers(fx: Fixture): Promise<{register: string; cjsDump: string}> {
  const hooks = await fx.write(
    'hooks.mjs',
    `import {appendFileSync} from 'node:fs'
let log
export function initialize(data) { log = data.log }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(log, result.url + '\\n')
  return result
}
`,
  )
  const cjsDump = await fx.write(
    'cjs-dump.cjs',
    `const {writeFileSync} = require('node:fs')
process.on('exit', () => writeFileSync(process.env.GW_CJS_LOG, Object.keys(require('node:module')._cache).join('\\n')))
`,
  )
  const register = await fx.write(
    'register.mjs',
    `import {register} from 'node:module'
register(${JSON.stringify(pathToFileURL(hooks).href)}, {data: {log: process.env.GW_MODULE_LOG}})
`,
  )
  return {register, cjsDump}
}

export interface Fixture {
  dir: string
  write(rel: string, content: string): Promise<string>
  cleanup(): Promise<void>
}

let writes = 0

export async function fixture(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-get-e2e-'))
  return {
    dir,
    async write(rel, content) {
      const full = join(dir, rel)
      await mkdir(dirname(full), {recursive: true})
      // Concurrent tests may write the same file: write aside and rename, so that a reader never
      // sees the truncated file that a plain writeFile leaves for a moment (an empty read in CI).
      const aside = `${full}.${process.pid}.${++writes}.tmp`
      await writeFile(aside, content)
      await rename(aside, full)
      return full
    },
    cleanup: () => rm(dir, {recursive: true, force: true}),
  }
}

const UNIT: Record<string, number> = {s: 1e3, m: 6e4, h: 36e5, d: 864e5}

/**
 * A creationTimestamp `spec` ago (`30m`, `5h`, `3d`), plus a margin well inside the precision AGE
 * shows at that size (minutes and hours: seconds; days: minutes). Use 10m or more: below ten minutes
 * AGE shows seconds.
 */
export function ago(spec: string): string {
  const n = Number(spec.slice(0, -1))
  const unit = spec.slice(-1)
  const margin = {s: 0, m: 20e3, h: 20e3, d: 20 * 6e4}[unit] ?? 0
  return new Date(Date.now() - n * UNIT[unit] - margin).toISOString().replace(/\.\d+Z$/, 'Z')
}
