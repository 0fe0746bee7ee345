import {mkdtempSync, rmSync, utimesSync, writeFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, expect, test} from 'vitest'
import {cachedPolicyKinds, POLICY_KINDS_TTL_MS, policyKindCacheDir} from '../../cli/policy-kind-cache.js'
import type {CompletionScope} from '../../src/completion/complete.js'
import type {PolicyKind} from '../../src/model/snapshot.js'

let home: string
let env: NodeJS.ProcessEnv
let kubeconfig: string
const KIND: PolicyKind = {
  group: 'policies.example.com',
  kind: 'TimeoutPolicy',
  resource: 'timeoutpolicies',
  type: 'Inherited',
  namespaced: true,
  crd: {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'timeoutpolicies.policies.example.com'}, spec: {group: 'policies.example.com', names: {plural: 'timeoutpolicies', shortNames: ['tp'], kind: 'TimeoutPolicy'}, scope: 'Namespaced', versions: [{name: 'v1', schema: {huge: true}}]}},
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kubectl-gw-pk-cache-'))
  kubeconfig = join(home, 'config')
  writeFileSync(kubeconfig, 'apiVersion: v1\n')
  env = {HOME: home, KUBECONFIG: kubeconfig}
})
afterEach(() => rmSync(home, {recursive: true, force: true}))

const scope = (extra: Partial<CompletionScope> = {}): CompletionScope => ({allNamespaces: false, ...extra})
function counting(kinds: PolicyKind[] = [KIND]) {
  const calls = {n: 0}
  return {calls, load: async () => (calls.n++, kinds)}
}

test('the first TAB asks the cluster and keeps the answer; the next within the TTL reads it from disk', async () => {
  const {calls, load} = counting()
  const first = await cachedPolicyKinds(scope(), load, {env, now: 1_000})
  const second = await cachedPolicyKinds(scope(), load, {env, now: 1_000 + POLICY_KINDS_TTL_MS - 1})
  expect(calls.n).toBe(1)
  expect(first).toEqual([KIND])
  // Kept slim: names, scope and versions, not the CRD's schemas.
  expect(second[0]).toMatchObject({group: KIND.group, kind: KIND.kind, resource: KIND.resource, namespaced: true})
  expect(second[0].crd?.spec?.names).toEqual(KIND.crd!.spec!.names)
  expect(JSON.stringify(second)).not.toContain('huge')
  expect(readdirSync(policyKindCacheDir(env)!)).toHaveLength(1)
})

test('older than the TTL, another context, another kubeconfig or an edited one: asked again', async () => {
  const {calls, load} = counting()
  await cachedPolicyKinds(scope(), load, {env, now: 1_000})
  await cachedPolicyKinds(scope(), load, {env, now: 1_000 + POLICY_KINDS_TTL_MS})
  expect(calls.n).toBe(2)
  await cachedPolicyKinds(scope({context: 'other'}), load, {env, now: 1_000 + POLICY_KINDS_TTL_MS})
  expect(calls.n).toBe(3)
  const elsewhere = join(home, 'elsewhere')
  writeFileSync(elsewhere, 'apiVersion: v1\n')
  await cachedPolicyKinds(scope({kubeconfig: elsewhere}), load, {env, now: 1_000 + POLICY_KINDS_TTL_MS})
  expect(calls.n).toBe(4)
  utimesSync(kubeconfig, new Date(5_000_000), new Date(5_000_000))
  await cachedPolicyKinds(scope(), load, {env, now: 1_000 + POLICY_KINDS_TTL_MS})
  expect(calls.n).toBe(5)
})

test('-f files are read each time; a failed answer is not kept; a corrupt cache or KUBECTL_GW_POLICY_KIND_CACHE=0 asks again', async () => {
  const {calls, load} = counting()
  await cachedPolicyKinds(scope({files: ['a.yaml']}), load, {env, now: 1})
  await cachedPolicyKinds(scope({files: ['a.yaml']}), load, {env, now: 1})
  expect(calls.n).toBe(2)
  await expect(cachedPolicyKinds(scope(), async () => Promise.reject(new Error('unreachable')), {env, now: 1})).rejects.toThrow('unreachable')
  await cachedPolicyKinds(scope(), load, {env, now: 1})
  expect(calls.n).toBe(3)
  const dir = policyKindCacheDir(env)!
  for (const f of readdirSync(dir)) writeFileSync(join(dir, f), '{"at": 1, "kinds": [{"group": 5}]}')
  await cachedPolicyKinds(scope(), load, {env, now: 2})
  expect(calls.n).toBe(4)
  const off = {...env, KUBECTL_GW_POLICY_KIND_CACHE: '0'}
  await cachedPolicyKinds(scope(), load, {env: off, now: 3})
  await cachedPolicyKinds(scope(), load, {env: off, now: 3})
  expect(calls.n).toBe(6)
})

test('an unwritable cache directory: the answer is still given', async () => {
  writeFileSync(join(home, '.cache'), 'a file where a directory would go')
  expect(await cachedPolicyKinds(scope(), counting().load, {env, now: 1})).toEqual([KIND])
})

test('no kubeconfig file and not in a pod: no cluster to ask, nothing loaded', async () => {
  const {calls, load} = counting()
  rmSync(kubeconfig)
  expect(await cachedPolicyKinds(scope(), load, {env, now: 1})).toEqual([])
  expect(calls.n).toBe(0)
  expect(await cachedPolicyKinds(scope(), load, {env: {...env, KUBERNETES_SERVICE_HOST: '10.0.0.1'}, now: 1})).toEqual([KIND])
  expect(await cachedPolicyKinds(scope({files: ['a.yaml']}), load, {env, now: 1})).toEqual([KIND])
  expect(calls.n).toBe(2)
})
