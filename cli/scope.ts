// Where a command looks: files or a cluster, which namespace, which connection settings. The
// namespace defaults like kubectl's: --namespace, else the kubeconfig context's namespace, else
// `default`. Reading kubeconfig needs only `yaml`, never the Kubernetes client.

import {resolveKubeconfig, parseRequestTimeout} from '../src/sources/kubeconfig.js'
import type {ConnectionOptions} from '../src/sources/request.js'
import type {SharedFlagValues} from './flags.js'

export interface CommandScope {
  /** -f paths; set means no cluster is contacted. */
  files?: string[]
  /** The namespace for namespaced types (and for objects in files that carry none). */
  namespace: string
  /** -n was given: files whose objects name another namespace are refused, as `kubectl apply` does. */
  namespaceGiven: boolean
  allNamespaces: boolean
  selector?: string
  connection: ConnectionOptions
}

export interface ScopeDeps {
  resolveNamespace(opts: {kubeconfig?: string; context?: string}): string
}

const defaultDeps: ScopeDeps = {
  resolveNamespace: (opts) => resolveKubeconfig(opts).namespace,
}

export function resolveScope(flags: SharedFlagValues, deps: ScopeDeps = defaultDeps): CommandScope {
  const files = flags.filename?.filter((f) => f !== '')
  const fromFiles = files !== undefined && files.length > 0
  const connection: ConnectionOptions = {
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    requestTimeoutMs: parseRequestTimeout(flags['request-timeout'] ?? '0'),
  }
  let namespace = flags.namespace
  if (!namespace) {
    try {
      namespace = deps.resolveNamespace({kubeconfig: flags.kubeconfig, context: flags.context})
    } catch (err) {
      // Files need no cluster: a missing or broken kubeconfig must not stop `get -f`. Against a
      // cluster the same problem is the error to report.
      if (!fromFiles) throw err
    }
  }
  return {
    files: fromFiles ? files : undefined,
    namespace: namespace || 'default',
    namespaceGiven: Boolean(flags.namespace),
    allNamespaces: flags['all-namespaces'] === true,
    selector: flags.selector,
    connection,
  }
}
