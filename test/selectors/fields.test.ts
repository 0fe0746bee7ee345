import {describe, expect, test} from 'vitest'
import {matchesFields, parseFieldSelector} from '../../src/selectors/fields.js'
import type {K8sObject} from '../../src/model/types.js'

const obj = (name: string, namespace?: string) => ({apiVersion: 'v1', kind: 'X', metadata: {name, namespace}}) as K8sObject

describe('field selectors', () => {
  test('=, == and != on metadata.name and metadata.namespace, ANDed', () => {
    const s = parseFieldSelector('metadata.name!=web,metadata.namespace==shop')
    expect(matchesFields(s, obj('local', 'shop'))).toBe(true)
    expect(matchesFields(s, obj('web', 'shop'))).toBe(false)
    expect(matchesFields(s, obj('local', 'infra'))).toBe(false)
    expect(matchesFields(parseFieldSelector('metadata.name=web'), obj('web'))).toBe(true)
  })

  test('a cluster-scoped object has an empty namespace', () => {
    expect(matchesFields(parseFieldSelector('metadata.namespace='), obj('edge'))).toBe(true)
    expect(matchesFields(parseFieldSelector('metadata.namespace!=default'), obj('edge'))).toBe(true)
  })

  test('escaped commas and equals signs belong to the value; the empty selector matches everything', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c')).toEqual([{field: 'metadata.name', equal: true, value: 'a,b=c'}])
    expect(parseFieldSelector('')).toEqual([])
  })

  test('the API server’s messages', () => {
    expect(() => parseFieldSelector('spec.x=web')).toThrow('"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"')
    expect(() => parseFieldSelector('metadata.name')).toThrow("invalid selector: 'metadata.name'; can't understand 'metadata.name'")
  })
})
