// Which Gateway API release a cluster runs, read where the release itself records it: the
// `gateway.networking.k8s.io/bundle-version` and `gateway.networking.k8s.io/channel` annotations of its
// CRDs. One GET of the Gateway CRD (the kind every install has), never a list of all CRDs, which are
// large. Loaded only by `kubectl gw version`, so @kubernetes/client-node stays out of other commands
// that do not need it.

import {isRecord} from '../model/guards.js'
import {GATEWAY_GROUP} from '../model/types.js'
import {getJson} from '../sources/api-json.js'
import {createApiClient} from '../sources/api-client.js'
import {ApiError, userErrorOf} from '../sources/cluster-errors.js'
import {NO_SERVER_MESSAGE, resolveKubeconfig} from '../sources/kubeconfig.js'
import {UserError, type ConnectionOptions} from '../sources/request.js'

export const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version'
export const CHANNEL_ANNOTATION = 'gateway.networking.k8s.io/channel'
export const GATEWAY_CRD = `gateways.${GATEWAY_GROUP}`

export type GatewayApiInstall =
  | {state: 'installed'; bundleVersion?: string; channel?: string}
  /** The server answered 404 for the Gateway CRD: the Gateway API is not installed. */
  | {state: 'absent'}
  /** The CRD could not be read (403); `reason` is the server's message. */
  | {state: 'unverified'; reason: string}

/** The bundle version and channel a CRD's annotations record (either may be missing). */
export function installOf(crd: unknown): GatewayApiInstall {
  const annotations = isRecord(crd) && isRecord(crd.metadata) && isRecord(crd.metadata.annotations) ? crd.metadata.annotations : {}
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  return {state: 'installed', bundleVersion: str(annotations[BUNDLE_VERSION_ANNOTATION]), channel: str(annotations[CHANNEL_ANNOTATION])}
}

/**
 * Reads the Gateway CRD of the kubeconfig context's cluster. An unreachable cluster, bad credentials
 * or a failing server throw a one-line UserError in kubectl's words.
 */
export async function readGatewayApiInstall(conn: ConnectionOptions): Promise<GatewayApiInstall> {
  const resolved = resolveKubeconfig({kubeconfig: conn.kubeconfig, context: conn.context})
  if (resolved.server === undefined) throw new UserError(NO_SERVER_MESSAGE)
  const client = createApiClient(resolved.config, resolved.server, conn.requestTimeoutMs ?? 0)
  const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${GATEWAY_CRD}`
  try {
    return installOf(await getJson(client, path, {}, undefined, `get customresourcedefinitions.apiextensions.k8s.io ${GATEWAY_CRD}`))
  } catch (e) {
    if (e instanceof ApiError && e.code === 404) return {state: 'absent'}
    if (e instanceof ApiError && e.code === 403) return {state: 'unverified', reason: e.message}
    if (e instanceof ApiError) throw userErrorOf(e)
    throw e
  }
}

