import {describe, expect, test} from 'vitest'
import {checkGetArgs, collectGet, emptyMessage, isSingleItem, planGet, resourceLabel} from '../../cli/get-plan.js'
import {parseResourceArgs} from '../../cli/resource-args.js'
import {typeByName} from '../../src/model/resources.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'

const scope = {namespace: 'shop', allNamespaces: false}
const plan = (args: string[], s: Partial<Parameters<typeof planGet>[1]> = {}) => planGet(parseResourceArgs(args), {...scope, ...s})
const reqs = (args: string[], s: Partial<Parameters<typeof planGet>[1]> = {}) =>
  plan(args, s).requests.map((r) => [r.type.name, r.namespace ?? '*', r.explicit, r.labelSelector ?? ''])

describe('planGet', () => {
  test('one request per concrete type, namespace for namespaced types only', () => {
    expect(reqs(['gtw,gc,svc'])).toEqual([
      ['gateways', 'shop', true, ''],
      ['gatewayclasses', '*', true, ''],
      ['services', 'shop', true, ''],
    ])
  })

  test('-A lists every namespace; the selector goes to every request', () => {
    expect(reqs(['gtw'], {allNamespaces: true, selector: 'app=web'})).toEqual([['gateways', '*', true, 'app=web']])
  })

  test('`routes` expands to every route kind, none of them explicit; one table', () => {
    const p = plan(['routes'])
    expect(p.requests.map((r) => [r.type.name, r.explicit])).toEqual([
      ['httproutes', false],
      ['grpcroutes', false],
      ['tlsroutes', false],
      ['tcproutes', false],
      ['udproutes', false],
    ])
    expect(p.groups.map((g) => g.type.name)).toEqual(['routes'])
  })

  test('a route type named beside `routes` stays explicit but prints in the routes table', () => {
    const p = plan(['routes,httproutes'])
    expect(p.requests.find((r) => r.type.name === 'httproutes')?.explicit).toBe(true)
    expect(p.requests.filter((r) => r.type.name === 'httproutes')).toHaveLength(1)
    expect(p.groups.map((g) => g.type.name)).toEqual(['routes'])
  })

  test('a built-in policy type named beside `policies` prints in the policies table', () => {
    expect(plan(['policies,backendtlspolicies']).groups.map((g) => g.type.name)).toEqual(['policies'])
  })

  test('-o wide gatewayclasses also reads every Gateway, unfiltered', () => {
    expect(reqs(['gc'], {wide: true, selector: 'a=b'})).toEqual([
      ['gatewayclasses', '*', true, 'a=b'],
      ['gateways', '*', false, ''],
    ])
    expect(plan(['gc'], {wide: true}).groups.map((g) => g.type.name)).toEqual(['gatewayclasses'])
  })
})

const NOW = new Date('2026-03-01T00:00:00Z')
function snap(objects: K8sObject[]): Snapshot {
  const s = new Snapshot('files', NOW)
  for (const o of objects) s.add(o)
  return s
}
const obj = (kind: string, name: string, namespace = 'shop', apiVersion = 'gateway.networking.k8s.io/v1'): K8sObject => ({
  apiVersion,
  kind,
  metadata: {name, namespace},
})

describe('collectGet', () => {
  const s = snap([
    obj('Gateway', 'b'),
    obj('Gateway', 'a'),
    obj('Gateway', 'other', 'infra'),
    obj('HTTPRoute', 'z'),
    obj('TCPRoute', 'a', 'shop', 'gateway.networking.k8s.io/v1alpha2'),
    obj('HTTPRoute', 'a'),
  ])

  test('objects of each group in kubectl order, scoped to the namespace', () => {
    const r = collectGet(s, plan(['gtw']))
    expect(r.groups[0].objects.map((o) => o.metadata.name)).toEqual(['a', 'b'])
    expect(r.notFound).toEqual([])
  })

  test('the routes table sorts across kinds by namespace, name, kind', () => {
    const r = collectGet(s, plan(['routes']))
    expect(r.groups[0].objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['HTTPRoute/a', 'TCPRoute/a', 'HTTPRoute/z'])
  })

  test('names in the order asked; NotFound for each missing one', () => {
    const r = collectGet(s, plan(['gtw', 'b', 'nope', 'a', 'other']))
    expect(r.groups[0].objects.map((o) => o.metadata.name)).toEqual(['b', 'a'])
    expect(r.notFound).toEqual([
      'Error from server (NotFound): gateways.gateway.networking.k8s.io "nope" not found',
      'Error from server (NotFound): gateways.gateway.networking.k8s.io "other" not found',
    ])
  })

  test('--field-selector: sent with every list request and applied to what was read', () => {
    const p = planGet(parseResourceArgs(['routes']), {...scope, fieldSelector: 'metadata.name!=a'})
    expect(new Set(p.requests.map((r) => r.fieldSelector))).toEqual(new Set(['metadata.name!=a']))
    expect(collectGet(s, p).groups[0].objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['HTTPRoute/z'])
  })

  test('a name in `routes` matches every route kind', () => {
    const r = collectGet(s, plan(['routes', 'a']))
    expect(r.groups[0].objects.map((o) => o.kind)).toEqual(['HTTPRoute', 'TCPRoute'])
    expect(collectGet(s, plan(['routes', 'q'])).notFound).toEqual(['Error from server (NotFound): routes "q" not found'])
  })

  test('names in NotFound lines are escaped', () => {
    expect(collectGet(s, plan(['svc', 'a\nb'])).notFound).toEqual(['Error from server (NotFound): services "a\\nb" not found'])
  })
})

describe('messages', () => {
  test('resourceLabel', () => {
    expect(resourceLabel(typeByName('gateways'))).toBe('gateways.gateway.networking.k8s.io')
    expect(resourceLabel(typeByName('services'))).toBe('services')
    expect(resourceLabel(typeByName('routes'))).toBe('routes')
    expect(resourceLabel(typeByName('policies'))).toBe('policies')
  })

  test('emptyMessage names the namespace only when every type is namespaced', () => {
    expect(emptyMessage(plan(['gtw']))).toBe('No resources found in shop namespace.')
    expect(emptyMessage(plan(['routes']))).toBe('No resources found in shop namespace.')
    expect(emptyMessage(plan(['gtw'], {allNamespaces: true}))).toBe('No resources found')
    expect(emptyMessage(plan(['gc']))).toBe('No resources found')
    expect(emptyMessage(plan(['gc,gtw']))).toBe('No resources found')
  })
})

describe('checkGetArgs', () => {
  const check = (args: string[], s: Partial<Parameters<typeof planGet>[1]> = {}) => () => checkGetArgs(parseResourceArgs(args), {...scope, ...s})

  test('a malformed selector is one kubectl-style line', () => {
    expect(check(['gtw'], {selector: 'a in b'})).toThrow('error: unable to parse requirement "a in b" in selector "a in b"')
    expect(check(['gtw'], {selector: 'a=b,c notin (d)'})).not.toThrow()
  })

  test('names and a selector together', () => {
    expect(check(['gtw', 'x'], {selector: 'a=b'})).toThrow('error: name cannot be provided when a selector is specified')
    expect(check(['gtw', 'x'], {fieldSelector: 'metadata.name=x'})).toThrow('error: name cannot be provided when a selector is specified')
  })

  test('a field selector on another field: the API server’s words, before any request', () => {
    expect(check(['gtw'], {fieldSelector: 'spec.x=y'})).toThrow(
      'error: field selector "spec.x=y": "spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    )
    expect(check(['gtw'], {fieldSelector: 'metadata.namespace!=a'})).not.toThrow()
  })

  test('names across all namespaces, for namespaced types only', () => {
    expect(check(['gtw', 'x'], {allNamespaces: true})).toThrow('error: a resource cannot be retrieved by name across all namespaces')
    expect(check(['gc', 'x'], {allNamespaces: true})).not.toThrow()
  })
})

test('isSingleItem: one concrete type and one name', () => {
  expect(isSingleItem(plan(['gtw', 'a']))).toBe(true)
  expect(isSingleItem(plan(['gtw/a']))).toBe(true)
  expect(isSingleItem(plan(['gtw', 'a', 'b']))).toBe(false)
  expect(isSingleItem(plan(['gtw']))).toBe(false)
  expect(isSingleItem(plan(['gtw,svc', 'a']))).toBe(false)
  expect(isSingleItem(plan(['routes', 'a']))).toBe(false)
})

describe('a policy kind named at run time takes its CRD scope', () => {
  const snap = (namespaced: boolean) => {
    const s = new Snapshot('files')
    s.policyKinds.push({group: 'foo.example.com', kind: 'FooPolicy', resource: 'foopolicies', type: 'Direct', namespaced})
    return s
  }

  test('cluster-scoped: no namespace in the table or the empty message, and a name with -A is fine', () => {
    const p = plan(['foopolicies'])
    expect(emptyMessage(p)).toBe('No resources found in shop namespace.')
    expect(emptyMessage(p, snap(false))).toBe('No resources found')
    expect(collectGet(snap(false), p).groups[0].type.namespaced).toBe(false)
    expect(() => collectGet(snap(false), plan(['foopolicies', 'x'], {allNamespaces: true}))).not.toThrow()
  })

  test('namespaced: as before, and a name with -A is refused once the scope is known', () => {
    const p = plan(['foopolicies'])
    expect(emptyMessage(p, snap(true))).toBe('No resources found in shop namespace.')
    expect(collectGet(snap(true), p).groups[0].type.namespaced).toBe(true)
    const named = plan(['foopolicies', 'x'], {allNamespaces: true})
    expect(() => checkGetArgs(parseResourceArgs(['foopolicies', 'x']), {...scope, allNamespaces: true})).not.toThrow()
    expect(() => collectGet(snap(true), named)).toThrow('error: a resource cannot be retrieved by name across all namespaces')
  })
})
