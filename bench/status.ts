// The status a live cluster's controller would have written on the generated objects.

import {computeAttachments} from '../src/graph/index.js'
import {Snapshot} from '../src/model/snapshot.js'
import type {Condition, K8sObject} from '../src/model/types.js'

/**
 * Writes the status a conformant, up-to-date controller would, by running the attachment engine over
 * the generated objects: a live cluster carries status on Gateways, ListenerSets and routes, and
 * describe/analyze compare it. Routes whose every parent is missing get no status, as in a cluster.
 */
export function writeComputedStatus(objects: K8sObject[], now: Date): void {
  const snapshot = new Snapshot('cluster', now)
  for (const o of objects) snapshot.add(o)
  const graph = computeAttachments(snapshot)
  // Controllers write short messages of their own; the engine's long explanations would only inflate
  // the input (and their wildcards, `*.example.com`, push the YAML reader off its fast path).
  const stamped = (conditions: Condition[], at: string | undefined): Condition[] =>
    conditions.map((c) => ({...c, message: c.status === 'True' ? `${c.type}: ${c.reason}` : `${c.type} is ${c.status}: ${c.reason}`, lastTransitionTime: at}))
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
  for (const [route, ra] of graph.routes) {
    const parents = ra.computedStatus.parents
    if (parents.length === 0) continue
    route.status = copy({parents: parents.map((p) => ({...p, conditions: stamped(p.conditions, route.metadata.creationTimestamp)}))})
  }
  let address = 0
  for (const [gw, ga] of graph.gateways) {
    if (!ga.inScope) continue
    const at = gw.metadata.creationTimestamp
    address++
    gw.status = copy({
      addresses: [{type: 'IPAddress', value: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`}],
      conditions: stamped(ga.computedStatus.conditions, at),
      listeners: ga.computedStatus.listeners.map((l) => ({...l, conditions: stamped(l.conditions, at)})),
      ...(ga.computedStatus.attachedListenerSets !== undefined ? {attachedListenerSets: ga.computedStatus.attachedListenerSets} : {}),
    })
  }
  for (const [ls, la] of graph.listenerSets) {
    if (!la.inScope) continue
    const at = ls.metadata.creationTimestamp
    ls.status = copy({
      conditions: stamped(la.computedStatus.conditions, at),
      listeners: la.computedStatus.listeners.map((l) => ({...l, conditions: stamped(l.conditions, at)})),
    })
  }
}
