// The one absence rule every reference check uses (src/graph/verify.ts): certain in a cluster where a
// read proves it, unverified where a read was refused, and from files only where the kind is present.

import {describe, expect, test} from 'vitest'
import {absenceProves, unverifiedWhy} from '../../src/graph/verify.js'
import {kindKey, objectRefKey, Snapshot} from '../../src/model/snapshot.js'

const secret = (namespace: string, name: string) => ({apiVersion: 'v1', kind: 'Secret', metadata: {namespace, name}})

describe('cluster', () => {
  test('a kind the server does not serve is absent for certain', () => {
    const s = new Snapshot('cluster')
    s.servesKind = (group, kind) => !(group === 'invalid.io' && kind === 'InvalidParameters')
    expect(absenceProves(s, 'invalid.io', 'InvalidParameters')).toBe(true)
  })

  test('a served kind that was never listed proves nothing', () => {
    const s = new Snapshot('cluster')
    s.servesKind = () => true
    expect(absenceProves(s, 'example.com', 'Params', {namespace: 'a', name: 'p'})).toBe(false)
    expect(unverifiedWhy(s, 'example.com', 'Params', {namespace: 'a'})).toBe('Paramses in namespace a were not listed')
  })

  test('an empty, successful list everywhere proves absence (zero Secrets in the cluster)', () => {
    const s = new Snapshot('cluster')
    s.recordListed('', 'Secret')
    expect(s.list('', 'Secret')).toHaveLength(0)
    expect(absenceProves(s, '', 'Secret', {namespace: 'infra', name: 'cert'})).toBe(true)
  })

  test('a list of some namespaces proves absence there only', () => {
    const s = new Snapshot('cluster')
    s.recordListed('', 'Secret', 'infra')
    expect(absenceProves(s, '', 'Secret', {namespace: 'infra', name: 'cert'})).toBe(true)
    expect(absenceProves(s, '', 'Secret', {namespace: 'other', name: 'cert'})).toBe(false)
    expect(absenceProves(s, '', 'Secret')).toBe(false)
    s.recordListed('', 'Secret')
    expect(s.listedScope.get(kindKey('', 'Secret'))).toBe('all')
    s.recordListed('', 'Secret', 'x')
    expect(s.listedScope.get(kindKey('', 'Secret'))).toBe('all')
  })

  test('a refused list, or a refused read of the object itself, leaves it unverified', () => {
    const s = new Snapshot('cluster')
    s.recordListed('', 'Secret')
    s.unreadableObjects.add(objectRefKey('', 'Secret', 'infra', 'cert'))
    expect(absenceProves(s, '', 'Secret', {namespace: 'infra', name: 'cert'})).toBe(false)
    expect(unverifiedWhy(s, '', 'Secret', {namespace: 'infra', name: 'cert'})).toBe('Secret infra/cert could not be read')
    expect(absenceProves(s, '', 'Secret', {namespace: 'infra', name: 'other'})).toBe(true)
    s.unreadable.add(kindKey('', 'Secret'))
    expect(absenceProves(s, '', 'Secret', {namespace: 'infra', name: 'other'})).toBe(false)
    expect(unverifiedWhy(s, '', 'Secret')).toBe('Secrets could not be read')
  })

  test('objects in the snapshot that no list recorded do not make absence certain', () => {
    const s = new Snapshot('cluster')
    s.add(secret('infra', 'a'))
    expect(absenceProves(s, '', 'Secret', {namespace: 'infra', name: 'b'})).toBe(false)
  })
})

describe('files', () => {
  test('a supporting kind proves absence only when the input holds some object of it', () => {
    const s = new Snapshot('files')
    expect(absenceProves(s, '', 'Secret', {namespace: 'infra', name: 'cert'})).toBe(false)
    expect(unverifiedWhy(s, '', 'Secret')).toBe('the input contains no Secret objects')
    s.add(secret('infra', 'other'))
    expect(absenceProves(s, '', 'Secret', {namespace: 'infra', name: 'cert'})).toBe(true)
  })

  test("the plugin's own resource kinds are complete in files", () => {
    expect(absenceProves(new Snapshot('files'), '', 'Service')).toBe(true)
  })
})
