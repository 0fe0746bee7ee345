// describe's Events against a real API server: events.k8s.io/v1 Events a controller would write about a
// Gateway (with the Gateway's uid, as controllers set it), shown as kubectl describe shows them, carried
// by -o json, turned off by --show-events=false, and read through core v1 by an identity that may not
// list events.k8s.io (support/populate.ts grants the restricted one core events only).

import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {cluster, gw, kc, parseJson} from './support/cli.js'

const NS = 'infra'
const GATEWAY = 'edge-l4' // stored by every release the tier installs
const EARLY = new Date(Date.now() - 600_000).toISOString().replace('Z', '000Z')
const LATE = new Date(Date.now() - 60_000).toISOString().replace('Z', '000Z')

const event = (name: string, eventTime: string, type: string, reason: string, note: string, uid: string) => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: {name, namespace: NS},
  eventTime,
  reportingController: 'example.com/gateway-controller',
  reportingInstance: 'controller-0',
  action: 'Reconcile',
  type,
  reason,
  note,
  regarding: {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', namespace: NS, name: GATEWAY, uid},
})

/** The Events block of a describe text: its rows as [type, reason, from, message], Age left out (it ticks). */
function eventRows(text: string): string[][] {
  const lines = text.split('\n')
  const at = lines.findIndex((l) => l.startsWith('Events:'))
  expect(at, text).toBeGreaterThanOrEqual(0)
  return lines.slice(at + 3).filter((l) => l.trim() !== '').map((l) => {
    const [type, reason, , from, ...message] = l.trim().split(/\s{2,}/)
    return [type, reason, from, message.join('  ')]
  })
}

describe(`describe Events on kube-apiserver (${cluster().crds})`, () => {
  const names = [`${GATEWAY}.tier-late`, `${GATEWAY}.tier-early`]
  beforeAll(async () => {
    const uid = (await kc(['get', 'gateways.gateway.networking.k8s.io', GATEWAY, '-n', NS, '-o', 'jsonpath={.metadata.uid}'])).stdout
    expect(uid).not.toBe('')
    // Created newest first: the table must still list them oldest first.
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        event(names[0], LATE, 'Normal', 'Programmed', 'all listeners programmed', uid),
        event(names[1], EARLY, 'Warning', 'Rejected', 'listener tcp-db: port 5432 already in use', uid),
      ],
    }
    const r = await kc(['create', '-f', '-'], 'admin', stringify(list))
    expect(r.code, r.stderr).toBe(0)
  })
  afterAll(async () => {
    await kc(['delete', 'events.events.k8s.io', '-n', NS, ...names, '--ignore-not-found'])
  })

  const expected = [
    ['Warning', 'Rejected', 'example.com/gateway-controller', 'listener tcp-db: port 5432 already in use'],
    ['Normal', 'Programmed', 'example.com/gateway-controller', 'all listeners programmed'],
  ]

  test('describe ends with the Events kubectl describe shows, oldest first', async () => {
    const ours = await gw(['describe', 'gateway', GATEWAY, '-n', NS])
    expect(ours.code, ours.stderr).toBe(0)
    const theirs = await kc(['describe', 'gateways.gateway.networking.k8s.io', GATEWAY, '-n', NS])
    expect(theirs.code, theirs.stderr).toBe(0)
    expect(eventRows(ours.stdout)).toEqual(expected)
    expect(eventRows(ours.stdout)).toEqual(eventRows(theirs.stdout))
  })

  test('-o json carries them as events; --show-events=false drops them', async () => {
    const r = await gw(['describe', 'gateway', GATEWAY, '-n', NS, '-o', 'json'])
    type E = {type: string; reason: string; from: string; message: string; count: number}
    const events = parseJson<{events: E[]}[]>(r, 'describe -o json')[0].events
    expect(events.map((e) => [e.type, e.reason, e.from, e.message])).toEqual(expected)
    const off = await gw(['describe', 'gateway', GATEWAY, '-n', NS, '--show-events=false'])
    expect(off.code, off.stderr).toBe(0)
    expect(off.stdout).not.toMatch(/^Events:/m)
  })

  test('an identity that may list only core v1 events sees the same Events, without a warning about them', async () => {
    const denied = await kc(['get', 'events.events.k8s.io', '-n', NS], 'restricted')
    expect(denied.code).toBe(1)
    const r = await gw(['describe', 'gateway', GATEWAY, '-n', NS], 'restricted')
    expect(r.code, r.stderr).toBe(0)
    expect(eventRows(r.stdout)).toEqual(expected)
    expect(r.stderr).not.toMatch(/event/i)
  })
})
