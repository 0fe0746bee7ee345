// The schemas objects are validated against: each CRD's versions by group and kind, and where each
// CRD came from. Sources are consulted in order (CRDs in the -f input, the cluster's installed
// CRDs, --crds files, then the schemas bundled with kubectl-gw) and the first to define a kind wins
// for that kind. The bundle is a fallback asked per kind, only for kinds no other source has.

import {groupOf, versionOf} from '../model/resources.js'
import {kindKey} from '../model/snapshot.js'
import type {CustomResourceDefinition, K8sObject} from '../model/types.js'
import {isRecord} from '../model/guards.js'
import {compileSchema, type JSONSchemaProps, type SchemaNode} from './schema.js'
import {bundleText, type SchemaChannel} from './bundle.js'

export type SchemaOrigin = 'input' | 'cluster' | 'crds' | 'bundle'

export const ORIGIN_TEXT: Record<Exclude<SchemaOrigin, 'bundle'>, string> = {
  input: 'CRDs in the -f input',
  cluster: "the cluster's installed CRDs",
  crds: '--crds',
}

/** How the report names where a kind's schema came from. */
export function originText(k: KindSchemas): string {
  return k.origin === 'bundle' ? bundleText(k.bundleVersion ?? '?', k.channel ?? 'standard') : ORIGIN_TEXT[k.origin]
}

/** The annotation the Gateway API release puts on each of its CRDs. */
export const BUNDLE_VERSION = 'gateway.networking.k8s.io/bundle-version'

export interface KindSchemas {
  crd: CustomResourceDefinition
  origin: SchemaOrigin
  /** Gateway API release of the CRD (its bundle-version annotation), if it is one of them. */
  bundleVersion?: string
  /** For the bundle: the channel the CRD is from, and the experimental channel's CRD of the kind (for hints). */
  channel?: SchemaChannel
  experimental?: CustomResourceDefinition
  /** Why this source was used where an earlier one should have answered (the cluster's CRDs could not be read). */
  note?: string
}

/**
 * The bundle as the last source: asked for a kind no other source defines. `schemas` answers from the
 * bundle; `missing` (a Gateway API kind the bundle does not have) says why it has no schema.
 */
export interface FallbackSource {
  schemas(group: string, kind: string): KindSchemas | undefined
  /** Why a kind, or a version of it, is not in the bundle (it may come from a newer release); undefined when the fallback does not apply. */
  missing(group: string, kind: string, version: string, from?: KindSchemas): {reason: string; hint: string} | undefined
}

export type Lookup =
  | {found: true; schema: SchemaNode; skipRootFields: string[]; from: KindSchemas}
  /** `proven`: the source proves the server refuses the version (false for the bundle: the object may be of a newer release). */
  | {found: false; reason: string; from?: KindSchemas; proven: boolean; hint?: string}
  | undefined

export function isCrd(o: K8sObject): o is CustomResourceDefinition {
  return o.kind === 'CustomResourceDefinition' && groupOf(o.apiVersion) === 'apiextensions.k8s.io'
}

export class SchemaRegistry {
  private readonly kinds = new Map<string, KindSchemas>()
  /**
   * Kinds some source defines by a CRD without schemas: the server validates nothing of them, so the
   * bundle does not either (--crds, given explicitly, still may).
   */
  private readonly withoutSchemas = new Set<string>()
  private fallback?: FallbackSource
  /** The fallback's answers per kind (null: it has none), so that it is asked once per kind. */
  private readonly fromFallback = new Map<string, KindSchemas | null>()

  /** The last source, asked lazily per kind. */
  setFallback(f: FallbackSource): void {
    this.fallback = f
  }

  private entry(group: string, kind: string): KindSchemas | undefined {
    const key = kindKey(group, kind)
    const own = this.kinds.get(key)
    if (own || !this.fallback || this.withoutSchemas.has(key)) return own
    let f = this.fromFallback.get(key)
    if (f === undefined) this.fromFallback.set(key, (f = this.fallback.schemas(group, kind) ?? null))
    return f ?? undefined
  }

  /** Adds CRDs from one source; kinds already defined by an earlier source are kept. */
  add(crds: Iterable<K8sObject>, origin: SchemaOrigin): void {
    for (const crd of crds) {
      if (!isCrd(crd) || !isRecord(crd.spec) || typeof crd.spec.group !== 'string' || !isRecord(crd.spec.names)) continue
      const key = kindKey(crd.spec.group, String(crd.spec.names.kind))
      // A CRD without schemas (apiextensions v1beta1 allowed it) has nothing to validate against.
      if (!Array.isArray(crd.spec.versions) || !crd.spec.versions.some((v) => isRecord(v) && isRecord(v.schema?.openAPIV3Schema))) {
        this.withoutSchemas.add(key)
        continue
      }
      if (this.kinds.has(key)) continue
      const bundle = crd.metadata.annotations?.[BUNDLE_VERSION]
      this.kinds.set(key, {crd, origin, ...(typeof bundle === 'string' ? {bundleVersion: bundle} : {})})
    }
  }

  get size(): number {
    return this.kinds.size
  }

  /** The CRDs given by the sources, and those of the fallback that were asked for. */
  entries(): KindSchemas[] {
    return [...this.kinds.values(), ...[...this.fromFallback.values()].filter((f): f is KindSchemas => f !== null)]
  }

  /** Whether objects of this kind are validated (a CRD for it is known). */
  has(group: string, kind: string): boolean {
    return this.entry(group, kind) !== undefined
  }

  /**
   * The schema for an object's apiVersion and kind; undefined when no CRD defines the kind (and the
   * fallback does not apply to it).
   */
  lookup(obj: K8sObject): Lookup {
    const group = groupOf(obj.apiVersion)
    const version = versionOf(obj.apiVersion)
    const from = this.entry(group, obj.kind)
    if (!from) {
      if (this.withoutSchemas.has(kindKey(group, obj.kind))) return undefined
      const missing = this.fallback?.missing(group, obj.kind, version)
      return missing === undefined ? undefined : {found: false, ...missing, proven: false}
    }
    const versions = Array.isArray(from.crd.spec.versions) ? from.crd.spec.versions : []
    const v = versions.find((x) => isRecord(x) && x.name === version)
    const served = versions.filter((x) => isRecord(x) && x.served !== false).map((x) => x.name)
    if (!v || v.served === false) {
      if (from.origin === 'bundle') {
        const missing = this.fallback?.missing(group, obj.kind, version, from) ?? {reason: `${originText(from)} does not serve ${obj.apiVersion}`, hint: 'Pass --crds with the CRDs of the release the object is written for.'}
        return {found: false, ...missing, from, proven: false}
      }
      const release = from.bundleVersion ? ` (Gateway API ${from.bundleVersion})` : ''
      return {found: false, reason: `version ${version} of ${obj.kind} is not served by its CRD${release} from ${originText(from)}; served: ${served.join(', ') || 'none'}`, from, proven: true}
    }
    const schema = (v.schema as {openAPIV3Schema?: JSONSchemaProps} | undefined)?.openAPIV3Schema
    // A version without a schema (apiextensions v1beta1 allowed it) is not validated by the server either.
    if (!isRecord(schema)) return undefined
    // The main resource endpoint ignores status when the status subresource is enabled.
    const sub = (v as {subresources?: {status?: unknown}}).subresources
    return {found: true, schema: compileSchema(schema), skipRootFields: sub?.status !== undefined ? ['status'] : [], from}
  }
}
