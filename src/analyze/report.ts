// What an `analyze` report covers and leaves out: which findings are in scope (a namespace, every
// namespace, or what a change touches), which are suppressed (--ignore, the object's
// kubectl-gw.io/ignore annotation), how many objects were looked at, and whether the input was
// complete. Pure: the command reads the sources, this decides what the report says.

import {groupOf} from '../model/resources.js'
import type {Snapshot} from '../model/snapshot.js'
import type {K8sObject} from '../model/types.js'
import {matches, type Selector} from '../selectors/labels.js'
import {errorAt, oneLine} from '../sources/messages.js'
import {UserError} from '../sources/request.js'
import type {Finding} from './findings.js'

/** Per-object annotation listing finding codes accepted for that object: `CODE,CODE`. */
export const IGNORE_ANNOTATION = 'kubectl-gw.io/ignore'

/**
 * Where findings are shown.
 * - `all`: every namespace (-A; `--local -f` without -n: everything in the files).
 * - `namespace`: one namespace (-n, or the kubeconfig's), plus cluster-scoped objects.
 * - `change` (-f against a cluster, no -n/-A): introduced and fixed findings wherever they are, since a
 *   grant in one namespace fixes a route in another; unchanged ones only in the files' namespaces and
 *   on the cluster-scoped objects the files hold.
 */
export type AnalyzeScope =
  | {kind: 'all'}
  | {kind: 'namespace'; namespace: string}
  | {kind: 'change'; namespaces: string[]; clusterScoped: ReadonlySet<string>}

const findingObjectKey = (f: Finding) => `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`
const objectKeyOf = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`

/** The scope of a what-if without -n/-A: the namespaces and cluster-scoped objects of the files. */
export function changeScope(files: Snapshot): AnalyzeScope {
  const namespaces = new Set<string>()
  const clusterScoped = new Set<string>()
  for (const o of files.objects) {
    if (o.metadata.namespace) namespaces.add(o.metadata.namespace)
    else clusterScoped.add(objectKeyOf(o))
  }
  return {kind: 'change', namespaces: [...namespaces].sort(), clusterScoped}
}

/** Whether a finding belongs in the report; `changed` is true for introduced and fixed findings. */
export function inScope(scope: AnalyzeScope, f: Finding, changed = false): boolean {
  if (scope.kind === 'all') return true
  if (scope.kind === 'namespace') return f.object.namespace === undefined || f.object.namespace === scope.namespace
  if (changed) return true
  return f.object.namespace === undefined ? scope.clusterScoped.has(findingObjectKey(f)) : scope.namespaces.includes(f.object.namespace)
}

/** Finds the object a finding is about, in the first snapshot that has it: one index per snapshot. */
export function objectLookup(...snapshots: Snapshot[]): (f: Finding) => K8sObject | undefined {
  const indexes = snapshots.map((s) => new Map(s.objects.map((o) => [objectKeyOf(o), o])))
  return (f) => {
    const key = findingObjectKey(f)
    for (const index of indexes) {
      const o = index.get(key)
      if (o) return o
    }
    return undefined
  }
}

/** `--ignore A,B`: codes are identifiers; anything else is a typo the user must see. */
export function parseIgnore(values: readonly string[] | undefined): Set<string> {
  const codes = new Set<string>()
  for (const v of values ?? []) {
    for (const raw of v.split(',')) {
      const code = raw.trim()
      if (code === '') continue
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(code)) throw new UserError(`error: invalid finding code ${JSON.stringify(code)} in --ignore: codes are words such as RefNotPermitted (see docs/findings.md)`)
      codes.add(code)
    }
  }
  return codes
}

function annotationCodes(o: K8sObject | undefined): string[] {
  const v: unknown = o?.metadata.annotations?.[IGNORE_ANNOTATION]
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []
}

export interface Filtered {
  shown: Finding[]
  suppressed: Finding[]
}

/**
 * Findings in scope and matching the label selector, split into shown and suppressed (by --ignore or
 * by the object's annotation).
 */
export function filterFindings(
  findings: readonly Finding[],
  o: {scope: AnalyzeScope; changed?: boolean; selector: Selector; ignore: ReadonlySet<string>; objectOf: (f: Finding) => K8sObject | undefined},
): Filtered {
  const out: Filtered = {shown: [], suppressed: []}
  for (const f of findings) {
    if (!inScope(o.scope, f, o.changed)) continue
    const obj = o.objectOf(f)
    if (o.selector.length > 0 && !matches(o.selector, obj?.metadata.labels)) continue
    if (o.ignore.has(f.code) || annotationCodes(obj).includes(f.code)) out.suppressed.push(f)
    else out.shown.push(f)
  }
  return out
}

/**
 * Objects the engines report on (Gateway API kinds and policies), counted where the report looks: the
 * namespace's own objects for a namespace scope.
 */
export function analyzedObjects(snapshot: Snapshot, scope: AnalyzeScope, selector: Selector = []): number {
  const policyKinds = new Set(snapshot.policyKinds.map((p) => `${p.group}/${p.kind}`))
  let n = 0
  for (const o of snapshot.objects) {
    const g = groupOf(o.apiVersion)
    if (!g.startsWith('gateway.networking.') && !policyKinds.has(`${g}/${o.kind}`)) continue
    const ns = o.metadata.namespace
    // Cluster-scoped objects (GatewayClasses) are in every namespace's report but not "in" the namespace.
    if (scope.kind === 'namespace' && ns !== scope.namespace) continue
    if (scope.kind === 'change' && (ns === undefined ? !scope.clusterScoped.has(objectKeyOf(o)) : !scope.namespaces.includes(ns))) continue
    if (selector.length > 0 && !matches(selector, o.metadata.labels)) continue
    n++
  }
  return n
}

/** `in namespace shop`, `in all namespaces`, `in namespaces a, b`: where the report looked. */
export function scopeText(scope: AnalyzeScope): string {
  if (scope.kind === 'all') return 'in all namespaces'
  if (scope.kind === 'namespace') return `in namespace ${scope.namespace}`
  if (scope.namespaces.length === 0) return 'in the files (cluster-scoped objects only)'
  return `in namespace${scope.namespaces.length === 1 ? '' : 's'} ${scope.namespaces.join(', ')}`
}

/**
 * Input problems that left objects out of the analysis (a malformed document, an unreadable file), as
 * the source wrote them without the `error: ` prefix. Non-empty means no verdict may read as clean.
 */
export function missingInputs(...snapshots: (Snapshot | undefined)[]): string[] {
  return snapshots.flatMap((s) => s?.errors ?? []).map((e) => e.replace(/^error:\s*/i, ''))
}

/**
 * With an explicit -n, the first object in the files that names another namespace, as kubectl's
 * error (k8s.io/cli-runtime RequireNamespace) with the file and object in front; undefined when none.
 */
export function namespaceMismatch(files: Snapshot, namespace: string): string | undefined {
  for (const o of files.objects) {
    const ns = o.metadata.namespace
    if (ns === undefined || ns === namespace) continue
    const message = `the namespace from the provided object ${JSON.stringify(ns)} does not match the namespace ${JSON.stringify(namespace)}. You must pass '--namespace=${ns}' to perform this operation.`
    const origin = files.origin(o)
    return origin?.file !== undefined ? errorAt({file: origin.file, document: origin.document}, `${o.kind} ${JSON.stringify(o.metadata.name)}: ${message}`) : oneLine(`error: ${message}`)
  }
  return undefined
}
