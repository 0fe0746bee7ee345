// The `default`s of a CRD's structural schema, applied the way kube-apiserver applies them to every
// custom resource it stores: a property that is absent gets the default of its schema node, wherever
// its parent object is present, in `properties`, array `items` and `additionalProperties` alike.
// Reading objects from files, this is what makes a policy read from a file mean what the same policy
// means read from a cluster (a HealthCheckPolicy without `timeout` has the CRD's `timeout: 2s` there).

import {isRecord} from '../model/guards.js'
import type {CustomResourceDefinition, K8sObject} from '../model/types.js'

type Schema = Record<string, unknown>

/**
 * `value` with the defaults of `schema` filled in. Never mutates `value` (YAML aliases can share one
 * mapping between several objects); returns `value` itself when nothing was missing.
 */
export function withSchemaDefaults(value: unknown, schema: unknown): unknown {
  if (!isRecord(schema)) return value
  if (Array.isArray(value)) {
    const items = schema.items
    if (!isRecord(items)) return value
    let out: unknown[] | undefined
    value.forEach((v, i) => {
      const d = withSchemaDefaults(v, items)
      if (d !== v) (out ??= [...value])[i] = d
    })
    return out ?? value
  }
  if (!isRecord(value)) return value
  let out: Record<string, unknown> | undefined
  const set = (k: string, v: unknown) => ((out ??= {...value})[k] = v)
  const properties = isRecord(schema.properties) ? schema.properties : {}
  for (const [name, sub] of Object.entries(properties)) {
    if (!isRecord(sub)) continue
    const current = value[name]
    // null counts as absent unless the schema allows null (the server drops such a null, then defaults).
    if (current === undefined || (current === null && sub.nullable !== true)) {
      // A default is itself defaulted further down, as the server does (it prunes and defaults the
      // default when the CRD is created).
      if (sub.default !== undefined) set(name, withSchemaDefaults(structuredClone(sub.default), sub))
      if (current === undefined || sub.default !== undefined) continue
    }
    const d = withSchemaDefaults(current, sub)
    if (d !== current) set(name, d)
  }
  const extra = schema.additionalProperties
  if (isRecord(extra)) {
    for (const [name, current] of Object.entries(value)) {
      if (name in properties) continue
      const d = withSchemaDefaults(current, extra)
      if (d !== current) set(name, d)
    }
  }
  return out ?? value
}

/** The schema of the CRD version an object is written in, or undefined when the CRD has none. */
export function schemaFor(crd: CustomResourceDefinition, apiVersion: string): Schema | undefined {
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion
  const v = Array.isArray(crd.spec?.versions) ? crd.spec.versions.find((x) => isRecord(x) && x.name === version) : undefined
  const schema = v?.schema?.openAPIV3Schema
  return isRecord(schema) ? schema : undefined
}

/** A custom resource as its CRD's schema defaults would have it stored (metadata untouched). */
export function defaultedObject<T extends K8sObject>(obj: T, crd: CustomResourceDefinition): T {
  const schema = schemaFor(crd, obj.apiVersion)
  if (!schema || !isRecord(schema.properties)) return obj
  // The server owns metadata, apiVersion and kind; only the rest is defaulted from the schema.
  const {metadata: _m, apiVersion: _a, kind: _k, ...rest} = schema.properties
  const d = withSchemaDefaults(obj, {...schema, properties: rest})
  return d as T
}
