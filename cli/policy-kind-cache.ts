// The policy kinds `kubectl gw get <TAB>` offers beside the built-in types come from the cluster (one
// list of the GEP-713-labelled CRDs). Asking on every TAB would load the cluster client and wait for a
// round trip each time (issue 15: a TAB should cost little more than starting node). kubectl keeps its
// discovery in ~/.kube/cache for the same reason; here the kinds a cluster answered are kept for
// POLICY_KINDS_TTL_MS per kubeconfig file and context, and a TAB within that reads them from disk.
// Only completion reads and writes this cache; commands always ask the cluster.

import {mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, join} from 'node:path'
import type {CompletionScope} from '../src/completion/complete.js'
import type {PolicyKind} from '../src/model/snapshot.js'
import {userCacheDir} from './cache-dir.js'
import {checksumHex} from './checksum.js'

export const POLICY_KINDS_TTL_MS = 10 * 60_000

/** Where the kinds are kept, or undefined when caching is off (KUBECTL_GW_POLICY_KIND_CACHE=0) or no home is known. */
export function policyKindCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.KUBECTL_GW_POLICY_KIND_CACHE === '0' ? undefined : userCacheDir('policy-kinds', env)
}

/**
 * What names the cluster without reading the kubeconfig (parsing it is what the cache saves): its
 * files, each with its modification time and size (an edited file may point elsewhere), and --context.
 */
export function policyKindCacheKey(scope: CompletionScope, env: NodeJS.ProcessEnv = process.env): string {
  return checksumHex(JSON.stringify([kubeconfigFiles(scope, env), scope.context ?? '']))
}

/** The kubeconfig files kubectl would read, each with its time and size, or null where there is none. */
function kubeconfigFiles(scope: CompletionScope, env: NodeJS.ProcessEnv): [string, number | null, number?][] {
  const home = env.HOME || homedir()
  const paths = scope.kubeconfig ? [scope.kubeconfig] : env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter((p) => p !== '') : [join(home, '.kube', 'config')]
  return paths.map((p) => {
    try {
      const st = statSync(p)
      return [p, st.mtimeMs, st.size]
    } catch {
      return [p, null]
    }
  })
}

/** No kubeconfig file and not in a pod: there is no cluster to ask, and nothing to load for finding that out. */
export function noCluster(scope: CompletionScope, env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.KUBERNETES_SERVICE_HOST && kubeconfigFiles(scope, env).every(([, mtime]) => mtime === null)
}

/** What completion needs of a kind: its names and scope, not the whole CRD. */
function slim(pk: PolicyKind): PolicyKind {
  const spec = pk.crd?.spec
  const crd = pk.crd && {apiVersion: pk.crd.apiVersion, kind: pk.crd.kind, metadata: {name: pk.crd.metadata.name}, spec: {group: spec?.group, names: spec?.names, scope: spec?.scope, versions: Array.isArray(spec?.versions) ? spec.versions.map((v: {name?: unknown}) => ({name: v?.name})) : []}}
  return {group: pk.group, kind: pk.kind, resource: pk.resource, type: pk.type, namespaced: pk.namespaced, ...(crd ? {crd: crd as PolicyKind['crd']} : {})}
}

const isKind = (v: unknown): v is PolicyKind => {
  const k = v as PolicyKind
  return typeof k === 'object' && k !== null && typeof k.group === 'string' && typeof k.kind === 'string' && typeof k.resource === 'string' && typeof k.namespaced === 'boolean'
}

/**
 * The policy kinds for a TAB: none without a kubeconfig (or files); from the cache when an answer for this kubeconfig and context is younger
 * than the TTL, else from `load` (the cluster), whose answer is then kept. -f files are read each time
 * (no cluster to spare). A cache that cannot be read or written is passed by silently; a failed `load`
 * is not cached.
 */
export async function cachedPolicyKinds(
  scope: CompletionScope,
  load: () => Promise<PolicyKind[]>,
  opts: {env?: NodeJS.ProcessEnv; now?: number} = {},
): Promise<PolicyKind[]> {
  const env = opts.env ?? process.env
  const files = scope.files !== undefined && scope.files.length > 0
  if (!files && noCluster(scope, env)) return []
  const dir = files ? undefined : policyKindCacheDir(env)
  if (!dir) return load()
  const now = opts.now ?? Date.now()
  const file = join(dir, `${policyKindCacheKey(scope, env)}.json`)
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as {at?: unknown; kinds?: unknown}
    const age = typeof cached.at === 'number' ? now - cached.at : -1
    if (age >= 0 && age < POLICY_KINDS_TTL_MS && Array.isArray(cached.kinds) && cached.kinds.every(isKind)) return cached.kinds
  } catch {
    // No cache yet, or an unreadable one: ask the cluster.
  }
  const kinds = await load()
  try {
    mkdirSync(dir, {recursive: true, mode: 0o700})
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify({at: now, kinds: kinds.map(slim)}), {mode: 0o600})
    renameSync(tmp, file)
  } catch {
    // A read-only home: the next TAB asks again.
  }
  return kinds
}
