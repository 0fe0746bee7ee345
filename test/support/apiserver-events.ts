// Events for the test API server: one store served by both APIs, as a real server does (events.k8s.io/v1
// and core v1 are two views of the same objects). Events given in either form are converted to the form
// asked for, and lists honour the field selectors each API supports for the object an event is about:
// regarding.* for events.k8s.io, involvedObject.* for core, plus metadata.name/namespace, type, reason.

import type {K8sObject} from '../../src/model/types.js'
import {status} from './apiserver-docs.js'
import type {ServedResource} from './apiserver-registry.js'

export const EVENT_RESOURCES: Omit<ServedResource, 'verbs'>[] = [
  {group: '', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], categories: []},
  {group: 'events.k8s.io', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'], categories: []},
]

export const isEventResource = (r: ServedResource) => r.resource === 'events' && (r.group === '' || r.group === 'events.k8s.io')

type Api = 'core' | 'events.k8s.io'

/** The fields of one form renamed to the other's (the subset kubectl and kubectl-gw read). */
const RENAMES: [core: string, events: string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reportingComponent', 'reportingController'],
]

function convert(e: K8sObject, to: Api): K8sObject {
  const from: Api = e.apiVersion === 'v1' ? 'core' : 'events.k8s.io'
  const out: Record<string, unknown> = {...e, apiVersion: to === 'core' ? 'v1' : 'events.k8s.io/v1', kind: 'Event'}
  if (from === to) return out as K8sObject
  for (const [core, events] of RENAMES) {
    const [a, b] = to === 'core' ? [events, core] : [core, events]
    if (a in out) {
      out[b] = out[a]
      delete out[a]
    }
  }
  return out as K8sObject
}

/** The value of a selectable field of an event in the `to` form, or undefined for an unknown field. */
function fieldOf(e: K8sObject, field: string, api: Api): string | undefined {
  const ref = (e as Record<string, unknown>)[api === 'core' ? 'involvedObject' : 'regarding'] as Record<string, unknown> | undefined
  const prefix = api === 'core' ? 'involvedObject.' : 'regarding.'
  if (field === 'metadata.name') return e.metadata.name
  if (field === 'metadata.namespace') return e.metadata.namespace ?? ''
  if (field === 'type' || field === 'reason') return String((e as Record<string, unknown>)[field] ?? '')
  if (field.startsWith(prefix) && ['kind', 'name', 'namespace', 'uid', 'apiVersion'].includes(field.slice(prefix.length))) return String(ref?.[field.slice(prefix.length)] ?? '')
  return undefined
}

/** Every event in the namespace (or all), in the asked form, filtered by `fieldSelector`; one page. */
export function listEvents(r: ServedResource, stored: K8sObject[], namespace: string | undefined, query: Record<string, string>): {code: number; body: unknown} {
  const api: Api = r.group === '' ? 'core' : 'events.k8s.io'
  const requirements: {field: string; equal: boolean; value: string}[] = []
  for (const part of (query.fieldSelector ?? '').split(',').filter((p) => p.trim() !== '')) {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part.trim())
    if (!m) return {code: 400, body: status(400, 'BadRequest', `invalid selector: '${query.fieldSelector}'; can't understand '${part}'`)}
    const field = m[1].trim()
    // Known fields answer for any event, so an event without the field tells the same as one with it.
    if (fieldOf({apiVersion: 'v1', kind: 'Event', metadata: {name: ''}}, field, api) === undefined) return {code: 400, body: status(400, 'BadRequest', `"${field}" is not a known field selector`)}
    requirements.push({field, equal: m[2] !== '!=', value: m[3].trim()})
  }
  const items: K8sObject[] = []
  for (const original of stored) {
    if (namespace !== undefined && original.metadata.namespace !== namespace) continue
    const e = convert(original, api)
    let keep = true
    for (const q of requirements) if ((fieldOf(e, q.field, api) === q.value) !== q.equal) keep = false
    if (keep) items.push(e)
  }
  return {code: 200, body: {apiVersion: api === 'core' ? 'v1' : 'events.k8s.io/v1', kind: 'EventList', metadata: {resourceVersion: '1'}, items}}
}
