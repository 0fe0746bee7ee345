// Which groups, versions and resources the server serves. One aggregated discovery round (`/api` and
// `/apis` as APIGroupDiscoveryList) when the server supports it (Kubernetes >= 1.26 by default), else the
// older documents: APIVersions / APIGroupList, then one APIResourceList per version of the groups the
// requests need.

import {isRecord} from '../model/guards.js'
import {getJson, type ApiClient} from './api-json.js'
import {ApiError, IncompleteResponseError} from './cluster-errors.js'
import {oneLine} from './messages.js'

export interface ServedResource {
  group: string
  version: string
  /** Lower-case plural, as in the REST path. */
  resource: string
  kind: string
  namespaced: boolean
}

export const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

export class Discovery {
  /** Problems that did not stop discovery (one group version that failed to answer). */
  readonly warnings: string[] = []
  private readonly versionsByGroup = new Map<string, string[]>()
  private readonly resources = new Map<string, ServedResource>()
  /** Groups whose resources are all known (every version's resource list was read). */
  private readonly complete = new Set<string>()

  addGroup(name: string, versions: string[], complete: boolean): void {
    if (this.versionsByGroup.has(name)) return
    this.versionsByGroup.set(name, versions)
    if (complete) this.complete.add(name)
  }

  addResource(r: ServedResource): void {
    const key = `${r.group}/${r.version}/${r.resource}`
    if (!this.resources.has(key)) this.resources.set(key, r)
  }

  markComplete(group: string): void {
    this.complete.add(group)
  }

  hasGroup(group: string): boolean {
    return this.versionsByGroup.has(group)
  }

  /** Whether the absence of a resource from this group can be trusted. */
  knowsResourcesOf(group: string): boolean {
    return this.complete.has(group)
  }

  /** The server's versions of a group, preferred first. */
  groupVersions(group: string): string[] {
    return this.versionsByGroup.get(group) ?? []
  }

  lookup(group: string, version: string, resource: string): ServedResource | undefined {
    return this.resources.get(`${group}/${version}/${resource}`)
  }

  /**
   * Whether the server serves a kind of a group: false is certain (the group is not served, or its
   * resources are all known and none has that kind), undefined when the group's resources were not read.
   */
  servesKind(group: string, kind: string): boolean | undefined {
    if (!this.hasGroup(group)) return false
    if (!this.knowsResourcesOf(group)) return undefined
    return this.resourcesOf(group).some((r) => r.kind === kind)
  }

  /** Every resource served in a group, at every version. */
  resourcesOf(group: string): ServedResource[] {
    return [...this.resources.values()].filter((r) => r.group === group)
  }

  /** The versions serving a resource, in the server's order of preference. */
  versionsOf(group: string, resource: string): string[] {
    return this.groupVersions(group).filter((v) => this.resources.has(`${group}/${v}/${resource}`))
  }
}

/** Reads an APIGroupDiscoveryList into `into`; false when the document is not one. */
export function readAggregated(doc: unknown, into: Discovery): boolean {
  if (!isRecord(doc) || doc.kind !== 'APIGroupDiscoveryList' || !Array.isArray(doc.items)) return false
  for (const item of doc.items) {
    if (!isRecord(item)) continue
    const group = (isRecord(item.metadata) ? str(item.metadata.name) : undefined) ?? ''
    const versions: string[] = []
    for (const v of list(item.versions)) {
      if (!isRecord(v)) continue
      const version = str(v.version)
      if (version === undefined) continue
      versions.push(version)
      for (const r of list(v.resources)) {
        if (!isRecord(r)) continue
        const resource = str(r.resource)
        const kind = isRecord(r.responseKind) ? str(r.responseKind.kind) : undefined
        if (resource === undefined || kind === undefined) continue
        into.addResource({group, version, resource, kind, namespaced: r.scope === 'Namespaced'})
      }
    }
    into.addGroup(group, versions, true)
  }
  return true
}

/** The groups of an APIGroupList, each with its versions, the preferred one first. */
export function readGroupList(doc: unknown): {name: string; versions: string[]}[] {
  if (!isRecord(doc)) return []
  const out: {name: string; versions: string[]}[] = []
  for (const g of list(doc.groups)) {
    if (!isRecord(g)) continue
    const name = str(g.name)
    if (name === undefined) continue
    const listed = list(g.versions).flatMap((v) => (isRecord(v) && str(v.version) !== undefined ? [v.version as string] : []))
    const preferred = isRecord(g.preferredVersion) ? str(g.preferredVersion.version) : undefined
    const versions = preferred !== undefined && listed.includes(preferred) ? [preferred, ...listed.filter((v) => v !== preferred)] : listed
    out.push({name, versions})
  }
  return out
}

/** The core group's versions from an APIVersions document. */
export function readApiVersions(doc: unknown): string[] {
  return isRecord(doc) ? list(doc.versions).filter((v): v is string => typeof v === 'string' && v !== '') : []
}

export function readResourceList(doc: unknown, group: string, version: string, into: Discovery): void {
  if (!isRecord(doc)) return
  for (const r of list(doc.resources)) {
    if (!isRecord(r)) continue
    const resource = str(r.name)
    const kind = str(r.kind)
    // `gateways/status` and other subresources are not listable types.
    if (resource === undefined || kind === undefined || resource.includes('/')) continue
    into.addResource({group, version, resource, kind, namespaced: r.namespaced === true})
  }
}

/**
 * Discovers what the server serves. `wanted` says which groups' resource lists to fetch when the server
 * has no aggregated discovery; with it, everything arrives in the two documents anyway. Fails with the
 * server's error for `/api` or `/apis` themselves (401 included, and a 5xx that outlasted the retries);
 * a group version that does not answer only adds a warning, as kubectl carries on without it.
 */
export async function discover(client: ApiClient, wanted: (group: string) => boolean): Promise<Discovery> {
  const d = new Discovery()
  const [core, groups] = await Promise.all([getJson(client, '/api', {}, AGGREGATED_ACCEPT), getJson(client, '/apis', {}, AGGREGATED_ACCEPT)])
  const lists: {group: string; version: string; path: string}[] = []
  if (!readAggregated(core, d)) {
    const versions = readApiVersions(core)
    d.addGroup('', versions, false)
    if (wanted('')) for (const v of versions) lists.push({group: '', version: v, path: `/api/${encodeURIComponent(v)}`})
  }
  if (!readAggregated(groups, d)) {
    for (const g of readGroupList(groups)) {
      d.addGroup(g.name, g.versions, false)
      if (wanted(g.name)) {
        for (const v of g.versions) lists.push({group: g.name, version: v, path: `/apis/${encodeURIComponent(g.name)}/${encodeURIComponent(v)}`})
      }
    }
  }
  const failed = new Set<string>()
  await Promise.all(
    lists.map(async (l) => {
      try {
        readResourceList(await getJson(client, l.path), l.group, l.version, d)
      } catch (e) {
        // A body cut short (after the retries) fails one group version as an error Status would.
        const detail = e instanceof ApiError && e.code !== 401 ? e.message : e instanceof IncompleteResponseError ? e.message : undefined
        if (detail === undefined) throw e
        failed.add(l.group)
        d.warnings.push(oneLine(`couldn't get resource list for ${l.group === '' ? l.version : `${l.group}/${l.version}`}: ${detail}`))
      }
    }),
  )
  for (const l of lists) if (!failed.has(l.group)) d.markComplete(l.group)
  return d
}
