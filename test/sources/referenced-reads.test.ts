// The pure parts of the referenced-object phase: the concurrency bound of the gets, and what their
// outcomes do to the snapshot.

import {describe, expect, test} from 'vitest'
import {objectRefKey, Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {GET_CONCURRENCY, mapBounded, recordGets} from '../../src/sources/referenced-reads.js'

describe('mapBounded', () => {
  test('never runs more than the bound at once, and keeps the order of the items', async () => {
    let running = 0
    let peak = 0
    const items = Array.from({length: 50}, (_, i) => i)
    const out = await mapBounded(items, GET_CONCURRENCY, async (i) => {
      running++
      peak = Math.max(peak, running)
      await new Promise((r) => setTimeout(r, (i * 7) % 5))
      running--
      return i * 2
    })
    expect(peak).toBe(GET_CONCURRENCY)
    expect(out).toEqual(items.map((i) => i * 2))
  })

  test('no items, no work', async () => {
    expect(await mapBounded([], 8, async () => 1)).toEqual([])
  })
})

describe('recordGets', () => {
  const meta = (name: string): K8sObject => ({apiVersion: 'v1', kind: 'Secret', metadata: {name, namespace: 'infra'}})
  test('a fetched object replaces its metadata; a refused or vanished one is an unreadable object; one warning per kind', () => {
    const s = new Snapshot('cluster')
    for (const n of ['a', 'b', 'c', 'd']) {
      const o = meta(n)
      s.add(o, {cluster: 'k'})
      s.markMetadataOnly(o)
    }
    const refs = ['a', 'b', 'c', 'd'].map((name) => ({kind: 'Secret' as const, namespace: 'infra', name, content: true}))
    recordGets(s, refs, [{object: {...meta('a'), data: {'tls.crt': ''}}}, {refused: 'first refusal'}, {refused: 'second refusal'}, {missing: true}])
    const a = s.find('', 'Secret', 'infra', 'a')!
    expect(s.hasContent(a)).toBe(true)
    expect(s.origin(a)).toEqual({cluster: 'k'})
    expect([...s.unreadableObjects]).toEqual(['b', 'c', 'd'].map((n) => objectRefKey('', 'Secret', 'infra', n)))
    expect(s.warnings).toEqual(['first refusal (and 1 more referenced Secrets)'])
  })
})
