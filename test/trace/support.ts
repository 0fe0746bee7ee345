// Tracing a request over objects written as YAML, the way `trace -o json` prints the answer.

import {expect} from 'vitest'
import {parseAllDocuments} from 'yaml'
import {analyze} from '../../src/analysis.js'
import {GATEWAY_GROUP, type Gateway, type K8sObject} from '../../src/model/types.js'
import {Snapshot} from '../../src/model/snapshot.js'
import {toJson} from '../../src/printers/serialize.js'
import {parseTraceRequest} from '../../src/trace/request.js'
import {traceRequest, type TraceReport, type TraceResult} from '../../src/trace/trace.js'
import type {Expect} from './cases.js'

export function snapshotFromYaml(yaml: string): Snapshot {
  const s = new Snapshot('files', new Date('2026-06-01T00:00:00Z'))
  for (const d of parseAllDocuments(yaml)) {
    const o = d.toJS() as K8sObject | null
    if (o) s.add(o)
  }
  return s
}

export interface TraceArgs {
  url: string
  method?: string
  headers?: string[]
  /** `ns/name`; all Gateways when omitted. */
  gateway?: string
}

/** The report as JSON would carry it (so nothing but the serialized contract is asserted). */
export function traceYaml(yaml: string | Snapshot, args: TraceArgs): TraceReport {
  const snapshot = typeof yaml === 'string' ? snapshotFromYaml(yaml) : yaml
  const a = analyze(snapshot)
  const gateways = snapshot.list<Gateway>(GATEWAY_GROUP, 'Gateway').filter((g) => !args.gateway || `${g.metadata.namespace}/${g.metadata.name}` === args.gateway)
  const req = parseTraceRequest({url: args.url, method: args.method, headers: args.headers})
  return JSON.parse(toJson(traceRequest(a, req, {gateways}))) as TraceReport
}

/** Asserts one result against a conformance expectation (cases.ts). */
export function checkResult(r: TraceResult, want: Expect): void {
  if (want.backend) {
    expect(r.outcome, r.message).toBe('routed')
    expect(r.backends.filter((b) => b.resolved && b.weight > 0).map((b) => b.name)).toEqual([want.backend])
  }
  if (want.outcome) expect(r.outcome, r.message).toBe(want.outcome)
  if (want.status !== undefined) expect(r.status).toBe(want.status)
  if (want.location) expect(r.redirect?.location).toBe(want.location)
  if (want.route) expect(r.route?.name).toBe(want.route)
  // Exactly one candidate wins when something is routed; none otherwise.
  expect(r.candidates.filter((c) => c.result === 'won')).toHaveLength(r.route ? 1 : 0)
}
