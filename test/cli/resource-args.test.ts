import {describe, expect, test} from 'vitest'
import {parseResourceArgs, resolveType} from '../../cli/resource-args.js'
import {UserError} from '../../src/sources/request.js'

const summary = (args: string[]): [string, string[]][] => parseResourceArgs(args).map((s) => [s.type.name, s.names])

describe('resolveType', () => {
  test.each([
    ['gateways', 'gateways'],
    ['gateway', 'gateways'],
    ['gtw', 'gateways'],
    ['Gateway', 'gateways'],
    ['GTW', 'gateways'],
    ['gateways.gateway.networking.k8s.io', 'gateways'],
    ['gateway.gateway.networking.k8s.io', 'gateways'],
    ['gateways.v1.gateway.networking.k8s.io', 'gateways'],
    ['svc', 'services'],
    ['routes', 'routes'],
    ['policies', 'policies'],
  ])('%s -> %s', (arg, name) => {
    expect(resolveType(arg)?.name).toBe(name)
  })

  test('TYPE.GROUP keeps only the refs of that group', () => {
    const x = resolveType('listenersets.gateway.networking.x-k8s.io')
    expect(x?.name).toBe('listenersets')
    expect(x?.refs.map((r) => r.kind)).toEqual(['XListenerSet'])
    expect(resolveType('listenerset.gateway.networking.k8s.io')?.refs.map((r) => r.kind)).toEqual(['ListenerSet'])
    expect(resolveType('listenersets')?.refs).toHaveLength(2)
  })

  test('unknown types and groups', () => {
    expect(resolveType('foos')).toBeUndefined()
    expect(resolveType('gateways.example.com')).toBeUndefined()
  })
})

describe('parseResourceArgs', () => {
  test('TYPE, TYPE NAME..., TYPE,TYPE', () => {
    expect(summary(['gateways'])).toEqual([['gateways', []]])
    expect(summary(['gtw', 'a', 'b', 'a'])).toEqual([['gateways', ['a', 'b']]])
    expect(summary(['gtw,httproutes'])).toEqual([
      ['gateways', []],
      ['httproutes', []],
    ])
    expect(summary(['gtw,gateway,,gtw'])).toEqual([['gateways', []]])
  })

  test('TYPE,TYPE NAME applies the name to each type', () => {
    expect(summary(['gtw,httproute', 'x'])).toEqual([
      ['gateways', ['x']],
      ['httproutes', ['x']],
    ])
  })

  test('TYPE/NAME forms, grouped by type in first-seen order', () => {
    expect(summary(['gtw/a', 'httproutes/b', 'gateway/c'])).toEqual([
      ['gateways', ['a', 'c']],
      ['httproutes', ['b']],
    ])
  })

  test('no arguments: no selections', () => {
    expect(parseResourceArgs([])).toEqual([])
  })

  test.each([
    [['foo_s'], 'error: the server doesn\'t have a resource type "foo_s"'],
    [['gtw,fo:os'], 'error: the server doesn\'t have a resource type "fo:os"'],
    [['foo..s/x'], 'error: the server doesn\'t have a resource type "foo..s"'],
    [['gtw', 'x/y'], 'error: there is no need to specify a resource type as a separate argument'],
    [['gtw/a/b'], 'error: arguments in resource/name form may not have more than one slash'],
    [['gtw/'], 'error: arguments in resource/name form must have a single resource and name'],
    [['/a'], 'error: arguments in resource/name form must have a single resource and name'],
    [['gtw,svc/a'], 'error: arguments in resource/name form must have a single resource and name'],
    [['gtw', ''], 'error: resource name may not be empty'],
    [[','], 'error: arguments must consist of a resource or a resource and name'],
    [['f\x1bo'], '"f\\x1bo"'],
  ])('%j fails: %s', (args, message) => {
    expect(() => parseResourceArgs(args)).toThrow(UserError)
    expect(() => parseResourceArgs(args)).toThrow(message)
  })
})

describe('names no built-in type has', () => {
  // Whether they are policy kinds (vendor CRDs) is known once the cluster or the files are read:
  // cli/get-plan.ts collectGet fails with "doesn't have a resource type" when none matches.
  test('become a policy-kind selection, names kept', () => {
    const [sel] = parseResourceArgs(['TimeoutPolicy.bar.example.com', 'a'])
    expect(sel.type).toMatchObject({dynamic: 'policies', policyKind: 'TimeoutPolicy.bar.example.com', name: 'TimeoutPolicy.bar.example.com'})
    expect(sel.names).toEqual(['a'])
    expect(summary(['gtw,timeoutpolicies'])).toEqual([
      ['gateways', []],
      ['timeoutpolicies', []],
    ])
    expect(summary(['tmo/x', 'tmo/y'])).toEqual([['tmo', ['x', 'y']]])
  })

  test('resolveType (completion) still knows only the built-in names', () => {
    expect(resolveType('timeoutpolicies')).toBeUndefined()
  })
})
