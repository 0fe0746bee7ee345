// The YAML worker pool: its size, and that a worker answers exactly what the main thread's fast path
// would (the pool runs from dist/: under TypeScript sources the worker script does not exist, and
// startYamlPool declines, which is checked too).

import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {describe, expect, test} from 'vitest'
import {fastDocumentsJson, parseYamlFast} from '../../src/sources/yaml-docs.js'
import {poolSize, startYamlPool} from '../../src/sources/yaml-pool.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const BUILT = join(ROOT, 'dist/src/sources/yaml-pool.js')
const LAST = 'kubectl.kubernetes.io/last-applied-configuration'

describe('poolSize', () => {
  test('one worker per core, at most four; the variable overrides, 0 turns the pool off', () => {
    expect(poolSize({})).toBeGreaterThanOrEqual(1)
    expect(poolSize({})).toBeLessThanOrEqual(4)
    expect(poolSize({KUBECTL_GW_YAML_WORKERS: '0'})).toBe(0)
    expect(poolSize({KUBECTL_GW_YAML_WORKERS: '3'})).toBe(3)
    expect(poolSize({KUBECTL_GW_YAML_WORKERS: '99'})).toBe(16)
    // Anything else is ignored.
    expect(poolSize({KUBECTL_GW_YAML_WORKERS: 'many'})).toBe(poolSize({}))
    expect(poolSize({KUBECTL_GW_YAML_WORKERS: '-1'})).toBe(poolSize({}))
  })
})

describe('fastDocumentsJson', () => {
  test('the fast path values, as JSON with document numbers', () => {
    const text = 'a: 1\n---\n# nothing\n---\nb: [x, {c: "d"}]\n'
    const fast = parseYamlFast(text)!.documents.map((d) => ('value' in d ? [d.document, d.value] : d))
    expect(JSON.parse(fastDocumentsJson(text)!)).toEqual(fast)
    expect(JSON.parse(fastDocumentsJson('\ufeffa: 1\n')!)).toEqual([[1, {a: 1}]])
  })

  test('lean: each object\'s managedFields and last-applied annotation are left out, in Lists too', () => {
    const text = `kind: K\nmetadata:\n  name: a\n  annotations: {${LAST}: '{"kind":"K"}'}\n  managedFields: [{manager: m}]\n---\nkind: List\nitems:\n- kind: K\n  metadata: {name: b, managedFields: [], labels: {x: z}}\n`
    expect(JSON.parse(fastDocumentsJson(text, true)!)).toEqual([
      [1, {kind: 'K', metadata: {name: 'a'}}],
      [2, {kind: 'List', items: [{kind: 'K', metadata: {name: 'b', labels: {x: 'z'}}}]}],
    ])
    expect(fastDocumentsJson(text, false)).toBe(fastDocumentsJson(text))
    expect(JSON.parse(fastDocumentsJson(text)!)[0][1].metadata.annotations).toEqual({[LAST]: '{"kind":"K"}'})
  })

  test.each([
    ['a JSON stream', '{"a": 1}'],
    ['anchors', 'a: &x 1\nb: *x\n'],
    ['an infinity', 'a: .inf\n'],
    ['not a number', 'a: .NaN\n'],
    ['a syntax error', 'a: [\n'],
  ])('%s: left to the main thread', (_, text) => {
    expect(fastDocumentsJson(text)).toBeUndefined()
  })
})

describe('startYamlPool', () => {
  test('declines without the worker script (TypeScript sources) and with size 0', () => {
    expect(startYamlPool(2)).toBeUndefined()
    expect(startYamlPool(0)).toBeUndefined()
  })

  test.skipIf(!existsSync(BUILT))('built: workers answer as fastDocumentsJson does, in any order of completion', async () => {
    const built = (await import(pathToFileURL(BUILT).href)) as typeof import('../../src/sources/yaml-pool.js')
    const pool = built.startYamlPool(2)!
    expect(pool).toBeDefined()
    try {
      const texts = ['a: 1\n', 'b: &x 1\nc: *x\n', Array.from({length: 2000}, (_, i) => `---\nkind: K\nmetadata: {name: n${i}}\n`).join(''), 'd: .inf\n', '\ufeffe: é\n']
      const answers = await Promise.all(texts.map((t) => pool.parse(Buffer.from(t))))
      expect(answers).toEqual(texts.map((t) => fastDocumentsJson(t)))
      // Lean parsing (describe, analyze): the bookkeeping never crosses to the main thread.
      const dump = `kind: K\nmetadata:\n  name: nm\n  annotations: {${LAST}: '{}', team: a}\n  managedFields: [{manager: m}]\n`
      const lean = await pool.parse(Buffer.from(dump), true)
      expect(lean).toBe(fastDocumentsJson(dump, true))
      expect(JSON.parse(lean!)).toEqual([[1, {kind: 'K', metadata: {name: 'nm', annotations: {team: 'a'}}}]])
      expect(JSON.parse((await pool.parse(Buffer.from(dump)))!)[0][1].metadata).toHaveProperty('managedFields')
      // The caller keeps its bytes: they are copied to the worker, not moved.
      const bytes = Buffer.from('f: 1\n')
      await pool.parse(bytes)
      expect(bytes.toString()).toBe('f: 1\n')
    } finally {
      await pool.close()
    }
    // A closed pool sends nothing more to its workers: the main thread reads.
    expect(await pool.parse(Buffer.from('g: 1\n'))).toBeUndefined()
  })
})
