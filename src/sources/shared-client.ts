// One API client per connection for a whole command: describe's events list reuses the client that
// read the snapshot, so an exec credential plugin (aws eks get-token, gke-gcloud-auth-plugin) runs once
// and the keep-alive TLS connection is reused. Keyed by everything the client is made from.

import {createApiClient, type RetryOptions} from './api-client.js'
import type {ApiClient} from './api-json.js'
import type {MergedKubeconfig} from './kubeconfig.js'

const clients = new Map<string, ApiClient>()

/** The client for this kubeconfig and timeout; a fresh one when tests pass their own retry clock. */
export function sharedApiClient(config: MergedKubeconfig, server: string, timeoutMs: number, retry?: RetryOptions): ApiClient {
  if (retry !== undefined) return createApiClient(config, server, timeoutMs, retry)
  const key = JSON.stringify([server, timeoutMs, config])
  let client = clients.get(key)
  if (!client) clients.set(key, (client = createApiClient(config, server, timeoutMs)))
  return client
}
