// The published package as a user installs it: `npm pack`, `npm install -g` into a temporary prefix,
// then kubectl finds `kubectl-gw` on PATH and `kubectl gw` works from another directory.
// Uses the npm registry for the package's dependencies, as a real install does.
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, readdir, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {ROOT, requireBuild} from './get-helpers.js'

const exec = promisify(execFile)
let dir: string
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-pack-'))
  // --ignore-scripts: prepack would rebuild dist/ under the other tests running now; `npm test` built it.
  await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {cwd: ROOT})
  const tgz = (await readdir(dir)).find((f) => f.endsWith('.tgz'))!
  await exec('npm', ['install', '-g', '--prefix', join(dir, 'prefix'), join(dir, tgz), '--no-audit', '--no-fund'], {cwd: dir, timeout: 240_000})
  env = {PATH: `${join(dir, 'prefix', 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir}
}, 300_000)

afterAll(async () => {
  if (dir) await rm(dir, {recursive: true, force: true})
})

test('kubectl plugin list finds the globally installed kubectl-gw', async () => {
  const {stdout} = await exec('/usr/bin/kubectl', ['plugin', 'list'], {env, cwd: dir})
  expect(stdout).toContain(join(dir, 'prefix', 'bin', 'kubectl-gw'))
})

test('kubectl gw works from any directory', async () => {
  const {stdout} = await exec('/usr/bin/kubectl', ['gw', 'get', 'gateways', '-n', 'infra', '-f', join(ROOT, 'examples')], {env, cwd: dir})
  expect(stdout.split('\n')[0]).toMatch(/^NAME\s+CLASS\s+ADDRESSES/)
  expect(stdout).toMatch(/^edge\s+edge\s/m)
})

test('kubectl_complete-gw is installed too and completes through kubectl', async () => {
  expect(existsSync(join(dir, 'prefix', 'bin', 'kubectl_complete-gw'))).toBe(true)
  const types = await exec('/usr/bin/kubectl', ['__complete', 'gw', 'get', 'gat'], {env, cwd: dir})
  expect(types.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort()).toEqual([':4', 'gatewayclasses', 'gateways'])
  const names = await exec('/usr/bin/kubectl', ['__complete', 'gw', 'get', '-n', 'infra', '-f', join(ROOT, 'examples'), 'gateways', 'e'], {env, cwd: dir})
  expect(names.stdout).toBe('edge\nedge-l4\n:4\n')
})
