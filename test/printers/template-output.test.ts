import {describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {parseTemplateOutput, renderTemplateOutput} from '../../src/printers/template-output.js'
import {UserError} from '../../src/sources/request.js'

const gw = (name: string) => ({apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: {name}}) as K8sObject
const noFiles = () => {
  throw Object.assign(new Error('nope'), {code: 'ENOENT'})
}

describe('-o template forms', () => {
  test('other formats are not template forms', () => {
    expect(parseTemplateOutput('json')).toBeUndefined()
    expect(parseTemplateOutput('wide')).toBeUndefined()
    expect(parseTemplateOutput(undefined)).toBeUndefined()
  })

  test('jsonpath sees a List, or the object when one was named', () => {
    const out = parseTemplateOutput('jsonpath={.kind}:{..metadata.name}')!
    expect(renderTemplateOutput(out, [gw('a'), gw('b')])).toBe('List:a b')
    expect(renderTemplateOutput(out, [gw('a')], {single: true})).toBe('Gateway:a')
  })

  test('files are read for jsonpath-file and custom-columns-file', () => {
    const files: Record<string, string> = {'/t': '{.items[*].metadata.name}', '/c': 'N\n.metadata.name\n'}
    const read = (p: string) => files[p]
    expect(renderTemplateOutput(parseTemplateOutput('jsonpath-file=/t', read)!, [gw('a')])).toBe('a')
    expect(renderTemplateOutput(parseTemplateOutput('custom-columns-file=/c', read)!, [gw('a')])).toBe('N\na\n')
    expect(() => parseTemplateOutput('jsonpath-file=/missing', noFiles)).toThrow(
      new UserError('error: error reading --template /missing, open /missing: no such file or directory'),
    )
  })

  test('kubectl’s messages for a missing or bad template and a failing one', () => {
    expect(() => parseTemplateOutput('jsonpath=')).toThrow('error: template format specified but no template given')
    expect(() => parseTemplateOutput('jsonpath')).toThrow('error: template format specified but no template given')
    expect(() => parseTemplateOutput('jsonpath={.items[*')).toThrow('error: error parsing jsonpath {.items[*, unterminated array')
    const failing = parseTemplateOutput('jsonpath={.items[5]}')!
    expect(() => renderTemplateOutput(failing, [gw('a')])).toThrow(
      'error: error executing jsonpath "{.items[5]}": Error executing template: array index out of bounds: index 5, length 1.',
    )
  })
})
