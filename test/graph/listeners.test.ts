import {describe, expect, it} from 'vitest'
import {evaluateKinds, judgeListener, readListener, readListeners, selectListeners} from '../../src/graph/listeners.js'
import {admitNamespace, readFromPolicy} from '../../src/graph/namespaces.js'
import {GW, gateway, http, httpListener, namespace, snapshotOf} from './fixtures.js'

const gw = gateway('gw', 'infra', [
  httpListener('http', 80),
  httpListener('http-alt', 8080),
  {name: 'https', port: 443, protocol: 'HTTPS', tls: {certificateRefs: [{name: 'c'}]}},
  {name: 'https-2', port: 443, protocol: 'HTTPS', hostname: 'b.example.com', tls: {certificateRefs: [{name: 'c'}]}},
])
const listeners = readListeners(gw)
const names = (sectionName?: unknown, port?: unknown) => selectListeners(listeners, sectionName, port).map((l) => l.name)

describe('listener selection by sectionName and port', () => {
  it.each([
    [undefined, undefined, ['http', 'http-alt', 'https', 'https-2'], 'neither: every listener'],
    ['http', undefined, ['http'], 'sectionName only'],
    ['nope', undefined, [], 'unknown sectionName'],
    [undefined, 443, ['https', 'https-2'], 'port only: every listener on the port'],
    [undefined, 81, [], 'port no listener uses'],
    ['http', 80, ['http'], 'both, consistent'],
    ['http', 81, [], 'both must match the same listener (section-name-not-matching-port)'],
    ['http-alt', 80, [], 'name of one listener, port of another'],
    [undefined, '80', [], 'a string port matches nothing'],
  ])('sectionName %j, port %j -> %j (%s)', (sectionName, port, expected, _why) => {
    expect(names(sectionName, port)).toEqual(expected)
  })
})

describe('allowedRoutes.namespaces', () => {
  const snapshot = snapshotOf([
    namespace('infra', {team: 'platform'}),
    namespace('prod-a', {env: 'prod', tier: 'web'}),
    namespace('dev-a', {env: 'dev', tier: 'web'}),
    namespace('bare'),
  ])
  const subject = {what: 'routes', field: 'allowedRoutes.namespaces'}
  const admits = (policy: unknown, routeNs: string) => admitNamespace(readFromPolicy(policy, false), 'infra', routeNs, snapshot, subject).allowed
  const table: [string, unknown, string, boolean][] = [
    ['unset defaults to Same: same namespace', undefined, 'infra', true],
    ['unset defaults to Same: other namespace', undefined, 'prod-a', false],
    ['Same: other namespace', {from: 'Same'}, 'dev-a', false],
    ['All', {from: 'All'}, 'dev-a', true],
    ['Selector matchLabels match', {from: 'Selector', selector: {matchLabels: {env: 'prod'}}}, 'prod-a', true],
    ['Selector matchLabels mismatch', {from: 'Selector', selector: {matchLabels: {env: 'prod'}}}, 'dev-a', false],
    ['Selector matchLabels missing label', {from: 'Selector', selector: {matchLabels: {env: 'prod'}}}, 'bare', false],
    ['Selector In', {from: 'Selector', selector: {matchExpressions: [{key: 'env', operator: 'In', values: ['prod', 'staging']}]}}, 'prod-a', true],
    ['Selector NotIn excludes', {from: 'Selector', selector: {matchExpressions: [{key: 'env', operator: 'NotIn', values: ['dev']}]}}, 'dev-a', false],
    ['Selector NotIn admits a namespace without the key', {from: 'Selector', selector: {matchExpressions: [{key: 'env', operator: 'NotIn', values: ['dev']}]}}, 'bare', true],
    ['Selector Exists', {from: 'Selector', selector: {matchExpressions: [{key: 'tier', operator: 'Exists'}]}}, 'dev-a', true],
    ['Selector DoesNotExist', {from: 'Selector', selector: {matchExpressions: [{key: 'tier', operator: 'DoesNotExist'}]}}, 'dev-a', false],
    [
      'Selector matchLabels AND matchExpressions',
      {from: 'Selector', selector: {matchLabels: {tier: 'web'}, matchExpressions: [{key: 'env', operator: 'In', values: ['prod']}]}},
      'dev-a',
      false,
    ],
    ['Selector on kubernetes.io/metadata.name', {from: 'Selector', selector: {matchLabels: {'kubernetes.io/metadata.name': 'prod-a'}}}, 'prod-a', true],
    [
      'metadata.name is synthesized for namespaces absent from the input',
      {from: 'Selector', selector: {matchExpressions: [{key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ghost']}]}},
      'ghost',
      true,
    ],
    ['Selector without selector admits nothing', {from: 'Selector'}, 'infra', false],
    ['empty selector admits everything', {from: 'Selector', selector: {}}, 'dev-a', true],
    ['unknown operator admits nothing', {from: 'Selector', selector: {matchExpressions: [{key: 'env', operator: 'Like'}]}}, 'prod-a', false],
    ['None is not valid for routes', {from: 'None'}, 'infra', false],
    ['garbage policy falls back to the default (Same)', 'garbage', 'infra', true],
  ]
  for (const [why, policy, ns, expected] of table) {
    it(`${why}`, () => expect(admits(policy, ns)).toBe(expected))
  }

  it('names the selector and the namespace labels in the sentence', () => {
    const a = admitNamespace(readFromPolicy({from: 'Selector', selector: {matchLabels: {env: 'prod'}}}, false), 'infra', 'dev-a', snapshot, subject)
    expect(a.why).toBe('allows routes from namespaces with labels env=prod; namespace "dev-a" has env=dev')
    expect(a.fix).toBe('Add the label to the namespace or change allowedRoutes.namespaces.')
  })

  it('notes when the namespace object is not in the input', () => {
    const a = admitNamespace(readFromPolicy({from: 'Selector', selector: {matchLabels: {env: 'prod'}}}, false), 'infra', 'ghost', snapshot, subject)
    expect(a.allowed).toBe(false)
    expect(a.notes[0]).toContain('not in the input')
  })

  it('allowedListeners defaults to None', () => {
    expect(admitNamespace(readFromPolicy(undefined, true), 'infra', 'infra', snapshot, {what: 'ListenerSets', field: 'allowedListeners.namespaces'}).allowed).toBe(false)
  })
})

describe('allowedRoutes.kinds and supportedKinds', () => {
  const kinds = (allowedRoutes: unknown, protocol: string) => {
    const r = evaluateKinds(allowedRoutes, protocol)
    return {supported: r.supported.map((k) => k.kind), invalid: r.invalid.map((k) => k.kind)}
  }
  it.each([
    ['HTTP', undefined, ['HTTPRoute', 'GRPCRoute'], []],
    ['HTTPS', {}, ['HTTPRoute', 'GRPCRoute'], []],
    ['TLS', {kinds: []}, ['TLSRoute'], []],
    ['TCP', undefined, ['TCPRoute'], []],
    ['UDP', undefined, ['UDPRoute'], []],
    ['INVALID', undefined, [], []],
    ['http', undefined, [], []],
  ])('protocol %s with %j defaults to %j', (protocol, allowedRoutes, supported, invalid) => {
    expect(kinds(allowedRoutes, protocol)).toEqual({supported, invalid})
  })
  it.each([
    ['explicit HTTPRoute only', 'HTTP', [{kind: 'HTTPRoute'}], ['HTTPRoute'], []],
    ['only invalid kinds (gateway-invalid-route-kind)', 'HTTP', [{kind: 'InvalidRoute'}], [], ['InvalidRoute']],
    ['valid and invalid (gateway-invalid-route-kind)', 'HTTP', [{kind: 'InvalidRoute'}, {kind: 'HTTPRoute'}], ['HTTPRoute'], ['InvalidRoute']],
    ['kind incompatible with the protocol (tlsroute-listener-passthrough-supported-kinds)', 'TLS', [{kind: 'TCPRoute'}, {kind: 'TLSRoute'}], ['TLSRoute'], ['TCPRoute']],
    ['HTTPRoute on a TLS listener (listenerset-allowed-routes-supported-kinds)', 'TLS', [{kind: 'HTTPRoute'}], [], ['HTTPRoute']],
    ['wrong group', 'HTTP', [{group: 'example.com', kind: 'HTTPRoute'}], [], ['HTTPRoute']],
    ['explicit default group', 'HTTP', [{group: GW, kind: 'GRPCRoute'}], ['GRPCRoute'], []],
    ['duplicates collapse', 'HTTP', [{kind: 'HTTPRoute'}, {kind: 'HTTPRoute'}], ['HTTPRoute'], []],
    ['malformed entries are invalid', 'HTTP', ['HTTPRoute', {kind: 5}], [], ['', '']],
  ])('%s', (_why, protocol, list, supported, invalid) => {
    expect(kinds({kinds: list}, protocol)).toEqual({supported, invalid})
  })
})

describe('judgeListener', () => {
  const snapshot = snapshotOf([namespace('infra'), namespace('dev', {env: 'dev'})])
  const owner = gateway('web', 'infra', [])
  const l = readListener(owner, {name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', allowedRoutes: {namespaces: {from: 'Selector', selector: {matchLabels: {env: 'prod'}}}}}, 0)

  it('reports the namespace failure with the brief’s sentence', () => {
    const v = judgeListener(l, http('dev', 'r', {}), [], snapshot)
    expect(v.attached).toBe(false)
    expect(v.failed).toBe('namespace')
    expect(v.message).toBe(
      'Listener "https" (gateways/infra/web) allows routes from namespaces with labels env=prod; namespace "dev" has env=dev. Add the label to the namespace or change allowedRoutes.namespaces.',
    )
  })

  it('checks kind before namespace', () => {
    const tcp = readListener(owner, {name: 'tcp', port: 5000, protocol: 'TCP'}, 1)
    const v = judgeListener(tcp, http('dev', 'r', {}), [], snapshot)
    expect(v.failed).toBe('kind')
    expect(v.message).toContain('protocol TCP')
  })

  it('reports intersected hostnames when attached', () => {
    const open = readListener(owner, {name: 'h', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: {namespaces: {from: 'All'}}}, 2)
    const v = judgeListener(open, http('dev', 'r', {}), ['a.example.com', 'b.example.org'], snapshot)
    expect(v.attached).toBe(true)
    expect(v.hostnames).toMatchObject({applies: true, matched: true, effective: ['a.example.com'], ignored: ['b.example.org']})
  })

  it('ignores hostnames for TCP routes', () => {
    const tcp = readListener(owner, {name: 'tcp', port: 5000, protocol: 'TCP', hostname: 'ignored.example.com', allowedRoutes: {namespaces: {from: 'All'}}}, 3)
    const v = judgeListener(tcp, {...http('dev', 'r', {}), kind: 'TCPRoute'}, [], snapshot)
    expect(v.attached).toBe(true)
    expect(v.hostnames.applies).toBe(false)
    expect(tcp.hostname).toBeUndefined()
  })
})
