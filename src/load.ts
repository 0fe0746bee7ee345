// The one entry point commands use to get a Snapshot. With files no cluster is contacted, and the
// cluster module (which imports @kubernetes/client-node, ~0.7 s) is loaded only when it is needed.

import {deriveContentFacts} from './model/content-facts.js'
import type {Snapshot} from './model/snapshot.js'
import {inputNotes} from './sources/manifest-objects.js'
import type {ConnectionOptions, ListRequest} from './sources/request.js'

export interface LoadOptions {
  /** `-f` paths; `-` is standard input. When set, no cluster is contacted. */
  files?: string[]
  connection: ConnectionOptions
  requests: ListRequest[]
  /** Namespace given to namespaced objects in files that carry none. */
  defaultNamespace: string
}

export async function loadSnapshot(opts: LoadOptions): Promise<Snapshot> {
  let snapshot: Snapshot
  if (opts.files && opts.files.length > 0) {
    const {loadFromFiles} = await import('./sources/files.js')
    // Lean as the cluster source is: only when every request is (nothing prints these objects whole).
    const lean = opts.requests.length > 0 && opts.requests.every((r) => r.lean === true)
    snapshot = await loadFromFiles(opts.files, {defaultNamespace: opts.defaultNamespace, lean})
  } else {
    const {loadFromCluster} = await import('./sources/cluster.js')
    snapshot = await loadFromCluster(opts.connection, opts.requests)
  }
  // Certificates are parsed while the values are still there; only the derived facts survive.
  deriveContentFacts(snapshot)
  forgetSecretData(snapshot)
  // Fields of the wrong type and kinds that are not read: said once, here, whatever the source.
  snapshot.warnings.push(...inputNotes(snapshot))
  return snapshot
}

/**
 * Secrets matter only for existence, type and which keys they hold (a TLS Secret needs tls.crt and
 * tls.key): the values are blanked as soon as they are read, so they can never be printed or kept.
 * ConfigMaps (CA bundles, read for the same checks) lose their values too: what the checks need is
 * derived first, and a bundle kept whole would only cost memory.
 */
export function forgetSecretData(snapshot: Snapshot): void {
  for (const s of [...snapshot.list('', 'Secret'), ...snapshot.list('', 'ConfigMap')]) {
    for (const field of ['data', 'stringData', 'binaryData'] as const) {
      const v = s[field]
      if (v && typeof v === 'object' && !Array.isArray(v)) s[field] = Object.fromEntries(Object.keys(v).map((k) => [k, '']))
      else delete s[field]
    }
  }
}
