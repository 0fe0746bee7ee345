// The end-to-end examples of GEP-713 ("Metaresources and Policy Attachment", geps/gep-713/index.md in
// kubernetes-sigs/gateway-api), with Gateway g > Route r > Backend b as Gateway > HTTPRoute > Service
// and the GEP's ColorPolicy as a policy kind of the stated class.
import {describe, expect, test} from 'vitest'
import type {Route, Service} from '../../src/model/types.js'
import {policyReports} from '../../src/policy/engine.js'
import type {ObjectPolicies} from '../../src/policy/types.js'
import {routePolicies, servicePolicies} from '../../src/policy/views.js'
import {EX, GW, gateway, gatewayClass, httpRoute, indexOf, kindOf, policy, ref, service} from './fixtures.js'

const COLOR = `ColorPolicy.${EX}`

// g1 > r1 > b1, g1 > r2 > b1, g2 > r3 > b1, g2 > r4 > b2
const topology = [
  gatewayClass('gc'),
  gateway('gtw', 'g1', 'gc'),
  gateway('gtw', 'g2', 'gc'),
  httpRoute('app', 'r1', [{name: 'g1', namespace: 'gtw'}], [{backends: [{name: 'b1'}]}]),
  httpRoute('app', 'r2', [{name: 'g1', namespace: 'gtw'}], [{backends: [{name: 'b1'}]}]),
  httpRoute('app', 'r3', [{name: 'g2', namespace: 'gtw'}], [{backends: [{name: 'b1'}]}]),
  httpRoute('app', 'r4', [{name: 'g2', namespace: 'gtw'}], [{backends: [{name: 'b2'}]}]),
  service('app', 'b1'),
  service('app', 'b2'),
]

const t1 = '2024-01-01T00:00:00Z'
const t2 = '2024-01-02T00:00:00Z'

function byPath(view: ObjectPolicies): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const e of view.effectivePolicies) out[[e.parent ?? '-', e.route ?? '-'].join(' > ')] = e.effective
  return out
}

function contributors(view: ObjectPolicies): string[] {
  return [...new Set(view.effectivePolicies.flatMap((e) => e.sources.map((s) => s.policy)))].sort()
}

describe('GEP-713 Example 1: Direct policy', () => {
  const index = indexOf(
    [
      ...topology,
      policy('ColorPolicy', 'p1', {targetRef: ref('Service', 'b1'), color: 'red'}, {namespace: 'app', created: t1}),
      policy('ColorPolicy', 'p2', {targetRef: ref('Service', 'b1'), color: 'blue'}, {namespace: 'app', created: t2}),
    ],
    [kindOf('ColorPolicy', 'Direct')],
  )
  const b1 = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'b1')!)
  const b2 = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'b2')!)

  test('1. traffic to b1 is red, whatever the route', () => {
    expect(b1.effectivePolicies.map((e) => [e.kind, e.parent, e.effective])).toEqual([[COLOR, undefined, {color: 'red'}]])
  })
  test('2, 3. b1 is affected by p1; b2 by nothing', () => {
    expect(contributors(b1)).toEqual(['app/p1'])
    expect(b2.directlyAttachedPolicies).toEqual([])
    expect(b2.effectivePolicies).toEqual([])
  })
  test('4, 5. p1 enforced; p2 not, conflicting with p1', () => {
    expect(b1.directlyAttachedPolicies.map((d) => [d.policy, d.conflicted])).toEqual([
      ['app/p1', false],
      ['app/p2', true],
    ])
    const p2 = policyReports(index).find((r) => r.policy === 'app/p2')!
    expect(p2.conflicts.map((c) => [c.winner, c.loser, c.decidedBy])).toEqual([['app/p1', 'app/p2', 'creationTimestamp']])
  })
})

describe('GEP-713 Example 2: defaults and overrides', () => {
  const index = indexOf(
    [
      ...topology,
      policy('ColorPolicy', 'p1', {targetRef: ref('Gateway', 'g1'), color: 'red'}, {namespace: 'gtw'}),
      policy('ColorPolicy', 'p2', {targetRef: ref('HTTPRoute', 'r1'), color: 'blue'}, {namespace: 'app'}),
      policy('ColorPolicy', 'p3', {targetRef: ref('Gateway', 'g2'), overrides: {color: 'yellow'}}, {namespace: 'gtw'}),
      policy('ColorPolicy', 'p4', {targetRef: ref('HTTPRoute', 'r4'), color: 'green'}, {namespace: 'app'}),
    ],
    [kindOf('ColorPolicy', 'Inherited')],
  )
  const b1 = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'b1')!)
  const b2 = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'b2')!)

  test('1-4. the colour of each path', () => {
    expect(byPath(b1)).toEqual({
      'gtw/g1 > app/r1': {color: 'blue'},
      'gtw/g1 > app/r2': {color: 'red'},
      'gtw/g2 > app/r3': {color: 'yellow'},
    })
    expect(byPath(b2)).toEqual({'gtw/g2 > app/r4': {color: 'yellow'}})
  })
  test('5, 6. b1 is affected by p1, p2 and p3; b2 by p3', () => {
    expect(contributors(b1)).toEqual(['app/p2', 'gtw/p1', 'gtw/p3'])
    expect(contributors(b2)).toEqual(['gtw/p3'])
  })
  test('10. p4 is overridden by p3 on r4', () => {
    const r4 = routePolicies(index, index.snapshot.find<Route>(GW, 'HTTPRoute', 'app', 'r4')!)
    expect(r4.effectivePolicies[0].sources).toEqual([{path: 'color', value: 'yellow', policy: 'gtw/p3', level: 'Gateway', type: 'override'}])
    expect(r4.directlyAttachedPolicies.map((d) => d.policy)).toEqual(['app/p4'])
  })
})

describe('GEP-713 Example 3: merged specs', () => {
  // The GEP gives p1 an `atomic` strategy; the rules merge objects field by field always, so
  // only outcome 1 differs from the GEP (dark stays brown instead of becoming undefined).
  const index = indexOf(
    [
      ...topology,
      policy('ColorPolicy', 'p1', {targetRef: ref('Gateway', 'g1'), colors: {dark: 'brown', light: 'red'}}, {namespace: 'gtw'}),
      policy('ColorPolicy', 'p2', {targetRef: ref('HTTPRoute', 'r1'), colors: {light: 'blue'}}, {namespace: 'app'}),
      policy('ColorPolicy', 'p3', {targetRef: ref('Gateway', 'g2'), overrides: {colors: {light: 'yellow'}}}, {namespace: 'gtw'}),
      policy('ColorPolicy', 'p4', {targetRef: ref('HTTPRoute', 'r4'), colors: {dark: 'olive', light: 'green'}}, {namespace: 'app'}),
    ],
    [kindOf('ColorPolicy', 'Inherited')],
  )
  const b1 = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'b1')!)
  const b2 = servicePolicies(index, index.snapshot.find<Service>('', 'Service', 'app', 'b2')!)

  test('1-4. the colours of each path', () => {
    expect(byPath(b1)).toEqual({
      'gtw/g1 > app/r1': {colors: {dark: 'brown', light: 'blue'}},
      'gtw/g1 > app/r2': {colors: {dark: 'brown', light: 'red'}},
      'gtw/g2 > app/r3': {colors: {light: 'yellow'}},
    })
    expect(byPath(b2)).toEqual({'gtw/g2 > app/r4': {colors: {dark: 'olive', light: 'yellow'}}})
  })
  test('6, 10. b2 is affected by p3 and, partially, p4', () => {
    const e = b2.effectivePolicies[0]
    expect(e.sources.map((s) => [s.path, s.policy, s.type])).toEqual([
      ['colors.dark', 'app/p4', 'default'],
      ['colors.light', 'gtw/p3', 'override'],
    ])
  })
})
