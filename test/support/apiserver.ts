// A small Kubernetes API server for tests: node:https on 127.0.0.1, speaking the real REST protocol
// (discovery, list, get, selectors, paging, Tables, Status errors) from an in-memory object set, close
// enough that both @kubernetes/client-node and the real kubectl accept it. Every request is recorded
// so tests can count calls; `faults` make chosen paths fail (429/5xx, bodies cut short, invalid JSON).

import {randomBytes} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {createServer} from 'node:https'
import type {Socket} from 'node:net'
import {join} from 'node:path'
import {stringify} from 'yaml'
import type {K8sObject} from '../../src/model/types.js'
import {matches, parseSelector, SelectorError, type Selector} from '../../src/selectors/labels.js'
import {testTls} from './apiserver-tls.js'
import {
  aggregatedDiscovery,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
  expired,
  forbidden,
  notFound,
  pathNotFound,
  status,
  table,
  unauthorized,
  type IncludeObject,
} from './apiserver-docs.js'
import {EVENT_RESOURCES, isEventResource, listEvents} from './apiserver-events.js'
import {ObjectStore, Registry, type ServedResource} from './apiserver-registry.js'
import {acceptsPlainJson, METADATA_CONTENT_TYPE, notAcceptable, partialObjectMetadata, partialObjectMetadataList, wantsMetadata} from './apiserver-metadata.js'

export {crdsFor, makeCrd, type CrdChoice, type CrdSpec} from './apiserver-crds.js'

export interface ApiServerOptions {
  /** Everything served, any kind; CRDs among them define the served custom types. */
  objects: K8sObject[]
  /** Bearer token required (default: a random one); anything else gets a 401 Status. */
  token?: string
  /**
   * 403 Status for list/get of these; with a namespace, only there (and at the cluster scope); with a
   * name, only the get of that object (lists stay readable).
   */
  forbidden?: {group: string; resource: string; namespace?: string; name?: string}[]
  /** Serve /api and /apis as APIGroupDiscoveryList v2 when asked (default true). */
  aggregatedDiscovery?: boolean
  /** Delay every response (for request-timeout tests). */
  delayMs?: number
  /** Default 1.32 (the kubectl dispatcher picks its kubectl binary from it). */
  version?: {major: string; minor: string}
  /** Largest page the server returns whatever `limit` asks for (to get several pages from few objects). */
  pageSize?: number
  /** Answer this many `continue` requests with 410 Expired, as after an etcd compaction. */
  expireContinueTokens?: number
  /** The user named in Forbidden messages (default `test-user`). */
  user?: string
  /**
   * Failures to inject, as a flaky server or a proxy in front of it would answer, before any routing
   * (authentication included). A request fires the first fault whose path matches and has times left;
   * `ApiServer.faultsFired[i]` counts the firings of `faults[i]`.
   */
  faults?: Fault[]
  /**
   * Answer metadata-only requests (PartialObjectMetadataList/PartialObjectMetadata) with 406 Not
   * Acceptable, unless the Accept header also takes plain JSON (then the full objects), as a server or
   * proxy that cannot convert does.
   */
  refusePartialMetadata?: boolean
}

export interface Fault {
  /** The request path without its query: equal to the string, or matched by the RegExp (a /g flag does not make it stateful). */
  path: RegExp | string
  /** Answer with this status: a Status body with the usual reason, unless `body` is given. */
  status?: number
  /** A Retry-After header, in seconds. */
  retryAfter?: number
  /** How many matching requests it fires for (Infinity: all of them). */
  times: number
  /**
   * Send the headers and half of the body (the real answer's unless `status` or `body` is given), then
   * close the connection: with Content-Length (true or 'length') or as a chunked body ('chunked').
   */
  truncate?: boolean | 'length' | 'chunked'
  /** Answer with this text (status 200 unless `status` is given, Content-Type application/json). */
  body?: string
}

export interface RecordedRequest {
  method: string
  path: string
  query: Record<string, string>
  accept?: string
  auth?: string
  /** Bytes of the response body sent (set once the answer is written). */
  bytes?: number
}

export interface ApiServer {
  /** https://127.0.0.1:PORT */
  url: string
  token: string
  caPem: string
  requests: RecordedRequest[]
  /** How many times each of `options.faults` fired, in the same order. */
  faultsFired: number[]
  /** TLS connections accepted so far (a client that reuses connections makes fewer than requests). */
  connections(): number
  /** Writes a kubeconfig for this server (token auth, CA data) into dir and returns its path. */
  writeKubeconfig(dir: string, opts?: {namespace?: string; token?: string; context?: string}): string
  close(): Promise<void>
}

const JSON_TYPE = 'application/json'

interface Reply {
  code: number
  body: unknown
  contentType?: string
}

/** The version a media range list accepts for a given `as`/`g`, in the client's order of preference. */
function acceptedVersion(accept: string | undefined, as: string, group: string, versions: string[]): string | undefined {
  for (const range of (accept ?? '').split(',')) {
    const params = new Map<string, string>()
    for (const p of range.split(';').slice(1)) {
      const eq = p.indexOf('=')
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim())
    }
    const v = params.get('v')
    if (params.get('as') === as && params.get('g') === group && v !== undefined && versions.includes(v)) return v
  }
  return undefined
}

interface FieldRequirement {
  field: 'metadata.name' | 'metadata.namespace' | 'type'
  equal: boolean
  value: string
}

/** metadata.name / metadata.namespace with =, == and !=, the field selectors every type supports. */
/** Secrets also select on `type`, as the real apiserver's secret strategy allows. */
function parseFieldSelector(input: string, resource: string): FieldRequirement[] | string {
  const out: FieldRequirement[] = []
  for (const raw of input.split(',')) {
    const part = raw.trim()
    if (part === '') continue
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part)
    if (!m) return `invalid selector: '${input}'; can't understand '${part}'`
    const field = m[1].trim()
    if (field === 'type' && resource === 'secrets') {
      out.push({field, equal: m[2] !== '!=', value: m[3].trim()})
      continue
    }
    if (field !== 'metadata.name' && field !== 'metadata.namespace') {
      return `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`
    }
    out.push({field, equal: m[2] !== '!=', value: m[3].trim()})
  }
  return out
}

function fieldMatches(reqs: FieldRequirement[], obj: K8sObject): boolean {
  return reqs.every((r) => {
    const actual = (r.field === 'type' ? (obj as {type?: string}).type : r.field === 'metadata.name' ? obj.metadata.name : obj.metadata.namespace) ?? ''
    return (actual === r.value) === r.equal
  })
}

interface ContinueToken {
  epoch: string
  after: string
}

const encodeContinue = (t: ContinueToken) => Buffer.from(JSON.stringify(t)).toString('base64url')

function decodeContinue(token: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    return typeof t?.epoch === 'string' && typeof t?.after === 'string' ? t : undefined
  } catch {
    return undefined
  }
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v)

// The reasons the real apiserver (and client-go for bare codes) gives these statuses.
const FAULT_REASONS: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalError', 'Internal error occurred: injected fault'],
  502: ['InternalError', 'an error on the server ("bad gateway") has prevented the request from succeeding'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
}

function faultReply(f: Fault): Reply | undefined {
  if (f.body !== undefined) return {code: f.status ?? 200, body: f.body}
  if (f.status === undefined) return undefined
  const [reason, message] = FAULT_REASONS[f.status] ?? ['InternalError', `injected status ${f.status}`]
  return {code: f.status, body: status(f.status, reason, message, f.retryAfter !== undefined ? {retryAfterSeconds: f.retryAfter} : undefined)}
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const tls = await testTls()
  const token = opts.token ?? randomBytes(16).toString('hex')
  const user = opts.user ?? 'test-user'
  const registry = new Registry(opts.objects)
  const store = new ObjectStore(opts.objects, registry)
  // Continue tokens of another server instance (or a forged one) are unusable here.
  const epoch = randomBytes(8).toString('hex')
  let expireLeft = opts.expireContinueTokens ?? 0
  const faults = opts.faults ?? []
  const faultsFired = faults.map(() => 0)
  const pickFault = (path: string): Fault | undefined => {
    const i = faults.findIndex((f, n) => faultsFired[n] < f.times && (typeof f.path === 'string' ? f.path === path : path.search(f.path) !== -1))
    if (i < 0) return undefined
    faultsFired[i]++
    return faults[i]
  }
  const requests: RecordedRequest[] = []
  const aggregated = opts.aggregatedDiscovery ?? true
  const version = opts.version ?? {major: '1', minor: '32'}

  const groupsOf = (core: boolean) => [...registry.groups.values()].filter((g) => (g.name === '') === core)

  function discovery(core: boolean, accept: string | undefined): Reply {
    const v = aggregated ? acceptedVersion(accept, 'APIGroupDiscoveryList', 'apidiscovery.k8s.io', ['v2', 'v2beta1']) : undefined
    if (v !== undefined) {
      return {
        code: 200,
        body: aggregatedDiscovery(groupsOf(core), `apidiscovery.k8s.io/${v}`),
        contentType: `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`,
      }
    }
    return {code: 200, body: core ? apiVersions() : apiGroupList(groupsOf(false))}
  }

  const isForbidden = (r: ServedResource, namespace: string | undefined, name?: string) =>
    (opts.forbidden ?? []).some(
      (f) =>
        f.group === r.group &&
        f.resource === r.resource &&
        (f.namespace === undefined || namespace === undefined || f.namespace === namespace) &&
        (f.name === undefined || f.name === name),
    )

  const present = (r: ServedResource, obj: K8sObject): K8sObject => {
    const {apiVersion: _a, kind: _k, ...rest} = obj
    return {apiVersion: r.group === '' ? r.version : `${r.group}/${r.version}`, kind: r.kind, ...rest} as K8sObject
  }

  /** Whether a list or get is asked for as metadata only, and whether this server refuses that. */
  function metadataForm(accept: string | undefined, as: 'PartialObjectMetadataList' | 'PartialObjectMetadata'): 'metadata' | 'refused' | undefined {
    if (!wantsMetadata(accept, as)) return undefined
    if (!opts.refusePartialMetadata) return 'metadata'
    return acceptsPlainJson(accept) ? undefined : 'refused'
  }

  function asTable(accept: string | undefined): string | undefined {
    return acceptedVersion(accept, 'Table', 'meta.k8s.io', ['v1', 'v1beta1'])
  }

  function includeObject(query: Record<string, string>): IncludeObject {
    const v = query.includeObject
    return v === 'None' || v === 'Object' ? v : 'Metadata'
  }

  function get(r: ServedResource, namespace: string | undefined, name: string, query: Record<string, string>, accept?: string): Reply {
    if (isForbidden(r, namespace, name)) return {code: 403, body: forbidden(r, user, 'get', namespace, name)}
    const form = metadataForm(accept, 'PartialObjectMetadata')
    if (form === 'refused') return {code: 406, body: notAcceptable()}
    const obj = store.get(r, namespace, name)
    if (!obj) return {code: 404, body: notFound(r, name)}
    if (form === 'metadata') return {code: 200, body: partialObjectMetadata(present(r, obj))}
    const tv = asTable(accept)
    if (tv) return {code: 200, body: table(`meta.k8s.io/${tv}`, [present(r, obj)], includeObject(query), {resourceVersion: obj.metadata.resourceVersion}, Date.now())}
    return {code: 200, body: present(r, obj)}
  }

  function list(r: ServedResource, namespace: string | undefined, query: Record<string, string>, accept?: string): Reply {
    if (isForbidden(r, namespace)) return {code: 403, body: forbidden(r, user, 'list', namespace)}
    const form = metadataForm(accept, 'PartialObjectMetadataList')
    if (form === 'refused') return {code: 406, body: notAcceptable()}
    let labels: Selector = []
    try {
      labels = parseSelector(query.labelSelector ?? '')
    } catch (e) {
      if (e instanceof SelectorError) return {code: 400, body: status(400, 'BadRequest', e.message)}
      throw e
    }
    const fields = parseFieldSelector(query.fieldSelector ?? '', r.group === '' ? r.resource : '')
    if (typeof fields === 'string') return {code: 400, body: status(400, 'BadRequest', fields)}

    // Objects are kept sorted by key, so a continue token is a binary search and a page costs its own
    // size plus what the filter skips: listing all n objects in pages stays linear, as on a real server
    // (a scan from the start per page made large benchmarks measure this server instead of the client).
    const all = store.list(r)
    const keep = (s: (typeof all)[number]) => (namespace === undefined || s.object.metadata.namespace === namespace) && matches(labels, s.object.metadata.labels) && fieldMatches(fields, s.object)
    let start = 0
    if (query.continue) {
      const t = decodeContinue(query.continue)
      if (!t || t.epoch !== epoch || expireLeft > 0) {
        if (expireLeft > 0) expireLeft--
        return {code: 410, body: expired()}
      }
      let lo = 0
      let hi = all.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (all[mid].key > t.after) hi = mid
        else lo = mid + 1
      }
      start = lo
    }
    const asked = Number.parseInt(query.limit ?? '', 10)
    const limit = asked > 0 ? Math.min(asked, opts.pageSize ?? asked) : Infinity
    const page: typeof all = []
    let next = start
    for (; next < all.length && page.length < limit; next++) if (keep(all[next])) page.push(all[next])
    const unfiltered = namespace === undefined && labels.length === 0 && fields.length === 0
    let remaining = 0
    if (unfiltered) remaining = all.length - next
    else for (let i = next; i < all.length; i++) if (keep(all[i])) remaining++
    const meta: Record<string, unknown> = {resourceVersion: store.resourceVersion}
    if (remaining > 0 && page.length > 0) {
      meta.continue = encodeContinue({epoch, after: page[page.length - 1].key})
      // The real server counts the rest only when no selector could make the count a guess.
      if (labels.length === 0 && fields.length === 0) meta.remainingItemCount = remaining
    }
    const items = page.map((s) => present(r, s.object))
    if (form === 'metadata') return {code: 200, body: partialObjectMetadataList(items, meta), contentType: METADATA_CONTENT_TYPE}
    const tv = asTable(accept)
    if (tv) return {code: 200, body: table(`meta.k8s.io/${tv}`, items, includeObject(query), meta, Date.now()), contentType: `application/json;as=Table;v=${tv};g=meta.k8s.io`}
    return {code: 200, body: {apiVersion: r.group === '' ? r.version : `${r.group}/${r.version}`, kind: `${r.kind}List`, metadata: meta, items}}
  }

  /** Both event APIs list one store (apiserver-events.ts). */
  function eventList(r: ServedResource, namespace: string | undefined, query: Record<string, string>): Reply {
    if (isForbidden(r, namespace)) return {code: 403, body: forbidden(r, user, 'list', namespace)}
    const stored = EVENT_RESOURCES.flatMap((e) => store.list({...e, verbs: []}).map((x) => x.object))
    return listEvents(r, stored, namespace, query)
  }

  function route(req: IncomingMessage, segs: string[], query: Record<string, string>): Reply {
    const accept = header(req.headers.accept)
    const auth = header(req.headers.authorization)
    // /version is public (system:public-info-viewer); a bad token is refused everywhere.
    if (!(segs.length === 1 && segs[0] === 'version' && auth === undefined) && auth !== `Bearer ${token}`) {
      return {code: 401, body: unauthorized()}
    }
    if (req.method !== 'GET') return {code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')}
    if (segs.length === 1 && segs[0] === 'version') {
      return {
        code: 200,
        body: {
          major: version.major,
          minor: version.minor,
          gitVersion: `v${version.major}.${version.minor}.0-fake`,
          gitCommit: '0000000000000000000000000000000000000000',
          gitTreeState: 'clean',
          buildDate: '2024-01-01T00:00:00Z',
          goVersion: 'go1.23.0',
          compiler: 'gc',
          platform: 'linux/amd64',
        },
      }
    }
    let group: string
    let rest: string[]
    if (segs[0] === 'api') {
      if (segs.length === 1) return discovery(true, accept)
      group = ''
      rest = segs.slice(1)
    } else if (segs[0] === 'apis') {
      if (segs.length === 1) return discovery(false, accept)
      group = segs[1]
      const g = registry.groups.get(group)
      if (group === '' || !g) return {code: 404, body: pathNotFound()}
      if (segs.length === 2) return {code: 200, body: apiGroupDoc(g)}
      rest = segs.slice(2)
    } else {
      return {code: 404, body: pathNotFound()}
    }
    const [version_, ...path] = rest
    const resources = registry.groups.get(group)?.resources.get(version_)
    if (!resources) return {code: 404, body: pathNotFound()}
    if (path.length === 0) return {code: 200, body: apiResourceList(group, version_, resources)}

    let namespace: string | undefined
    let tail: string[]
    if (path[0] === 'namespaces' && path.length >= 3 && registry.lookup(group, version_, path[2])?.namespaced) {
      namespace = path[1]
      tail = path.slice(2)
    } else {
      tail = path
    }
    const [resource, name, sub, ...extra] = tail
    const r = registry.lookup(group, version_, resource)
    if (!r || extra.length > 0 || (sub !== undefined && sub !== 'status')) return {code: 404, body: pathNotFound()}
    if (name === undefined && isEventResource(r)) return eventList(r, namespace, query)
    if (name === undefined) return list(r, namespace, query, accept)
    if (r.namespaced && namespace === undefined) return {code: 404, body: pathNotFound()}
    return get(r, namespace, name, query, accept)
  }

  const timers = new Set<NodeJS.Timeout>()
  const sockets = new Set<Socket>()

  function respond(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    const query = Object.fromEntries(url.searchParams)
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query,
      accept: header(req.headers.accept),
      auth: header(req.headers.authorization),
    }
    requests.push(recorded)
    const fault = pickFault(url.pathname)
    let reply: Reply
    try {
      const segs = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent)
      reply = (fault && faultReply(fault)) ?? route(req, segs, query)
    } catch (e) {
      reply = {code: 500, body: status(500, 'InternalError', `an error on the server ("${String(e)}") has prevented the request from succeeding`)}
    }
    const send = () => {
      if (res.destroyed) return
      const text = Buffer.from(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body))
      recorded.bytes = text.length
      const headers: Record<string, string | number> = {'Content-Type': reply.contentType ?? JSON_TYPE}
      if (fault?.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter)
      const truncate = fault?.truncate === true ? 'length' : fault?.truncate || undefined
      if (truncate !== 'chunked') headers['Content-Length'] = text.length
      res.writeHead(reply.code, headers)
      if (truncate === undefined) {
        res.end(text)
        return
      }
      // Half the body, flushed, then the connection dropped: the client sees fewer bytes than promised,
      // or a chunked body without its last chunk.
      res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.destroy())
    }
    if (opts.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t)
        send()
      }, opts.delayMs)
      timers.add(t)
    } else {
      send()
    }
  }

  const server = createServer({cert: tls.certPem, key: tls.keyPem}, respond)
  let connections = 0
  server.on('connection', (s: Socket) => {
    connections++
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('test apiserver: no TCP address')
  const url = `https://127.0.0.1:${address.port}`
  let written = 0

  return {
    url,
    token,
    caPem: tls.caPem,
    requests,
    faultsFired,
    connections: () => connections,
    writeKubeconfig(dir, kcOpts = {}) {
      const context = kcOpts.context ?? 'test'
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{name: 'test-cluster', cluster: {server: url, 'certificate-authority-data': Buffer.from(tls.caPem).toString('base64')}}],
        users: [{name: 'test-user', user: {token: kcOpts.token ?? token}}],
        contexts: [{name: context, context: {cluster: 'test-cluster', user: 'test-user', ...(kcOpts.namespace ? {namespace: kcOpts.namespace} : {})}}],
        'current-context': context,
      }
      const path = join(dir, `kubeconfig-${address.port}-${++written}.yaml`)
      writeFileSync(path, stringify(config), {mode: 0o600})
      return path
    },
    close() {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      return new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
      })
    },
  }
}
