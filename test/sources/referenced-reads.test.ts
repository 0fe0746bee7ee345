// The pure parts of the referenced-object phase: the concurrency bound of the gets, and what their
// outcomes do to the snapshot.

import {describe, expect, test} from 'vitest'
import {objectRefKey, Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {GET_CONCURRENCY, mapBounded, MAX_SECRET_GETS, readReferenced, recordGets, TLS_SECRETS, type ReferencedReader} from '../../src/sources/referenced-reads.js'

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

describe('readReferenced', () => {
  /** A snapshot with a Gateway referencing `n` Secrets, all listed as metadata by the fake reader. */
  function setup(n: number, tlsList: 'ok' | 'refused') {
    const s = new Snapshot('cluster')
    const certificateRefs = Array.from({length: n}, (_, i) => ({name: `c${i}`}))
    s.add({apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name: 'gw', namespace: 'infra'}, spec: {listeners: [{name: 'a', protocol: 'HTTPS', port: 443, tls: {certificateRefs}}]}})
    const secret = (name: string): K8sObject => ({apiVersion: 'v1', kind: 'Secret', metadata: {name, namespace: 'infra'}})
    const calls: string[] = []
    const reader: ReferencedReader = {
      target: (kind, namespace) => ({group: '', version: 'v1', resource: kind === 'Secret' ? 'secrets' : 'configmaps', kind, namespaced: true, namespace}),
      async listMetadata(targets) {
        calls.push(...targets.map((t) => `metadata ${t.resource} ${t.namespace ?? '*'}`))
        for (const t of targets) {
          if (t.resource !== 'secrets') continue
          for (const r of certificateRefs) {
            const o = secret(r.name)
            s.add(o)
            s.markMetadataOnly(o)
          }
        }
      },
      async listContents(targets) {
        calls.push(...targets.map((t) => `contents ${t.resource} ${t.fieldSelector}`))
        return tlsList === 'ok' ? certificateRefs.slice(1).map((r) => ({...secret(r.name), data: {'tls.crt': ''}})) : undefined
      },
      async get(t, name) {
        calls.push(`get ${name}`)
        return {object: {...secret(name), data: {}}}
      },
    }
    return {s, reader, calls}
  }

  test('up to MAX_SECRET_GETS referenced Secrets are read one by one', async () => {
    const {s, reader, calls} = setup(MAX_SECRET_GETS, 'ok')
    await readReferenced(reader, s, ['Secret', 'ConfigMap'])
    expect(calls.filter((c) => c.startsWith('get'))).toHaveLength(MAX_SECRET_GETS)
    expect(calls.filter((c) => c.startsWith('contents'))).toEqual([])
    expect(calls.filter((c) => c.startsWith('metadata'))).toEqual(['metadata secrets infra'])
  })

  test('beyond it, one TLS list and gets for what it lacks; a refused TLS list falls back to gets, warning nothing', async () => {
    const listed = setup(MAX_SECRET_GETS + 1, 'ok')
    await readReferenced(listed.reader, listed.s, ['Secret'])
    expect(listed.calls.filter((c) => !c.startsWith('metadata'))).toEqual([`contents secrets ${TLS_SECRETS}`, 'get c0'])
    expect(listed.s.list('', 'Secret').every((o) => listed.s.hasContent(o))).toBe(true)
    const refused = setup(MAX_SECRET_GETS + 1, 'refused')
    await readReferenced(refused.reader, refused.s, ['Secret'])
    expect(refused.calls.filter((c) => c.startsWith('get'))).toHaveLength(MAX_SECRET_GETS + 1)
    expect(refused.s.warnings).toEqual([])
  })
})
