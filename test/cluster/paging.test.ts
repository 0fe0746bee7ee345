// Lists that page on a real server (its own continue tokens), the number of requests per command, and
// completion names from the real server through kubectl's plugin completion.

import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import type {K8sObject} from '../../src/model/types.js'
import {auditMark, auditSince, cluster, gw, ids, kc, parseJson, type AuditEvent} from './support/cli.js'

// kubectl-gw asks for 500 objects a page, as kubectl does; this many need two pages.
const MANY = 520
const NS = 'default'

const route = (i: number) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: {name: `paged-${String(i).padStart(4, '0')}`, namespace: NS, labels: {'kubectl-gw.test/paging': 'paged'}},
  spec: {hostnames: [`p${i}.example.com`]},
})

const ours = (events: AuditEvent[]) => events.filter((e) => e.userAgent?.startsWith('kubectl-gw'))

describe(`paging against kube-apiserver (${cluster().crds})`, () => {
  beforeAll(async () => {
    const list = {apiVersion: 'v1', kind: 'List', items: Array.from({length: MANY}, (_, i) => route(i))}
    const applied = await kc(['apply', '--server-side', '-f', '-'], 'admin', stringify(list))
    expect(applied.code, applied.stderr).toBe(0)
  }, 300_000)

  afterAll(async () => {
    // Leave the cluster as the other files expect it.
    await kc(['delete', 'httproutes.gateway.networking.k8s.io', '-n', NS, '-l', 'kubectl-gw.test/paging=paged', '--wait=false'])
  }, 300_000)

  test(`get httproutes -n ${NS}: all ${MANY}, in two pages of the server's own continue tokens`, async () => {
    const mark = auditMark()
    const r = await gw(['get', 'httproutes', '-n', NS, '-o', 'json'])
    expect(r.code, r.stderr).toBe(0)
    const theirs = await kc(['get', 'httproutes.gateway.networking.k8s.io', '-n', NS, '-o', 'json'])
    const got = ids(parseJson<{items: K8sObject[]}>(r, 'get').items)
    expect(got).toHaveLength(MANY)
    expect(got).toEqual(ids(parseJson<{items: K8sObject[]}>(theirs, 'kubectl get').items))
    const lists = ours(await auditSince(mark)).filter((e) => e.verb === 'list' && e.requestURI.includes(`/namespaces/${NS}/httproutes`))
    expect(lists.map((e) => new URL(e.requestURI, 'https://x').searchParams.get('limit'))).toEqual(['500', '500'])
    expect(new URL(lists[0].requestURI, 'https://x').searchParams.has('continue')).toBe(false)
    expect(new URL(lists[1].requestURI, 'https://x').searchParams.get('continue')).toBeTruthy()
  })

  test('requests grow with pages, never with objects: describe routes -A asks once per page per type', async () => {
    const mark = auditMark()
    const r = await gw(['describe', 'routes', '-A', '-o', 'json'])
    expect(r.code, r.stderr).toBe(0)
    const events = ours(await auditSince(mark))
    // No per-object gets but those of the few Secrets and ConfigMaps whose contents a check reads
    // (certificates, CA bundles: referenced.test.ts), each once; none for the 520 routes.
    const gets = events.filter((e) => e.verb === 'get' && /\/namespaces\/[^/]+\/[^/]+\/[^/?]+/.test(e.requestURI)).map((e) => e.requestURI)
    expect(gets.filter((u) => !/^\/api\/v1\/namespaces\/[^/]+\/(secrets|configmaps)\/[^/?]+$/.test(u))).toEqual([])
    expect(new Set(gets).size).toBe(gets.length)
    expect(gets.length).toBeLessThan(20)
    const httproutePages = events.filter((e) => e.verb === 'list' && /\/httproutes(\?|$)/.test(e.requestURI))
    expect(httproutePages.length).toBe(2)
    // Discovery is aggregated (one answer for /api, one for /apis): the server answered it, so no
    // per-group-version discovery request followed.
    const discovery = events.filter((e) => /^\/apis?(\?|$)/.test(e.requestURI))
    expect(discovery.map((e) => [e.requestURI.split('?')[0], e.responseStatus?.code]).sort()).toEqual([['/api', 200], ['/apis', 200]])
    expect(events.filter((e) => /^\/apis\/[^/?]+\/[^/?]+(\?|$)/.test(e.requestURI)).map((e) => e.requestURI)).toEqual([])
  })

  test('completion offers the names the server lists (kubectl __complete gw ...)', async () => {
    const r = await kc(['__complete', 'gw', 'describe', 'httproutes', '-n', 'shop', ''])
    expect(r.code, r.stderr).toBe(0)
    const names = r.stdout.split('\n').filter((l) => l && !l.startsWith(':'))
    const theirs = await kc(['get', 'httproutes.gateway.networking.k8s.io', '-n', 'shop', '-o', 'name'])
    const expected = theirs.stdout.trim().split('\n').map((l) => l.slice(l.indexOf('/') + 1)).sort()
    expect(names.sort()).toEqual(expected)
    expect(expected.length).toBeGreaterThan(0)
  })
})
