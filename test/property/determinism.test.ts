// Property: output is a function of the input set. The same input twice prints the same bytes; the
// same objects in another order give the same verdicts, findings and printed descriptions.

import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {findingKey} from '../../src/analyze/findings.js'
import {whatIf} from '../../src/analyze/whatif.js'
import {objectKey} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {policyReports} from '../../src/policy/engine.js'
import {toJson} from '../../src/printers/serialize.js'
import {snapshotOf, world, type World} from './arbitraries.js'
import {runAll, type Outputs} from './pipeline.js'

/** Everything printed, as one comparable value. */
function printed(o: Outputs): unknown {
  return {
    texts: o.texts,
    entries: toJson(o.entries),
    dot: o.dot,
    mermaid: o.mermaid,
    listings: o.listings.map((l) => [l.type.name, l.format, l.text]),
  }
}

const cond = (c: {type: string; status: string; reason?: string} | undefined) => (c ? `${c.type}=${c.status}/${c.reason}` : '-')

/** The conclusions, keyed by object rather than by position, so that input order cannot show. */
function verdicts(o: Outputs): unknown {
  const {graph, snapshot} = o.analysis
  const routes = [...graph.routes.values()].map((ra) => [
    objectKey(ra.route),
    ra.parents.map((p) => [p.index, p.noStatusReason ?? '', cond(p.accepted), cond(p.resolvedRefs), p.attachedListeners.map((l) => `${objectKey(l.owner)}#${l.index}`).sort()]),
    ra.backends.map((b) => `${b.field}:${b.problem ?? ''}:${b.unverifiedProblem ?? ''}`),
    cond(ra.resolvedRefs),
  ])
  const listeners = [...graph.gateways.values()]
    .flatMap((g) => [...g.listeners, ...g.listenerSets.flatMap((la) => la.listeners)])
    .map((l) => [`${objectKey(l.owner)}#${l.index}`, l.status.conditions.map(cond), l.attachedRoutes.map(objectKey).sort(), l.conflict?.reason ?? ''])
  const owners = [
    ...[...graph.gateways.values()].map((g) => [objectKey(g.gateway), g.inScope, g.computedStatus.conditions.map(cond), g.computedStatus.attachedListenerSets ?? -1]),
    ...[...graph.listenerSets.values()].map((l) => [objectKey(l.listenerSet), l.inScope, String(l.allowed), l.computedStatus.conditions.map(cond)]),
    ...[...graph.gatewayClasses.values()].map((c) => [objectKey(c.gatewayClass), c.state, c.computedStatus.conditions.map(cond)]),
  ]
  const byKey = (a: unknown[], b: unknown[]) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0)
  return {
    routes: routes.sort(byKey),
    listeners: listeners.sort(byKey),
    owners: owners.sort(byKey),
    policies: policyReports(o.analysis.policies),
    findings: o.findings.map((f) => `${f.severity} ${findingKey(f)}`).sort(),
    entries: snapshot.objects.map((obj, i) => [objectKey(obj), toJson(o.entries[i])]).sort(byKey),
  }
}

/** The objects a snapshot ends up with: one per key, the last one given (as Snapshot.add does). */
function distinct(objects: K8sObject[]): K8sObject[] {
  return [...new Map(objects.map((obj) => [objectKey(obj), obj])).values()]
}

const shuffled: fc.Arbitrary<[World, K8sObject[]]> = world.chain((w) => {
  const objects = distinct(w.objects)
  return fc.shuffledSubarray(objects, {minLength: objects.length, maxLength: objects.length}).map((order): [World, K8sObject[]] => [w, order])
})

describe('determinism', () => {
  test('the same input twice prints the same output', () => {
    fc.assert(
      fc.property(world, (w) => {
        expect(printed(runAll(snapshotOf(w)))).toEqual(printed(runAll(snapshotOf(w))))
      }),
    )
  })

  test('what-if with the same objects as files changes nothing', () => {
    fc.assert(
      fc.property(world, (w) => {
        const report = whatIf(snapshotOf(w), snapshotOf({...w, source: 'files'}))
        expect(report.introduced).toEqual([])
        expect(report.fixed).toEqual([])
        expect(report.summary.created).toEqual([])
        expect(report.summary.updated).toEqual([])
        expect(report.summary.unchanged).toHaveLength(distinct(w.objects).length)
      }),
    )
  })

  test('another input order gives the same verdicts, findings and descriptions', () => {
    fc.assert(
      fc.property(shuffled, ([w, order]) => {
        expect(verdicts(runAll(snapshotOf(w, order)))).toEqual(verdicts(runAll(snapshotOf(w, distinct(w.objects)))))
      }),
    )
  })
})
