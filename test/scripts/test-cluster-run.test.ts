// `npm run test:cluster` on a machine that lacks what the tier needs prints one line and exits 0, so
// CI (.ci/run) and a user's clean clone without ../shared go on. The script is run from a copy of the
// project layout whose ../shared is absent (and, on a machine without Go, the Go line comes first).

import {spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, expect, test} from 'vitest'

const scratch = mkdtempSync(join(tmpdir(), 'kubectl-gw-tier-skip-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

test('without ../shared (or without Go): one "cluster tier skipped" line, exit 0, nothing started', () => {
  const dir = join(scratch, 'project', 'scripts', 'test-cluster')
  mkdirSync(dir, {recursive: true})
  copyFileSync(join(__dirname, '../../scripts/test-cluster/run.mjs'), join(dir, 'run.mjs'))
  const r = spawnSync(process.execPath, [join(dir, 'run.mjs')], {encoding: 'utf8', timeout: 30_000})
  expect(r.status, r.stderr).toBe(0)
  expect(r.stderr).toBe('')
  expect(r.stdout).toMatch(/^cluster tier skipped: (go is not installed \(.*\)|no Gateway API CRDs at .*shared.gateway-api-crds \(\.\.\/shared is absent\))\n$/)
})
