// One list call, paged the way kubectl pages (`limit=500`, then `continue` until the server stops
// sending a token). A 410 Expired on a continue page means the snapshot the token pointed into was
// compacted away; the list restarts once from the beginning, since mixing pages of two snapshots could
// show an object twice or miss one.

import {isRecord} from '../model/guards.js'
import type {K8sObject} from '../model/types.js'
import {getJson, invalidResponse, JSON_ACCEPT, type ApiClient} from './api-json.js'
import {dropBookkeeping} from './bookkeeping.js'
import {ApiError} from './cluster-errors.js'
import {UserError} from './request.js'

/** A resource to list, at a served version, in one namespace or everywhere. */
export interface ListTarget {
  group: string
  version: string
  resource: string
  kind: string
  namespaced: boolean
  /** Only for namespaced resources; undefined = all namespaces. */
  namespace?: string
  labelSelector?: string
  /** A field selector (Secrets by `type`): like a label selector, the list then proves no absence. */
  fieldSelector?: string
  /** Drop the last-applied-configuration annotation on receipt (ListRequest.lean, bookkeeping.ts). */
  lean?: boolean
}

export const PAGE_SIZE = 500
// A server handing out continue tokens forever would otherwise never let the list finish.
const MAX_PAGES = 10_000

export function apiVersionOf(t: {group: string; version: string}): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`
}

/** `gateways.gateway.networking.k8s.io`, or `services` for the core group. */
export function qualifiedResource(t: {group: string; resource: string}): string {
  return t.group === '' ? t.resource : `${t.resource}.${t.group}`
}

// Every segment is encoded: group, version and resource come from the server's own discovery and CRDs.
const seg = encodeURIComponent

export function listPath(t: ListTarget): string {
  const root = t.group === '' ? `/api/${seg(t.version)}` : `/apis/${seg(t.group)}/${seg(t.version)}`
  const ns = t.namespaced && t.namespace !== undefined ? `/namespaces/${seg(t.namespace)}` : ''
  return `${root}${ns}/${seg(t.resource)}`
}


/**
 * Why a parsed page is not a List, or undefined when it is one. Go writes an empty list's items as
 * `null` (a nil slice), so that is a list too; a missing `items`, or a continue token that is not a
 * string, is not.
 */
export function notAList(doc: unknown): string | undefined {
  if (!isRecord(doc)) return `not a List: got ${doc === null ? 'null' : Array.isArray(doc) ? 'an array' : `a ${typeof doc}`}`
  if (!Array.isArray(doc.items) && doc.items !== null) return doc.items === undefined ? 'not a List: no "items"' : 'not a List: "items" is not an array'
  const meta = doc.metadata
  if (meta !== undefined && meta !== null && !isRecord(meta)) return 'not a List: "metadata" is not an object'
  if (isRecord(meta) && meta.continue !== undefined && meta.continue !== null && typeof meta.continue !== 'string') return 'not a List: "metadata.continue" is not a string'
  return undefined
}

/**
 * Every item of the list, unvalidated (the caller checks each is an object with a name). `accept` asks
 * for another representation of the same list (PartialObjectMetadataList).
 */
export async function listAll(client: ApiClient, t: ListTarget, accept = JSON_ACCEPT): Promise<unknown[]> {
  const path = listPath(t)
  const what = `list ${qualifiedResource(t)}`
  for (let attempt = 0; ; attempt++) {
    const items: unknown[] = []
    let token: string | undefined
    try {
      for (let page = 0; ; page++) {
        if (page >= MAX_PAGES) throw new UserError(`error: the server kept paging ${qualifiedResource(t)} past ${MAX_PAGES} pages`)
        const doc = await getJson(client, path, {labelSelector: t.labelSelector || undefined, fieldSelector: t.fieldSelector || undefined, limit: String(PAGE_SIZE), continue: token}, accept, what)
        const problem = notAList(doc)
        if (problem !== undefined) throw invalidResponse(path, problem, what)
        const list = doc as {items: unknown[] | null; metadata?: {continue?: string | null} | null}
        // Dropped page by page, not once the list is whole: a list of 20,000 objects would otherwise be
        // held with its bookkeeping (managedFields, last-applied), two to three times its useful size.
        if (list.items) {
          for (const item of list.items) {
            if (isRecord(item)) dropBookkeeping(item, t.lean)
            items.push(item)
          }
        }
        const next = list.metadata?.continue
        if (typeof next !== 'string' || next === '') return items
        token = next
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 410 && token !== undefined && attempt === 0) continue
      throw e
    }
  }
}

/**
 * List items as objects of the listed kind: apiVersion and kind set (items of typed lists often carry
 * neither), anything that is not an object with a string name (and string namespace, if any) dropped.
 */
export function toObjects(raw: unknown[], t: Pick<ListTarget, 'group' | 'version' | 'kind' | 'lean'>): {items: K8sObject[]; dropped: number} {
  const items: K8sObject[] = []
  let dropped = 0
  const apiVersion = apiVersionOf(t)
  for (const item of raw) {
    const meta = isRecord(item) ? item.metadata : undefined
    if (!isRecord(item) || !isRecord(meta) || typeof meta.name !== 'string' || meta.name === '' || (meta.namespace !== undefined && typeof meta.namespace !== 'string')) {
      dropped++
      continue
    }
    item.apiVersion = apiVersion
    item.kind = t.kind
    dropBookkeeping(item, t.lean)
    items.push(item as K8sObject)
  }
  return {items, dropped}
}
