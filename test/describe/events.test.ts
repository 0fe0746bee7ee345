import {describe, expect, test} from 'vitest'
import {eventAge, eventEntries, EventIndex, eventsTable, readEvent, type ObjectEvent} from '../../src/describe/events.js'
import type {K8sObject} from '../../src/model/types.js'

const NOW = new Date('2026-01-01T12:00:00Z')
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString()
const route: K8sObject = {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: {name: 'web', namespace: 'shop', uid: 'u1'}}

describe('readEvent', () => {
  test('events.k8s.io/v1 and core v1 read into one shape', () => {
    const v1 = readEvent({regarding: {kind: 'HTTPRoute', namespace: 'shop', name: 'web'}, type: 'Warning', reason: 'R', note: ' hi \n', reportingController: 'ctl', eventTime: at(3), series: {count: 4, lastObservedTime: at(1)}}, 'events.k8s.io')
    expect(v1).toMatchObject({type: 'Warning', reason: 'R', message: 'hi', from: 'ctl', count: 4, first: at(3), last: at(1), series: true})
    const core = readEvent({involvedObject: {kind: 'HTTPRoute', namespace: 'shop', name: 'web', uid: 'u1'}, type: 'Normal', reason: 'S', message: 'm', source: {component: 'comp'}, reportingComponent: 'other', firstTimestamp: at(10), lastTimestamp: at(2), count: 2}, 'core')
    expect(core).toMatchObject({from: 'comp', count: 2, first: at(10), last: at(2), series: false, regarding: {uid: 'u1'}})
  })

  test('an event that names no object is skipped', () => {
    expect(readEvent({involvedObject: {kind: 'HTTPRoute'}}, 'core')).toBeUndefined()
    expect(readEvent('x', 'core')).toBeUndefined()
    expect(readEvent({regarding: {kind: 'HTTPRoute', name: 'web'}}, 'core')).toBeUndefined()
  })
})

describe('matching and order', () => {
  const ev = (over: Partial<ObjectEvent>, regarding: Partial<ObjectEvent['regarding']> = {}): ObjectEvent => ({
    regarding: {kind: 'HTTPRoute', namespace: 'shop', name: 'web', ...regarding},
    type: 'Normal',
    reason: 'R',
    from: 'c',
    message: 'm',
    count: 1,
    series: false,
    ...over,
  })

  test('kind, namespace and name match; another uid or API group does not; newest last', () => {
    const index = new EventIndex([
      ev({reason: 'newest', last: at(1)}),
      ev({reason: 'oldest', last: at(30)}),
      ev({reason: 'undated'}),
      ev({reason: 'other-uid', last: at(2)}, {uid: 'u0'}),
      ev({reason: 'same-uid', last: at(5)}, {uid: 'u1'}),
      ev({reason: 'istio', last: at(2)}, {apiVersion: 'networking.istio.io/v1'}),
      ev({reason: 'other-ns', last: at(2)}, {namespace: 'dev'}),
      ev({reason: 'other-kind', last: at(2)}, {kind: 'GRPCRoute'}),
    ])
    expect(index.eventsOf(route).map((e) => e.reason)).toEqual(['undated', 'oldest', 'same-uid', 'newest'])
  })

  test("ages as kubectl prints them, and the table's columns", () => {
    const once = ev({first: at(5), last: at(5)})
    const repeated = ev({first: at(600), last: at(2), count: 3})
    const series = ev({first: at(10), last: at(1), count: 1, series: true})
    expect(eventAge(once, NOW)).toBe('5m')
    expect(eventAge(repeated, NOW)).toBe('2m (x3 over 10h)')
    expect(eventAge(series, NOW)).toBe('60s (x1 over 10m)')
    expect(eventAge(ev({}), NOW)).toBe('<unknown>')
    expect(eventsTable([once, ev({type: 'Warning', reason: 'Long\u001b[31mReason', message: 'x', first: at(1)})], NOW)).toEqual([
      '  Type     Reason              Age   From  Message',
      '  ----     ------              ----  ----  -------',
      '  Normal   R                   5m    c     m',
      '  Warning  Long\\x1b[31mReason  60s   c     x',
    ])
    expect(eventEntries([repeated], NOW)).toEqual([{type: 'Normal', reason: 'R', age: '2m (x3 over 10h)', from: 'c', message: 'm', count: 3, firstTimestamp: at(600), lastTimestamp: at(2)}])
  })
})
