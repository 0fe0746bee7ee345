// The start-up paths bin/run.js and bin/complete.js take by default (cli/startup.ts): completion from
// the manifest without oclif or any command module, help from the bundle of oclif alone, a command
// from its own bundle, each through V8's code cache in the user's cache directory. What each run
// loads is recorded by a module loader hook (ES modules) and a dump of require()'s cache at exit
// (CommonJS); KUBECTL_GW_DEBUG_STARTUP=1 names the bundle and what the code cache did.

import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {fixture, moduleLoggers, requireBuild, ROOT, run, runNode, type Fixture, type RunResult} from './get-helpers.js'

const EXAMPLES = join(ROOT, 'examples')
const COMPLETE = join(ROOT, 'bin', 'complete.js')

let fx: Fixture
let register: string
let cjsDump: string

beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  ;({register, cjsDump} = await moduleLoggers(fx))
})
afterAll(async () => {
  await fx?.cleanup()
})

function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return runNode([script, ...args], {PATH: process.env.PATH, ...env})
}

interface Traced extends RunResult {
  /** ES module URLs resolved. */
  urls: string[]
  /** CommonJS files require()d. */
  required: string[]
  /** The KUBECTL_GW_DEBUG_STARTUP line, if any. */
  startup?: string
}

let traces = 0
/** Runs bin/run.js ARGS (or another bin script) with module tracing and its own cache directory. */
async function traced(args: string[], opts: {script?: string; cache: string; env?: NodeJS.ProcessEnv}): Promise<Traced> {
  const n = ++traces
  const log = join(fx.dir, `trace-${n}.log`)
  const cjsLog = join(fx.dir, `trace-${n}.cjs.log`)
  writeFileSync(log, '')
  const env = {
    HOME: join(fx.dir, 'home'),
    XDG_CACHE_HOME: opts.cache,
    KUBECTL_GW_DEBUG_STARTUP: '1',
    GW_MODULE_LOG: log,
    GW_CJS_LOG: cjsLog,
    NODE_OPTIONS: `--import ${pathToFileURL(register).href} --require ${cjsDump}`,
    ...opts.env,
  }
  const r = opts.script ? await runScript(opts.script, args, env) : await run(args, {env})
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  const required = existsSync(cjsLog) ? readFileSync(cjsLog, 'utf8').split('\n').filter(Boolean) : []
  const startup = /^kubectl-gw startup: .*$/m.exec(r.stderr)?.[0]
  return {...r, stderr: r.stderr.replace(/^kubectl-gw startup: .*\n/m, ''), urls, required, startup}
}

const oclifLoaded = (t: Traced) => [...t.urls, ...t.required].filter((u) => u.includes('/node_modules/@oclif/'))
const commandModules = (t: Traced) => t.urls.filter((u) => u.includes('/dist/commands/'))

describe.concurrent('what each start-up path loads', () => {
  test('completion of commands and types: the manifest and complete.cjs; no oclif, no command module', async () => {
    const cache = join(fx.dir, 'cache-complete')
    for (const [script, args] of [
      [COMPLETE, ['get', 'ga']],
      [join(ROOT, 'bin', 'run.js'), ['__complete', '--', 'get', 'ga']],
    ] as const) {
      const t = await traced([...args], {script, cache})
      expect(t.code).toBe(0)
      expect(t.stdout).toBe('gatewayclasses\tGatewayClass (gc)\ngateways\tGateway (gtw)\n:4\n')
      expect(t.startup).toMatch(/^kubectl-gw startup: complete\.cjs code-cache=(created|used)$/)
      expect(oclifLoaded(t)).toEqual([])
      expect(commandModules(t)).toEqual([])
      // The name source (loader, cluster and file code) is not needed for a type.
      expect(t.urls.filter((u) => u.includes('/dist/src/'))).toEqual([])
    }
  })

  test('completion answers as oclif\'s __complete command does', async () => {
    const cache = join(fx.dir, 'cache-parity')
    const lines = [[''], ['get', '-o', ''], ['describe', 'gtw', '-'], ['analyze', '--fail-on', ''], ['get', 'gtw/'], ['get', 'gateways,h'], ['--v'], ['bogus', '']]
    for (const words of lines) {
      const fast = await traced(words, {script: COMPLETE, cache})
      const oclif = await traced(words, {script: COMPLETE, cache, env: {KUBECTL_GW_BUNDLE: '0'}})
      expect(fast.startup, words.join(' ')).toBeDefined()
      expect(oclif.startup).toBeUndefined()
      expect(oclifLoaded(oclif).length).toBeGreaterThan(0)
      expect(fast.stdout, words.join(' ')).toBe(oclif.stdout)
    }
  })

  test('completion of names from -f files imports the name source then, and finds the names', async () => {
    const t = await traced(['get', '-f', EXAMPLES, '-n', 'infra', 'gateways', ''], {script: COMPLETE, cache: join(fx.dir, 'cache-names')})
    expect(t.stdout).toBe('edge\nedge-l4\ninternal\nshared\n:4\n')
    expect(t.urls.some((u) => u.endsWith('/dist/src/completion/live-source.js'))).toBe(true)
    expect(oclifLoaded(t)).toEqual([])
  })

  test('--help and get --help: oclif.cjs, no command module, no client-node', async () => {
    for (const args of [['--help'], ['get', '--help']]) {
      const t = await traced(args, {cache: join(fx.dir, 'cache-help')})
      expect(t.code).toBe(0)
      expect(t.stdout).toContain('USAGE')
      expect(t.startup).toMatch(/^kubectl-gw startup: oclif\.cjs code-cache=(created|used)$/)
      expect(oclifLoaded(t)).toEqual([])
      expect(commandModules(t)).toEqual([])
      expect([...t.urls, ...t.required].filter((u) => u.includes('client-node'))).toEqual([])
    }
  })

  test('get -f: command-get.cjs; js-yaml\'s CommonJS build on first use; no oclif or client-node module, no yaml', async () => {
    const t = await traced(['get', 'routes', '-A', '-f', EXAMPLES], {cache: join(fx.dir, 'cache-get')})
    expect(t.code).toBe(0)
    expect(t.stdout).toMatch(/^NAMESPACE\s+KIND\s+NAME/)
    expect(t.startup).toMatch(/^kubectl-gw startup: command-get\.cjs code-cache=(created|used)$/)
    expect(oclifLoaded(t)).toEqual([])
    expect(commandModules(t)).toEqual([])
    expect([...t.urls, ...t.required].filter((u) => u.includes('client-node'))).toEqual([])
    expect(t.required.filter((p) => p.includes('/node_modules/js-yaml/'))).toEqual([expect.stringMatching(/js-yaml\.cjs\.js$/)])
    expect([...t.urls, ...t.required].filter((u) => u.includes('/node_modules/yaml/'))).toEqual([])
  })

  test('the same output with and without the bundles (get, describe, an unknown command, a parse error)', async () => {
    const cache = join(fx.dir, 'cache-same')
    for (const args of [
      ['get', 'gateways', '-A', '-f', EXAMPLES, '-o', 'wide'],
      ['describe', 'gtw', 'edge', '-n', 'infra', '-f', EXAMPLES],
      ['analyze', '--local', '-A', '-f', EXAMPLES, '--fail-on', 'none'],
      ['version', '--client', '-o', 'json'],
      ['gt', 'gateways'],
      ['get', 'gateways', '--bogus'],
      ['--version'],
    ]) {
      const fast = await traced(args, {cache})
      const modules = await traced(args, {cache, env: {KUBECTL_GW_BUNDLE: '0'}})
      expect(fast.startup, args.join(' ')).toBeDefined()
      expect(modules.startup).toBeUndefined()
      expect({stdout: fast.stdout, stderr: fast.stderr, code: fast.code}, args.join(' ')).toEqual({stdout: modules.stdout, stderr: modules.stderr, code: modules.code})
    }
  })
})

describe('the code cache', () => {
  test('created on the first run, used on the next; a corrupt file is replaced silently', async () => {
    const cache = join(fx.dir, 'cache-life')
    const args = ['get', 'gateways', '-A', '-f', EXAMPLES]
    const first = await traced(args, {cache})
    expect(first.startup).toBe('kubectl-gw startup: command-get.cjs code-cache=created')
    const dir = join(cache, 'kubectl-gw', 'code-cache')
    const files = readdirSync(dir).filter((f) => f.startsWith('command-get.cjs-'))
    expect(files).toHaveLength(1)
    const second = await traced(args, {cache})
    expect(second.startup).toBe('kubectl-gw startup: command-get.cjs code-cache=used')
    expect(second.stdout).toBe(first.stdout)

    const file = join(dir, files[0])
    const bytes = readFileSync(file)
    bytes[bytes.length >> 1] ^= 0xff
    writeFileSync(file, bytes)
    const corrupt = await traced(args, {cache})
    expect(corrupt.startup).toBe('kubectl-gw startup: command-get.cjs code-cache=rejected')
    expect({stdout: corrupt.stdout, stderr: corrupt.stderr, code: corrupt.code}).toEqual({stdout: first.stdout, stderr: '', code: 0})
    expect((await traced(args, {cache})).startup).toBe('kubectl-gw startup: command-get.cjs code-cache=used')
  })

  test('a cache directory that cannot be made, or KUBECTL_GW_CODE_CACHE=0: same output, nothing on stderr', async () => {
    const blocker = await fx.write('not-a-dir', '')
    const args = ['get', 'gateways', '-A', '-f', EXAMPLES]
    const blocked = await traced(args, {cache: blocker})
    expect(blocked.startup).toBe('kubectl-gw startup: command-get.cjs code-cache=created')
    expect(blocked.stderr).toBe('')
    expect(blocked.code).toBe(0)
    const off = await traced(args, {cache: join(fx.dir, 'cache-off'), env: {KUBECTL_GW_CODE_CACHE: '0'}})
    expect(off.startup).toBe('kubectl-gw startup: command-get.cjs code-cache=disabled')
    expect(off.stdout).toBe(blocked.stdout)
    expect(existsSync(join(fx.dir, 'cache-off'))).toBe(false)
  })
})

test('every command in the manifest has its bundle', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, unknown>}
  const bundles = readdirSync(join(ROOT, 'dist', 'fast'))
  for (const id of Object.keys(manifest.commands)) expect(bundles).toContain(`command-${id}.cjs`)
  expect(bundles).toEqual(expect.arrayContaining(['oclif.cjs', 'complete.cjs']))
})
