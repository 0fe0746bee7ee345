// A command that prints a large report and exits 1 (its input also had an error) must deliver the
// whole report to a reader that is slower than the command: oclif's process.exit() would otherwise
// drop what the pipe had not yet taken.

import {spawn} from 'node:child_process'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {BIN, fixture, requireBuild, run, type Fixture} from './get-helpers.js'

let fx: Fixture
let dir: string

beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  const routes = Array.from(
    {length: 1500},
    (_, i) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r${i}, namespace: ns}\nspec:\n  parentRefs: [{name: edge}]\n  rules: [{backendRefs: [{name: s${i}, port: 80}]}]\n`,
  )
  await fx.write('in/routes.yaml', routes.join('---\n'))
  await fx.write('in/broken.yaml', 'kind: [\n')
  dir = `${fx.dir}/in`
})
afterAll(() => fx?.cleanup())

/** Runs the CLI and reads nothing from its stdout for a second, then everything. */
function runWithSlowReader(args: string[]): Promise<{stdout: string; code: number | null}> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {stdio: ['ignore', 'pipe', 'ignore'], env: {...process.env, HOME: fx.dir, KUBECONFIG: ''}})
    let stdout = ''
    child.stdout.setEncoding('utf8')
    child.stdout.pause()
    setTimeout(() => child.stdout.on('data', (d: string) => (stdout += d)).resume(), 1000)
    child.on('error', fail)
    child.on('close', (code) => done({stdout, code}))
  })
}

test('describe: all of a large report reaches a slow reader before exit 1', async () => {
  const args = ['describe', 'httproutes', '-n', 'ns', '-f', dir]
  const fast = await run(args)
  expect(fast.code).toBe(1)
  expect(fast.stderr).toMatch(/broken\.yaml/)
  // Far more than a pipe holds (64 kB).
  expect(fast.stdout.length).toBeGreaterThan(1_000_000)
  const slow = await runWithSlowReader(args)
  expect(slow.code).toBe(1)
  expect(slow.stdout.length).toBe(fast.stdout.length)
  expect(slow.stdout).toBe(fast.stdout)
})
