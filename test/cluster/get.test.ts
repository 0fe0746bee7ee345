// `kubectl gw get` against a real kube-apiserver lists exactly what kubectl's own `get` lists, for
// every type, and `kubectl gw get gateways -A` through kubectl's plugin mechanism shows the rows
// kubectl shows.

import {describe, expect, test} from 'vitest'
import {RESOURCE_TYPES} from '../../src/model/resources.js'
import type {K8sObject} from '../../src/model/types.js'
import {cluster, gw, ids, kc, parseJson} from './support/cli.js'

interface List {
  items: K8sObject[]
}

/** kubectl get of one resource across namespaces; a type the server does not serve lists nothing. */
async function kubectlList(resource: string): Promise<{items: K8sObject[]; served: boolean}> {
  const r = await kc(['get', resource, '-A', '-o', 'json'])
  if (r.code !== 0) {
    expect(r.stderr, resource).toMatch(/the server doesn't have a resource type/)
    return {items: [], served: false}
  }
  return {items: parseJson<List>(r, `kubectl get ${resource}`).items, served: true}
}

const qualified = (r: {resource: string; group: string}) => (r.group ? `${r.resource}.${r.group}` : r.resource)
const concrete = RESOURCE_TYPES.filter((t) => !t.expandsTo && !t.dynamic && t.name !== 'policycrds')

describe(`get against kube-apiserver (${cluster().crds})`, () => {
  test.each(concrete.map((t) => t.name))('get %s -A lists what kubectl get lists', async (name) => {
    const type = concrete.find((t) => t.name === name)!
    const theirs: K8sObject[] = []
    let served = false
    for (const ref of type.refs) {
      const l = await kubectlList(qualified(ref))
      served ||= l.served
      theirs.push(...l.items)
    }
    const ours = await gw(['get', name, '-A', '-o', 'json'])
    if (!served) {
      // kubectl's own error for a type the server lacks, exit 1.
      expect(ours.code, ours.stderr).toBe(1)
      expect(ours.stderr).toMatch(/the server doesn't have a resource type/)
      return
    }
    expect(ours.code, ours.stderr).toBe(0)
    expect(ids(parseJson<List>(ours, `get ${name}`).items)).toEqual(ids(theirs))
  })

  test('get routes -A is every route kind kubectl lists', async () => {
    const routeTypes = RESOURCE_TYPES.find((t) => t.name === 'routes')!.expandsTo!
    const theirs: K8sObject[] = []
    for (const n of routeTypes) for (const ref of RESOURCE_TYPES.find((t) => t.name === n)!.refs) theirs.push(...(await kubectlList(qualified(ref))).items)
    const ours = await gw(['get', 'routes', '-A', '-o', 'json'])
    expect(ours.code, ours.stderr).toBe(0)
    expect(ids(parseJson<List>(ours, 'get routes').items)).toEqual(ids(theirs))
  })

  test('get policycrds and policies: the labelled CRDs and every object of their kinds', async () => {
    const crds = (await kubectlList('customresourcedefinitions.apiextensions.k8s.io')).items
    const ours = await gw(['get', 'policycrds', '-o', 'json'])
    expect(ours.code, ours.stderr).toBe(0)
    const policyCrds = parseJson<List>(ours, 'get policycrds').items
    const labelled = crds.filter((c) => c.metadata?.labels?.['gateway.networking.k8s.io/policy'] !== undefined)
    // Every labelled CRD is listed (the tool may add the Gateway API's own policy kinds, which carry no label in older releases).
    expect(ids(policyCrds)).toEqual(expect.arrayContaining(ids(labelled)))
    const theirs: K8sObject[] = []
    for (const c of policyCrds as unknown as {spec: {names: {plural: string}; group: string}}[]) {
      theirs.push(...(await kubectlList(`${c.spec.names.plural}.${c.spec.group}`)).items)
    }
    const policies = await gw(['get', 'policies', '-A', '-o', 'json'])
    expect(policies.code, policies.stderr).toBe(0)
    expect(ids(parseJson<List>(policies, 'get policies').items)).toEqual(ids(theirs))
    expect(theirs.length).toBeGreaterThan(0)
  })

  test('kubectl gw get gateways -A (plugin) shows the rows of kubectl get gateways -A', async () => {
    const plugin = await kc(['gw', 'get', 'gateways', '-A'])
    const own = await kc(['get', 'gateways.gateway.networking.k8s.io', '-A'])
    expect(plugin.code, plugin.stderr).toBe(0)
    expect(own.code, own.stderr).toBe(0)
    const rows = (table: string, cols: string[]) => {
      const [head, ...lines] = table.trimEnd().split('\n')
      const starts = cols.map((c) => {
        const at = head.search(new RegExp(`(^|\\s)${c}(\\s|$)`))
        expect(at, `${c} in ${head}`).toBeGreaterThanOrEqual(0)
        return at === 0 ? 0 : at + 1
      })
      const all = [...head.matchAll(/\S+/g)].map((m) => m.index!)
      return lines.map((l) => cols.map((_, i) => {
        const end = all.find((s) => s > starts[i]) ?? l.length
        return l.slice(starts[i], end).trim()
      }).join(' | '))
    }
    // ADDRESS(ES) and PORTS are this tool's own columns; the others are kubectl's (CRD printer columns);
    // AGE is left out: the objects are seconds old, and two commands a second apart may disagree.
    const cols = ['NAMESPACE', 'NAME', 'CLASS', 'PROGRAMMED']
    expect(rows(plugin.stdout, cols)).toEqual(rows(own.stdout, cols))
    expect(rows(own.stdout, cols).length).toBeGreaterThan(0)
  })

  test('get gateways in a namespace with no Gateways: kubectl\'s message on stderr', async () => {
    const ours = await kc(['gw', 'get', 'gateways', '-n', 'kube-public'])
    const theirs = await kc(['get', 'gateways.gateway.networking.k8s.io', '-n', 'kube-public'])
    expect(ours.code).toBe(0)
    expect(ours.stdout).toBe('')
    expect(ours.stderr.trim()).toBe(theirs.stderr.trim())
  })
})
