// Global setup of the cluster tier (vitest.cluster.config.ts): builds etcd and kube-apiserver if the
// cache lacks them, starts both on loopback with fresh certificates and a fresh etcd data directory,
// installs one Gateway API release's CRDs (KUBECTL_GW_CLUSTER_CRDS, e.g. v1.6.1/experimental, from
// ../shared), applies examples/, and hands the tests what they need through `inject('cluster')`.
// The servers stop in the teardown, and on failure or Ctrl-C (support/servers.ts).

import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {TestProject} from 'vitest/node'
import {kubectlEnv} from './support/kubectl.js'
import {makePki} from './support/pki.js'
import {installCrds, populate, type Population} from './support/populate.js'
import {onAbort, startServers} from './support/servers.js'
import {CLUSTER_ROOT, crdsDir, type ClusterContext} from './support/context.js'

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterContext
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const crds = process.env.KUBECTL_GW_CLUSTER_CRDS ?? 'v1.6.1/experimental'
  const crdDir = crdsDir(crds)
  if (!existsSync(crdDir)) throw new Error(`cluster tier: no CRDs at ${crdDir} (KUBECTL_GW_CLUSTER_CRDS=${crds})`)
  const t0 = Date.now()
  // Prints the binaries' directory; builds only when the cache lacks them (progress on stderr).
  const binDir = execFileSync('bash', [join(CLUSTER_ROOT, 'scripts/test-cluster/build.sh')], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']}).trim()
  const workDir = mkdtempSync(join(tmpdir(), 'kubectl-gw-cluster-'))
  const keep = Boolean(process.env.KUBECTL_GW_CLUSTER_KEEP)
  // An interrupted run (Ctrl-C) kills the servers (support/servers.ts) and removes the scratch directory.
  const unregister = onAbort(() => keep || rmSync(workDir, {recursive: true, force: true}))
  const pki = makePki(workDir)
  const servers = await startServers({binDir, pki, workDir})
  const teardown = async () => {
    unregister()
    await servers.stop()
    if (keep) process.stderr.write(`cluster tier: kept ${workDir}\n`)
    else rmSync(workDir, {recursive: true, force: true})
  }
  try {
    const t1 = Date.now()
    const env = kubectlEnv({kubeconfig: servers.kubeconfig, home: join(workDir, 'home')})
    await installCrds(env, crdDir)
    const population: Population = await populate(env, workDir)
    const t2 = Date.now()
    process.stderr.write(`cluster tier (${crds}): servers ready in ${((t1 - t0) / 1000).toFixed(1)}s, CRDs and examples applied in ${((t2 - t1) / 1000).toFixed(1)}s\n`)
    project.provide('cluster', {crds, kubeconfig: servers.kubeconfig, url: servers.url, auditLog: servers.auditLog, workDir, binDir, population, logs: servers.logs})
  } catch (e) {
    await teardown()
    throw e
  }
  return teardown
}

