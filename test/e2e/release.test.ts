// The krew release as a user gets it: scripts/release.mjs packs the built tree (no rebuild), installs
// the production dependencies into the archive, and fills the krew manifest. The archive is then
// unpacked as krew does, `kubectl-gw` is symlinked to the manifest's `bin`, and the real kubectl runs
// the plugin with a PATH holding nothing but that directory and node: no npm at install time.
import {execFile} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, readFileSync} from 'node:fs'
import {chmod, mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {parse} from 'yaml'
import {ROOT, requireBuild} from './get-helpers.js'

const exec = promisify(execFile)
const KUBECTL = '/usr/bin/kubectl'
const URI = 'https://downloads.example.com/kubectl-gw/kubectl-gw.tar.gz'

interface KrewManifest {
  apiVersion: string
  kind: string
  metadata: {name: string}
  spec: {
    version: string
    shortDescription: string
    description: string
    caveats: string
    platforms: {selector: unknown; uri: string; sha256: string; bin: string; files?: {from: string; to: string}[]}[]
  }
}

let dir: string
let out: string
let archive: string
let manifest: KrewManifest
let scriptOutput: string
let scriptErrors: string
const SHARED_RELEASE = ['v1.6.1'].map((v) => join(ROOT, '..', 'shared', 'gateway-api-crds', v)).find((d) => existsSync(d))
let env: NodeJS.ProcessEnv
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-release-test-'))
  out = join(dir, 'out')
  // The no-build path: the script must use dist/ as it is (others are using it).
  // The schemas come from the release in ../shared when it is there, as a maintainer's release names them.
  const schemaEnv = SHARED_RELEASE ? {KUBECTL_GW_SCHEMAS_FROM: SHARED_RELEASE} : {}
  const {stdout, stderr} = await exec(process.execPath, [join(ROOT, 'scripts/release.mjs'), '--out', out, '--uri', URI], {cwd: ROOT, timeout: 120_000, env: {...process.env, ...schemaEnv}})
  scriptOutput = stdout
  scriptErrors = stderr
  archive = join(out, `kubectl-gw-v${version}.tar.gz`)
  manifest = parse(readFileSync(join(out, 'gw.yaml'), 'utf8')) as KrewManifest

  // What krew does: unpack into a work directory, apply the file operations into the plugin's store
  // directory, link `kubectl-gw` to `bin`. Only plain (wildcard-free) operations are emulated here.
  const platform = manifest.spec.platforms[0]
  const unpacked = join(dir, 'download')
  const store = join(dir, 'store')
  const bin = join(dir, 'bin')
  for (const d of [unpacked, store, bin]) await mkdir(d)
  await exec('tar', ['-xzf', archive, '-C', unpacked])
  for (const op of platform.files ?? []) {
    if (/[*?[]/.test(op.from)) throw new Error(`file operation ${op.from}: wildcards are not emulated by this test`)
    await mkdir(join(store, op.to), {recursive: true})
    await rename(join(unpacked, op.from), join(store, op.to, basename(op.from)))
  }
  await symlink(join(store, platform.bin), join(bin, 'kubectl-gw'))
  // node alone, not the directory it lives in (which also holds npm).
  const nodeDir = join(dir, 'node')
  await mkdir(nodeDir)
  await symlink(process.execPath, join(nodeDir, 'node'))
  env = {PATH: `${bin}:${nodeDir}`, HOME: dir}
}, 180_000)

afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

test('the manifest carries the version, the uri given and the archive\'s sha256', () => {
  const digest = createHash('sha256').update(readFileSync(archive)).digest('hex')
  expect(manifest.apiVersion).toBe('krew.googlecontainertools.github.com/v1alpha2')
  expect(manifest.kind).toBe('Plugin')
  expect(manifest.metadata.name).toBe('gw')
  expect(manifest.spec.version).toBe(`v${version}`)
  expect(manifest.spec.platforms).toHaveLength(1)
  expect(manifest.spec.platforms[0].uri).toBe(URI)
  expect(manifest.spec.platforms[0].sha256).toBe(digest)
  // krew's validation: file operations present, a selector on os/arch only.
  expect(manifest.spec.platforms[0].files?.length).toBeGreaterThan(0)
  expect(JSON.stringify(manifest.spec.platforms[0].selector)).toMatch(/"key":"os"/)
  expect(manifest.spec.shortDescription.length).toBeLessThanOrEqual(50)
  expect(manifest.spec.caveats).toMatch(/Node\.js/)
  expect(manifest.spec.caveats).toMatch(/20/)
  expect(readFileSync(join(out, 'gw.yaml'), 'utf8')).not.toMatch(/\{\{/)
  expect(scriptOutput).toContain(digest)
})

test('the archive has one top directory with the package and its production dependencies only', async () => {
  const {stdout} = await exec('tar', ['-tzf', archive], {maxBuffer: 64 * 1024 * 1024})
  const entries = stdout.split('\n').filter(Boolean)
  expect(entries.every((e) => e === 'kubectl-gw/' || e.startsWith('kubectl-gw/'))).toBe(true)
  for (const e of ['kubectl-gw/bin/run.js', 'kubectl-gw/bin/complete.js', 'kubectl-gw/oclif.manifest.json', 'kubectl-gw/dist/commands/get.js', 'kubectl-gw/node_modules/@oclif/core/package.json']) {
    expect(entries).toContain(e)
  }
  // Dev dependencies stay out.
  expect(entries.some((e) => e.startsWith('kubectl-gw/node_modules/vitest/'))).toBe(false)
  expect(entries.some((e) => e.startsWith('kubectl-gw/node_modules/typescript/'))).toBe(false)
})

/** Whether the build itself bundled schemas (KUBECTL_GW_SCHEMAS_FROM at `npm run build`). */
const BUILT_WITH_SCHEMAS = existsSync(join(ROOT, 'dist', 'schemas', 'gateway-api', 'bundle.json'))

test('the archive carries bundled Gateway API schemas when the release names them, and validate uses them; else it says it has none', async () => {
  const {stdout} = await exec('tar', ['-tzf', archive], {maxBuffer: 64 * 1024 * 1024})
  const entries = stdout.split('\n')
  if (!BUILT_WITH_SCHEMAS && !SHARED_RELEASE) {
    console.log('release: no Gateway API release to bundle (../shared absent, dist/ built without KUBECTL_GW_SCHEMAS_FROM): checking the warning only')
    expect(scriptErrors).toContain('release: warning: no bundled Gateway API schemas (set KUBECTL_GW_SCHEMAS_FROM')
    expect(entries).not.toContain('kubectl-gw/dist/schemas/gateway-api/bundle.json')
    return
  }
  expect(scriptErrors).not.toContain('warning')
  for (const f of ['bundle.json', 'NOTICE']) expect(entries).toContain(`kubectl-gw/dist/schemas/gateway-api/${f}`)
  const route = join(dir, 'route.yaml')
  await writeFile(route, 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: shop}\nspec: {parentRefs: "not-a-list"}\n')
  const r = await exec(KUBECTL, ['gw', 'validate', '--local', '-f', route], {env, cwd: dir}).then(
    () => ({code: 0, stdout: ''}),
    (e: {code: number; stdout: string}) => e,
  )
  expect(r.code).toBe(3)
  expect(r.stdout).toContain('spec.parentRefs in body must be of type array')
  expect(r.stdout).toMatch(/checked against Gateway API v\d+\.\d+\.\d+ \(standard channel\), bundled with kubectl-gw/)
})

test('kubectl gw --version through the real kubectl, from the unpacked archive', async () => {
  const {stdout} = await exec(KUBECTL, ['gw', '--version'], {env, cwd: dir})
  expect(stdout).toContain(`kubectl-gw/${version}`)
})

test('kubectl gw get gateways -A -f examples/ from the unpacked archive', async () => {
  const {stdout} = await exec(KUBECTL, ['gw', 'get', 'gateways', '-A', '-f', join(ROOT, 'examples')], {env, cwd: dir})
  expect(stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+CLASS/)
  expect(stdout).toMatch(/^infra\s+edge\s+edge\s/m)
})

test('the completion helper the caveats describe works with the krew install', async () => {
  // Exactly the two commands of the caveats, with KREW_ROOT's bin being our bin directory.
  const caveats = manifest.spec.caveats
  const line = /printf '(.*)' >/.exec(caveats)?.[1]
  expect(line).toBeDefined()
  const helper = join(dir, 'bin', 'kubectl_complete-gw')
  await writeFile(helper, line!.replaceAll('\\n', '\n'))
  await chmod(helper, 0o755)
  expect(caveats).toContain('${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-gw')
  const {stdout} = await exec(KUBECTL, ['__complete', 'gw', 'get', '-h', 'gat'], {env, cwd: dir})
  expect(stdout.split('\n').map((l) => l.split('\t')[0]).filter(Boolean).sort()).toEqual([':4', 'gatewayclasses', 'gateways'])
})

test('the script leaves nothing behind but the archive and the manifest', async () => {
  expect((await readdir(out)).sort()).toEqual(['gw.yaml', `kubectl-gw-v${version}.tar.gz`])
})
