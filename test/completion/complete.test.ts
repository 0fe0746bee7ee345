import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {complete} from '../../src/completion/complete.js'
import {Directive, formatCompletion} from '../../src/completion/protocol.js'
import type {PolicyKind} from '../../src/model/snapshot.js'
import {fakeSource, run, SPEC, values} from './helpers.js'

const NAMES = {
  gateways: ['edge', 'edge-l4', 'internal'],
  gatewayclasses: ['edge', 'partner'],
  httproutes: ['storefront', 'checkout'],
  routes: ['storefront', 'inventory'],
}

describe('commands', () => {
  test('the first word: commands, with a summary', async () => {
    const c = await run([''])
    expect(values(c)).toEqual(['analyze', 'describe', 'get', 'trace', 'validate', 'version'])
    expect(c.candidates.find((x) => x.value === 'get')?.description).toBe('Display one or many Gateway API resources')
    expect(c.directive).toBe(Directive.NoFileComp)
    expect(values(await run(['de']))).toEqual(['describe'])
    expect(values(await run([]))).toEqual(['analyze', 'describe', 'get', 'trace', 'validate', 'version'])
  })

  test('before a command, a dash offers the root flags', async () => {
    expect(values(await run(['--']))).toEqual(['--help', '--version'])
    expect(values(await run(['-']))).toEqual(['--help', '-h', '--version'])
  })

  test('after an unknown command, nothing', async () => {
    const source = fakeSource({names: NAMES})
    expect(await run(['nosuch', ''], source)).toEqual({candidates: [], directive: Directive.NoFileComp})
    expect(source.calls).toEqual([])
  })
})

describe('resource types (get, describe)', () => {
  test('kubectl gw get gat -> gateways, gatewayclasses, :4', async () => {
    const c = await run(['get', 'gat'])
    expect(values(c).sort()).toEqual(['gatewayclasses', 'gateways'])
    expect(formatCompletion(c).endsWith('\n:4\n')).toBe(true)
  })

  test('describe completes the same types; analyze takes no arguments', async () => {
    expect(values(await run(['describe', 'httpr']))).toEqual(['httproutes'])
    expect(values(await run(['analyze', '']))).toEqual([])
  })

  test('comma lists', async () => {
    expect(values(await run(['get', 'httproutes,gr']))).toEqual(['httproutes,grpcroutes'])
  })

  test('types never ask the source for anything', async () => {
    const source = fakeSource({names: NAMES})
    await run(['get', ''], source)
    await run(['get', 'gateways,'], source)
    expect(source.calls).toEqual([])
  })
})

describe('names', () => {
  test('TYPE NAME: names of the type, those already given left out', async () => {
    const source = fakeSource({names: NAMES})
    expect(values(await run(['get', 'gateways', ''], source))).toEqual(['edge', 'edge-l4', 'internal'])
    expect(values(await run(['get', 'gtw', 'edge', 'e'], source))).toEqual(['edge-l4'])
    expect(source.calls.map((c) => c.type)).toEqual(['gateways', 'gateways'])
  })

  test('TYPE,TYPE NAME: the union of the types\' names, sorted, each once; one call per type', async () => {
    const source = fakeSource({names: NAMES})
    expect(values(await run(['describe', 'gtw,gc', ''], source))).toEqual(['edge', 'edge-l4', 'internal', 'partner'])
    expect(source.calls.map((c) => c.type)).toEqual(['gateways', 'gatewayclasses'])
  })

  test('TYPE/NAME: names prefixed with the type word as typed', async () => {
    const source = fakeSource({names: NAMES})
    expect(values(await run(['get', 'gtw/ed'], source))).toEqual(['gtw/edge', 'gtw/edge-l4'])
    expect(values(await run(['get', 'gtw/edge', 'gtw/'], source))).toEqual(['gtw/edge-l4', 'gtw/internal'])
  })

  test('after a TYPE/NAME argument, types are offered with a slash and no space', async () => {
    const c = await run(['get', 'gtw/edge', 'httpr'])
    expect(values(c)).toEqual(['httproutes/'])
    expect(c.directive).toBe(Directive.NoSpace | Directive.NoFileComp)
  })

  test('grouping types are asked for as such (the source expands them)', async () => {
    const source = fakeSource({names: NAMES})
    expect(values(await run(['get', 'routes', ''], source))).toEqual(['inventory', 'storefront'])
    expect(source.calls[0].type).toBe('routes')
  })

  test('unknown types, malformed TYPE/NAME: nothing, and no call', async () => {
    const source = fakeSource({names: NAMES})
    for (const words of [['get', 'pods', ''], ['get', 'pods/x'], ['get', 'gtw,gc/x'], ['get', 'gtw/a/b']]) {
      expect(values(await run(words, source)), words.join(' ')).toEqual([])
    }
    expect(source.calls).toEqual([])
  })

  test('the scope given earlier on the line reaches the source', async () => {
    const source = fakeSource({names: NAMES})
    await run(['get', '-n', 'prod', '--context', 'kind', '--kubeconfig=/k/config', '-l', 'app=web', '--request-timeout', '2s', 'gtw', ''], source)
    expect(source.calls[0].scope).toEqual({
      files: undefined,
      namespace: 'prod',
      allNamespaces: false,
      selector: 'app=web',
      kubeconfig: '/k/config',
      context: 'kind',
      requestTimeout: '2s',
    })
    await run(['get', 'gtw', '-A', '-f', 'a.yaml,b.yaml', '--filename', 'dir/', ''], source)
    expect(source.calls[1].scope).toMatchObject({files: ['a.yaml', 'b.yaml', 'dir/'], allNamespaces: true, namespace: undefined})
  })

  test('a failing source (no cluster, 403) gives no candidates and a clean directive', async () => {
    const source = fakeSource({names: NAMES, fail: true})
    for (const words of [['get', 'gtw', ''], ['get', 'gtw/'], ['get', '-n', ''], ['get', '--context=']]) {
      const c = await run(words, source)
      expect(formatCompletion(c), words.join(' ')).toBe(':4\n')
    }
    expect(source.calls).toHaveLength(4)
  })
})

describe('flags', () => {
  test('long flags by prefix, short ones once they match too', async () => {
    expect(values(await run(['get', '--n']))).toEqual(['--namespace', '--no-headers'])
    expect(values(await run(['get', '-n']))).toEqual(['-n'])
    const dash = values(await run(['get', '-']))
    expect(dash).toContain('--all-namespaces')
    expect(dash).toContain('-A')
    expect(dash).toContain('-h')
    expect(dash).not.toContain('--fail-on')
    expect(values(await run(['analyze', '--f']))).toEqual(['--filename', '--fail-on'])
  })

  test('flags already given are not offered again, unless repeatable', async () => {
    const v = values(await run(['get', '-n', 'x', '-f', 'a.yaml', '-']))
    expect(v).not.toContain('--namespace')
    expect(v).not.toContain('-n')
    expect(v).toContain('--filename')
    expect(v).toContain('-f')
  })

  test('after --, a dash is a positional word', async () => {
    const source = fakeSource({names: {gateways: ['-odd']}})
    expect(values(await run(['get', 'gtw', '--', '-'], source))).toEqual(['-odd'])
  })
})

describe('flag values', () => {
  test('-o: the formats of the command', async () => {
    expect(values(await run(['get', '-o', '']))).toEqual([
      'wide',
      'json',
      'yaml',
      'name',
      'dot',
      'graph',
      'mermaid',
      'svg',
      'jsonpath=',
      'jsonpath-file=',
      'jsonpath-as-json=',
      'custom-columns=',
      'custom-columns-file=',
    ])
    const open = await run(['get', '-o', 'cust'])
    expect(values(open)).toEqual(['custom-columns=', 'custom-columns-file='])
    expect(open.directive).toBe(Directive.NoSpace | Directive.NoFileComp)
    expect((await run(['get', '-o', 'js'])).directive).toBe(Directive.NoFileComp)
    expect(values(await run(['version', '-o', '']))).toEqual(['json', 'yaml'])
    expect(values(await run(['describe', '-o', '']))).toEqual(['json', 'yaml'])
    expect(values(await run(['analyze', '--output', 'y']))).toEqual(['yaml'])
    expect(values(await run(['get', '--output=m']))).toEqual(['mermaid'])
    expect(values(await run(['get', '-o=j']))).toEqual(['json', 'jsonpath=', 'jsonpath-file=', 'jsonpath-as-json='])
  })

  test('-n: namespaces from the source, with the scope so far', async () => {
    const source = fakeSource({namespaces: ['infra', 'shop', 'shop-dev']})
    expect(values(await run(['get', '--context', 'kind', '-n', 'sh'], source))).toEqual(['shop', 'shop-dev'])
    expect(values(await run(['get', '--namespace=in'], source))).toEqual(['infra'])
    expect(source.calls.map((c) => [c.what, c.scope.context])).toEqual([['namespaces', 'kind'], ['namespaces', undefined]])
  })

  test('--context: contexts from the source, honouring --kubeconfig', async () => {
    const source = fakeSource({contexts: ['kind', 'prod']})
    expect(values(await run(['get', '--kubeconfig', '/k', '--context', 'p'], source))).toEqual(['prod'])
    expect(source.calls[0]).toMatchObject({what: 'contexts', scope: {kubeconfig: '/k'}})
  })

  test('-f: file completion filtered to manifest extensions; --kubeconfig: plain file completion', async () => {
    expect(await run(['get', '-f', ''])).toEqual({candidates: [{value: 'json'}, {value: 'yaml'}, {value: 'yml'}], directive: Directive.FilterFileExt})
    expect((await run(['get', '--filename=ex'])).directive).toBe(Directive.FilterFileExt)
    expect(await run(['get', '--kubeconfig', ''])).toEqual({candidates: [], directive: Directive.Default})
  })

  test('declared options; nothing for free-form values', async () => {
    expect(values(await run(['analyze', '--fail-on', 'w']))).toEqual(['warning'])
    expect(values(await run(['analyze', '--fail-on=']))).toEqual(['error', 'warning', 'info', 'none'])
    expect(await run(['get', '-l', ''])).toEqual({candidates: [], directive: Directive.NoFileComp})
    expect(await run(['get', '--request-timeout', ''])).toEqual({candidates: [], directive: Directive.NoFileComp})
  })

  test('= on a boolean flag completes nothing', async () => {
    expect(values(await run(['get', '--all-namespaces=']))).toEqual([])
  })
})

describe('robustness', () => {
  test('never throws and always returns a well-formed completion, whatever the words', async () => {
    const word = fc.oneof(
      fc.constantFrom('get', 'describe', 'analyze', 'gtw', 'gateways,', 'gtw/', '-n', '-A', '-o', '-f', '--', '-', '--namespace=', '-An', ''),
      fc.string(),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(word, {maxLength: 8}), fc.boolean(), async (words, fail) => {
        const c = await complete(words, SPEC, {source: fakeSource({names: NAMES, namespaces: ['a'], contexts: ['c'], fail})})
        expect(Number.isInteger(c.directive)).toBe(true)
        for (const x of c.candidates) expect(typeof x.value).toBe('string')
        expect(formatCompletion(c)).toMatch(/:\d+\n$/)
      }),
      {numRuns: 400},
    )
  })

  test('loosely typed words and source answers do not throw', async () => {
    const source = {names: async () => [null, 3, 'ok'] as never, namespaces: async () => 'nope' as never, contexts: async () => undefined as never}
    expect(values(await complete(['get', 'gtw', ''], SPEC, {source}))).toEqual(['ok'])
    expect(await complete(['get', '-n', ''], SPEC, {source})).toEqual({candidates: [], directive: Directive.NoFileComp})
    expect(values(await complete([5, 'g'] as never, SPEC, {source}))).toEqual([])
    expect(values(await complete(['get', 'gtw', null] as never, SPEC, {source}))).toEqual(['ok'])
    expect(values(await complete('get' as never, SPEC, {source}))).toEqual(['analyze', 'describe', 'get', 'trace', 'validate', 'version'])
  })
})

describe('policy kinds of the cluster or the files', () => {
  const crd = (group: string, kind: string, plural: string, shortNames: string[] = []) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: `${plural}.${group}`},
    spec: {group, scope: 'Namespaced', names: {kind, plural, singular: kind.toLowerCase(), shortNames}, versions: [{name: 'v1', served: true, storage: true}]},
  })
  const kind = (group: string, k: string, plural: string, shortNames: string[] = []): PolicyKind => ({
    group,
    kind: k,
    resource: plural,
    type: 'Inherited',
    namespaced: true,
    crd: crd(group, k, plural, shortNames) as unknown as PolicyKind['crd'],
  })
  const timeout = kind('bar.example.com', 'TimeoutPolicy', 'timeoutpolicies', ['tmo'])
  // The Gateway API's own policy kinds are registered types already: never offered twice.
  const builtin: PolicyKind = {group: 'gateway.networking.k8s.io', kind: 'BackendTLSPolicy', resource: 'backendtlspolicies', type: 'Direct', namespaced: true}
  const source = (extra: Partial<Parameters<typeof fakeSource>[0]> = {}) => fakeSource({
      // The fake answers by the type word as typed (the real source lists the policy kind it names).
      names: {...NAMES, timeoutpolicies: ['public-defaults', 'public-https'], tmo: ['public-defaults', 'public-https']},
      policyKinds: [timeout, builtin],
      ...extra,
    })

  test('get <TAB> and describe <TAB> offer the served policy kinds by plural, beside the registered types', async () => {
    for (const command of ['get', 'describe']) {
      const all = await run([command, ''], source())
      expect(values(all)).toContain('timeoutpolicies')
      expect(values(all).filter((v) => v === 'backendtlspolicies')).toHaveLength(1)
      expect(all.candidates.find((c) => c.value === 'timeoutpolicies')?.description).toBe('TimeoutPolicy.bar.example.com, Inherited policy (tmo)')
      expect(values(await run([command, 'ti'], source()))).toEqual(['timeoutpolicies'])
    }
    expect(values(await run(['get', 't'], source()))).toEqual(['tlsroutes', 'tcproutes', 'timeoutpolicies'])
  })

  test('a short name or Kind when the plural does not match; the group once a dot is typed', async () => {
    expect(values(await run(['get', 'tm'], source()))).toEqual(['tmo'])
    expect(values(await run(['get', 'timeoutpolicies.b'], source()))).toEqual(['timeoutpolicies.bar.example.com'])
  })

  test('one plural in two groups: each offered with its group', async () => {
    const other = kind('foo.example.com', 'TimeoutPolicy', 'timeoutpolicies')
    expect(values(await run(['get', 'time'], source({policyKinds: [timeout, other]})))).toEqual(['timeoutpolicies.bar.example.com', 'timeoutpolicies.foo.example.com'])
  })

  test('in comma lists and TYPE/NAME forms', async () => {
    expect(values(await run(['get', 'httproutes,ti'], source()))).toEqual(['httproutes,timeoutpolicies'])
    expect(values(await run(['get', 'timeoutpolicies,ti'], source()))).toEqual([])
    expect(values(await run(['get', 'gtw/edge', 'ti'], source()))).toEqual(['timeoutpolicies/'])
  })

  test('their object names after the type, in the scope on the line', async () => {
    const s = source()
    expect(values(await run(['describe', 'timeoutpolicies', '-n', 'infra', 'public-'], s))).toEqual(['public-defaults', 'public-https'])
    const names = s.calls.filter((c) => c.what === 'names')
    expect(names).toHaveLength(1)
    expect(names[0].scope.namespace).toBe('infra')
    expect(values(await run(['get', 'tmo', ''], source()))).toEqual(['public-defaults', 'public-https'])
    expect(values(await run(['get', 'tmo/public-h'], source()))).toEqual(['tmo/public-https'])
  })

  test('a word that is neither a registered type nor a policy kind: no names asked for', async () => {
    const s = source()
    expect(values(await run(['get', 'pods', ''], s))).toEqual([])
    expect(s.calls.map((c) => c.what)).toEqual(['policyKinds'])
  })

  test('policy kinds that cannot be read: the registered types still complete', async () => {
    const c = await run(['get', 'gat'], source({failPolicyKinds: true}))
    expect(values(c).sort()).toEqual(['gatewayclasses', 'gateways'])
    expect(c.directive).toBe(Directive.NoFileComp)
  })
})
