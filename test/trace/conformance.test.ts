// Every request of the conformance-derived worlds (cases.ts), traced over the objects: the backend,
// status, outcome and Location the conformance test asserts.
import {describe, expect, test} from 'vitest'
import {WORLDS} from './cases.js'
import {checkResult, traceYaml} from './support.js'

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
