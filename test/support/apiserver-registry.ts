// What the test API server serves: the built-in types every cluster has, plus one resource per served
// version of each CRD among the objects, and the objects themselves indexed per kind.

import {groupOf} from '../../src/model/resources.js'
import type {CustomResourceDefinition, K8sObject} from '../../src/model/types.js'
import {EVENT_RESOURCES} from './apiserver-events.js'

export interface ServedResource {
  group: string
  version: string
  resource: string
  singular: string
  kind: string
  namespaced: boolean
  shortNames: string[]
  categories: string[]
  verbs: string[]
}

export interface ServedGroup {
  /** '' for the core group. */
  name: string
  /** Preferred first. */
  versions: string[]
  resources: Map<string, ServedResource[]>
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

const BUILTIN: Omit<ServedResource, 'verbs'>[] = [
  {group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'], categories: []},
  {group: '', version: 'v1', resource: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all']},
  {group: '', version: 'v1', resource: 'secrets', singular: 'secret', kind: 'Secret', namespaced: true, shortNames: [], categories: []},
  {group: '', version: 'v1', resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'], categories: []},
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
  },
  ...EVENT_RESOURCES,
]

/**
 * Kubernetes' version priority (k8s.io/apimachinery version.CompareKubeAwareVersionStrings): GA before
 * beta before alpha, higher numbers first, anything else after them in lexical order.
 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v)
    if (!m) return undefined
    return {major: Number(m[1]), stability: m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0, minor: Number(m[3] ?? 0)}
  }
  const pa = parse(a)
  const pb = parse(b)
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b)
  return pb.stability - pa.stability || pb.major - pa.major || pb.minor - pa.minor
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [])

function crdResources(crd: CustomResourceDefinition): ServedResource[] {
  const spec = crd.spec as Partial<CustomResourceDefinition['spec']> | undefined
  const names = spec?.names
  if (typeof spec?.group !== 'string' || spec.group === '' || typeof names?.plural !== 'string' || typeof names.kind !== 'string') return []
  const versions = Array.isArray(spec.versions) ? spec.versions : []
  return versions
    .filter((v) => typeof v?.name === 'string' && v.served !== false)
    .map((v) => ({
      group: spec.group as string,
      version: v.name,
      resource: names.plural,
      singular: typeof names.singular === 'string' ? names.singular : names.kind.toLowerCase(),
      kind: names.kind,
      namespaced: spec.scope !== 'Cluster',
      shortNames: strings(names.shortNames),
      categories: strings((names as {categories?: unknown}).categories),
      verbs: VERBS,
    }))
}

export class Registry {
  readonly groups = new Map<string, ServedGroup>()
  private readonly byPath = new Map<string, ServedResource>()
  private readonly scopeByKind = new Map<string, boolean>()

  constructor(objects: K8sObject[]) {
    const crds = objects.filter((o) => o?.kind === 'CustomResourceDefinition' && groupOf(o.apiVersion) === 'apiextensions.k8s.io')
    for (const r of [...BUILTIN.map((b) => ({...b, verbs: VERBS})), ...crds.flatMap((c) => crdResources(c as CustomResourceDefinition))]) {
      const key = `${r.group}/${r.version}/${r.resource}`
      // The first CRD for a group/resource wins, as the apiserver refuses a second one with the same name.
      if (this.byPath.has(key)) continue
      this.byPath.set(key, r)
      if (!this.scopeByKind.has(`${r.group}/${r.kind}`)) this.scopeByKind.set(`${r.group}/${r.kind}`, r.namespaced)
      let g = this.groups.get(r.group)
      if (!g) this.groups.set(r.group, (g = {name: r.group, versions: [], resources: new Map()}))
      let list = g.resources.get(r.version)
      if (!list) {
        g.resources.set(r.version, (list = []))
        g.versions.push(r.version)
      }
      list.push(r)
    }
    for (const g of this.groups.values()) g.versions.sort(compareKubeVersions)
  }

  lookup(group: string, version: string, resource: string): ServedResource | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`)
  }

  /** Whether objects of this kind live in namespaces; undefined when the kind is not served. */
  namespaced(group: string, kind: string): boolean | undefined {
    return this.scopeByKind.get(`${group}/${kind}`)
  }
}

interface Stored {
  key: string
  object: K8sObject
}

/** The served objects, per group/kind, in the apiserver's storage order (namespace, then name). */
export class ObjectStore {
  private readonly byKind = new Map<string, Stored[]>()
  readonly resourceVersion: string

  constructor(objects: K8sObject[], registry: Registry) {
    let rv = 1000
    for (const original of objects) {
      if (typeof original !== 'object' || original === null || typeof original.metadata?.name !== 'string') continue
      const group = groupOf(original.apiVersion)
      const namespaced = registry.namespaced(group, original.kind)
      const object = structuredClone(original)
      const meta = {...object.metadata, resourceVersion: String(++rv)}
      if (namespaced === true && !meta.namespace) meta.namespace = 'default'
      if (namespaced === false) delete meta.namespace
      // Every apiserver since 1.21 labels each Namespace with its own name.
      if (object.kind === 'Namespace' && group === '') meta.labels = {...meta.labels, 'kubernetes.io/metadata.name': meta.name}
      object.metadata = meta
      const kindKey = `${group}/${object.kind}`
      let list = this.byKind.get(kindKey)
      if (!list) this.byKind.set(kindKey, (list = []))
      list.push({key: `${meta.namespace ?? ''}/${meta.name}`, object})
    }
    for (const list of this.byKind.values()) list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    this.resourceVersion = String(rv + 1)
  }

  list(r: ServedResource): Stored[] {
    return this.byKind.get(`${r.group}/${r.kind}`) ?? []
  }

  get(r: ServedResource, namespace: string | undefined, name: string): K8sObject | undefined {
    const key = `${namespace ?? ''}/${name}`
    return this.list(r).find((s) => s.key === key)?.object
  }
}
