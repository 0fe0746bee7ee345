// `kubectl gw get` end to end: what goes wrong, how it is worded, and the exit code.

import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {fixture, requireBuild, run, type Fixture} from './get-helpers.js'
import {world} from './get-world.js'

let fx: Fixture
let file: string

beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  file = await fx.write('world.yaml', world())
})
afterAll(() => fx?.cleanup())

const get = (...args: string[]) => run(['get', ...args, '-f', file])

describe.concurrent('argument and flag errors: kubectl wording, exit 1, nothing on stdout', () => {
  test.each([
    [['foos'], 'error: the server doesn\'t have a resource type "foos"\n'],
    [['gtw,foos'], 'error: the server doesn\'t have a resource type "foos"\n'],
    [
      ['gtw', '-o', 'xml'],
      'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,dot,graph,json,jsonpath,jsonpath-as-json,jsonpath-file,mermaid,name,svg,wide,yaml\n',
    ],
    [['gtw', '-o', 'go-template={.items}'], expect.stringMatching(/^error: unable to match a printer suitable for the output format "go-template=\{\.items\}", allowed formats are: /)],
    [['gtw', '-o', 'jsonpath={.items[0'], 'error: error parsing jsonpath {.items[0, unterminated array\n'],
    [['gtw', '-l', 'a in b'], 'error: unable to parse requirement "a in b" in selector "a in b"\n'],
    [['gtw', '-l', 'app=(x'], 'error: unclosed "(" in selector "app=(x"\n'],
    [['gtw', 'web', '-A'], 'error: a resource cannot be retrieved by name across all namespaces\n'],
    [['gtw', 'web', '-l', 'app=web'], 'error: name cannot be provided when a selector is specified\n'],
    [['gtw', 'x/y'], "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl gw get resource/<resource_name>' instead of 'kubectl gw get resource resource/<resource_name>')\n"],
    [['gtw', '--request-timeout', 'soon'], 'error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)\n'],
    [['gtw', '--bogus'], "error: unknown flag: --bogus\nSee 'kubectl gw get --help' for usage.\n"],
    [['gtw', '--bogus=1'], "error: unknown flag: --bogus\nSee 'kubectl gw get --help' for usage.\n"],
    [['gtw', '-z'], "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl gw get --help' for usage.\n"],
  ])('%j', async (args, stderr) => {
    expect(await get(...args)).toEqual({code: 1, stdout: '', stderr})
  })

  test('a flag without its value', async () => {
    expect(await run(['get', 'gtw', '-f', file, '-n'])).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: flag needs an argument: 'n' in -n\nSee 'kubectl gw get --help' for usage.\n",
    })
    expect((await run(['get', 'gtw', '-f', file, '--output'])).stderr).toBe("error: flag needs an argument: --output\nSee 'kubectl gw get --help' for usage.\n")
  })

  test('no type: the valid types, then the error', async () => {
    const r = await get()
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^You must specify the type of resource to get\. Valid resource types are:\n {2}\* gatewayclasses \(gc\)\n {2}\* gateways \(gtw\)\n/)
    expect(r.stderr).toContain('  * routes\n')
    expect(r.stderr).toMatch(/\nerror: Required resource not specified\.\nSee 'kubectl gw get -h' for help and examples\n$/)
  })

  test('a path that does not exist', async () => {
    const r = await run(['get', 'gtw', '-f', `${fx.dir}/missing.yaml`])
    expect(r).toEqual({code: 1, stdout: '', stderr: `error: the path "${fx.dir}/missing.yaml" does not exist\n`})
  })

  test('no stack trace, ever', async () => {
    for (const args of [['foos'], ['gtw', '--bogus'], ['gtw', '-l', '!!']]) {
      const r = await get(...args)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2)
    }
  })
})

describe.concurrent('not found and empty results', () => {
  test('NotFound after what was found, exit 1', async () => {
    const r = await get('gtw', 'web', 'nope', '-n', 'infra')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('NAME   CLASS   ADDRESSES   PORTS    PROGRAMMED   AGE\nweb    edge    10.0.0.1    80,443   True         3d\n')
    expect(r.stderr).toBe('Error from server (NotFound): gateways.gateway.networking.k8s.io "nope" not found\n')
  })

  test('each missing name gets its line', async () => {
    const r = await get('svc/a', 'svc/b', 'gtw/c', '-n', 'shop')
    expect(r.stderr).toBe(
      'Error from server (NotFound): services "a" not found\n' +
        'Error from server (NotFound): services "b" not found\n' +
        'Error from server (NotFound): gateways.gateway.networking.k8s.io "c" not found\n',
    )
    expect(r.code).toBe(1)
  })

  test('a single missing object with -o json prints nothing but the error', async () => {
    expect(await get('gtw/nope', '-n', 'infra', '-o', 'json')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): gateways.gateway.networking.k8s.io "nope" not found\n',
    })
  })

  test.each([
    [['svc', '-n', 'infra'], 'No resources found in infra namespace.\n'],
    [['gtw', '-A', '-l', 'app=nothing'], 'No resources found\n'],
    [['gc', '-l', 'app=nothing'], 'No resources found\n'],
    [['gtw,svc', '-n', 'shop', '-l', 'app=nothing'], 'No resources found in shop namespace.\n'],
  ])('empty %j: a message on stderr, exit 0', async (args, stderr) => {
    expect(await get(...args)).toEqual({code: 0, stdout: '', stderr})
  })

  test('empty with -o name prints nothing at all', async () => {
    expect(await get('svc', '-n', 'infra', '-o', 'name')).toEqual({code: 0, stdout: '', stderr: ''})
  })
})

describe.concurrent('input problems', () => {
  test('a bad document: the rest is printed, then the error, exit 1', async () => {
    const bad = await fx.write(
      'bad.yaml',
      'apiVersion: v1\nkind: Service\nmetadata: {name: ok, namespace: shop}\n---\napiVersion: v1\nkind: Service\nmetadata: {namespace: shop}\n',
    )
    const r = await run(['get', 'svc', '-n', 'shop', '-f', bad])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^NAME +TYPE +PORTS +AGE\nok +ClusterIP +<none> +<unknown>\n$/)
    expect(r.stderr).toMatch(/^error: .*bad\.yaml \(document 2\).*metadata\.name/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  test('warnings go to stderr first, prefixed Warning:', async () => {
    const dup = await fx.write('dup.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\n')
    const r = await run(['get', 'svc', '-n', 'shop', '-f', dup])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^Warning: .*twice/)
    expect(r.stdout.trim().split('\n')).toHaveLength(2)
  })

  test('standard input with -f -', async () => {
    const r = await run(['get', 'gtw', '-n', 'infra', '-o', 'name', '-f', '-'], {stdin: world()})
    expect(r).toEqual({code: 0, stderr: '', stdout: 'gateway.gateway.networking.k8s.io/nowhere\ngateway.gateway.networking.k8s.io/web\n'})
  })

  test('several -f, and -f a,b', async () => {
    const a = await fx.write('multi/a.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: x}\n')
    const b = await fx.write('multi/b.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: x}\n')
    const expected = {code: 0, stderr: '', stdout: 'service/a\nservice/b\n'}
    expect(await run(['get', 'svc', '-n', 'x', '-o', 'name', '-f', a, '-f', b])).toEqual(expected)
    expect(await run(['get', 'svc', '-n', 'x', '-o', 'name', '-f', `${a},${b}`])).toEqual(expected)
    // -f is not greedy: the type after it is still the type.
    expect(await run(['get', '-f', a, 'svc', '-n', 'x', '-o', 'name'])).toEqual({code: 0, stderr: '', stdout: 'service/a\n'})
  })
})

describe.concurrent('hostile names', () => {
  const evil = () =>
    fx.write(
      'evil.yaml',
      [
        'apiVersion: gateway.networking.k8s.io/v1',
        'kind: Gateway',
        'metadata:',
        '  name: "x\\e[2J\\e]0;owned\\a\\nforged   row\\u202eevil"',
        '  namespace: shop',
        '  labels: {"k": "v\\x9b31m"}',
        'spec:',
        '  gatewayClassName: "c\\rlass"',
        '  listeners: [{name: "l\\x7f", port: 80, protocol: HTTP}]',
      ].join('\n'),
    )
  // Raw controls a terminal would act on (C0 except newline, DEL, C1, bidi).
  const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

  test('table cells are escaped and stay on one line', async () => {
    const r = await run(['get', 'gtw', '-n', 'shop', '-f', await evil(), '-o', 'wide', '--show-labels'])
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(RAW)
    const rows = r.stdout.trim().split('\n')
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatch(/^x\\x1b\[2J\\x1b\]0;owned\\x07\\nforged   row\\u202eevil   c\\rlass   /)
    expect(rows[1]).toMatch(/ l\\x7f +l\\x7f=0 +k=v\\x9b31m$/)
  })

  test('-o name is escaped', async () => {
    const r = await run(['get', 'gtw', '-n', 'shop', '-f', await evil(), '-o', 'name'])
    expect(r.stdout).toBe('gateway.gateway.networking.k8s.io/x\\x1b[2J\\x1b]0;owned\\x07\\nforged   row\\u202eevil\n')
  })

  test('-o json and -o yaml escape them too and still parse', async () => {
    const path = await evil()
    for (const format of ['json', 'yaml']) {
      const r = await run(['get', 'gtw', '-n', 'shop', '-f', path, '-o', format])
      expect(r.code).toBe(0)
      expect(r.stdout).not.toMatch(RAW)
    }
  })

  test('names in messages are escaped', async () => {
    const r = await get('gtw', 'a\x1b[2Jb', '-n', 'shop')
    expect(r.stderr).toBe('Error from server (NotFound): gateways.gateway.networking.k8s.io "a\\x1b[2Jb" not found\n')
  })
})

describe.concurrent('help', () => {
  test.each([['--help'], ['-h']])('%s', async (flag) => {
    const r = await run(['get', flag])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('$ kubectl gw get TYPE[.GROUP][,TYPE...] [NAME...]')
    expect(r.stdout).toContain('gateways (gtw)')
    expect(r.stdout).toContain('$ kubectl gw get httproutes,grpcroutes -n prod -l app=web')
    expect(r.stdout).toContain('$ kubectl gw get gtw/web -o yaml')
    expect(r.stdout).toContain('-A, --all-namespaces')
  })
})
