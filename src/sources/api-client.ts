// Raw GETs to the API server with the TLS and credentials @kubernetes/client-node computes from the
// kubeconfig (certificates, tokens, exec plugins, OIDC, proxies). Its generated API classes are not used:
// they cannot list core types without turning timestamps into Dates and dropping unknown fields, they
// have no aggregated discovery, and their errors hide the Status body; one raw request path covers
// discovery, lists and gets uniformly, including `404 page not found` text bodies and timeouts.

import {request as httpRequest} from 'node:http'
import {Agent as HttpsAgent, request as httpsRequest, type AgentOptions, type RequestOptions} from 'node:https'
import {StringDecoder} from 'node:string_decoder'
import {createSecureContext} from 'node:tls'
import {KubeConfig, type Cluster, type Context, type User} from './client-node.js'
import type {ApiClient} from './api-json.js'
import {credentialErrorOf, IncompleteResponseError, networkErrorOf, RequestTimeoutError, type ApiResponse} from './cluster-errors.js'
import type {MergedKubeconfig} from './kubeconfig.js'
import {UserError} from './request.js'
import {RetriableFailure, withRetries, type RetryEnv, type RetryPolicy} from './retry.js'

const USER_AGENT = 'kubectl-gw'
/** A page of 500 large objects is a few MB; anything near this is not an API server answering. */
const MAX_BODY_BYTES = 256 * 1024 * 1024
/** setTimeout's ceiling; a longer --request-timeout is as good as none. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Go's time.Duration.String() for whole milliseconds, as kubectl writes `?timeout=`. */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = `${((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '')}s`
  if (h > 0) return `${h}h${m}m${s}`
  if (m > 0) return `${m}m${s}`
  return s
}

const ANONYMOUS = 'kubectl-gw:anonymous'

/**
 * client-node hands back a new https.Agent without keep-alive, so every request (84 on a large cluster:
 * discovery, lists, pages) opened its own TLS connection and built its own TLS context from the CA and
 * client certificate. The same options with keep-alive and one shared context: a type's pages reuse
 * its connection. Proxy agents (another class) are left as they are.
 */
function reusable(agent: RequestOptions['agent']): RequestOptions['agent'] {
  if (!agent || agent.constructor !== HttpsAgent) return agent
  const options = (agent as HttpsAgent & {options: AgentOptions}).options
  return new HttpsAgent({...options, keepAlive: true, secureContext: createSecureContext(options)})
}

function kubeConfigOf(config: MergedKubeconfig): KubeConfig {
  // The kubeconfig module's shapes are client-node's; these assignments keep them in step.
  const clusters: Cluster[] = config.clusters
  let users: User[] = config.users
  let contexts: Context[] = config.contexts
  const current = contexts.find((c) => c.name === config.currentContext)
  if (current && !users.some((u) => u.name === current.user)) {
    // client-node applies the cluster's CA and insecure-skip-tls-verify only when the context has a
    // user; kubectl allows contexts without one (anonymous access), so give it an empty one.
    users = [...users, {name: ANONYMOUS}]
    contexts = contexts.map((c) => (c === current ? {...c, user: ANONYMOUS} : c))
  }
  const kc = new KubeConfig()
  kc.loadFromOptions({clusters, users, contexts, currentContext: config.currentContext})
  return kc
}

/** Tests shorten the backoff or stop the clock; commands use the defaults. */
export interface RetryOptions {
  policy?: RetryPolicy
  env?: RetryEnv
}

/**
 * A client for one server. 429 and 5xx answers and cut-off responses are retried (retry.ts), within
 * --request-timeout. Credentials are worked out once per client (an exec plugin runs once, not
 * once per concurrent request). Over plain http no credentials are sent, as kubectl does.
 */
export function createApiClient(config: MergedKubeconfig, server: string, timeoutMs = 0, retry: RetryOptions = {}): ApiClient {
  // client-go treats a server without a scheme as https.
  const base = (server.includes('://') ? server : `https://${server}`).replace(/\/+$/, '')
  const plain = base.startsWith('http://')
  const kc = kubeConfigOf(config)
  let prepared: Promise<RequestOptions> | undefined

  const prepare = (): Promise<RequestOptions> =>
    (prepared ??= (async () => {
      if (plain) return {headers: {}}
      const opts: RequestOptions = {headers: {}}
      try {
        await kc.applyToHTTPSOptions(opts)
      } catch (e) {
        throw credentialErrorOf(e)
      }
      return {...opts, agent: reusable(opts.agent)}
    })())

  /** One attempt; an early end of the connection rejects with a RetriableFailure. */
  const attempt = (url: URL, path: string, accept: string, opts: RequestOptions, attemptMs: number) =>
    new Promise<ApiResponse>((resolve, reject) => {
      const abort = new AbortController()
      let headersSeen = false
      let settled = false
      const finish = (fn: () => void) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        fn()
      }
      const fail = (e: unknown) =>
        finish(() => {
          if (abort.signal.aborted) return reject(networkErrorOf(abort.signal.reason, base))
          if (e instanceof UserError) return reject(e)
          // The server (or something between) dropped the connection: after the headers the body is cut
          // short; before them it is a reset, which client-go also retries for GETs.
          if (headersSeen) return reject(new RetriableFailure(new IncompleteResponseError(path, 'unexpected EOF')))
          const code = (e as NodeJS.ErrnoException | undefined)?.code
          const err = networkErrorOf(e, base)
          reject(code === 'ECONNRESET' || code === 'EPIPE' ? new RetriableFailure(err) : err)
        })
      const timer =
        attemptMs > 0 && attemptMs <= MAX_TIMER_MS ? setTimeout(() => abort.abort(new RequestTimeoutError(headersSeen)), attemptMs) : undefined

      const send = plain ? httpRequest : httpsRequest
      const req = send(
        url,
        {...opts, method: 'GET', headers: {...opts.headers, Accept: accept, 'User-Agent': USER_AGENT}, signal: abort.signal},
        (res) => {
          headersSeen = true
          // Decoded as the chunks come rather than joined as bytes first: a page of a few MB would
          // otherwise sit in native memory twice (chunks and their concatenation), which the allocator
          // keeps after it is freed; a string lives in the JavaScript heap, which the GC reuses.
          const decoder = new StringDecoder('utf8')
          const parts: string[] = []
          let size = 0
          res.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size > MAX_BODY_BYTES) {
              fail(new UserError(`error: the response to GET ${path} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`))
              req.destroy()
              return
            }
            parts.push(decoder.write(chunk))
          })
          res.on('end', () => {
            if (!res.complete) return fail(new Error('incomplete'))
            const retryAfter = res.headers['retry-after']
            finish(() =>
              resolve({
                status: res.statusCode ?? 0,
                contentType: String(res.headers['content-type'] ?? ''),
                body: parts.join('') + decoder.end(),
                ...(typeof retryAfter === 'string' ? {retryAfter} : {}),
              }),
            )
          })
          res.on('error', fail)
          res.on('close', () => {
            if (!res.complete) fail(new Error('incomplete'))
          })
        },
      )
      req.on('error', fail)
      req.end()
    })

  return {
    server: base,
    async get(path, query, accept) {
      const opts = await prepare()
      let url: URL
      try {
        url = new URL(base + path)
      } catch {
        throw new UserError(`error: invalid server URL ${JSON.stringify(base)}`)
      }
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v)
      // The whole --request-timeout, as kubectl sends it; the client's own clock covers the retries too.
      if (timeoutMs > 0) url.searchParams.set('timeout', goDuration(timeoutMs))
      return withRetries((left) => attempt(url, path, accept, opts, left), timeoutMs, retry.policy, retry.env)
    },
  }
}
