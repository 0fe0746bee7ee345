// "What would applying these files change?": the files overlay the cluster's snapshot in memory (an
// object with the same group, kind, namespace and name replaces the cluster's), findings are computed
// before and after, and compared by identity (code, object, subject).

import {analyze} from '../analysis.js'
import {groupOf} from '../model/resources.js'
import {objectKey, Snapshot} from '../model/snapshot.js'
import type {K8sObject} from '../model/types.js'
import {collectFindings, findingKey, type Finding, type FindingObject, type FindingOptions} from './findings.js'

export interface WhatIfReport {
  summary: {created: FindingObject[]; updated: FindingObject[]; unchanged: FindingObject[]}
  introduced: Finding[]
  fixed: Finding[]
  unchanged: Finding[]
}

const ref = (o: K8sObject): FindingObject => ({kind: o.kind, ...(o.metadata.namespace ? {namespace: o.metadata.namespace} : {}), name: o.metadata.name})

/**
 * What `kubectl apply` would compare: the object without status and server-managed metadata, and
 * with the group alone instead of apiVersion (a server returns every version of a kind converted).
 */
function applied(o: K8sObject): string {
  const {status: _status, metadata, apiVersion, ...rest} = o
  const {resourceVersion: _rv, uid: _uid, generation: _g, creationTimestamp: _ct, managedFields: _mf, ...meta} = metadata as typeof metadata & {managedFields?: unknown}
  return JSON.stringify(sortDeep({...rest, group: groupOf(apiVersion), metadata: meta}))
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortDeep(x)]))
  return v
}

/** The cluster snapshot with the files' objects laid over it; `before` is not modified. */
export function overlay(before: Snapshot, files: Snapshot): {after: Snapshot; summary: WhatIfReport['summary']} {
  const after = new Snapshot(before.source, before.now)
  for (const o of before.objects) after.add(o, before.origin(o))
  after.warnings.push(...before.warnings)
  for (const k of before.unreadable) after.unreadable.add(k)
  // What the cluster proved about absence and contents stays proved for the objects the files leave alone.
  for (const [k, scope] of before.listedScope) after.listedScope.set(k, scope === 'all' ? 'all' : new Set(scope))
  for (const k of before.unreadableObjects) after.unreadableObjects.add(k)
  after.servesKind = before.servesKind
  for (const [k, f] of before.contentFacts) after.contentFacts.set(k, f)
  // What the cluster serves decides version advice for the files' objects too.
  for (const [k, v] of before.servedVersions) after.servedVersions.set(k, v)
  const kinds = new Map([...before.policyKinds, ...files.policyKinds].map((p) => [`${p.group}/${p.kind}`, p]))
  after.policyKinds.push(...kinds.values())
  const summary: WhatIfReport['summary'] = {created: [], updated: [], unchanged: []}
  const existing = new Map(before.objects.map((o) => [objectKey(o), o]))
  for (const o of files.objects) {
    const old = existing.get(objectKey(o))
    if (!old) summary.created.push(ref(o))
    else if (applied(old) === applied(o)) summary.unchanged.push(ref(o))
    else summary.updated.push(ref(o))
    // An unchanged object keeps the cluster's version (and its status).
    if (!old || applied(old) !== applied(o)) {
      after.add(o, files.origin(o))
      const facts = files.contentFacts.get(objectKey(o))
      if (facts) after.contentFacts.set(objectKey(o), facts)
      else after.contentFacts.delete(objectKey(o))
      after.unreadableObjects.delete(objectKey(o))
    }
  }
  return {after, summary}
}

export function whatIf(before: Snapshot, files: Snapshot, opts: FindingOptions = {}): WhatIfReport {
  const {after, summary} = overlay(before, files)
  const was = collectFindings(analyze(before), opts)
  const now = collectFindings(analyze(after), opts)
  const wasKeys = new Set(was.map(findingKey))
  const nowKeys = new Set(now.map(findingKey))
  return {
    summary,
    introduced: now.filter((f) => !wasKeys.has(findingKey(f))),
    fixed: was.filter((f) => !nowKeys.has(findingKey(f))),
    unchanged: now.filter((f) => wasKeys.has(findingKey(f))),
  }
}
