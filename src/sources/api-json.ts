// The narrow view of an API server the cluster source needs (GET a path, read JSON), so that discovery
// and paging can be tested against a fake and stay free of @kubernetes/client-node.

import {apiErrorOf, type ApiResponse} from './cluster-errors.js'
import {flatten} from './messages.js'
import {UserError} from './request.js'

export interface ApiClient {
  /** The server URL, for messages. */
  readonly server: string
  /** One GET; rejects only with a UserError (network, TLS, timeout, credentials). */
  get(path: string, query: Record<string, string | undefined>, accept: string): Promise<ApiResponse>
}

export const JSON_ACCEPT = 'application/json'

/**
 * GETs a path and parses the JSON body. A non-2xx answer throws its ApiError (`what` names the
 * request in made-up messages: `list gateways.gateway.networking.k8s.io`); a 2xx body that is not JSON
 * throws a UserError.
 */
export async function getJson(
  client: ApiClient,
  path: string,
  query: Record<string, string | undefined> = {},
  accept = JSON_ACCEPT,
  what?: string,
): Promise<unknown> {
  const res = await client.get(path, query, accept)
  if (res.status < 200 || res.status > 299) throw apiErrorOf(res, what)
  try {
    return JSON.parse(res.body)
  } catch (e) {
    throw new UserError(flatten(`error: the server sent an invalid response to GET ${path}: ${(e as Error).message}`))
  }
}
