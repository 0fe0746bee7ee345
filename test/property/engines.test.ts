// Property: over random, loosely typed input the engines never throw and return well-formed results
// (a verdict with a known reason for every parentRef, conditions with a valid status, non-negative
// integer counts, policy targets with a known problem code).

import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {GatewayClassReason, GatewayReason, ListenerReason, ListenerSetReason, RouteReason} from '../../src/graph/conditions.js'
import {compareStatus, computeAttachments} from '../../src/graph/index.js'
import type {Condition} from '../../src/model/types.js'
import {policyReports} from '../../src/policy/engine.js'
import {gatewayClassPolicies, gatewayPolicies, namespacePolicies, routePolicies, servicePolicies} from '../../src/policy/views.js'
import {snapshotOf, world} from './arbitraries.js'
import {runAll} from './pipeline.js'

const STATUSES = new Set(['True', 'False', 'Unknown'])
const NO_STATUS = new Set([
  'InvalidParentRef',
  'UnsupportedParentKind',
  'ParentNotFound',
  'ParentUnverifiable',
  'ListenerSetParentNotFound',
  'GatewayClassNotFound',
  'GatewayClassNotAccepted',
  'ListenerSetNotAllowed',
])
const ROUTE_ACCEPTED = new Set(['Accepted', 'NotAllowedByListeners', 'NoMatchingListenerHostname', 'NoMatchingParent', 'UnsupportedValue', 'Pending'])
const ROUTE_RESOLVED = new Set(['ResolvedRefs', 'RefNotPermitted', 'InvalidKind', 'BackendNotFound'])
const KNOWN_REASONS = new Set([
  ...Object.values(RouteReason),
  ...Object.values(ListenerReason),
  ...Object.values(GatewayReason),
  ...Object.values(ListenerSetReason),
  ...Object.values(GatewayClassReason),
])
const TARGET_PROBLEMS = new Set(['TargetNotFound', 'SectionNotFound', 'Invalid', 'Unverifiable'])

/** `reported`: the condition may be the controller's own (a GatewayClass's), whose reason is free text. */
function checkCondition(c: Condition, where: string, reported = false): void {
  expect(typeof c.type, where).toBe('string')
  expect(STATUSES.has(c.status), `${where}: status ${c.status}`).toBe(true)
  if (reported) expect(typeof c.reason, where).toBe('string')
  else expect(KNOWN_REASONS.has(c.reason as never), `${where}: reason ${c.reason}`).toBe(true)
  expect(typeof (c.message ?? ''), where).toBe('string')
}

function checkCount(n: unknown, where: string): void {
  expect(Number.isInteger(n) && (n as number) >= 0, `${where}: ${String(n)}`).toBe(true)
}

describe('engines over random input', () => {
  test('the attachment graph is well-formed', () => {
    fc.assert(
      fc.property(world, (w) => {
        const snapshot = snapshotOf(w)
        const graph = computeAttachments(snapshot)
        expect(graph.routes.size).toBe(snapshot.routes().length)
        for (const route of snapshot.routes()) {
          const ra = graph.routes.get(route)!
          const written = Array.isArray(route.spec?.parentRefs) ? route.spec.parentRefs : []
          expect(ra.parents.map((p) => p.index)).toEqual(written.map((_: unknown, i: number) => i))
          checkCondition(ra.resolvedRefs, 'route ResolvedRefs')
          expect(ROUTE_RESOLVED.has(ra.resolvedRefs.reason!)).toBe(true)
          for (const p of ra.parents) {
            const where = `${route.kind} parentRefs[${p.index}]`
            if (p.noStatusReason !== undefined) {
              expect(NO_STATUS.has(p.noStatusReason), `${where}: ${p.noStatusReason}`).toBe(true)
              expect(p.status, where).toBeUndefined()
              expect(p.attachedListeners, where).toEqual([])
            } else {
              expect(p.status, where).toBeDefined()
              checkCondition(p.accepted!, where)
              expect(ROUTE_ACCEPTED.has(p.accepted!.reason!), `${where}: ${p.accepted!.reason}`).toBe(true)
              expect(ROUTE_RESOLVED.has(p.resolvedRefs!.reason!), where).toBe(true)
              expect(p.status!.conditions.slice(0, 2)).toEqual([p.accepted, p.resolvedRefs])
              for (const c of p.status!.conditions) checkCondition(c, where)
              // Attached exactly when Accepted, and only to listeners it selected.
              expect(p.attachedListeners.length > 0, where).toBe(p.accepted!.status === 'True' && p.parentType !== 'Service')
              for (const l of p.attachedListeners) expect(p.selectedListeners).toContain(l)
            }
          }
          expect(ra.computedStatus.parents).toHaveLength(ra.parents.filter((p) => p.status).length)
        }
        const listeners = [...graph.gateways.values()].flatMap((g) => g.listeners).concat([...graph.listenerSets.values()].flatMap((l) => l.listeners))
        for (const l of listeners) {
          for (const c of l.status.conditions) checkCondition(c, `listener ${l.name}`)
          checkCount(l.status.attachedRoutes, 'attachedRoutes')
          expect(l.status.attachedRoutes).toBe(l.attachedRoutes.length)
          expect(new Set(l.attachedRoutes).size).toBe(l.attachedRoutes.length)
        }
        for (const ga of graph.gateways.values()) {
          for (const c of ga.computedStatus.conditions) checkCondition(c, 'gateway')
          // Out of scope (no class, say): no controller writes listener status.
          expect(ga.computedStatus.listeners).toHaveLength(ga.inScope ? ga.listeners.length : 0)
          if (ga.computedStatus.attachedListenerSets !== undefined) checkCount(ga.computedStatus.attachedListenerSets, 'attachedListenerSets')
        }
        for (const la of graph.listenerSets.values()) for (const c of la.computedStatus.conditions) checkCondition(c, 'listenerset')
        for (const ca of graph.gatewayClasses.values()) for (const c of ca.computedStatus.conditions) checkCondition(c, 'gatewayclass', ca.source === 'reported')
        for (const o of snapshot.objects) {
          const cmp = compareStatus(graph, o)
          if (cmp) expect(typeof cmp.summary).toBe('string')
        }
      }),
    )
  })

  test('the policy engine is well-formed', () => {
    fc.assert(
      fc.property(world, (w) => {
        const snapshot = snapshotOf(w)
        const {analysis} = runAll(snapshot)
        const index = analysis.policies
        for (const r of policyReports(index)) {
          for (const t of r.targets) {
            expect([true, false, undefined]).toContain(t.exists)
            if (t.problem !== undefined) expect(TARGET_PROBLEMS.has(t.problem)).toBe(true)
            expect(t.exists === true ? t.problem : 'x').not.toBe('TargetNotFound')
          }
          for (const c of r.conflicts) expect(c.winner).not.toBe(c.loser)
        }
        const views = [
          ...snapshot.gatewayClasses().map((o) => gatewayClassPolicies(index, o)),
          ...snapshot.gateways().map((o) => gatewayPolicies(index, o)),
          ...snapshot.routes().map((o) => routePolicies(index, o)),
          ...snapshot.services().map((o) => servicePolicies(index, o)),
          ...snapshot.namespaceNames().map((n) => namespacePolicies(index, n)),
        ]
        for (const v of views) {
          for (const e of v.effectivePolicies) {
            // Every leaf of the effective object has exactly one source.
            expect(new Set(e.sources.map((s) => s.path)).size).toBe(e.sources.length)
            expect(() => JSON.stringify(e.effective)).not.toThrow()
          }
        }
      }),
    )
  })
})
