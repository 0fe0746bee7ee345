// Which cluster, user, context and namespace a command talks to, worked out the way kubectl's clientcmd
// does it. Deliberately free of @kubernetes/client-node: commands that never contact a cluster (`-f`,
// `--help`) still need the context namespace, and client-node costs ~0.7 s to import.
//
// client-node's own loaders differ from kubectl on exactly the cases users hit with several files in
// $KUBECONFIG (duplicate names throw, missing files throw, the last current-context wins), so the files
// are parsed and merged here and the result is handed to client-node's loadFromOptions() as is: the
// cluster/user/context shapes below are structurally those of client-node's Cluster/User/Context.

import {readFileSync, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {delimiter, dirname, isAbsolute, join, resolve, sep} from 'node:path'
import {isRecord} from '../model/guards.js'
import {jsYaml, yaml} from '../yaml-libraries.js'
import {flatten, oneLine} from './messages.js'
import {needsPreciseReader} from './yaml-docs.js'
import {KUBECTL_PLAIN_TAG, kubectlJsYamlSchema} from './yaml-scalars.js'
import {UserError} from './request.js'

export interface KubeconfigCluster {
  name: string
  server: string
  caData?: string
  caFile?: string
  skipTLSVerify: boolean
  tlsServerName?: string
  proxyUrl?: string
}

export interface KubeconfigUser {
  name: string
  token?: string
  certData?: string
  certFile?: string
  keyData?: string
  keyFile?: string
  /** The `exec` stanza as written (client-node's ExecAuth reads command, args, env). */
  exec?: unknown
  /** `auth-provider` as written, or client-node's token-file provider for `token-file`/in-cluster. */
  authProvider?: unknown
  username?: string
  password?: string
  impersonateUser?: string
}

export interface KubeconfigContext {
  name: string
  cluster: string
  user: string
  namespace?: string
}

/** What client-node's KubeConfig.loadFromOptions() takes. */
export interface MergedKubeconfig {
  clusters: KubeconfigCluster[]
  users: KubeconfigUser[]
  contexts: KubeconfigContext[]
  currentContext: string
}

export interface ResolvedKubeconfig {
  config: MergedKubeconfig
  /** The context in use (`--context`, else current-context); '' when there is none. */
  context: string
  /** The context's namespace, else `default` (in-cluster: POD_NAMESPACE, then the namespace file). */
  namespace: string
  /** API server URL without a trailing slash; undefined when no usable cluster is configured. */
  server?: string
  inCluster: boolean
  /** The kubeconfig files that were read, in precedence order. */
  files: string[]
}

export interface ResolveOptions {
  kubeconfig?: string
  context?: string
  env?: NodeJS.ProcessEnv
  home?: string
  /** Where the in-cluster service account files live (tests point this at a temp dir). */
  serviceAccountDir?: string
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount'

/** What kubectl prints when no cluster is configured at all (it then dials its default server). */
export const NO_SERVER_MESSAGE = 'The connection to the server localhost:8080 was refused - did you specify the right host or port?'

interface FileConfig {
  clusters: Map<string, KubeconfigCluster>
  users: Map<string, KubeconfigUser>
  contexts: Map<string, KubeconfigContext>
  currentContext: string
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** A path in a kubeconfig file is relative to that file's directory, as clientcmd resolves it. */
function againstFile(base: string, p: string | undefined): string | undefined {
  return p === undefined || isAbsolute(p) ? p : join(base, p)
}

function namedEntries(list: unknown): [string, Record<string, unknown>][] {
  if (!Array.isArray(list)) return []
  const out: [string, Record<string, unknown>][] = []
  for (const entry of list) {
    if (!isRecord(entry)) continue
    const name = str(entry.name)
    if (name !== undefined) out.push([name, entry])
  }
  return out
}

function clusterOf(name: string, body: unknown, base: string): KubeconfigCluster {
  const c = isRecord(body) ? body : {}
  return {
    name,
    server: (str(c.server) ?? '').replace(/\/+$/, ''),
    caData: str(c['certificate-authority-data']),
    caFile: againstFile(base, str(c['certificate-authority'])),
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    tlsServerName: str(c['tls-server-name']),
    proxyUrl: str(c['proxy-url']),
  }
}

function userOf(name: string, body: unknown, base: string): KubeconfigUser {
  const u = isRecord(body) ? body : {}
  const tokenFile = againstFile(base, str(u['token-file']))
  let exec: unknown = u.exec
  if (isRecord(exec)) {
    // clientcmd resolves the exec command against the file only when it is a path, not a PATH lookup.
    const command = str(exec.command)
    if (command !== undefined && command.includes(sep)) exec = {...exec, command: againstFile(base, command)}
  } else {
    exec = undefined
  }
  const authProvider = isRecord(u['auth-provider']) ? u['auth-provider'] : undefined
  return {
    name,
    // client-go: a token read from token-file takes precedence over `token`, and the file is re-read
    // as it rotates; client-node's file authenticator does that, `token` would override it.
    token: tokenFile === undefined ? str(u.token) : undefined,
    certData: str(u['client-certificate-data']),
    certFile: againstFile(base, str(u['client-certificate'])),
    keyData: str(u['client-key-data']),
    keyFile: againstFile(base, str(u['client-key'])),
    exec,
    authProvider: authProvider ?? (tokenFile !== undefined && exec === undefined ? {name: 'tokenFile', config: {tokenFile}} : undefined),
    username: str(u.username),
    password: str(u.password),
    impersonateUser: str(u.as),
  }
}

function contextOf(name: string, body: unknown): KubeconfigContext {
  const c = isRecord(body) ? body : {}
  return {name, cluster: str(c.cluster) ?? '', user: str(c.user) ?? '', namespace: str(c.namespace)}
}

function loadError(path: string, message: string): UserError {
  return new UserError(oneLine(`error: error loading config file "${path}": ${message}`))
}

/**
 * js-yaml reads a plain kubeconfig in a quarter of the time it takes to load `yaml`; anything unusual
 * (anchors, aliases, tags: NEEDS_PRECISE_READER) or a failure goes to `yaml`, which bounds aliases
 * and words the error. Both resolve plain scalars as kubectl (sigs.k8s.io/yaml) does: an unquoted
 * `insecure-skip-tls-verify: yes` is true (yaml-scalars.ts).
 */
function parseKubeconfigText(text: string, path: string): unknown {
  if (!needsPreciseReader(text)) {
    const lib = jsYaml()
    try {
      return lib.load(text, {schema: kubectlJsYamlSchema(lib)})
    } catch {
      // Reported by the precise reader below.
    }
  }
  try {
    return yaml().parse(text, {maxAliasCount: 100, customTags: (tags) => [KUBECTL_PLAIN_TAG, ...tags]})
  } catch (e) {
    throw loadError(path, `yaml: ${flatten(String((e as Error).message ?? e))}`)
  }
}

/** Reads one kubeconfig file; undefined when it does not exist (callers decide whether that is an error). */
function readFile(path: string): FileConfig | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    if (code === 'EACCES') throw loadError(path, `open ${path}: permission denied`)
    if (code === 'EISDIR') throw loadError(path, `read ${path}: is a directory`)
    throw loadError(path, flatten(String((e as Error).message ?? e)))
  }
  const doc = parseKubeconfigText(text, path)
  const out: FileConfig = {clusters: new Map(), users: new Map(), contexts: new Map(), currentContext: ''}
  if (doc === null || doc === undefined) return out
  if (!isRecord(doc)) throw loadError(path, 'not a kubeconfig: the document is not a mapping')
  const base = dirname(resolve(path))
  // Within one file a later entry replaces an earlier one of the same name (clientcmd converts the
  // lists to maps); across files the first file wins, see mergeFiles.
  for (const [name, e] of namedEntries(doc.clusters)) out.clusters.set(name, clusterOf(name, e.cluster, base))
  for (const [name, e] of namedEntries(doc.users)) out.users.set(name, userOf(name, e.user, base))
  for (const [name, e] of namedEntries(doc.contexts)) out.contexts.set(name, contextOf(name, e.context))
  out.currentContext = str(doc['current-context']) ?? ''
  return out
}

function mergeFiles(files: FileConfig[]): MergedKubeconfig {
  const clusters = new Map<string, KubeconfigCluster>()
  const users = new Map<string, KubeconfigUser>()
  const contexts = new Map<string, KubeconfigContext>()
  let currentContext = ''
  for (const f of files) {
    for (const [k, v] of f.clusters) if (!clusters.has(k)) clusters.set(k, v)
    for (const [k, v] of f.users) if (!users.has(k)) users.set(k, v)
    for (const [k, v] of f.contexts) if (!contexts.has(k)) contexts.set(k, v)
    if (!currentContext) currentContext = f.currentContext
  }
  return {clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext}
}

function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function readTrimmed(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim() || undefined
  } catch {
    return undefined
  }
}

/** clientcmd's in-cluster config: service host and port from the environment, the service account token. */
function inClusterConfig(env: NodeJS.ProcessEnv, dir: string): ResolvedKubeconfig | undefined {
  const host = str(env.KUBERNETES_SERVICE_HOST)
  const port = str(env.KUBERNETES_SERVICE_PORT)
  const tokenFile = join(dir, 'token')
  if (host === undefined || port === undefined || !fileExists(tokenFile)) return undefined
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`
  const name = 'in-cluster'
  const caFile = join(dir, 'ca.crt')
  const config: MergedKubeconfig = {
    clusters: [{name, server, caFile: fileExists(caFile) ? caFile : undefined, skipTLSVerify: false}],
    users: [{name, authProvider: {name: 'tokenFile', config: {tokenFile}}}],
    contexts: [{name, cluster: name, user: name}],
    currentContext: name,
  }
  const namespace = str(env.POD_NAMESPACE) ?? readTrimmed(join(dir, 'namespace')) ?? 'default'
  return {config, context: name, namespace, server, inCluster: true, files: []}
}

/**
 * The kubeconfig a command uses, merged like kubectl: `--kubeconfig` alone if given, else every file
 * in $KUBECONFIG (missing ones skipped, the first definition of a name and the first current-context
 * winning), else ~/.kube/config, else the in-cluster service account. Throws UserError for a missing
 * `--kubeconfig` file, an unreadable or malformed file, and an unknown context.
 */
export function resolveKubeconfig(opts: ResolveOptions = {}): ResolvedKubeconfig {
  const env = opts.env ?? process.env
  let paths: string[]
  if (opts.kubeconfig !== undefined && opts.kubeconfig !== '') {
    if (isMissing(opts.kubeconfig)) {
      throw new UserError(oneLine(`error: stat ${opts.kubeconfig}: no such file or directory`))
    }
    paths = [opts.kubeconfig]
  } else if (str(env.KUBECONFIG) !== undefined) {
    paths = [...new Set(env.KUBECONFIG!.split(delimiter).filter((p) => p !== ''))]
  } else {
    const home = opts.home ?? str(env.HOME) ?? homedir()
    paths = [join(home, '.kube', 'config')]
  }

  const read: FileConfig[] = []
  const files: string[] = []
  for (const p of paths) {
    const f = readFile(p)
    if (f) {
      read.push(f)
      files.push(p)
    }
  }
  const config = mergeFiles(read)
  const wanted = opts.context !== undefined && opts.context !== '' ? opts.context : config.currentContext
  const empty = config.clusters.length === 0 && config.contexts.length === 0 && config.users.length === 0

  if (opts.context !== undefined && opts.context !== '' && !config.contexts.some((c) => c.name === opts.context)) {
    throw new UserError(oneLine(`error: context was not found for specified context: ${opts.context}`))
  }
  if (empty) {
    const icc = inClusterConfig(env, opts.serviceAccountDir ?? SERVICE_ACCOUNT_DIR)
    if (icc) return icc
  }
  if (wanted !== '' && !config.contexts.some((c) => c.name === wanted)) {
    throw new UserError(oneLine(`error: context was not found for specified context: ${wanted}`))
  }

  const ctx = config.contexts.find((c) => c.name === wanted)
  const cluster = ctx ? config.clusters.find((c) => c.name === ctx.cluster) : undefined
  return {
    config: {...config, currentContext: wanted},
    context: wanted,
    namespace: ctx?.namespace ?? 'default',
    server: cluster && cluster.server !== '' ? cluster.server : undefined,
    inCluster: false,
    files,
  }
}

/** True when nothing exists at the path (a directory or unreadable file is reported when read). */
function isMissing(path: string): boolean {
  try {
    statSync(path)
    return false
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR'
  }
}

// ---------------------------------------------------------------------------------------------
// --request-timeout

const TIMEOUT_MESSAGE =
  'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)'

const UNIT_NS: Record<string, number> = {ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9}
// Go's time.Duration is an int64 of nanoseconds.
const MAX_NS = 9223372036854775807

/** Go's time.ParseDuration, in nanoseconds; undefined where Go reports an error. */
function parseGoDuration(s: string): number | undefined {
  let rest = s
  let sign = 1
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1
    rest = rest.slice(1)
  }
  if (rest === '0') return 0
  if (rest === '') return undefined
  let total = 0
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/.exec(rest)
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return undefined
    const value = Number(`${m[1] || '0'}.${m[2] || '0'}`)
    total += value * UNIT_NS[m[3]]
    rest = rest.slice(m[0].length)
  }
  if (total > MAX_NS) return undefined
  return sign * total
}

/**
 * kubectl's `--request-timeout`: a bare integer is seconds, otherwise a Go duration (`5s`, `2m`, `1h`,
 * `1m30s`, `500ms`). Returns milliseconds; 0 means no timeout. Negative values are refused rather
 * than turned into a timeout that fires at once.
 */
export function parseRequestTimeout(s: string): number {
  const text = typeof s === 'string' ? s.trim() : ''
  if (/^[+-]?\d+$/.test(text)) {
    const seconds = Number(text)
    if (seconds === 0) return 0
    if (seconds > 0 && Number.isSafeInteger(seconds * 1000)) return seconds * 1000
    throw new UserError(TIMEOUT_MESSAGE)
  }
  const ns = parseGoDuration(text)
  if (ns === undefined || ns < 0) throw new UserError(TIMEOUT_MESSAGE)
  // A positive duration below a millisecond must still time out, not mean "no timeout".
  return Math.ceil(ns / 1e6)
}
