// The second phase of a cluster read: once the Gateway API kinds are in the snapshot, the Secrets and
// ConfigMaps they reference. Existence comes from metadata-only lists (PartialObjectMetadataList: no
// data, no Helm release payloads) in the referenced namespaces; contents from one `get` per referenced
// object a check reads, a bounded number at a time. A refused `get` makes that one reference
// unverified (snapshot.unreadableObjects), warned once per kind.

import {objectRefKey, type Snapshot} from '../model/snapshot.js'
import type {K8sObject} from '../model/types.js'
import {metadataScopes, referencedObjects, type ReferencedKind, type ReferencedObject} from './referenced.js'
import type {ListTarget} from './list-pages.js'

/**
 * Metadata-only lists, without kubectl's `,application/json` fallback: a server that cannot answer them
 * says 406 and only then is the full list read, so a proxy that drops the parameter never costs every
 * Helm release in silence.
 */
export const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1'

/** How many referenced objects are read at once. */
export const GET_CONCURRENCY = 8

/**
 * More referenced Secrets to read than this and their contents come from one list of the TLS Secrets
 * (`fieldSelector=type=kubernetes.io/tls`, which Helm releases are not) in the same namespaces, so that
 * requests stop growing with the number of listeners; the ones it does not hold (Opaque certificates,
 * CA bundles in Secrets) are still read one by one.
 */
export const MAX_SECRET_GETS = 64
export const TLS_SECRETS = 'type=kubernetes.io/tls'

/** The result of one `get`: the object, or why there is none. */
export interface GetOutcome {
  object?: K8sObject
  /** 404: gone since the metadata list (or never there). */
  missing?: boolean
  /** The Status message of a 403, or the line of a server failure that outlasted the retries. */
  refused?: string
}

export interface ReferencedReader {
  /** The served resource of a core kind, as a list target in a namespace (undefined: all), or undefined when not served. */
  target(kind: ReferencedKind, namespace: string | undefined): ListTarget | undefined
  /** Lists metadata, adds the items to the snapshot (marked metadata-only when they are) and records what the list proves. */
  listMetadata(targets: ListTarget[]): Promise<void>
  /** Lists whole objects; undefined when any of the lists was refused or failed (nothing is warned). */
  listContents(targets: ListTarget[]): Promise<K8sObject[] | undefined>
  get(t: ListTarget, name: string): Promise<GetOutcome>
}

/** Runs fn over items, at most `limit` at a time, results in the items' order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return out
}

/**
 * Reads the referenced objects of `kinds` into the snapshot. Requests: per kind, one metadata list per
 * referenced namespace (or one for all, see metadataScopes), then one get per referenced object whose
 * contents a check needs and whose metadata was listed without them (beyond MAX_SECRET_GETS Secrets,
 * a list of the TLS Secrets first).
 */
export async function readReferenced(reader: ReferencedReader, snapshot: Snapshot, kinds: readonly ReferencedKind[]): Promise<void> {
  const refs = referencedObjects(snapshot).filter((r) => kinds.includes(r.kind))
  const targets = (kind: ReferencedKind, fieldSelector?: string): ListTarget[] => {
    const scopes = metadataScopes(refs, kind)
    return (scopes === 'all' ? [undefined] : scopes).flatMap((namespace) => {
      const t = reader.target(kind, namespace)
      return t ? [fieldSelector ? {...t, fieldSelector} : t] : []
    })
  }
  await reader.listMetadata(kinds.flatMap((kind) => targets(kind)))

  const toRead = () =>
    refs.filter((r) => {
      if (!r.content) return false
      const o = snapshot.find('', r.kind, r.namespace, r.name)
      return o !== undefined && !snapshot.hasContent(o)
    })
  let wanted = toRead()
  if (wanted.filter((r) => r.kind === 'Secret').length > MAX_SECRET_GETS) {
    const tls = await reader.listContents(targets('Secret', TLS_SECRETS))
    if (tls) {
      const byKey = new Map(tls.map((o) => [objectRefKey('', 'Secret', o.metadata.namespace, o.metadata.name), o]))
      for (const r of wanted) {
        const o = byKey.get(objectRefKey('', r.kind, r.namespace, r.name))
        if (o && r.kind === 'Secret') snapshot.add(o, snapshot.origin(snapshot.find('', r.kind, r.namespace, r.name) as K8sObject))
      }
      wanted = toRead()
    }
  }
  const outcomes = await mapBounded(wanted, GET_CONCURRENCY, async (r) => {
    const t = reader.target(r.kind, r.namespace)
    return t ? reader.get(t, r.name) : {missing: true}
  })
  recordGets(snapshot, wanted, outcomes)
}

/**
 * Fetched objects replace their metadata; a refused or vanished one leaves that reference unverified
 * (its existence was seen, its contents were not), with one warning per kind.
 */
export function recordGets(snapshot: Snapshot, refs: readonly ReferencedObject[], outcomes: readonly GetOutcome[]): void {
  const refused = new Map<ReferencedKind, {first: string; count: number}>()
  refs.forEach((r, i) => {
    const o = outcomes[i]
    const origin = snapshot.origin(snapshot.find('', r.kind, r.namespace, r.name) as K8sObject)
    if (o.object) {
      snapshot.add(o.object, origin)
      return
    }
    snapshot.unreadableObjects.add(objectRefKey('', r.kind, r.namespace, r.name))
    if (o.refused === undefined) return
    const seen = refused.get(r.kind)
    if (seen) seen.count++
    else refused.set(r.kind, {first: o.refused, count: 1})
  })
  for (const [kind, {first, count}] of refused) {
    snapshot.warnings.push(count === 1 ? first : `${first} (and ${count - 1} more referenced ${kind}s)`)
  }
}
