import {expect, test} from 'vitest'
import {compileSchema} from '../../src/validate/schema.js'
import {validateValue} from '../../src/validate/validate.js'
test('x', () => {
  const s = compileSchema({type: 'object', properties: {l: {type: 'array', items: {type: 'object', properties: {hostname: {type: 'string'}, port: {type: 'integer'}}},
    'x-kubernetes-validations': [{rule: 'self.all(l1, self.all(l2, l1.hostname == l2.hostname || l1.port != l2.port || size(l1.hostname) < 3))'}]}}})
  const m = (l: unknown) => validateValue({l}, s, {fragment: true}).violations.map((v) => v.message)
  console.log(m([{hostname: 'a', port: 0}, {hostname: 'b', port: 0}]), m([{hostname: 'xyz', port: 0}, {hostname: 'xyzw', port: 0}]))
})
