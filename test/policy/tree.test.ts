// The fill-in merge and its provenance.
import {describe, expect, test} from 'vitest'
import {stanzasOf} from '../../src/policy/attachments.js'
import {emptyBranch, fillIn, provenance, toJson, treeOf} from '../../src/policy/tree.js'
import {formatPath, jsonEqual} from '../../src/policy/values.js'
import {policy} from './fixtures.js'
import type {Policy} from '../../src/model/types.js'

describe('fillIn', () => {
  test('objects merge key by key; what is set stays; lists and scalars are whole', () => {
    const out = emptyBranch()
    fillIn(out, treeOf({a: {b: 1}, list: [1, 2], s: 'x'}, {policy: 'first', type: 'default'}))
    const clashes: string[] = []
    fillIn(out, treeOf({a: {b: 2, c: 3}, list: [9], s: {deep: true}, n: null}, {policy: 'second', type: 'default'}), undefined, (path) =>
      clashes.push(path.join('.')),
    )
    expect(toJson(out)).toEqual({a: {b: 1, c: 3}, list: [1, 2], s: 'x'})
    expect(clashes).toEqual(['a.b', 'list', 's'])
    expect(provenance(out).map((p) => [p.path.join('.'), p.from.policy])).toEqual([
      ['a.b', 'first'],
      ['a.c', 'second'],
      ['list', 'first'],
      ['s', 'first'],
    ])
  })

  test('the source is not modified or shared', () => {
    const source = treeOf({a: {b: 1}}, {policy: 'p', type: 'override'})
    const out = emptyBranch()
    fillIn(out, source, (c) => ({...c, level: 'Gateway'}))
    fillIn(out, treeOf({a: {c: 2}}, {policy: 'q', type: 'default'}))
    expect(toJson(source)).toEqual({a: {b: 1}})
    expect(provenance(source)[0].from.level).toBeUndefined()
    expect(provenance(out)[0].from.level).toBe('Gateway')
  })

  test('an empty object is a leaf of its own', () => {
    const out = emptyBranch()
    fillIn(out, treeOf({opts: {}}, {policy: 'p', type: 'default'}))
    expect(toJson(out)).toEqual({opts: {}})
    expect(provenance(out).map((p) => p.path)).toEqual([['opts']])
  })
})

describe('stanzas', () => {
  test('both spellings; the plural wins key by key', () => {
    const p = policy('X', 'p', {default: {a: 1, b: 1}, defaults: {b: 2}, override: {c: 3}, targetRef: {}}) as Policy
    expect(stanzasOf(p)).toEqual({default: {a: 1, b: 2}, override: {c: 3}})
  })
  test('a spec without stanzas is all defaults, target references excluded', () => {
    expect(stanzasOf(policy('X', 'p', {targetRefs: [], color: 'red'}) as Policy)).toEqual({default: {color: 'red'}})
    expect(stanzasOf(policy('X', 'p', {targetRefs: []}) as Policy)).toEqual({})
  })
  test('stanzas that are not objects are ignored', () => {
    expect(stanzasOf(policy('X', 'p', {defaults: 5, overrides: ['x'], color: 'red'}) as Policy)).toEqual({})
  })
})

describe('values', () => {
  test('formatPath quotes keys that are not plain identifiers', () => {
    expect(formatPath(['spec', 'options', 'example.com/min-version'])).toBe('spec.options["example.com/min-version"]')
    expect(formatPath(['a', ''])).toBe('a[""]')
    expect(formatPath(['x-y', 'z_1'])).toBe('x-y.z_1')
  })
  test('jsonEqual ignores key order', () => {
    expect(jsonEqual({a: 1, b: [1, {c: 2}]}, {b: [1, {c: 2}], a: 1})).toBe(true)
    expect(jsonEqual({a: 1}, {a: 1, b: undefined})).toBe(false)
    expect(jsonEqual([1, 2], [2, 1])).toBe(false)
  })
})
