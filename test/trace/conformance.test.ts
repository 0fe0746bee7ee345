// Every request of the conformance-derived worlds (cases.ts), traced over the objects: the backend,
// status, outcome and Location the conformance test asserts.
import {describe, expect, test} from 'vitest'
import type {TraceResult} from '../../src/trace/trace.js'
import {WORLDS, type Expect} from './cases.js'
import {traceYaml} from './support.js'

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

for (const world of WORLDS) {
  describe(world.name, () => {
    for (const rc of world.requests) {
      test(`${rc.method ?? ''} ${rc.url} ${rc.headers?.join(' ') ?? ''}`.trim(), () => {
        const report = traceYaml(world.yaml, {url: rc.url, method: rc.method, headers: rc.headers, gateway: world.gateway})
        expect(report.results).toHaveLength(1)
        checkResult(report.results[0], rc.expect)
      })
    }
  })
}
