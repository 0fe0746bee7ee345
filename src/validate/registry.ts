// The schemas objects are validated against: each CRD's versions by group and kind, and where each
// CRD came from. Sources are consulted in order (CRDs in the -f input, the cluster's installed
// CRDs, --crds files) and the first to define a kind wins for that kind.

import {groupOf, versionOf} from '../model/resources.js'
import {kindKey} from '../model/snapshot.js'
import type {CustomResourceDefinition, K8sObject} from '../model/types.js'
import {isRecord} from '../model/guards.js'
import {compileSchema, type JSONSchemaProps, type SchemaNode} from './schema.js'

export type SchemaOrigin = 'input' | 'cluster' | 'crds'

export const ORIGIN_TEXT: Record<SchemaOrigin, string> = {
  input: 'CRDs in the -f input',
  cluster: "the cluster's installed CRDs",
  crds: '--crds',
}

/** The annotation the Gateway API release puts on each of its CRDs. */
export const BUNDLE_VERSION = 'gateway.networking.k8s.io/bundle-version'

export interface KindSchemas {
  crd: CustomResourceDefinition
  origin: SchemaOrigin
  /** Gateway API release of the CRD (its bundle-version annotation), if it is one of them. */
  bundleVersion?: string
}

export type Lookup =
  | {found: true; schema: SchemaNode; skipRootFields: string[]; from: KindSchemas}
  | {found: false; reason: string; from: KindSchemas}
  | undefined

export function isCrd(o: K8sObject): o is CustomResourceDefinition {
  return o.kind === 'CustomResourceDefinition' && groupOf(o.apiVersion) === 'apiextensions.k8s.io'
}

export class SchemaRegistry {
  private readonly kinds = new Map<string, KindSchemas>()

  /** Adds CRDs from one source; kinds already defined by an earlier source are kept. */
  add(crds: Iterable<K8sObject>, origin: SchemaOrigin): void {
    for (const crd of crds) {
      if (!isCrd(crd) || !isRecord(crd.spec) || typeof crd.spec.group !== 'string' || !isRecord(crd.spec.names)) continue
      // A CRD without schemas (apiextensions v1beta1 allowed it) has nothing to validate against.
      if (!Array.isArray(crd.spec.versions) || !crd.spec.versions.some((v) => isRecord(v) && isRecord(v.schema?.openAPIV3Schema))) continue
      const key = kindKey(crd.spec.group, String(crd.spec.names.kind))
      if (this.kinds.has(key)) continue
      const bundle = crd.metadata.annotations?.[BUNDLE_VERSION]
      this.kinds.set(key, {crd, origin, ...(typeof bundle === 'string' ? {bundleVersion: bundle} : {})})
    }
  }

  get size(): number {
    return this.kinds.size
  }

  entries(): KindSchemas[] {
    return [...this.kinds.values()]
  }

  /** Whether objects of this kind are validated (a CRD for it is known). */
  has(group: string, kind: string): boolean {
    return this.kinds.has(kindKey(group, kind))
  }

  /** The schema for an object's apiVersion and kind; undefined when no CRD defines the kind. */
  lookup(obj: K8sObject): Lookup {
    const from = this.kinds.get(kindKey(groupOf(obj.apiVersion), obj.kind))
    if (!from) return undefined
    const version = versionOf(obj.apiVersion)
    const versions = Array.isArray(from.crd.spec.versions) ? from.crd.spec.versions : []
    const v = versions.find((x) => isRecord(x) && x.name === version)
    const served = versions.filter((x) => isRecord(x) && x.served !== false).map((x) => x.name)
    if (!v || v.served === false) {
      const release = from.bundleVersion ? ` (Gateway API ${from.bundleVersion})` : ''
      return {found: false, reason: `version ${version} of ${obj.kind} is not served by its CRD${release} from ${ORIGIN_TEXT[from.origin]}; served: ${served.join(', ') || 'none'}`, from}
    }
    const schema = (v.schema as {openAPIV3Schema?: JSONSchemaProps} | undefined)?.openAPIV3Schema
    // A version without a schema (apiextensions v1beta1 allowed it) is not validated by the server either.
    if (!isRecord(schema)) return undefined
    // The main resource endpoint ignores status when the status subresource is enabled.
    const sub = (v as {subresources?: {status?: unknown}}).subresources
    return {found: true, schema: compileSchema(schema), skipRootFields: sub?.status !== undefined ? ['status'] : [], from}
  }
}
