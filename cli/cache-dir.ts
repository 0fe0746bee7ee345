// Where kubectl-gw keeps what it may recompute (compiled code, the policy kinds completion offers):
// $XDG_CACHE_HOME/kubectl-gw/SUB when XDG_CACHE_HOME is absolute, as the XDG spec requires, else
// ~/.cache/kubectl-gw/SUB; undefined when no home directory is known.

import {homedir} from 'node:os'
import {join} from 'node:path'

export function userCacheDir(sub: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const xdg = env.XDG_CACHE_HOME
  if (xdg && xdg.startsWith('/')) return join(xdg, 'kubectl-gw', sub)
  let home: string
  try {
    home = env.HOME || homedir()
  } catch {
    return undefined
  }
  return home ? join(home, '.cache', 'kubectl-gw', sub) : undefined
}
