// Lines of fields in the YAML an object came from (src/validate/locate.ts): the key's line when the
// field is there, the enclosing object's when it is missing, per document, and nothing for text the
// parser cannot trust.

import {describe, expect, test} from 'vitest'
import {pathSegments, YamlLocator} from '../../src/validate/locate.js'

const TEXT = `# routes
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: first
---
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: bad
  labels:
    a.b/c: "x"
spec:
  parentRefs:
  - name: gw
  rules:
  - matches:
    - path:
        type: Prefix
        value: /
    filters: []
  - backendRefs:
    - name: svc
`

describe('pathSegments', () => {
  test.each([
    ['spec.rules[0].matches[0].path.type', ['spec', 'rules', '0', 'matches', '0', 'path', 'type']],
    ['<root>', []],
    ['metadata.labels[a.b/c]', ['metadata', 'labels', 'a.b/c']],
    ["spec['x.y']", ['spec', 'x.y']],
  ])('%s', (path, want) => {
    expect(pathSegments(path)).toEqual(want)
  })
})

describe('YamlLocator', () => {
  const at = new YamlLocator(TEXT)

  test('a present field: its key, in the right document (empty documents count)', () => {
    expect(at.line(3, 'spec.rules[0].matches[0].path.type')).toBe(20)
    expect(at.line(3, 'spec.rules[1].backendRefs[0]')).toBe(24)
    expect(at.line(3, 'metadata.labels[a.b/c]')).toBe(13)
    expect(at.line(1, 'metadata.name')).toBe(5)
  })

  test('a missing field: the nearest enclosing object that is there', () => {
    expect(at.line(3, 'spec.rules[1].backendRefs[0].port')).toBe(24)
    expect(at.line(3, 'spec.hostnames')).toBe(14)
    expect(at.line(3, 'spec.rules[5].matches')).toBe(17)
  })

  test('the object itself: its first line', () => {
    expect(at.line(3, '<root>')).toBe(8)
  })

  test('no such document, or one the parser stumbled on: no line', () => {
    expect(at.line(9, 'spec')).toBeUndefined()
    expect(new YamlLocator('{"a": 1}{"b": 2}').line(2, 'b')).toBeUndefined()
  })

  test('a JSON document is YAML: located too', () => {
    expect(new YamlLocator('{\n  "spec": {\n    "port": "80"\n  }\n}\n').line(1, 'spec.port')).toBe(3)
  })
})

describe('keys as kubectl reads them', () => {
  test('a plain `on:` key is the field "true" (yaml-scalars.ts), and is found by that name', () => {
    const locator = new YamlLocator('spec:\n  x: 1\n  on: 2\n  0755: 3\n')
    expect(locator.line(1, 'spec.true')).toBe(3)
    expect(locator.line(1, 'spec.493')).toBe(4)
  })
})
