// What the report says about validation: where the schemas came from (and which Gateway API release
// they carry), how many objects were checked, which Gateway API objects had no schema, and which
// objects the server would refuse. "No schemas" is said, never passed over.

import {groupOf} from '../model/resources.js'
import type {Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP} from '../model/types.js'
import type {FindingObject} from '../analyze/findings.js'
import {isCrd, ORIGIN_TEXT, type SchemaOrigin, type SchemaRegistry} from './registry.js'
import type {SnapshotValidation} from './objects.js'

export interface ValidationSummary {
  /** Each source that supplied a schema used here, with the Gateway API releases it carries. */
  schemas: Array<{from: string; releases: string[]; kinds: number}>
  validated: number
  /** Gateway API kinds in the input for which no schema was found: their objects were not validated. */
  notValidatedKinds: string[]
  notValidatedObjects: number
  defaultsApplied: number
  /** Objects the cluster already has, validated as updates. */
  updates: number
  /** Objects whose stored version could not be read (a refused list): validated as creates. */
  storedUnreadable?: number
  /** Objects the API server would refuse. */
  refused: FindingObject[]
}

const isGatewayApi = (apiVersion: string) => [GATEWAY_GROUP, GATEWAY_X_GROUP].includes(groupOf(apiVersion))

export function summarize(snapshot: Snapshot, registry: SchemaRegistry, result: SnapshotValidation): ValidationSummary {
  const bySource = new Map<SchemaOrigin, {releases: Set<string>; kinds: number}>()
  for (const e of registry.entries()) {
    const s = bySource.get(e.origin) ?? {releases: new Set<string>(), kinds: 0}
    s.kinds++
    if (e.bundleVersion) s.releases.add(e.bundleVersion)
    bySource.set(e.origin, s)
  }
  const missing = new Map<string, number>()
  for (const o of snapshot.objects) {
    if (isCrd(o) || !isGatewayApi(o.apiVersion) || registry.has(groupOf(o.apiVersion), o.kind)) continue
    missing.set(o.kind, (missing.get(o.kind) ?? 0) + 1)
  }
  const refused = result.results.filter((r) => r.violations.some((v) => v.source !== 'unknown')).map((r) => r.object)
  const refusedKeys = new Set(refused)
  // Objects refused for their apiVersion have no result entry; they are in `rejected` by key.
  const versionRefused = snapshot.objects.filter((o) => !refusedKeys.has(o) && registry.lookup(o)?.found === false)
  return {
    schemas: [...bySource].map(([origin, s]) => ({from: ORIGIN_TEXT[origin], releases: [...s.releases].sort(), kinds: s.kinds})),
    validated: result.validated,
    notValidatedKinds: [...missing.keys()].sort(),
    notValidatedObjects: [...missing.values()].reduce((a, b) => a + b, 0),
    defaultsApplied: result.defaults,
    updates: result.updates,
    refused: [...refused, ...versionRefused].map((o) => ({kind: o.kind, ...(o.metadata.namespace ? {namespace: o.metadata.namespace} : {}), name: o.metadata.name})),
  }
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`

/** One or two lines for the text report. */
export function summaryLines(s: ValidationSummary, whatIf: boolean): string[] {
  const out: string[] = []
  if (s.schemas.length === 0) {
    out.push(
      s.notValidatedObjects > 0
        ? `Schema validation: not run: no schemas (no CRDs in the -f input, from the cluster or --crds) for ${s.notValidatedKinds.join(', ')}.`
        : 'Schema validation: no schemas and no Gateway API objects to validate.',
    )
    return out
  }
  const sources = s.schemas.map((x) => `${x.from}${x.releases.length ? ` (Gateway API ${x.releases.join(', ')})` : ''}`).join('; ')
  const updates = s.updates > 0 ? `; ${s.updates} as updates of the objects the cluster has (transition rules run, errors in unchanged parts not reported)` : ''
  out.push(`Schema validation: ${plural(s.validated, 'object')} checked against ${sources}; ${plural(s.defaultsApplied, 'default')} applied${updates}.`)
  if (s.storedUnreadable) out.push(`Schema validation: ${plural(s.storedUnreadable, 'object')} validated as new: whether the cluster has ${s.storedUnreadable === 1 ? 'it' : 'them'} could not be read, so transition rules did not run and errors in unchanged parts are reported.`)
  if (s.notValidatedObjects > 0) out.push(`Schema validation: not run for ${plural(s.notValidatedObjects, 'object')} (${s.notValidatedKinds.join(', ')}): no CRD for the kind.`)
  if (s.refused.length > 0) {
    const names = s.refused.map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`).join(', ')
    out.push(`The API server would refuse ${plural(s.refused.length, 'object')}: ${names}${whatIf ? ' (left out of the what-if graph: they would not be created)' : ''}.`)
  }
  return out
}
