// What the report says about validation: where the schemas came from (and which Gateway API release
// they carry), how many objects were checked, which Gateway API objects had no schema, and which
// objects the server would refuse. "No schemas" is said, never passed over.

import {groupOf} from '../model/resources.js'
import type {Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP} from '../model/types.js'
import type {FindingObject} from '../analyze/findings.js'
import {isCrd, originText, type SchemaRegistry} from './registry.js'
import type {BundleState} from './bundle.js'
import type {SnapshotValidation} from './objects.js'

export interface ValidationSummary {
  /**
   * Each source that supplied a schema used here, with the Gateway API releases it carries, how many
   * CRDs it gave, and the kinds of the input it validated (said per kind when sources are mixed).
   */
  schemas: Array<{from: string; releases: string[]; kinds: number; validatedKinds: string[]; note?: string}>
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
  /** The schemas bundled with kubectl-gw, when they were needed: the release, or absent from this build. */
  bundle?: {release?: string; absent: boolean}
}

const isGatewayApi = (apiVersion: string) => [GATEWAY_GROUP, GATEWAY_X_GROUP].includes(groupOf(apiVersion))

export function summarize(snapshot: Snapshot, registry: SchemaRegistry, result: SnapshotValidation, bundle?: BundleState): ValidationSummary {
  const bySource = new Map<string, {releases: Set<string>; kinds: number; used: Set<string>; note?: string}>()
  for (const e of registry.entries()) {
    const from = originText(e)
    const s = bySource.get(from) ?? {releases: new Set<string>(), kinds: 0, used: new Set<string>(), ...(e.note ? {note: e.note} : {})}
    s.kinds++
    if (e.bundleVersion) s.releases.add(e.bundleVersion)
    bySource.set(from, s)
  }
  const missing = new Map<string, number>()
  for (const o of snapshot.objects) {
    if (isCrd(o)) continue
    const found = registry.lookup(o)
    if (found && (found.found || found.proven)) bySource.get(originText(found.from!))?.used.add(o.kind)
    else if (isGatewayApi(o.apiVersion)) {
      // A kind validated otherwise but not in this apiVersion is named with it.
      const name = found?.from ? `${o.kind} ${o.apiVersion}` : o.kind
      missing.set(name, (missing.get(name) ?? 0) + 1)
    }
  }
  const refused = result.results.filter((r) => r.violations.some((v) => v.source !== 'unknown')).map((r) => r.object)
  const refusedKeys = new Set(refused)
  // Objects refused for their apiVersion have no result entry; they are in `rejected` by key.
  const versionRefused = snapshot.objects.filter((o) => {
    if (refusedKeys.has(o)) return false
    const found = registry.lookup(o)
    return found?.found === false && found.proven
  })
  return {
    schemas: [...bySource].filter(([, s]) => s.kinds > 0).map(([from, s]) => ({from, releases: [...s.releases].sort(), kinds: s.kinds, validatedKinds: [...s.used].sort(), ...(s.note ? {note: s.note} : {})})),
    validated: result.validated,
    notValidatedKinds: [...missing.keys()].sort(),
    notValidatedObjects: [...missing.values()].reduce((a, b) => a + b, 0),
    defaultsApplied: result.defaults,
    updates: result.updates,
    refused: [...refused, ...versionRefused].map((o) => ({kind: o.kind, ...(o.metadata.namespace ? {namespace: o.metadata.namespace} : {}), name: o.metadata.name})),
    ...(bundle?.asked ? {bundle: {...(bundle.release ? {release: bundle.release} : {}), absent: bundle.release === undefined}} : {}),
  }
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`

/** One or two lines for the text report. */
export function summaryLines(s: ValidationSummary, whatIf: boolean): string[] {
  const out: string[] = []
  const absent = s.bundle?.absent ? ', and this build of kubectl-gw has no bundled Gateway API schemas (it was built without KUBECTL_GW_SCHEMAS_FROM)' : ''
  if (s.schemas.length === 0) {
    out.push(
      s.notValidatedObjects > 0
        ? `Schema validation: not run: no schemas (no CRDs in the -f input, from the cluster or --crds${absent}) for ${s.notValidatedKinds.join(', ')}.`
        : 'Schema validation: no schemas and no Gateway API objects to validate.',
    )
    return out
  }
  // The bundle's own name carries its release; other sources name the releases of their CRDs.
  const release = (x: ValidationSummary['schemas'][number]) => (x.releases.length && !x.from.startsWith('Gateway API ') ? ` (Gateway API ${x.releases.join(', ')})` : '')
  const mixed = s.schemas.filter((x) => x.validatedKinds.length > 0).length > 1
  const sources = s.schemas.map((x) => `${x.from}${release(x)}${mixed && x.validatedKinds.length ? ` for ${x.validatedKinds.join(', ')}` : ''}`).join('; ')
  const updates = s.updates > 0 ? `; ${s.updates} as updates of the objects the cluster has (transition rules run, errors in unchanged parts not reported)` : ''
  out.push(`Schema validation: ${plural(s.validated, 'object')} checked against ${sources}; ${plural(s.defaultsApplied, 'default')} applied${updates}.`)
  if (s.storedUnreadable) out.push(`Schema validation: ${plural(s.storedUnreadable, 'object')} validated as new: whether the cluster has ${s.storedUnreadable === 1 ? 'it' : 'them'} could not be read, so transition rules did not run and errors in unchanged parts are reported.`)
  for (const x of s.schemas) if (x.note && x.validatedKinds.length) out.push(`Schema validation: ${x.note}: ${x.validatedKinds.join(', ')} checked against ${x.from}.`)
  if (s.notValidatedObjects > 0) out.push(`Schema validation: not run for ${plural(s.notValidatedObjects, 'object')} (${s.notValidatedKinds.join(', ')}): no schema for the kind${s.notValidatedKinds.some((k) => k.includes(' ')) ? ' or its apiVersion' : ''}${absent}.`)
  if (s.refused.length > 0) {
    const names = s.refused.map((o) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`).join(', ')
    out.push(`The API server would refuse ${plural(s.refused.length, 'object')}: ${names}${whatIf ? ' (left out of the what-if graph: they would not be created)' : ''}.`)
  }
  return out
}
