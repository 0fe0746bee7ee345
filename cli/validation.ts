// Schema validation for commands that read -f input (analyze, validate): gathers the schemas in the
// documented order (CRDs in the input, the cluster's installed CRDs, --crds files, the Gateway API
// schemas bundled with kubectl-gw), validates the input's objects, and gives the snapshot without the
// objects the server would refuse, for what-if.

import {Flags} from '@oclif/core'
import type {Finding} from '../src/analyze/findings.js'
import {groupOf, typeForKind, type ResourceType} from '../src/model/resources.js'
import {kindKey, objectKey, Snapshot} from '../src/model/snapshot.js'
import type {CustomResourceDefinition, K8sObject} from '../src/model/types.js'
import {CRD_GROUP, CRD_REF} from '../src/sources/cluster-targets.js'
import {bundleFallback, type SchemaBundle, type SchemaChannel} from '../src/validate/bundle.js'
import type {ListRequest} from '../src/sources/request.js'
import {isCrd, SchemaRegistry} from '../src/validate/registry.js'
import {readFileSync} from 'node:fs'
import {STDIN_NAME} from '../src/sources/inputs.js'
import {YamlLocator} from '../src/validate/locate.js'
import {validateSnapshot, type LocateField} from '../src/validate/objects.js'
import {summarize, type ValidationSummary} from '../src/validate/report.js'

export const schemaChannelFlag = Flags.string({
  description: 'Channel of the bundled Gateway API schemas, used for kinds no CRD in the -f input, the cluster or --crds defines (kinds only the experimental channel has always come from it)',
  options: ['standard', 'experimental'],
  default: 'standard',
})

export const crdsFlag = Flags.string({
  description: 'CRD files or directories to validate against when neither the -f input nor the cluster has the CRD of a kind',
  helpValue: 'PATH',
  multiple: true,
  delimiter: ',',
  multipleNonGreedy: true,
})

/**
 * The cluster's CRDs, for validation against exactly what the server will enforce: one list of every
 * CRD (a kind in the input may be any custom resource, and Gateway API CRDs carry no common label).
 */
export function crdRequests(): ListRequest[] {
  const type = {name: 'customresourcedefinitions', singular: 'customresourcedefinition', shortNames: [], aliases: [], refs: [CRD_REF], namespaced: false}
  return [{type, namespace: undefined, explicit: false}]
}

/**
 * The stored versions of the input's objects, so that an object that exists is validated as an update
 * (transition rules, ratcheting): one list per kind of the input (kubectl-gw's own types, or the
 * cluster CRD's resource for any other kind), in the one namespace its objects are in, else across
 * namespaces. Kinds the cluster has no CRD for (built-in kinds among them) are not asked for.
 */
export function storedObjectRequests(files: Snapshot, crds: readonly CustomResourceDefinition[]): ListRequest[] {
  const namespaces = new Map<string, {type: ResourceType; ns: Set<string | undefined>}>()
  for (const o of files.objects) {
    if (isCrd(o)) continue
    const group = groupOf(o.apiVersion)
    // Only kinds the cluster serves from a CRD have a schema to validate an update against: built-in
    // kinds in the input (Secrets, ConfigMaps, Services) are never listed for this.
    const crd = crds.find((c) => c.spec.group === group && c.spec.names.kind === o.kind)
    if (!crd) continue
    const type = typeForKind(group, o.kind) ?? crdType(crd)
    if (!type) continue
    let entry = namespaces.get(type.name)
    if (!entry) namespaces.set(type.name, (entry = {type, ns: new Set()}))
    entry.ns.add(type.namespaced ? o.metadata.namespace : undefined)
  }
  return [...namespaces.values()].map(({type, ns}) => ({type, namespace: ns.size === 1 ? [...ns][0] : undefined, explicit: false, lean: true}))
}

/** A CRD's resource as a type to list. */
function crdType(crd: CustomResourceDefinition | undefined): ResourceType | undefined {
  if (!crd) return undefined
  const {group, names, scope} = crd.spec
  const namespaced = scope === 'Namespaced'
  const versions = crd.spec.versions.filter((v) => v.served !== false).map((v) => v.name)
  return {name: `${names.plural}.${group}`, singular: names.singular ?? names.kind.toLowerCase(), shortNames: [], aliases: [], refs: [{group, resource: names.plural, kind: names.kind, versions, namespaced}], namespaced}
}

export interface InputValidation {
  findings: Finding[]
  summary: ValidationSummary
  /** The input without the objects the server would refuse. */
  accepted: Snapshot
  /** Problems reading --crds files (printed as errors; the command exits 1). */
  errors: string[]
}

export interface ValidateInputOptions {
  /** --crds paths. */
  crds?: string[]
  /** The cluster snapshot: its CRDs, and (unless `stored` is given) the stored objects for updates. */
  cluster?: Snapshot
  /** The stored versions of the input's objects (storedObjectRequests). */
  stored?: Snapshot
  defaultNamespace: string
  /** --schema-channel (default standard). */
  channel?: SchemaChannel
  /** The bundled schemas (default: the build's dist/schemas/gateway-api/bundle.json). */
  bundle?: () => SchemaBundle | undefined
}

/**
 * When the bundle may answer for a kind: without a cluster, always; with one whose CRDs were listed,
 * never (they are what it enforces: a kind they lack is not served, and that verdict stands); when
 * the cluster's CRDs could not be read, for the kinds its discovery does not prove unserved, and the
 * report says so.
 */
export function bundlePolicy(cluster: Snapshot | undefined): {allowed: (group: string, kind: string) => boolean; note?: string} {
  if (!cluster) return {allowed: () => true}
  if (cluster.listedScope.get(kindKey(CRD_GROUP, 'CustomResourceDefinition')) === 'all') return {allowed: () => false}
  return {allowed: (group, kind) => cluster.servesKind(group, kind) !== false, note: "the cluster's CRDs could not be read"}
}

export async function validateInput(files: Snapshot, opts: ValidateInputOptions): Promise<InputValidation> {
  const registry = new SchemaRegistry()
  registry.add(files.objects.filter(isCrd), 'input')
  if (opts.cluster) registry.add(opts.cluster.objects.filter(isCrd), 'cluster')
  const errors: string[] = []
  if (opts.crds && opts.crds.length > 0) {
    const {loadFromFiles} = await import('../src/sources/files.js')
    const extra = await loadFromFiles(opts.crds, {defaultNamespace: opts.defaultNamespace, workers: false})
    errors.push(...extra.errors)
    registry.add(extra.objects.filter(isCrd), 'crds')
  }
  const policy = bundlePolicy(opts.cluster)
  const fallback = bundleFallback({channel: opts.channel ?? 'standard', ...policy, ...(opts.bundle ? {load: opts.bundle} : {})})
  registry.setFallback(fallback)
  const cluster = opts.stored ?? opts.cluster
  // A kind kubectl-gw does not know was read from the files as namespaced; its CRD says otherwise.
  const crds = [...files.objects, ...(opts.cluster?.objects ?? [])].filter(isCrd)
  const clusterScoped = new Set(crds.filter((c) => c.spec.scope === 'Cluster').map((c) => `${c.spec.group}/${c.spec.names.kind}`))
  const old = cluster
    ? (o: K8sObject) => {
        const group = groupOf(o.apiVersion)
        return cluster.find(group, o.kind, clusterScoped.has(`${group}/${o.kind}`) ? undefined : o.metadata.namespace, o.metadata.name)
      }
    : undefined
  const result = validateSnapshot(files, registry, old, fileLocator())
  // A refused list proves nothing: those objects were validated as creates, and the summary says so.
  const unread = cluster ? files.objects.filter((o) => !isCrd(o) && registry.has(groupOf(o.apiVersion), o.kind) && cluster.unreadable.has(kindKey(groupOf(o.apiVersion), o.kind))).length : 0
  const accepted = new Snapshot(files.source, files.now)
  for (const o of files.objects) if (!result.rejected.has(objectKey(o))) accepted.add(o, files.origin(o))
  accepted.policyKinds.push(...files.policyKinds)
  for (const k of files.unreadable) accepted.unreadable.add(k)
  return {findings: result.findings, summary: {...summarize(files, registry, result, fallback.state()), ...(unread > 0 ? {storedUnreadable: unread} : {})}, accepted, errors}
}

/**
 * Field lines from the files themselves, read again (once each) only when an object of theirs has a
 * finding. Standard input was consumed and is not located; a file that cannot be read again is not
 * either (the finding keeps its document number).
 */
function fileLocator(): LocateField {
  const parsed = new Map<string, YamlLocator | undefined>()
  return (file, document, path) => {
    if (file === STDIN_NAME) return undefined
    if (!parsed.has(file)) {
      let locator: YamlLocator | undefined
      try {
        locator = new YamlLocator(readFileSync(file, 'utf8'))
      } catch {
        locator = undefined
      }
      parsed.set(file, locator)
    }
    return parsed.get(file)?.line(document, path)
  }
}
