// kubectl's JSONPath dialect. Expected outputs were produced by the real kubectl (v1.32) from the same
// objects (`kubectl get ... -o jsonpath=...` against the test API server); the e2e tests compare the
// two programs directly.

import {describe, expect, test} from 'vitest'
import {findResults, JsonPathError, parseTemplate, relaxedExpression, unquote} from '../../src/printers/jsonpath.js'
import {goNumber, goValue, printTemplate} from '../../src/printers/jsonpath-print.js'

const gateways = {
  apiVersion: 'v1',
  kind: 'List',
  metadata: {resourceVersion: ''},
  items: [
    {kind: 'Gateway', metadata: {name: 'nowhere', namespace: 'default'}, spec: {gatewayClassName: 'edge'}},
    {
      kind: 'Gateway',
      metadata: {name: 'web', namespace: 'infra', labels: {app: 'web', tier: 'edge'}},
      spec: {
        gatewayClassName: 'edge',
        listeners: [
          {name: 'http', port: 80, protocol: 'HTTP'},
          {name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com'},
        ],
      },
      status: {addresses: [{type: 'IPAddress', value: '10.0.0.1'}]},
    },
    {kind: 'Gateway', metadata: {name: 'local', namespace: 'shop', labels: {app: 'local'}}, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 8080, protocol: 'HTTP'}]}},
  ],
}

const run = (template: string, data: unknown = gateways) => printTemplate(parseTemplate(template), data, {allowMissingKeys: true})
const parseError = (template: string) => {
  try {
    parseTemplate(template)
  } catch (e) {
    expect(e).toBeInstanceOf(JsonPathError)
    return (e as Error).message
  }
  throw new Error(`parsed: ${template}`)
}
const runError = (template: string, data: unknown = gateways) => {
  try {
    run(template, data)
  } catch (e) {
    expect(e).toBeInstanceOf(JsonPathError)
    return (e as Error).message
  }
  throw new Error(`ran: ${template}`)
}

describe('printing as kubectl -o jsonpath', () => {
  test.each([
    ['{.items[*].metadata.name}', 'nowhere web local'],
    ['{..metadata..name}', 'nowhere web local'],
    ['{.items[*].spec.listeners}', '[{"name":"http","port":80,"protocol":"HTTP"},{"hostname":"*.example.com","name":"https","port":443,"protocol":"HTTPS"}] [{"name":"http","port":8080,"protocol":"HTTP"}]'],
    ['{range .items[*]}{.metadata.name}{"\\t"}{.spec.listeners[*].port}{"\\n"}{end}', 'nowhere\t\nweb\t80 443\nlocal\t8080\n'],
    ['{.items[0].nope}', ''],
    ['{..name}', 'nowhere web http https local http'],
    ['{..port}', '80 443 8080'],
    ['{.items[?(@.metadata.name=="web")].spec.listeners[?(@.port>100)].name}', 'https'],
    ['{.items[-1:].metadata.name} {.items[0:2].metadata.name}{.items[::2].metadata.name}', 'local nowhere webnowhere local'],
    ['{.items[1].spec.listeners[0].port}{true}{1.5}{"x\\u00e9"}', '80true1.5xé'],
    ['.metadata.name', '.metadata.name'],
    ['{range .items[*]}{.metadata.name}', 'nowhereweblocal'],
    ['{@.kind}{"\\n"}{.items[0].metadata.name}{\'\\n\'}', 'List\nnowhere\n'],
    ['{range .items[*]}[{.metadata.name}]{range .spec.listeners[*]}<{.name}:{.port}>{end}{"\\n"}{end}', '[nowhere]\n[web]<http:80><https:443>\n[local]<http:8080>\n'],
    ['{.items[*].spec.listeners[?(@.hostname)].name} {.items[?(@.spec.listeners[0].port==80)].metadata.name}', 'https web'],
    ['{.}', ''],
    ['{.items[1].metadata.name.*}', '119 101 98'],
    ['{.items[0,2].metadata.name}', 'nowhere local'],
    ["{.items[1].metadata['labels'].app}", 'web'],
    ['{.items[-1].metadata.name}', 'local'],
    ['{.items[1].metadata.labels.*}', 'web edge'],
    ['{.items[?(@.metadata.name!="web")].metadata.name}', 'nowhere local'],
    ['{.items[?(@.spec.listeners[0].port>=8080)].metadata.name}', 'local'],
    ['{.items[1].status.addresses[0]}', '{"type":"IPAddress","value":"10.0.0.1"}'],
    ['{.items[2:2]}', ''],
    ['text only', 'text only'],
  ])('%s', (template, expected) => {
    expect(run(template)).toBe(expected)
  })

  test('a single object is the template’s root', () => {
    expect(run('{.metadata.name}', gateways.items[1])).toBe('web')
  })

  test('-o jsonpath-as-json: each action’s values as an indented JSON array', () => {
    expect(printTemplate(parseTemplate('{.items[*].metadata.name}'), gateways, {asJson: true})).toBe('[\n    "nowhere",\n    "web",\n    "local"\n]\n')
  })

  test('values read from objects have control characters escaped; template text does not', () => {
    const obj = {metadata: {name: 'a\x1b[31mb\nc'}}
    expect(run('{.metadata.name}{"\\n"}', obj)).toBe('a\\x1b[31mb\\nc\n')
    expect(run('{.metadata}', obj)).toBe('{"name":"a\\u001b[31mb\\nc"}')
  })

  test('numbers as Go prints decoded JSON: integers whole, other floats shortest with Go’s exponent form', () => {
    expect(goNumber(80)).toBe('80')
    expect(goNumber(1.5)).toBe('1.5')
    expect(goNumber(1234567.5)).toBe('1.2345675e+06')
    expect(goNumber(0.00001)).toBe('1e-05')
    expect(goValue({b: [1, 'x'], a: null, c: true})).toBe('map[a:<nil> b:[1 x] c:true]')
  })
})

describe('missing keys', () => {
  test('allowed (kubectl get’s default): nothing', () => {
    expect(findResults(parseTemplate('{.a.b}'), {}, {allowMissingKeys: true})).toEqual([[]])
  })
  test('not allowed: kubectl’s error', () => {
    expect(() => findResults(parseTemplate('{.a.b}'), {}, {allowMissingKeys: false})).toThrow('a is not found')
  })
})

describe('errors with kubectl’s messages', () => {
  test.each([
    ['{.items[*', 'unterminated array'],
    ['{.items', 'unclosed action'],
    ['{.items[?(@.x=="a"', 'unterminated filter'],
    ['{.items[?(@.x)x', 'unclosed array expect ]'],
    ['{"abc}', 'unterminated quoted string'],
    ['{.items[a]}', 'invalid array index a'],
    ['{.metadata["name","namespace"]}', 'invalid array index "name"'],
    ['{....a}', 'invalid multiple recursive descent'],
    ['{!}', "unrecognized character in action: U+0021 '!'"],
    ['{.a\t}', 'unrecognized character in action: U+0009'],
    ['{1.2.3}', 'cannot parse number 1.2.3'],
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
  ])('parse %s', (template, message) => {
    expect(parseError(template)).toBe(message)
  })

  test.each([
    ['{.items[5]}', 'array index out of bounds: index 5, length 3'],
    ['{.items[0:9]}', 'array index out of bounds: index 8, length 3'],
    ['{.items[2:1]}', 'starting index 2 is greater than ending index 1'],
    ['{.items[::0]}', 'step must be > 0'],
    ['{.kind[0]}', 'string is not array or slice'],
    ['{.metadata[0]}', 'map[string]interface {} is not array or slice'],
    ['{end}', 'not in range, nothing to end'],
    ['{foo}', 'unrecognized identifier foo'],
    ['{.items[?(@.spec.listeners[*].port==80)]}', 'can only compare one element at a time'],
    ['{.items[?(@.metadata.name==1)]}', 'incompatible types for comparison'],
    ['{.items[?(@.metadata.name=1)]}', 'unrecognized filter operator ='],
  ])('run %s', (template, message) => {
    expect(runError(template)).toBe(message)
  })
})

describe('pieces', () => {
  test('Go-style quoted strings', () => {
    expect(unquote('"a\\tb\\n\\u00e9\\x41\\101"')).toBe('a\tb\né\x41A')
    expect(unquote("'it\\'s'")).toBe("it's")
    expect(() => unquote('"\\\'"')).toThrow('invalid syntax')
  })

  test('relaxed expressions for custom-columns and --sort-by', () => {
    for (const e of ['.metadata.name', 'metadata.name', '{.metadata.name}', '{metadata.name}']) expect(relaxedExpression(e)).toBe('{.metadata.name}')
    expect(() => relaxedExpression('{a}{b}')).toThrow("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
  })

  test('a field name may escape a dot', () => {
    expect(run('{.metadata.annotations.a\\.b/c}', {metadata: {annotations: {'a.b/c': 'v'}}})).toBe('v')
  })
})
