import {describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {qualifiedName} from '../../src/printers/names.js'
import {formatObjects, listOf, parseOutputFormat} from '../../src/printers/output.js'
import {UserError} from '../../src/sources/request.js'

const gw: K8sObject = {apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name: 'web', namespace: 'prod'}}
const svc: K8sObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'api', namespace: 'prod'}}
const ns: K8sObject = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prod'}}
const xls: K8sObject = {apiVersion: 'gateway.networking.x-k8s.io/v1alpha1', kind: 'XListenerSet', metadata: {name: 'ls'}}
const pol: K8sObject = {apiVersion: 'policies.example.com/v1', kind: 'TimeoutPolicy', metadata: {name: 't'}}

describe('parseOutputFormat', () => {
  test.each([
    [undefined, 'table'],
    ['', 'table'],
    ['wide', 'wide'],
    ['json', 'json'],
    ['yaml', 'yaml'],
    ['name', 'name'],
  ])('%s -> %s', (input, expected) => {
    expect(parseOutputFormat(input)).toBe(expected)
  })

  test("an unknown format gets kubectl's message", () => {
    expect(() => parseOutputFormat('jsonpath={.items}')).toThrow(UserError)
    expect(() => parseOutputFormat('xml')).toThrow(
      'error: unable to match a printer suitable for the output format "xml", allowed formats are: dot,graph,json,mermaid,name,svg,wide,yaml',
    )
  })

  test('the allowed list is the caller’s, sorted', () => {
    expect(() => parseOutputFormat('xml', ['yaml', 'dot', 'json'])).toThrow('allowed formats are: dot,json,yaml')
  })

  test('the bad value is escaped in the message', () => {
    expect(() => parseOutputFormat('a\x1bb')).toThrow('"a\\x1bb"')
  })
})

describe('-o name', () => {
  test('kind.group/name for group kinds, kind/name for core kinds', () => {
    expect(qualifiedName(gw)).toBe('gateway.gateway.networking.k8s.io/web')
    expect(qualifiedName(svc)).toBe('service/api')
    expect(qualifiedName(ns)).toBe('namespace/prod')
    expect(qualifiedName(xls)).toBe('xlistenerset.gateway.networking.x-k8s.io/ls')
    expect(qualifiedName(pol)).toBe('timeoutpolicy.policies.example.com/t')
  })

  test('one line per object, names escaped', () => {
    const evil: K8sObject = {...gw, metadata: {name: 'a\nservice/forged'}}
    expect(formatObjects([gw, svc, evil], 'name')).toBe(
      'gateway.gateway.networking.k8s.io/web\nservice/api\ngateway.gateway.networking.k8s.io/a\\nservice/forged\n',
    )
  })

  test('nothing for no objects', () => {
    expect(formatObjects([], 'name')).toBe('')
  })

  test('malformed objects do not throw', () => {
    expect(formatObjects([{metadata: {}} as unknown as K8sObject], 'name')).toBe('/\n')
  })
})

describe('-o json|yaml', () => {
  test("several objects are wrapped in kubectl's List", () => {
    const out = JSON.parse(formatObjects([gw, svc], 'json'))
    expect(out).toEqual({apiVersion: 'v1', items: [gw, svc], kind: 'List', metadata: {resourceVersion: ''}})
  })

  test('an empty result is an empty List', () => {
    expect(formatObjects([], 'json')).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    )
    expect(formatObjects([], 'yaml')).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n')
  })

  test('a single implied object prints by itself', () => {
    expect(JSON.parse(formatObjects([gw], 'json', true))).toEqual(gw)
    expect(formatObjects([gw], 'yaml', true)).toBe(
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: web\n  namespace: prod\n',
    )
    // Without the single-item hint one object is still a List, as kubectl prints `get gateways`.
    expect(JSON.parse(formatObjects([gw], 'json')).kind).toBe('List')
  })

  test('listOf', () => {
    expect(listOf([])).toEqual({apiVersion: 'v1', items: [], kind: 'List', metadata: {resourceVersion: ''}})
  })
})
