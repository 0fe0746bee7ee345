#!/usr/bin/env node
// Build step (npm run build, after tsc; scripts/release.mjs for a release archive): the Gateway API
// schemas kubectl-gw validates against when neither the -f input, the cluster nor --crds has a kind's
// CRD. They are taken from a Gateway API release's own CRD files, given by whoever builds:
//
//   KUBECTL_GW_SCHEMAS_FROM=PATH[:PATH...]   files or directories (searched one level down and in
//                                            standard/ and experimental/): the release's
//                                            config/crd directory, or its standard-install.yaml and
//                                            experimental-install.yaml
//
// Each CRD is sorted into its channel by its own `gateway.networking.k8s.io/channel` annotation, and the
// release is named by `gateway.networking.k8s.io/bundle-version`, which must be one version across all
// files. Both channels must be there. The result is one compact JSON file,
// dist/schemas/gateway-api/bundle.json (per channel, per CRD: group, kind, plural, scope,
// bundle-version, versions with their served flag, schema without descriptions, and subresources),
// with a NOTICE naming the release and its licence.
//
// No registry carries these schemas for npm, and nothing of them is kept in this repository: without
// KUBECTL_GW_SCHEMAS_FROM the build says so in one line and has no bundle; the CLI then says so too.
//
//   node scripts/gateway-api-schemas.mjs [--from PATH[:PATH...]] [--out DIR]

import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {delimiter, dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {loadAll} from 'js-yaml'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const CHANNELS = ['standard', 'experimental']
const CHANNEL_ANNOTATION = 'gateway.networking.k8s.io/channel'
const VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version'

/** A schema without its descriptions (documentation, not validation): about a third of the size. */
export function withoutDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(withoutDescriptions)
  if (schema === null || typeof schema !== 'object') return schema
  const out = {}
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description') continue
    if (k === 'properties' && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, withoutDescriptions(s)]))
    else if (k === 'items' || k === 'additionalProperties' || k === 'not') out[k] = withoutDescriptions(v)
    else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') out[k] = v.map(withoutDescriptions)
    // Values (default, enum, example) and rules are kept as they are.
    else out[k] = v
  }
  return out
}

/** One CRD as the bundle keeps it (the shape src/validate/bundle.ts reads). */
export function compactCrd(crd) {
  const spec = crd.spec
  return {
    group: spec.group,
    kind: spec.names.kind,
    plural: spec.names.plural,
    scope: spec.scope,
    bundleVersion: crd.metadata?.annotations?.[VERSION_ANNOTATION],
    versions: spec.versions.map((v) => ({
      name: v.name,
      served: v.served !== false,
      storage: v.storage === true,
      ...(v.schema?.openAPIV3Schema ? {schema: withoutDescriptions(v.schema.openAPIV3Schema)} : {}),
      ...(v.subresources ? {subresources: v.subresources} : {}),
    })),
  }
}

/** The YAML files a PATH names: itself, or a directory's *.yaml|*.yml and those of its standard/ and experimental/. */
export function yamlFiles(path) {
  if (!existsSync(path)) throw new Error(`${path}: no such file or directory`)
  if (!statSync(path).isDirectory()) return [path]
  const files = []
  for (const dir of [path, ...CHANNELS.map((c) => join(path, c))]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue
    for (const name of readdirSync(dir).sort()) if (/\.ya?ml$/.test(name) && statSync(join(dir, name)).isFile()) files.push(join(dir, name))
  }
  return files
}

/**
 * The bundle from the CRD files of one Gateway API release (other documents, such as kustomizations and
 * admission policies, are left out). Throws with one line naming the file when the input is not that.
 */
export function buildBundle(paths) {
  const channels = Object.fromEntries(CHANNELS.map((c) => [c, new Map()]))
  const versions = new Map()
  for (const file of paths.flatMap(yamlFiles)) {
    let docs
    try {
      docs = loadAll(readFileSync(file, 'utf8'))
    } catch (e) {
      throw new Error(`${file}: not YAML: ${String(e.message).split('\n')[0]}`)
    }
    for (const doc of docs) {
      if (doc?.kind !== 'CustomResourceDefinition' || !String(doc.apiVersion).startsWith('apiextensions.k8s.io/')) continue
      const name = doc.metadata?.name
      const annotations = doc.metadata?.annotations ?? {}
      const channel = annotations[CHANNEL_ANNOTATION]
      if (!CHANNELS.includes(channel)) throw new Error(`${file}: CRD ${name} has no ${CHANNEL_ANNOTATION} annotation of standard or experimental: not a Gateway API release CRD`)
      const version = annotations[VERSION_ANNOTATION]
      if (typeof version !== 'string' || !version) throw new Error(`${file}: CRD ${name} has no ${VERSION_ANNOTATION} annotation`)
      versions.set(version, file)
      // The same CRD in two given files (config/crd and an install file) is kept once.
      channels[channel].set(name, compactCrd(doc))
    }
  }
  if (versions.size > 1) throw new Error(`the CRDs come from several Gateway API releases (${[...versions].map(([v, f]) => `${v} in ${f}`).join(', ')}): give one release`)
  const missing = CHANNELS.filter((c) => channels[c].size === 0)
  if (missing.length > 0) throw new Error(`no CRDs of the ${missing.join(' and ')} channel in ${paths.join(delimiter)}`)
  const [version] = versions.keys()
  const sorted = (m) => [...m.keys()].sort().map((k) => m.get(k))
  return {version, source: 'Gateway API release CRDs', channels: Object.fromEntries(CHANNELS.map((c) => [c, sorted(channels[c])]))}
}

function writeAtomic(path, data) {
  mkdirSync(dirname(path), {recursive: true})
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, data)
  renameSync(tmp, path)
}

/** The PATHs to read: --from, else KUBECTL_GW_SCHEMAS_FROM; empty when neither is set. */
export function sourcePaths(from, env = process.env) {
  const value = from ?? env.KUBECTL_GW_SCHEMAS_FROM ?? ''
  return value.split(delimiter).map((p) => p.trim()).filter(Boolean).map((p) => resolve(p))
}

/** The whole step; returns the directory written, or undefined after printing one line. */
export function main({from, out = join(ROOT, 'dist', 'schemas', 'gateway-api'), env = process.env, log = (l) => process.stderr.write(`${l}\n`)} = {}) {
  const paths = sourcePaths(from, env)
  if (paths.length === 0) {
    log('gateway-api schemas: not bundled (KUBECTL_GW_SCHEMAS_FROM is unset); kubectl gw validate will need --crds, CRDs in -f, or a cluster')
    return undefined
  }
  try {
    const bundle = buildBundle(paths)
    rmSync(out, {recursive: true, force: true})
    writeAtomic(join(out, 'bundle.json'), JSON.stringify(bundle))
    writeFileSync(
      join(out, 'NOTICE'),
      `bundle.json holds the CustomResourceDefinition schemas (descriptions removed) of Gateway API ${bundle.version},\nthe Kubernetes Gateway API project's release, under the Apache License 2.0 (the LICENSE of this package).\n`,
    )
    return out
  } catch (e) {
    log(`warning: gateway-api schemas not bundled: ${e.message}; kubectl gw validate will need --crds, CRDs in -f, or a cluster`)
    return undefined
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const arg = (flag) => {
    const i = process.argv.indexOf(flag)
    return i > 0 ? process.argv[i + 1] : undefined
  }
  const out = arg('--out')
  main({from: arg('--from'), ...(out ? {out: resolve(out)} : {})})
}
