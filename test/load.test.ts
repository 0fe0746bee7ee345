import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {expect, test} from 'vitest'
import {loadSnapshot} from '../src/load.js'

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
