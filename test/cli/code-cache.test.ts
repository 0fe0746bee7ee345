import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, test} from 'vitest'
import {buildIdOf, codeCacheDir, loadBundle} from '../../cli/code-cache.js'

let dir: string
let bundle: string
let cacheDir: string

// A bundle with enough code for V8 to cache, and a visible effect (its exports, a global counter).
const SOURCE = `
globalThis.__codeCacheTestRuns = (globalThis.__codeCacheTestRuns ?? 0) + 1
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
exports.answer = fib(10)
exports.dirname = __dirname
exports.viaRequire = typeof require('node:path').join
`

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubectl-gw-code-cache-'))
  bundle = join(dir, 'b.cjs')
  writeFileSync(bundle, SOURCE)
  cacheDir = join(dir, 'cache')
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const cacheFiles = () => readdirSync(cacheDir).filter((f) => f.endsWith('.bin'))

describe('loadBundle', () => {
  test('runs the bundle as require() would: exports, __dirname, require', () => {
    const r = loadBundle(bundle, {version: '1.0.0', cacheDir})
    expect(r.exports).toEqual({answer: 55, dirname: dir, viaRequire: 'function'})
  })

  test('first load creates the cache, the next uses it (V8 accepts it), with the same result', () => {
    const first = loadBundle(bundle, {version: '1.0.0', cacheDir})
    expect(first.cache).toBe('created')
    expect(first.save()).toBe(true)
    expect(first.save()).toBe(false)
    expect(cacheFiles()).toHaveLength(1)
    const second = loadBundle(bundle, {version: '1.0.0', cacheDir})
    expect(second.cache).toBe('used')
    expect(second.cacheFile).toBe(first.cacheFile)
    expect(second.save()).toBe(false)
    expect(second.exports.answer).toBe(55)
  })

  test('a corrupt cache file is rejected silently, the bundle still runs, and the file is rewritten', () => {
    const first = loadBundle(bundle, {version: '1.0.0', cacheDir})
    first.save()
    const file = first.cacheFile!
    const bytes = readFileSync(file)
    bytes[bytes.length - 10] ^= 0xff
    writeFileSync(file, bytes)
    const bad = loadBundle(bundle, {version: '1.0.0', cacheDir})
    expect(bad.cache).toBe('rejected')
    expect(bad.exports.answer).toBe(55)
    expect(bad.save()).toBe(true)
    expect(loadBundle(bundle, {version: '1.0.0', cacheDir}).cache).toBe('used')
    // Garbage and an empty file: the same.
    for (const junk of [Buffer.from('not a cache'), Buffer.alloc(0)]) {
      writeFileSync(file, junk)
      const r = loadBundle(bundle, {version: '1.0.0', cacheDir})
      expect(r.cache).toBe('rejected')
      expect(r.exports.answer).toBe(55)
    }
  })

  test('other code of the same length is another key: never the cached code of the old one', () => {
    loadBundle(bundle, {version: '1.0.0', cacheDir}).save()
    // V8 compares only the length of the source with what the cache was made for.
    const other = SOURCE.replace('fib(10)', 'fib(11)')
    expect(other.length).toBe(SOURCE.length)
    writeFileSync(bundle, other)
    const r = loadBundle(bundle, {version: '1.0.0', cacheDir})
    expect(r.cache).toBe('created')
    expect(r.exports.answer).toBe(89)
  })

  test('the build id on the first line is the key; without one, a hash of the source', () => {
    const id = '0123456789abcdef-0123'
    expect(buildIdOf(`/* kubectl-gw build ${id} */\nx`)).toBe(id)
    expect(buildIdOf('x')).toMatch(/^[0-9a-f]{16}$/)
    expect(buildIdOf('x')).not.toBe(buildIdOf('y'))
    writeFileSync(bundle, `/* kubectl-gw build ${id} */\n${SOURCE}`)
    loadBundle(bundle, {version: '1.0.0', cacheDir}).save()
    expect(cacheFiles()).toHaveLength(1)
    expect(loadBundle(bundle, {version: '1.0.0', cacheDir}).cache).toBe('used')
  })

  test('another package version or bundle build gets its own file; the old one is removed', () => {
    loadBundle(bundle, {version: '1.0.0', cacheDir}).save()
    const [old] = cacheFiles()
    const next = loadBundle(bundle, {version: '1.0.1', cacheDir})
    expect(next.cache).toBe('created')
    next.save()
    expect(cacheFiles()).toHaveLength(1)
    expect(cacheFiles()[0]).not.toBe(old)
  })

  test('a cache directory that cannot be written: runs uncached, no error', () => {
    writeFileSync(join(dir, 'file'), '')
    const blocked = join(dir, 'file', 'cache')
    const r = loadBundle(bundle, {version: '1.0.0', cacheDir: blocked})
    expect(r.cache).toBe('created')
    expect(r.save()).toBe(false)
    expect(r.exports.answer).toBe(55)
    if (process.getuid?.() !== 0) {
      mkdirSync(cacheDir)
      chmodSync(cacheDir, 0o500)
      expect(loadBundle(bundle, {version: '1.0.0', cacheDir}).save()).toBe(false)
    }
  })
})

describe('codeCacheDir', () => {
  test('XDG_CACHE_HOME, else ~/.cache; an override; off with KUBECTL_GW_CODE_CACHE=0', () => {
    expect(codeCacheDir({XDG_CACHE_HOME: '/x', HOME: '/h'})).toBe('/x/kubectl-gw/code-cache')
    expect(codeCacheDir({HOME: '/h'})).toBe('/h/.cache/kubectl-gw/code-cache')
    // A relative XDG_CACHE_HOME is invalid per the spec and ignored.
    expect(codeCacheDir({XDG_CACHE_HOME: 'rel', HOME: '/h'})).toBe('/h/.cache/kubectl-gw/code-cache')
    expect(codeCacheDir({KUBECTL_GW_CODE_CACHE_DIR: '/c', HOME: '/h'})).toBe('/c')
    expect(codeCacheDir({KUBECTL_GW_CODE_CACHE: '0', HOME: '/h'})).toBeUndefined()
    expect(loadBundle(bundle, {version: '1', env: {KUBECTL_GW_CODE_CACHE: '0', HOME: dir}}).cache).toBe('disabled')
  })
})
