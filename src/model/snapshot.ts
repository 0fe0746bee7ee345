// One in-memory view of a cluster (or of a set of files): every object the engines look at, indexed by
// group/kind and by namespace/name so that every lookup the graph makes is O(1). Built once by a source,
// then read-only.

import type {ContentFacts} from './content-facts.js'
import {groupOf} from './resources.js'
import {
  CustomResourceDefinition,
  GATEWAY_GROUP,
  GATEWAY_X_GROUP,
  Gateway,
  GatewayClass,
  K8sObject,
  ListenerSet,
  Namespace,
  Origin,
  Policy,
  ReferenceGrant,
  Route,
  ROUTE_KINDS,
  Service,
} from './types.js'

/** A policy kind found at run time (from a labelled CRD, or built in). */
export interface PolicyKind {
  group: string
  kind: string
  /** Lower-case plural; empty when only instances were seen (files without the CRD). */
  resource: string
  type: 'Direct' | 'Inherited'
  namespaced: boolean
  crd?: CustomResourceDefinition
}

export function kindKey(group: string, kind: string): string {
  return `${group}/${kind}`
}

export function objectKey(obj: K8sObject): string {
  return objectRefKey(groupOf(obj.apiVersion), obj.kind, obj.metadata.namespace, obj.metadata.name)
}

/** The key of an object named by a reference (group, kind, namespace, name): the same as objectKey's. */
export function objectRefKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}/${kind}/${namespace ?? ''}/${name}`
}

export class Snapshot {
  readonly objects: K8sObject[] = []
  /** Problems met while reading that do not spoil the rest (403 on one type): printed as warnings. */
  readonly warnings: string[] = []
  /**
   * Input that could not be used (a malformed document, an object without a name): printed as
   * one-line errors after the output made from the rest, and the command exits 1.
   */
  readonly errors: string[] = []
  /** Kinds (kindKey) that could not be read: conclusions that depend on them are unverified. */
  readonly unreadable = new Set<string>()
  readonly policyKinds: PolicyKind[] = []
  /**
   * Where a successful read proves that an object not in the snapshot does not exist, per kind
   * (kindKey): 'all' when every namespace was listed (or the kind is cluster-scoped), else the
   * namespaces that were. Only the cluster source records this; files prove nothing by omission.
   */
  readonly listedScope = new Map<string, 'all' | Set<string>>()
  /** Single objects (objectRefKey) whose own read was refused: their existence and contents are unverified. */
  readonly unreadableObjects = new Set<string>()
  /**
   * What the certificates in Secrets and ConfigMaps say (objectRefKey -> facts), derived before their
   * values are blanked (src/load.ts): the only trace of those values the engines keep.
   */
  readonly contentFacts = new Map<string, ContentFacts>()
  /**
   * Whether the server serves a kind: false proves that no such object exists; undefined when not
   * known (files, or a group whose resources were not discovered). Set by the cluster source.
   */
  servesKind: (group: string, kind: string) => boolean | undefined = () => undefined
  /** Objects read as metadata only: their existence is known, their type, data and spec are not. */
  private readonly metadataOnly = new WeakSet<K8sObject>()
  /**
   * The versions a cluster serves for each Gateway API kind (kindKey), in the server's order of
   * preference, from discovery; empty for files (their CRDs say it). Version advice follows it: a
   * version the cluster does not serve is never advised.
   */
  readonly servedVersions = new Map<string, string[]>()
  private readonly byKind = new Map<string, K8sObject[]>()
  private readonly byKey = new Map<string, K8sObject>()
  private readonly origins = new WeakMap<K8sObject, Origin>()

  constructor(
    readonly source: 'cluster' | 'files',
    /** Reference time for ages; fixed so that output is reproducible in tests. */
    readonly now: Date = new Date(),
  ) {}

  /**
   * Adds an object. A second object with the same group, kind, namespace and name replaces the first
   * (the caller decides whether that deserves a warning) and the replaced one is returned.
   */
  add(obj: K8sObject, origin?: Origin): K8sObject | undefined {
    const key = objectKey(obj)
    const previous = this.byKey.get(key)
    const kk = kindKey(groupOf(obj.apiVersion), obj.kind)
    let list = this.byKind.get(kk)
    if (!list) this.byKind.set(kk, (list = []))
    if (previous) {
      list[list.indexOf(previous)] = obj
      this.objects[this.objects.indexOf(previous)] = obj
    } else {
      list.push(obj)
      this.objects.push(obj)
    }
    this.byKey.set(key, obj)
    if (origin) this.origins.set(obj, origin)
    return previous
  }

  /** Marks an object as read through a metadata-only list (PartialObjectMetadata). */
  markMetadataOnly(obj: K8sObject): void {
    this.metadataOnly.add(obj)
  }

  /** Whether an object's contents (type, data, spec) were read, not only its metadata. */
  hasContent(obj: K8sObject): boolean {
    return !this.metadataOnly.has(obj)
  }

  /** Records a successful, unfiltered list of a kind in one namespace, or everywhere (namespace undefined). */
  recordListed(group: string, kind: string, namespace?: string): void {
    const key = kindKey(group, kind)
    const scope = this.listedScope.get(key)
    if (scope === 'all') return
    if (namespace === undefined) this.listedScope.set(key, 'all')
    else if (scope) scope.add(namespace)
    else this.listedScope.set(key, new Set([namespace]))
  }

  origin(obj: K8sObject): Origin | undefined {
    return this.origins.get(obj)
  }

  list<T extends K8sObject = K8sObject>(group: string, kind: string): T[] {
    return (this.byKind.get(kindKey(group, kind)) ?? []) as T[]
  }

  find<T extends K8sObject = K8sObject>(group: string, kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.byKey.get(objectRefKey(group, kind, namespace, name)) as T | undefined
  }

  /** Whether a kind was read completely (false after a 403, say). */
  readable(group: string, kind: string): boolean {
    return !this.unreadable.has(kindKey(group, kind))
  }

  gatewayClasses(): GatewayClass[] {
    return this.list<GatewayClass>(GATEWAY_GROUP, 'GatewayClass')
  }

  gateways(): Gateway[] {
    return this.list<Gateway>(GATEWAY_GROUP, 'Gateway')
  }

  routes(): Route[] {
    return ROUTE_KINDS.flatMap((k) => this.list<Route>(GATEWAY_GROUP, k))
  }

  listenerSets(): ListenerSet[] {
    return [...this.list<ListenerSet>(GATEWAY_GROUP, 'ListenerSet'), ...this.list<ListenerSet>(GATEWAY_X_GROUP, 'XListenerSet')]
  }

  referenceGrants(): ReferenceGrant[] {
    return this.list<ReferenceGrant>(GATEWAY_GROUP, 'ReferenceGrant')
  }

  namespaces(): Namespace[] {
    return this.list<Namespace>('', 'Namespace')
  }

  services(): Service[] {
    return this.list<Service>('', 'Service')
  }

  crds(): CustomResourceDefinition[] {
    return this.list<CustomResourceDefinition>('apiextensions.k8s.io', 'CustomResourceDefinition')
  }

  policies(): Policy[] {
    return this.policyKinds.flatMap((p) => this.list<Policy>(p.group, p.kind))
  }

  /**
   * The labels of a namespace as a selector sees them. Kubernetes (>= 1.22) sets
   * `kubernetes.io/metadata.name` on every Namespace; files often omit Namespace objects altogether,
   * so the label is synthesized.
   */
  namespaceLabels(name: string): Record<string, string> {
    const ns = this.find<Namespace>('', 'Namespace', undefined, name)
    return {...ns?.metadata.labels, 'kubernetes.io/metadata.name': name}
  }

  /** Every namespace mentioned by an object, plus the Namespace objects themselves, sorted. */
  namespaceNames(): string[] {
    const names = new Set<string>()
    for (const o of this.objects) {
      if (o.metadata.namespace) names.add(o.metadata.namespace)
      if (o.kind === 'Namespace' && groupOf(o.apiVersion) === '') names.add(o.metadata.name)
    }
    return [...names].sort()
  }
}
