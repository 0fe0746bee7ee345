// The real kubectl (whatever `kubectl` is on PATH), run against the tier's kubeconfig with a private
// HOME and cache so the developer's own configuration never takes part.

import {execFile} from 'node:child_process'
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'

export interface KubectlResult {
  stdout: string
  stderr: string
  code: number
}

export interface KubectlEnv {
  kubeconfig: string
  /** A scratch directory: HOME and kubectl's discovery cache live there. */
  home: string
  /** Directories put in front of PATH (where the kubectl-gw plugin link is). */
  pathPrefix?: string[]
}

export function kubectlEnv({kubeconfig, home, pathPrefix = []}: KubectlEnv): NodeJS.ProcessEnv {
  // Not recursive: after an interrupted run removed the scratch directory, a test still running must
  // not bring it back.
  try {
    mkdirSync(home)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  }
  return {
    PATH: [...pathPrefix, process.env.PATH ?? '/usr/bin:/bin'].join(':'),
    HOME: home,
    KUBECONFIG: kubeconfig,
    KUBECACHEDIR: join(home, 'kube-cache'),
  }
}

export function kubectl(env: NodeJS.ProcessEnv, args: string[], stdin?: string): Promise<KubectlResult> {
  return new Promise((done, fail) => {
    const child = execFile('kubectl', args, {env, timeout: 180_000, maxBuffer: 64 * 1024 * 1024}, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return fail(err)
      done({stdout, stderr, code: err ? (err.code as number) : 0})
    })
    child.stdin?.end(stdin ?? '')
  })
}

/** kubectl that must succeed; the error names the command and quotes kubectl's stderr. */
export async function kubectlOk(env: NodeJS.ProcessEnv, args: string[], stdin?: string): Promise<string> {
  const r = await kubectl(env, args, stdin)
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`)
  return r.stdout
}
