// What both sources drop from every object as it arrives (src/sources/bookkeeping.ts).
import {describe, expect, test} from 'vitest'
import {dropBookkeeping, LAST_APPLIED} from '../../src/sources/bookkeeping.js'

const object = () => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: {
    name: 'edge',
    namespace: 'infra',
    annotations: {team: 'a', [LAST_APPLIED]: '{"kind":"Gateway"}'},
    managedFields: [{manager: 'kubectl-client-side-apply'}],
    labels: {app: 'edge'},
  },
  spec: {gatewayClassName: 'gc'},
})

describe('dropBookkeeping', () => {
  test('managedFields always go; the other fields stay, in their order', () => {
    const o = object()
    dropBookkeeping(o, false)
    expect(Object.keys(o.metadata)).toEqual(['name', 'namespace', 'annotations', 'labels'])
    expect(o.metadata.annotations).toEqual({team: 'a', [LAST_APPLIED]: '{"kind":"Gateway"}'})
    expect(o.spec).toEqual({gatewayClassName: 'gc'})
  })

  test('lean: the last-applied annotation goes too; other annotations stay', () => {
    const o = object()
    dropBookkeeping(o, true)
    expect(o.metadata).toEqual({name: 'edge', namespace: 'infra', annotations: {team: 'a'}, labels: {app: 'edge'}})
    expect(Object.keys(o.metadata)).toEqual(['name', 'namespace', 'annotations', 'labels'])
  })

  test('lean: annotations left empty disappear', () => {
    const o = {metadata: {name: 'x', annotations: {[LAST_APPLIED]: '{}'}}}
    dropBookkeeping(o, true)
    expect(o.metadata).toEqual({name: 'x'})
  })

  test('metadata shared between objects (a YAML alias) is replaced, not changed under the other object', () => {
    const shared = object().metadata
    const a = {metadata: shared}
    const b = {metadata: shared}
    dropBookkeeping(a, true)
    expect(a.metadata).not.toHaveProperty('managedFields')
    expect(b.metadata).toHaveProperty('managedFields')
    expect(b.metadata.annotations).toHaveProperty([LAST_APPLIED])
  })

  test('nothing to drop: the very same metadata object stays', () => {
    const meta = {name: 'x', annotations: {team: 'a'}}
    const o = {metadata: meta}
    dropBookkeeping(o, true)
    expect(o.metadata).toBe(meta)
  })

  test('a "__proto__" key from JSON stays a plain key and does not become the prototype', () => {
    const o = JSON.parse('{"metadata":{"name":"x","__proto__":{"polluted":true},"managedFields":[]}}') as {metadata: Record<string, unknown>}
    dropBookkeeping(o, true)
    expect(Object.getPrototypeOf(o.metadata)).toBe(Object.prototype)
    expect(Object.hasOwn(o.metadata, '__proto__')).toBe(true)
    expect((o.metadata as {polluted?: unknown}).polluted).toBeUndefined()
  })

  test('metadata that is not a mapping, and annotations that are not, are left alone', () => {
    const o = {metadata: 'nope'}
    dropBookkeeping(o, true)
    expect(o.metadata).toBe('nope')
    const p = {metadata: {name: 'x', annotations: ['a'], managedFields: []}}
    dropBookkeeping(p, true)
    expect(p.metadata).toEqual({name: 'x', annotations: ['a']})
  })
})
