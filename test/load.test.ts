import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect, test} from 'vitest'
import {graphRequests} from '../cli/graph-plan.js'
import {loadSnapshot} from '../src/load.js'
import {typeByName} from '../src/model/resources.js'

test('Secret values are blanked on load; key names stay so TLS keys can be checked', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-load-'))
  const file = join(dir, 's.yaml')
  await writeFile(
    file,
    'apiVersion: v1\nkind: Secret\nmetadata: {name: tls, namespace: a}\ntype: kubernetes.io/tls\ndata: {tls.crt: c2VjcmV0, tls.key: c2VjcmV0}\nstringData: {extra: hunter2}\n',
  )
  const s = await loadSnapshot({files: [file], connection: {}, requests: [], defaultNamespace: 'default'})
  const [secret] = s.list('', 'Secret')
  expect(secret.type).toBe('kubernetes.io/tls')
  expect(secret.data).toEqual({'tls.crt': '', 'tls.key': ''})
  expect(secret.stringData).toEqual({extra: ''})
  expect(JSON.stringify(s.objects)).not.toMatch(/c2VjcmV0|hunter2/)
})

test('ConfigMap values (CA bundles) are dropped the same way, keys kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-load-'))
  const file = join(dir, 'cm.yaml')
  await writeFile(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: trust, namespace: a}\ndata: {ca.crt: BUNDLE-TEXT}\nbinaryData: {blob: YmluYXJ5}\n')
  const s = await loadSnapshot({files: [file], connection: {}, requests: [], defaultNamespace: 'default'})
  const [cm] = s.list('', 'ConfigMap')
  expect(cm.data).toEqual({'ca.crt': ''})
  expect(cm.binaryData).toEqual({blob: ''})
  expect(JSON.stringify(s.objects)).not.toMatch(/BUNDLE-TEXT|YmluYXJ5/)
})

test('files read for describe and analyze (lean requests) lose the bookkeeping; files read for get keep it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-load-'))
  const file = join(dir, 'gw.yaml')
  const last = 'kubectl.kubernetes.io/last-applied-configuration'
  await writeFile(file, `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\n  namespace: a\n  annotations: {${last}: '{}', team: x}\n  managedFields: [{manager: kubectl}]\nspec: {gatewayClassName: gc}\n`)
  const gateways = {type: typeByName('gateways'), explicit: true}
  const lean = await loadSnapshot({files: [file], connection: {}, requests: graphRequests([gateways]), defaultNamespace: 'default'})
  expect(lean.objects[0].metadata).toEqual({name: 'gw', namespace: 'a', annotations: {team: 'x'}})
  const plain = await loadSnapshot({files: [file], connection: {}, requests: [gateways], defaultNamespace: 'default'})
  expect(plain.objects[0].metadata).toEqual({name: 'gw', namespace: 'a', annotations: {[last]: '{}', team: 'x'}, managedFields: [{manager: 'kubectl'}]})
})
