// The narrow view of an API server the cluster source needs (GET a path, read JSON), so that discovery
// and paging can be tested against a fake and stay free of @kubernetes/client-node.

import {apiErrorOf, IncompleteResponseError, type ApiResponse} from './cluster-errors.js'
import {flatten} from './messages.js'
import {UserError} from './request.js'

export interface ApiClient {
  /** The server URL, for messages. */
  readonly server: string
  /**
   * One GET, retried when the answer is a 429 or 5xx worth it or the connection ends early (retry.ts).
   * Resolves with the last answer whatever its status; rejects only with a UserError (network, TLS,
   * timeout, credentials; an IncompleteResponseError when the body stayed cut short).
   */
  get(path: string, query: Record<string, string | undefined>, accept: string): Promise<ApiResponse>
}

export const JSON_ACCEPT = 'application/json'

/**
 * GETs a path and parses the JSON body. A non-2xx answer throws its ApiError (`what` names the
 * request in made-up messages: `list gateways.gateway.networking.k8s.io`); a 2xx body that is not JSON
 * throws a UserError naming the path and `what` (not retried: a complete answer that does not parse
 * will not parse better the next time).
 */
export async function getJson(
  client: ApiClient,
  path: string,
  query: Record<string, string | undefined> = {},
  accept = JSON_ACCEPT,
  what?: string,
): Promise<unknown> {
  let res: ApiResponse
  try {
    res = await client.get(path, query, accept)
  } catch (e) {
    if (e instanceof IncompleteResponseError && what !== undefined && e.what === undefined) throw new IncompleteResponseError(e.path, e.detail, what)
    throw e
  }
  if (res.status < 200 || res.status > 299) throw apiErrorOf(res, what)
  try {
    return JSON.parse(res.body)
  } catch (e) {
    throw invalidResponse(path, (e as Error).message, what)
  }
}

/** A complete 2xx answer that is not what was asked for, on one line. */
export function invalidResponse(path: string, problem: string, what?: string): UserError {
  return new UserError(flatten(`error: the server sent an invalid response to GET ${path}${what ? ` (${what})` : ''}: ${problem}`))
}
