// Running kubectl-gw and kubectl against the tier's cluster from a test: the built CLI directly, and
// through kubectl's plugin mechanism (kubectl-gw and kubectl_complete-gw linked into a PATH directory).

import {mkdirSync, readFileSync, statSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'
import {inject} from 'vitest'
import {BIN, ROOT, run, type RunResult} from '../../e2e/get-helpers.js'
import type {K8sObject} from '../../../src/model/types.js'
import type {ClusterContext} from './context.js'
import {kubectl, kubectlEnv, type KubectlResult} from './kubectl.js'

export type Context = 'admin' | 'restricted'

export function cluster(): ClusterContext {
  return inject('cluster')
}

let pluginDir: string | undefined

/** A directory with `kubectl-gw` and `kubectl_complete-gw` linked to this checkout's bin/. */
function plugins(): string {
  if (pluginDir) return pluginDir
  const dir = join(cluster().workDir, `plugins-${process.pid}`)
  mkdirSync(dir, {recursive: true})
  for (const [name, target] of [['kubectl-gw', BIN], ['kubectl_complete-gw', join(ROOT, 'bin/complete.js')]]) {
    try {
      symlinkSync(target, join(dir, name))
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  pluginDir = dir
  return dir
}

function env(): NodeJS.ProcessEnv {
  return kubectlEnv({kubeconfig: cluster().kubeconfig, home: join(cluster().workDir, `home-${process.pid}`), pathPrefix: [plugins()]})
}

// The restricted identity is the `restricted` context of the same kubeconfig.
const withContext = (context: Context, args: string[]) => (context === 'admin' ? args : [...args, '--context', context])

/** `kubectl-gw ARGS` (bin/run.js) against the cluster. */
export function gw(args: string[], context: Context = 'admin'): Promise<RunResult> {
  return run(withContext(context, args), {env: env()})
}

/** `kubectl-gw ARGS -f DIR`: the same objects from files. */
export function gwFiles(args: string[], dir: string): Promise<RunResult> {
  return run([...args, '-f', dir], {env: {HOME: join(cluster().workDir, `home-${process.pid}`)}})
}

/** The real kubectl, with kubectl-gw on PATH as a plugin. Flags after a plugin name go to the plugin. */
export function kc(args: string[], context: Context = 'admin', stdin?: string): Promise<KubectlResult> {
  return kubectl(env(), withContext(context, args), stdin)
}

export function parseJson<T = unknown>(r: {stdout: string; stderr: string}, what: string): T {
  try {
    return JSON.parse(r.stdout) as T
  } catch {
    throw new Error(`${what}: not JSON; stderr: ${r.stderr.slice(0, 2000)}`)
  }
}

/** `kind namespace/name` of list items, sorted. */
export function ids(items: K8sObject[]): string[] {
  return items.map((o) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`).sort()
}

export interface AuditEvent {
  verb: string
  requestURI: string
  user: {username: string}
  userAgent?: string
  responseStatus?: {code?: number}
}

/** The audit log's current length: pass it to `auditSince` to see the requests made after it. */
export function auditMark(): number {
  return statSync(cluster().auditLog).size
}

/** Requests logged after `mark` (an event is written when its response completes: wait until quiet). */
export async function auditSince(mark: number): Promise<AuditEvent[]> {
  let size = -1
  while (size !== statSync(cluster().auditLog).size) {
    size = statSync(cluster().auditLog).size
    await new Promise((r) => setTimeout(r, 300))
  }
  const text = readFileSync(cluster().auditLog).subarray(mark).toString('utf8')
  return text.split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as AuditEvent)
}
