import {describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {fieldSelector, planEvents} from '../../src/sources/events.js'

const obj = (kind: string, name: string, namespace?: string, uid?: string): K8sObject => ({apiVersion: 'gateway.networking.k8s.io/v1', kind, metadata: {name, ...(namespace ? {namespace} : {}), ...(uid ? {uid} : {})}})

describe('planEvents: one list per kind described', () => {
  test('one object: its namespace, narrowed to it (uid when known)', () => {
    const [p, ...more] = planEvents([obj('HTTPRoute', 'web', 'shop', 'u1')])
    expect(more).toEqual([])
    expect(p.namespace).toBe('shop')
    expect(fieldSelector(p, 'events.k8s.io')).toBe('regarding.kind=HTTPRoute,regarding.name=web,regarding.uid=u1')
    expect(fieldSelector(p, 'core')).toBe('involvedObject.kind=HTTPRoute,involvedObject.name=web,involvedObject.uid=u1')
  })

  test('one kind in one namespace: that namespace and the kind; several namespaces: across them; several kinds: one list each', () => {
    expect(planEvents([obj('HTTPRoute', 'a', 'shop'), obj('HTTPRoute', 'b', 'shop')])).toEqual([{namespace: 'shop', fields: [['kind', 'HTTPRoute']]}])
    expect(planEvents([obj('HTTPRoute', 'a', 'shop'), obj('HTTPRoute', 'b', 'dev')])).toEqual([{namespace: undefined, fields: [['kind', 'HTTPRoute']]}])
    expect(planEvents([obj('HTTPRoute', 'a', 'shop'), obj('Gateway', 'b', 'shop'), obj('HTTPRoute', 'c', 'shop')])).toEqual([
      {namespace: 'shop', fields: [['kind', 'HTTPRoute']]},
      {namespace: 'shop', fields: [['kind', 'Gateway'], ['name', 'b']]},
    ])
  })

  test('cluster-scoped objects: across namespaces (their events live in any namespace)', () => {
    expect(planEvents([obj('GatewayClass', 'edge')])).toEqual([{namespace: undefined, fields: [['kind', 'GatewayClass'], ['name', 'edge']]}])
  })
})
