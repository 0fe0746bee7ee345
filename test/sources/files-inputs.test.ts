// The -f arguments: files, directories, standard input, missing paths, size limits.
import {mkdir, symlink, truncate, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, test} from 'vitest'
import {loadFromFiles} from '../../src/sources/files.js'
import {MAX_INPUT_BYTES} from '../../src/sources/inputs.js'
import {UserError} from '../../src/sources/request.js'
import {fakeStdin, tempTree, type TempTree} from './files-helpers.js'

let tree: TempTree
beforeEach(async () => {
  tree = await tempTree()
})
afterEach(async () => {
  await tree.cleanup()
})

const svc = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\n`
const names = (snap: {objects: {metadata: {name: string}}[]}) => snap.objects.map((o) => o.metadata.name)

describe('directories', () => {
  test('walked recursively in name order; only .yaml, .yml and .json inside', async () => {
    await tree.write({
      'm/b.yaml': svc('b'),
      'm/a.yml': svc('a'),
      'm/c.json': JSON.stringify({apiVersion: 'v1', kind: 'Service', metadata: {name: 'c'}}),
      'm/sub/d.yaml': svc('d'),
      'm/sub/deeper/e.yaml': svc('e'),
      'm/aa/f.yaml': svc('f'),
      'm/notes.txt': svc('ignored-txt'),
      'm/README.md': 'not yaml at all: [',
      'm/upper.YAML': svc('ignored-upper'),
      'm/sub/z.yaml.bak': svc('ignored-bak'),
    })
    const snap = await loadFromFiles([tree.path('m')], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([])
    // Entries sorted by name at each level, directories visited where they sort.
    expect(names(snap)).toEqual(['a', 'f', 'b', 'c', 'd', 'e'])
    expect(snap.origin(snap.objects[5])?.file).toBe(join(tree.dir, 'm', 'sub', 'deeper', 'e.yaml'))
  })

  test('a file named explicitly is read whatever its extension', async () => {
    const [file] = await tree.write({'manifest.txt': svc('txt')})
    const snap = await loadFromFiles([file], {defaultNamespace: 'default'})
    expect(names(snap)).toEqual(['txt'])
  })

  test('an empty directory gives an empty snapshot', async () => {
    await mkdir(tree.path('empty'))
    const snap = await loadFromFiles([tree.path('empty')], {defaultNamespace: 'default'})
    expect(snap.objects).toEqual([])
    expect(snap.errors).toEqual([])
  })

  test('links to files are read; links to directories are not followed (no cycles)', async () => {
    await tree.write({'d/real.yaml': svc('real'), 'elsewhere/x.yaml': svc('other')})
    await symlink(tree.path('elsewhere/x.yaml'), tree.path('d/link.yaml'))
    await symlink(tree.path('d'), tree.path('d/loop'))
    await symlink(tree.path('elsewhere'), tree.path('d/dir.yaml'))
    const snap = await loadFromFiles([tree.path('d')], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([])
    expect(names(snap)).toEqual(['other', 'real'])
  })

  test('paths are read in the order given, and a file given twice is read once', async () => {
    const [a, b] = await tree.write({'x/a.yaml': svc('a'), 'y/b.yaml': svc('b')})
    const snap = await loadFromFiles([b, tree.path('x'), a], {defaultNamespace: 'default'})
    expect(names(snap)).toEqual(['b', 'a'])
    expect(snap.warnings).toEqual([])
  })
})

describe('standard input', () => {
  test('"-" reads the stream once, named STDIN in origins and messages', async () => {
    const [file] = await tree.write({'f.yaml': svc('from-file')})
    const stdin = fakeStdin(`${svc('from-stdin')}---\nkind: Service\n`)
    const snap = await loadFromFiles(['-', file, '-'], {defaultNamespace: 'default', stdin})
    expect(names(snap)).toEqual(['from-stdin', 'from-file'])
    expect(snap.origin(snap.objects[0])).toEqual({file: 'STDIN', document: 1})
    expect(snap.errors).toEqual(['error: STDIN (document 2): Service has no apiVersion'])
    expect(snap.warnings).toEqual([])
  })

  test('standard input in chunks that split a multi-byte character', async () => {
    const text = Buffer.from(`apiVersion: v1\nkind: Service\nmetadata: {name: svc, annotations: {note: "caf\u00e9"}}\n`)
    const at = text.indexOf(0xc3) + 1
    const stdin = fakeStdin([text.subarray(0, at), text.subarray(at)])
    const snap = await loadFromFiles(['-'], {defaultNamespace: 'default', stdin})
    expect(snap.errors).toEqual([])
    expect(snap.objects[0].metadata.annotations).toEqual({note: 'caf\u00e9'})
  })

  test('more than 64 MiB on standard input is refused', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x20)
    const stdin = fakeStdin(Array.from({length: MAX_INPUT_BYTES / mib.length + 1}, () => mib))
    const snap = await loadFromFiles(['-'], {defaultNamespace: 'default', stdin})
    expect(snap.objects).toEqual([])
    expect(snap.errors).toEqual(['error: STDIN: larger than 64 MiB, not read'])
  })
})

describe('problems with paths', () => {
  test('a missing path is a UserError in kubectl words, thrown before anything is read', async () => {
    const [file] = await tree.write({'ok.yaml': svc('ok')})
    const stdin = fakeStdin(svc('s'))
    const missing = tree.path('nope.yaml')
    const run = loadFromFiles([file, '-', missing], {defaultNamespace: 'default', stdin})
    await expect(run).rejects.toBeInstanceOf(UserError)
    await expect(run).rejects.toThrow(`error: the path "${missing}" does not exist`)
    expect(stdin.reads).toBe(0)
  })

  test('a relative missing path is quoted as given', async () => {
    await expect(loadFromFiles(['no/such/file.yaml'], {defaultNamespace: 'default'})).rejects.toThrow(
      'error: the path "no/such/file.yaml" does not exist',
    )
  })

  test('a path below a regular file does not exist either', async () => {
    const [file] = await tree.write({'f.yaml': svc('f')})
    await expect(loadFromFiles([join(file, 'x.yaml')], {defaultNamespace: 'default'})).rejects.toThrow('does not exist')
  })

  test('a file over 64 MiB is refused with one line and the rest still loads', async () => {
    const [ok] = await tree.write({'ok.yaml': svc('ok')})
    const big = tree.path('big.yaml')
    await writeFile(big, svc('big'))
    // Sparse: the size is over the limit without writing 64 MiB to disk.
    await truncate(big, MAX_INPUT_BYTES + 1)
    const snap = await loadFromFiles([big, ok], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([`error: ${big}: larger than 64 MiB, not read`])
    expect(names(snap)).toEqual(['ok'])
  })

  test.skipIf(process.getuid?.() === 0)('an unreadable file is reported and skipped', async () => {
    const {chmod} = await import('node:fs/promises')
    const [secret, ok] = await tree.write({'secret.yaml': svc('secret'), 'ok.yaml': svc('ok')})
    await chmod(secret, 0o000)
    const snap = await loadFromFiles([secret, ok], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([`error: ${secret}: permission denied`])
    expect(names(snap)).toEqual(['ok'])
  })
})

test.skipIf(process.platform === 'win32')('a named pipe (as from `-f <(cat x)`) is read to its end', async () => {
  const {spawnSync} = await import('node:child_process')
  const fifo = tree.path('pipe')
  if (spawnSync('mkfifo', [fifo]).status !== 0) return
  const loading = loadFromFiles([fifo], {defaultNamespace: 'default'})
  await writeFile(fifo, svc('piped'))
  const snap = await loading
  expect(snap.errors).toEqual([])
  expect(names(snap)).toEqual(['piped'])
})
