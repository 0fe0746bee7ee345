import {describe, expect, test} from 'vitest'
import {parseCustomColumns, parseCustomColumnsFile, renderCustomColumns} from '../../src/printers/custom-columns.js'
import type {K8sObject} from '../../src/model/types.js'
import {UserError} from '../../src/sources/request.js'

const objects = [
  {apiVersion: 'v1', kind: 'Gateway', metadata: {name: 'nowhere'}, spec: {gatewayClassName: 'edge'}},
  {
    apiVersion: 'v1',
    kind: 'Gateway',
    metadata: {name: 'web', labels: {app: 'web', tier: 'edge'}},
    spec: {listeners: [{port: 80}, {port: 443}]},
    status: {addresses: [{type: 'IPAddress', value: '10.0.0.1'}]},
  },
] as unknown as K8sObject[]

describe('custom-columns', () => {
  test('as kubectl prints them: <none> when nothing is found, values comma-joined, Go %v for maps and lists', () => {
    const cols = parseCustomColumns('NAME:.metadata.name,PORT:.spec.listeners[*].port,X:.status.addresses,L:.metadata.labels')
    expect(renderCustomColumns(cols, objects)).toBe(
      'NAME      PORT     X                                      L\n' +
        'nowhere   <none>   <none>                                 <none>\n' +
        'web       80,443   [map[type:IPAddress value:10.0.0.1]]   map[app:web tier:edge]\n',
    )
  })

  test('relaxed expressions, headers as written, --no-headers, an empty string stays empty', () => {
    const cols = parseCustomColumns('name:metadata.name,Class:{.spec.gatewayClassName},E:{.metadata.labels.app}')
    const withEmpty = [...objects, {kind: 'X', metadata: {name: 'e', labels: {app: ''}}}] as unknown as K8sObject[]
    expect(renderCustomColumns(cols, withEmpty)).toBe('name      Class    E\nnowhere   edge     <none>\nweb       <none>   web\ne         <none>   \n')
    expect(renderCustomColumns(cols, objects, {noHeaders: true})).toBe('nowhere   edge     <none>\nweb       <none>   web\n')
  })

  test('no objects: the header alone', () => {
    expect(renderCustomColumns(parseCustomColumns('N:.metadata.name'), [])).toBe('N\n')
  })

  test('cells and headers from objects are escaped', () => {
    const evil = [{kind: 'X', metadata: {name: 'a\nb'}}] as unknown as K8sObject[]
    expect(renderCustomColumns(parseCustomColumns('N:.metadata.name'), evil)).toBe('N\na\\nb\n')
  })

  test.each([
    ['', 'error: custom-columns format specified but no custom columns given'],
    ['N', 'error: unexpected custom-columns spec: N, expected <header>:<json-path-expr>'],
    ['N:{a}{b}', "error: error parsing jsonpath {a}{b}, unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"],
    ['N:.items[', 'error: error parsing jsonpath .items[, unterminated array'],
  ])('spec %j: %s', (spec, message) => {
    expect(() => parseCustomColumns(spec)).toThrow(new UserError(message))
  })

  test('a template file: headers on one line, expressions on the next', () => {
    const cols = parseCustomColumnsFile('NAME   PORTS\n.metadata.name  .spec.listeners[*].port\n')
    expect(renderCustomColumns(cols, objects)).toBe('NAME      PORTS\nnowhere   <none>\nweb       80,443\n')
    expect(() => parseCustomColumnsFile('A B\n.x\n')).toThrow("number of headers (2) and field specifications (1) don't match")
    expect(() => parseCustomColumnsFile('A B')).toThrow('missing spec line')
  })
})
