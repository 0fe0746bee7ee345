// Events for `describe`, in as few requests as kubectl needs (it makes one per object): one list per
// kind described (paged like every list), in the one namespace the objects live in or across
// namespaces when they span several or are cluster-scoped, narrowed by a `regarding.kind` field
// selector (so Pod events, the bulk of a cluster's, are never read), and to the object itself when
// there is only one. events.k8s.io/v1 first, core v1 on a server without it or when RBAC allows only
// the older API. Events only add to a description: anything that goes wrong is one warning.

import type {K8sObject} from '../model/types.js'
import type {RetryOptions} from './api-client.js'
import type {ApiClient} from './api-json.js'
import {ApiError} from './cluster-errors.js'
import {sharedApiClient} from './shared-client.js'
import {resolveKubeconfig} from './kubeconfig.js'
import {listAll, type ListTarget} from './list-pages.js'
import {oneLine} from './messages.js'
import {UserError, type ConnectionOptions} from './request.js'

export type EventsApi = 'events.k8s.io' | 'core'

export interface EventPlan {
  /** Undefined: across all namespaces. */
  namespace?: string
  /** Equalities on the regarded object: kind, name, namespace, uid (named without the API's prefix). */
  fields: [field: 'kind' | 'name' | 'uid', value: string][]
}

export type EventsRead = {api: EventsApi; items: unknown[]} | {warning: string}

/** The lists that find the events of `objects`: one per kind. */
export function planEvents(objects: readonly K8sObject[]): EventPlan[] {
  const byKind = new Map<string, K8sObject[]>()
  for (const o of objects) {
    const list = byKind.get(o.kind)
    if (list) list.push(o)
    else byKind.set(o.kind, [o])
  }
  return [...byKind].map(([kind, list]) => {
    const namespaces = new Set(list.map((o) => o.metadata.namespace))
    const fields: EventPlan['fields'] = [['kind', kind]]
    if (list.length === 1) {
      fields.push(['name', list[0].metadata.name])
      const uid: unknown = list[0].metadata.uid
      if (typeof uid === 'string' && uid !== '') fields.push(['uid', uid])
    }
    return {namespace: namespaces.size === 1 ? [...namespaces][0] : undefined, fields}
  })
}

export function fieldSelector(plan: EventPlan, api: EventsApi): string {
  const prefix = api === 'core' ? 'involvedObject.' : 'regarding.'
  return plan.fields.map(([f, v]) => `${prefix}${f}=${v}`).join(',')
}

function target(plan: EventPlan, api: EventsApi): ListTarget {
  return {
    group: api === 'core' ? '' : 'events.k8s.io',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    namespaced: true,
    namespace: plan.namespace,
    fieldSelector: fieldSelector(plan, api) || undefined,
  }
}

/** Lists the planned events with an existing client. */
export async function readEventsWith(client: ApiClient, plan: EventPlan): Promise<EventsRead> {
  let refused: string | undefined
  for (const api of ['events.k8s.io', 'core'] as const) {
    try {
      return {api, items: await listAll(client, target(plan, api))}
    } catch (e) {
      // Not served (a server older than 1.19), or refused here but perhaps allowed in the other API.
      if (e instanceof ApiError && e.code === 404) continue
      if (e instanceof ApiError && e.code === 403) {
        refused ??= e.message
        continue
      }
      if (e instanceof ApiError || e instanceof UserError) return {warning: oneLine(`${e.message.replace(/^error:\s*/, '')} (Events are not shown)`)}
      throw e
    }
  }
  return {warning: oneLine(`${refused ?? 'the server serves no events API'} (Events are not shown)`)}
}

/** Lists the planned events from the cluster of the kubeconfig context: every list, or one warning. */
export async function readEvents(conn: ConnectionOptions, plans: readonly EventPlan[], retry?: RetryOptions): Promise<{lists: {api: EventsApi; items: unknown[]}[]} | {warning: string}> {
  const resolved = resolveKubeconfig({kubeconfig: conn.kubeconfig, context: conn.context})
  if (resolved.server === undefined) return {warning: 'no server in the kubeconfig (Events are not shown)'}
  const client = sharedApiClient(resolved.config, resolved.server, conn.requestTimeoutMs ?? 0, retry)
  const reads = await Promise.all(plans.map((p) => readEventsWith(client, p)))
  // A kind whose list failed would show "<none>" for events it may have: no section at all instead.
  const failed = reads.find((r) => 'warning' in r)
  if (failed) return failed
  return {lists: reads as {api: EventsApi; items: unknown[]}[]}
}
