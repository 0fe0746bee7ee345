// The Gateway API schemas bundled with kubectl-gw (dist/schemas/gateway-api/bundle.json, written at
// build time by scripts/gateway-api-schemas.mjs from a Gateway API release's own CRD files, which the
// builder names in KUBECTL_GW_SCHEMAS_FROM): the last source of schemas, for a Gateway API kind no
// earlier source has. Read only when an object needs it.

import {readFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {isRecord} from '../model/guards.js'
import type {CustomResourceDefinition} from '../model/types.js'
import type {FallbackSource} from './registry.js'
import type {JSONSchemaProps} from './schema.js'

export type SchemaChannel = 'standard' | 'experimental'
export const SCHEMA_CHANNELS: readonly SchemaChannel[] = ['standard', 'experimental']

/** One CRD as the bundle keeps it (scripts/gateway-api-schemas.mjs compactCrd). */
export interface BundledCrd {
  group: string
  kind: string
  plural: string
  scope: string
  bundleVersion?: string
  versions: {name: string; served: boolean; storage?: boolean; schema?: JSONSchemaProps; subresources?: Record<string, unknown>}[]
}

export interface SchemaBundle {
  /** The Gateway API release the CRDs carry (their bundle-version annotation). */
  version: string
  channels: Record<SchemaChannel, BundledCrd[]>
}

/**
 * KUBECTL_GW_SCHEMA_BUNDLE when set (a bundle built elsewhere, as the tests do), else
 * dist/schemas/gateway-api/bundle.json, from dist/src/validate (or from src/validate, under the tests).
 */
export function defaultBundlePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBECTL_GW_SCHEMA_BUNDLE) return env.KUBECTL_GW_SCHEMA_BUNDLE
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const dist = basename(root) === 'dist' ? root : join(root, 'dist')
  return join(dist, 'schemas', 'gateway-api', 'bundle.json')
}

const loaded = new Map<string, SchemaBundle | undefined>()

/**
 * The bundle, read once per process; undefined when the build had none (it was built without
 * KUBECTL_GW_SCHEMAS_FROM). A file that is there but unreadable is an error: the build wrote it whole or not at all.
 */
export function readBundle(path: string = defaultBundlePath()): SchemaBundle | undefined {
  if (loaded.has(path)) return loaded.get(path)
  let text: string | undefined
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  let bundle: SchemaBundle | undefined
  if (text !== undefined) {
    const parsed: unknown = JSON.parse(text)
    if (!isRecord(parsed) || typeof parsed.version !== 'string' || !isRecord(parsed.channels) || !SCHEMA_CHANNELS.every((c) => Array.isArray((parsed.channels as Record<string, unknown>)[c]))) {
      throw new Error(`${path}: not a Gateway API schema bundle`)
    }
    bundle = parsed as unknown as SchemaBundle
  }
  loaded.set(path, bundle)
  return bundle
}

/** A bundled CRD as the CustomResourceDefinition the registry reads (the same shape a CRD file has). */
export function asCrd(b: BundledCrd, release: string): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: `${b.plural}.${b.group}`, annotations: {'gateway.networking.k8s.io/bundle-version': b.bundleVersion ?? release}},
    spec: {
      group: b.group,
      names: {kind: b.kind, plural: b.plural},
      scope: b.scope,
      versions: b.versions.map((v) => ({
        name: v.name,
        served: v.served,
        storage: v.storage,
        ...(v.schema ? {schema: {openAPIV3Schema: v.schema}} : {}),
        ...(v.subresources ? {subresources: v.subresources} : {}),
      })),
    },
  }
}

/** What the report calls the bundle. */
export function bundleText(release: string, channel: SchemaChannel): string {
  return `Gateway API ${release} (${channel} channel), bundled with kubectl-gw`
}

/**
 * Whether `path` (`spec.rules[0].sessionPersistence`) is a field `schema` defines: for an unknown
 * field of the standard channel, whether the experimental channel has it.
 */
export function schemaHasPath(schema: JSONSchemaProps | undefined, path: string): boolean {
  let node: JSONSchemaProps | undefined = schema
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[[^\]]*\])*)$/.exec(part)
    if (!m || !node) return false
    const next: JSONSchemaProps | undefined = node.properties?.[m[1]] ?? (isRecord(node.additionalProperties) ? node.additionalProperties : undefined)
    node = next
    // Each index steps into the items of a list (or the values of a map).
    for (let n = (m[2].match(/\[/g) ?? []).length; n > 0 && node; n--) node = node.items ?? (isRecord(node.additionalProperties) ? node.additionalProperties : undefined)
  }
  return node !== undefined
}

export interface BundleFallbackOptions {
  channel: SchemaChannel
  /** Whether the bundle may answer for a kind: never to contradict a cluster that proves the kind is not served. */
  allowed: (group: string, kind: string) => boolean
  /** Said in the report when the bundle answered (the cluster's CRDs could not be read, say). */
  note?: string
  /** The bundle; read on first use. */
  load?: () => SchemaBundle | undefined
}

export interface BundleState {
  /** The release the bundle carries; undefined when this build has none. */
  release?: string
  /** Whether a kind had to be taken from it, or would have been had it been there. */
  asked: boolean
  note?: string
}

const GATEWAY_GROUPS = new Set(['gateway.networking.k8s.io', 'gateway.networking.x-k8s.io'])

/**
 * The bundle as the registry's last source. Only Gateway API groups are looked up (other objects never
 * cause it to be read). With the standard channel, a kind only the experimental channel has comes from
 * the experimental one.
 */
export function bundleFallback(opts: BundleFallbackOptions): FallbackSource & {state(): BundleState} {
  const load = opts.load ?? (() => readBundle())
  let asked = false
  let bundle: SchemaBundle | undefined
  const get = () => {
    if (!asked) bundle = load()
    asked = true
    return bundle
  }
  const find = (b: SchemaBundle, channel: SchemaChannel, group: string, kind: string) => b.channels[channel].find((c) => c.group === group && c.kind === kind)
  const applies = (group: string, kind: string) => GATEWAY_GROUPS.has(group) && opts.allowed(group, kind)
  return {
    schemas(group, kind) {
      if (!applies(group, kind)) return undefined
      const b = get()
      if (!b) return undefined
      const own = find(b, opts.channel, group, kind)
      const experimental = find(b, 'experimental', group, kind)
      const chosen = own ?? experimental
      if (!chosen) return undefined
      const channel: SchemaChannel = own ? opts.channel : 'experimental'
      return {
        crd: asCrd(chosen, b.version),
        origin: 'bundle',
        bundleVersion: chosen.bundleVersion ?? b.version,
        channel,
        ...(channel !== 'experimental' && experimental ? {experimental: asCrd(experimental, b.version)} : {}),
        ...(opts.note ? {note: opts.note} : {}),
      }
    },
    missing(group, kind, version, from) {
      if (!applies(group, kind)) return undefined
      const b = get()
      if (!b) return undefined
      const apiVersion = `${group}/${version}`
      const retry = 'pass --crds with the CRDs of the release the objects are written for, or validate against a cluster that has them installed'
      if (!from) {
        return {
          reason: `${kind} (${group}) is not in the bundled Gateway API ${b.version} schemas (standard or experimental channel): it may come from a newer Gateway API release; not validated`,
          hint: `To validate it, ${retry}.`,
        }
      }
      const served = (c: CustomResourceDefinition) => c.spec.versions.filter((v) => v.served !== false).map((v) => v.name)
      if (from.channel !== 'experimental' && from.experimental && served(from.experimental).includes(version)) {
        return {
          reason: `${apiVersion} ${kind} is served only by the experimental channel of the bundled Gateway API ${b.version}, not by its ${from.channel} channel; not validated`,
          hint: `Pass --schema-channel experimental if the cluster runs the experimental channel, or ${retry}.`,
        }
      }
      return {
        reason: `the bundled Gateway API ${b.version} (${from.channel} channel) does not serve ${apiVersion} ${kind} (served: ${served(from.crd).join(', ') || 'none'}): it may come from a newer Gateway API release; not validated`,
        hint: `To validate it, ${retry}.`,
      }
    },
    state() {
      return {...(asked && bundle ? {release: bundle.version} : {}), asked, ...(opts.note ? {note: opts.note} : {})}
    },
  }
}
