// The Events section of `describe`, as kubectl describe prints it: which events belong to an object
// (regarding/involvedObject kind, namespace and name, the API group and uid when the event names them),
// newest last, and the Type/Reason/Age/From/Message table with `5m (x3 over 10m)` ages. Events come
// from events.k8s.io/v1 or, on older servers, core v1; both are read into one shape here. Pure.

import {isRecord} from '../model/guards.js'
import {groupOf} from '../model/resources.js'
import type {K8sObject} from '../model/types.js'
import {humanDuration, parseTimestamp} from '../printers/age.js'
import {escapeControl} from '../printers/escape.js'
import type {EventsApi} from '../sources/events.js'

/** Which API the events were read from (their field names differ). */
export type {EventsApi}

/** One event, whichever API it came from. */
export interface ObjectEvent {
  regarding: {kind: string; namespace?: string; name: string; uid?: string; apiVersion?: string}
  type: string
  reason: string
  /** source.component, else the reporting controller (kubectl's From column). */
  from: string
  message: string
  /** How many times it happened (series.count, else count; 1 when neither says). */
  count: number
  /** eventTime, else firstTimestamp: what kubectl's age counts from. */
  first?: string
  /** series.lastObservedTime, else lastTimestamp: where a repeated event's age counts from. */
  last?: string
  /** Whether `last` is a series' (kubectl shows the series form even for count 1). */
  series: boolean
}

/** The `events` field of `describe -o json|yaml`. */
export interface EventEntry {
  type: string
  reason: string
  age: string
  from: string
  message: string
  count: number
  firstTimestamp?: string
  lastTimestamp?: string
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

/** An event list item in the shared shape; undefined when it names no object. */
export function readEvent(item: unknown, api: EventsApi): ObjectEvent | undefined {
  if (!isRecord(item)) return undefined
  const ref = item[api === 'core' ? 'involvedObject' : 'regarding']
  if (!isRecord(ref) || !str(ref.kind) || !str(ref.name)) return undefined
  const source = item[api === 'core' ? 'source' : 'deprecatedSource']
  const series = isRecord(item.series) ? item.series : undefined
  const meta = isRecord(item.metadata) ? item.metadata : {}
  const first = str(item.eventTime) ?? str(item[api === 'core' ? 'firstTimestamp' : 'deprecatedFirstTimestamp']) ?? str(meta.creationTimestamp)
  const lastTimestamp = str(item[api === 'core' ? 'lastTimestamp' : 'deprecatedLastTimestamp'])
  return {
    regarding: {
      kind: ref.kind as string,
      name: ref.name as string,
      ...(str(ref.namespace) ? {namespace: ref.namespace as string} : {}),
      ...(str(ref.uid) ? {uid: ref.uid as string} : {}),
      ...(str(ref.apiVersion) ? {apiVersion: ref.apiVersion as string} : {}),
    },
    type: str(item.type) ?? '',
    reason: str(item.reason) ?? '',
    from: str(isRecord(source) ? source.component : undefined) ?? str(item[api === 'core' ? 'reportingComponent' : 'reportingController']) ?? '',
    message: (str(item[api === 'core' ? 'message' : 'note']) ?? '').trim(),
    count: num(series?.count) ?? num(item[api === 'core' ? 'count' : 'deprecatedCount']) ?? 1,
    first,
    last: str(series?.lastObservedTime) ?? lastTimestamp ?? first,
    series: series !== undefined,
  }
}

const refKey = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`

/** Events indexed by the object they regard, so that matching n objects stays linear. */
export class EventIndex {
  private readonly byRef = new Map<string, ObjectEvent[]>()

  constructor(events: Iterable<ObjectEvent>) {
    for (const e of events) {
      const key = refKey(e.regarding.kind, e.regarding.namespace, e.regarding.name)
      const list = this.byRef.get(key)
      if (list) list.push(e)
      else this.byRef.set(key, [e])
    }
  }

  /**
   * The object's events, oldest first (kubectl sorts by last occurrence). An event that names a
   * different uid (an earlier object of the same name) or another API group (Istio's Gateway) is not
   * the object's.
   */
  eventsOf(obj: K8sObject): ObjectEvent[] {
    const uid = typeof obj.metadata.uid === 'string' ? obj.metadata.uid : undefined
    const group = groupOf(obj.apiVersion)
    const mine = (this.byRef.get(refKey(obj.kind, obj.metadata.namespace, obj.metadata.name)) ?? []).filter(
      (e) => (e.regarding.uid === undefined || uid === undefined || e.regarding.uid === uid) && (e.regarding.apiVersion === undefined || groupOf(e.regarding.apiVersion) === group),
    )
    return mine.map((e, i) => ({e, i, t: time(e.last)})).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.e)
  }
}

// An event without a usable time sorts first, as a zero time does in kubectl.
function time(s: string | undefined): number {
  return parseTimestamp(s)?.getTime() ?? -Infinity
}

function since(s: string | undefined, now: Date): string {
  const t = parseTimestamp(s)
  return t ? humanDuration(now.getTime() - t.getTime()) : '<unknown>'
}

/** kubectl's Age cell: `5m`, or `2m (x3 over 10m)` for a repeated event. */
export function eventAge(e: ObjectEvent, now: Date): string {
  const first = since(e.first, now)
  if (e.series || e.count > 1) return `${since(e.last, now)} (x${e.count} over ${first})`
  return first
}

export function eventEntries(events: readonly ObjectEvent[], now: Date): EventEntry[] {
  return events.map((e) => ({
    type: e.type,
    reason: e.reason,
    age: eventAge(e, now),
    from: e.from,
    message: e.message,
    count: e.count,
    ...(e.first ? {firstTimestamp: e.first} : {}),
    ...(e.last ? {lastTimestamp: e.last} : {}),
  }))
}

/**
 * The table under `Events:`, indented by two spaces with kubectl's column gap of two spaces (its
 * tabwriter's padding). Cells are escaped. The caller prints `Events:  <none>` for an empty list.
 */
export function eventsTable(events: readonly ObjectEvent[], now: Date): string[] {
  const rows = [
    ['Type', 'Reason', 'Age', 'From', 'Message'],
    ['----', '------', '----', '----', '-------'],
    ...events.map((e) => [e.type, e.reason, eventAge(e, now), e.from, e.message].map((c) => escapeControl(c))),
  ]
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 2))).join('')}`.trimEnd())
}
