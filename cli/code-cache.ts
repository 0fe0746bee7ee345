// Loads a CommonJS bundle (dist/fast/*.cjs) through V8's code cache: the first run compiles the
// bundle and, at exit, stores the code V8 made for it (every function that ran, not only the top
// level) outside the checkout; later runs hand that back to V8 and skip parsing and compiling.
// Node 20 has no module compile cache (module.enableCompileCache is 22.1+) and no code cache for
// ES modules, which is why the start-up paths are CommonJS bundles loaded here.
//
// The cache is an optimisation only: a missing, unreadable, corrupt or stale file, a cache directory
// that cannot be created, or V8 rejecting the data (another node binary, other flags) all fall back
// to a plain compile, silently. Files are keyed by the node binary, the package version and the
// bundle's build id, and carry a checksum of their payload (cli/checksum.ts), checked before V8 sees it.

import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import Module from 'node:module'
import {basename, dirname, join} from 'node:path'
import vm from 'node:vm'
import {userCacheDir} from './cache-dir.js'
import {checksum, checksumHex} from './checksum.js'

const MAGIC = Buffer.from('kubectl-gw code cache 2\n')
const DIGEST_BYTES = 8

/** What happened to the code cache on one load (tests and KUBECTL_GW_DEBUG_STARTUP read it). */
export type CacheOutcome =
  /** Off: KUBECTL_GW_CODE_CACHE=0, or no cache directory. */
  | 'disabled'
  /** No cache file yet: compiled from source, a cache is written at exit. */
  | 'created'
  /** V8 took the cached code. */
  | 'used'
  /** A cache file was there but unusable (bad checksum, or V8 rejected it): rewritten at exit. */
  | 'rejected'

export interface LoadedBundle {
  exports: Record<string, unknown>
  cache: CacheOutcome
  /** The cache file (written at exit unless the outcome is 'used' or 'disabled'). */
  cacheFile?: string
  /** Writes the cache file now (what happens at exit); false when there is nothing to write. */
  save(): boolean
}

export interface LoadOptions {
  /** Part of the cache key: the package version. */
  version: string
  /** Where cache files go; default $XDG_CACHE_HOME/kubectl-gw/code-cache or ~/.cache/kubectl-gw/code-cache. */
  cacheDir?: string
  env?: NodeJS.ProcessEnv
}

/** The cache directory, or undefined when caching is off or no home directory is known. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.KUBECTL_GW_CODE_CACHE === '0') return undefined
  if (env.KUBECTL_GW_CODE_CACHE_DIR) return env.KUBECTL_GW_CODE_CACHE_DIR
  return userCacheDir('code-cache', env)
}

/**
 * What identifies the bundle's code: the build id its first line carries (scripts/bundle-startup.mjs
 * writes a new one on every build), else a hash of the whole source. Not size and time: V8 checks
 * only the length of the source against the cache, and `npm pack` gives every file the same time.
 */
export function buildIdOf(source: string): string {
  const id = /^\/\* kubectl-gw build ([0-9a-f-]{16,}) \*\//.exec(source)?.[1]
  return id ?? checksumHex(source)
}

function cacheKey(file: string, version: string, buildId: string): string {
  return checksumHex([process.execPath, process.version, process.versions.v8, process.arch, version, file, buildId].join('\0'))
}

/** The payload of a cache file, or undefined when it is missing or fails its checksum. */
function readCacheFile(path: string): {data: Buffer | undefined; present: boolean} {
  let raw: Buffer
  try {
    raw = readFileSync(path)
  } catch {
    return {data: undefined, present: false}
  }
  const head = MAGIC.length + DIGEST_BYTES
  if (raw.length <= head || !raw.subarray(0, MAGIC.length).equals(MAGIC)) return {data: undefined, present: true}
  const data = raw.subarray(head)
  const digest = checksum(data)
  return {data: digest.equals(raw.subarray(MAGIC.length, head)) ? data : undefined, present: true}
}

/** Writes atomically (temporary file, then rename): a concurrent run never reads half a file. */
function writeCacheFile(path: string, data: Buffer, stalePrefix: string): boolean {
  try {
    mkdirSync(dirname(path), {recursive: true, mode: 0o700})
    const tmp = `${path}.${process.pid}.tmp`
    writeFileSync(tmp, Buffer.concat([MAGIC, checksum(data), data]), {mode: 0o600})
    renameSync(tmp, path)
    // Files of earlier builds of the same bundle (another version, node or build) are of no more use.
    for (const f of readdirSync(dirname(path))) {
      if (f.startsWith(stalePrefix) && f.endsWith('.bin') && join(dirname(path), f) !== path) rmSync(join(dirname(path), f), {force: true})
    }
    return true
  } catch {
    // A read-only or full disk: run uncached next time too.
    return false
  }
}

/**
 * import() in code compiled by vm.Script fails on Node 20 (no callback; vm's default-loader constant
 * is experimental and is lost with cached data), so the bundles call this instead (their banner reads
 * it, scripts/bundle-startup.mjs): an import() from this ES module, with absolute URLs or bare
 * package names, which resolve the same from here.
 */
export const IMPORT_KEY = Symbol.for('kubectl-gw.import')
;(globalThis as Record<symbol, unknown>)[IMPORT_KEY] ??= (specifier: string) => import(specifier)

/** Runs the CommonJS bundle `file` as require() would, through the code cache when it can. */
export function loadBundle(file: string, opts: LoadOptions): LoadedBundle {
  const source = readFileSync(file, 'utf8')
  const dir = opts.cacheDir ?? codeCacheDir(opts.env)
  let cacheFile: string | undefined
  let cachedData: Buffer | undefined
  let cache: CacheOutcome = 'disabled'
  if (dir !== undefined) {
    cacheFile = join(dir, `${basename(file)}-${cacheKey(file, opts.version, buildIdOf(source))}.bin`)
    const read = readCacheFile(cacheFile)
    cachedData = read.data
    cache = cachedData ? 'used' : read.present ? 'rejected' : 'created'
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
  })
  if (cachedData && script.cachedDataRejected) cache = 'rejected'
  let pending = cacheFile !== undefined && cache !== 'used'
  const save = (): boolean => {
    if (!pending || cacheFile === undefined) return false
    pending = false
    return writeCacheFile(cacheFile, script.createCachedData(), `${basename(file)}-`)
  }
  // At exit, so that the functions the command ran are in it too, not only the top level.
  if (pending) process.once('exit', save)
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  const module = {exports: {} as Record<string, unknown>, filename: file, id: file, loaded: false}
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  module.loaded = true
  return {exports: module.exports, cache, cacheFile, save}
}
