#!/usr/bin/env node
// npm run test:cluster: the real kube-apiserver + etcd tier. Skips with one line when what it needs is
// missing (Go to build the servers, ../shared for the Gateway API CRDs, openssl, kubectl); otherwise
// builds the servers once (cached, see build.sh) and runs test/cluster/ once per Gateway API release
// below, each against freshly started servers with an empty etcd.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {delimiter, dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const RUNS = ['v1.1.0/standard', 'v1.6.1/experimental']

const onPath = (cmd) => (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, cmd)))
function skip(why) {
  console.log(`cluster tier skipped: ${why}`)
  process.exit(0)
}

// Go's standard install location counts too: it is where the official archive puts it.
if (!onPath('go') && existsSync('/usr/local/go/bin/go')) process.env.PATH = `${process.env.PATH}${delimiter}/usr/local/go/bin`
if (!onPath('go')) skip('go is not installed (it builds kube-apiserver and etcd from the Go module proxy)')
const shared = join(root, '..', 'shared', 'gateway-api-crds')
if (!existsSync(shared)) skip(`no Gateway API CRDs at ${shared} (../shared is absent)`)
if (!onPath('openssl')) skip('openssl is not installed (it makes the test certificates)')
if (!onPath('kubectl')) skip('kubectl is not installed (it applies the CRDs and runs the plugin)')
if (!existsSync(join(root, 'dist/commands/get.js'))) {
  console.error('cluster tier: dist/ is missing: run npm run build first')
  process.exit(1)
}

const started = Date.now()
const build = spawnSync('bash', [join(root, 'scripts/test-cluster/build.sh')], {stdio: ['ignore', 'ignore', 'inherit']})
if (build.status !== 0) {
  console.error(`cluster tier: building kube-apiserver/etcd failed (exit ${build.status}); see the output above`)
  process.exit(1)
}
console.log(`cluster tier: servers built or found in ${((Date.now() - started) / 1000).toFixed(0)}s`)

let failed = 0
for (const crds of RUNS) {
  const t = Date.now()
  console.log(`\ncluster tier: Gateway API ${crds}`)
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '-c', 'vitest.cluster.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: {...process.env, KUBECTL_GW_CLUSTER_CRDS: crds},
  })
  console.log(`cluster tier: Gateway API ${crds}: ${r.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(0)}s`)
  if (r.status !== 0) failed++
  if (r.signal) process.kill(process.pid, r.signal)
}
process.exit(failed === 0 ? 0 : 1)
