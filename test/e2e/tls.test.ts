// Issue 12 end to end: the same objects from files and served by the test API server. Frontend
// validation, infrastructure parameters, a missing and a malformed certificate Secret; in the cluster
// absence is certain (a kind not served, or a successful list without the object), from files a kind
// absent from the input stays unverified. Secret values appear in no output format and no error.

import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import type {K8sObject} from '../../src/model/types.js'
import {crdsFor, startApiServer, type ApiServer} from '../support/apiserver.js'
import {caConfigMap, makeCert, testKey, tlsSecret} from '../support/certs.js'
import {requireBuild, run} from './get-helpers.js'

const GW = 'gateway.networking.k8s.io'
const NS = 'infra'
const CA = makeCert({commonName: 'e2e CA', ca: true, notAfter: new Date('2099-01-01T00:00:00Z')})
const LEAF = makeCert({commonName: 'a.example.com', dnsNames: ['a.example.com', 'b.example.com', 'c.example.com', 'd.example.com', 'e.example.com'], notAfter: new Date('2099-01-01T00:00:00Z')})
const KEY = testKey(0).privatePem
const cert = (name: string) => ({certificateRefs: [{name}]})
const https = (name: string, port: number, hostname: string, secret = 'good') => ({name, port, protocol: 'HTTPS', hostname, tls: cert(secret)})
const cm = (name: string, namespace?: string) => ({group: '', kind: 'ConfigMap', name, ...(namespace ? {namespace} : {})})

function objects(): K8sObject[] {
  return [
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: NS}},
    {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'other'}},
    {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'gc'}, spec: {controllerName: 'example.com/gc'}},
    {
      apiVersion: `${GW}/v1`,
      kind: 'Gateway',
      metadata: {name: 'mtls', namespace: NS},
      spec: {
        gatewayClassName: 'gc',
        tls: {
          frontend: {
            default: {validation: {caCertificateRefs: [cm('ca')]}},
            perPort: [
              {port: 7443, tls: {validation: {caCertificateRefs: [cm('missing-ca')]}}},
              {port: 8443, tls: {validation: {caCertificateRefs: [{group: '', kind: 'Service', name: 'svc'}]}}},
              {port: 6443, tls: {validation: {caCertificateRefs: [cm('ca', 'other')]}}},
            ],
          },
        },
        listeners: [
          https('valid', 443, 'a.example.com'),
          https('unresolved', 7443, 'b.example.com'),
          https('invalid-kind', 8443, 'c.example.com'),
          https('grant-missing', 6443, 'd.example.com'),
          https('missing-secret', 9443, 'e.example.com', 'nope'),
          https('malformed-secret', 10443, 'f.example.com', 'malformed'),
        ],
      },
    },
    {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'params', namespace: NS}, spec: {gatewayClassName: 'gc', infrastructure: {parametersRef: {group: 'invalid.io', kind: 'InvalidParameters', name: 'x'}}, listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]}},
    caConfigMap(NS, 'ca', CA) as K8sObject,
    caConfigMap('other', 'ca', CA) as K8sObject,
    tlsSecret(NS, 'good', LEAF, KEY) as K8sObject,
    tlsSecret(NS, 'malformed', 'not a certificate', KEY) as K8sObject,
  ]
}

interface Listener {
  name: string
  conditions: {type: string; status: string; reason: string; message: string}[]
}
interface Entry {
  name: string
  computedStatus: {conditions: {type: string; status: string; reason: string; message: string}[]; listeners: Listener[]}
}

const conds = (entries: Entry[], gw: string, listener: string) =>
  Object.fromEntries((entries.find((e) => e.name === gw)?.computedStatus.listeners.find((l) => l.name === listener)?.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]))
const gwCond = (entries: Entry[], gw: string, type: string) => entries.find((e) => e.name === gw)?.computedStatus.conditions.find((c) => c.type === type)

let dir: string
let files: string
let server: ApiServer
let kubeconfig: string

beforeAll(async () => {
  requireBuild()
  dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-tls-'))
  files = join(dir, 'objects.yaml')
  await writeFile(files, objects().map((o) => stringify(o)).join('---\n'))
  server = await startApiServer({objects: [...crdsFor(), ...objects()]})
  kubeconfig = server.writeKubeconfig(dir, {namespace: NS})
})
afterAll(async () => {
  await server?.close()
  await rm(dir, {recursive: true, force: true})
})

async function describeJson(...args: string[]): Promise<Entry[]> {
  const r = await run(['describe', 'gateways', '-n', NS, '-o', 'json', ...args])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

for (const mode of ['files', 'cluster'] as const) {
  describe(`frontend validation and certificates (${mode})`, () => {
    let entries: Entry[]
    beforeAll(async () => {
      entries = await describeJson(...(mode === 'files' ? ['-f', files] : ['--kubeconfig', kubeconfig]))
    })

    test('only the listeners concerned lose ResolvedRefs / Accepted', () => {
      expect(conds(entries, 'mtls', 'valid')).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs', Programmed: 'True/Programmed'})
      expect(conds(entries, 'mtls', 'unresolved')).toMatchObject({Accepted: 'False/NoValidCACertificate', ResolvedRefs: 'False/InvalidCACertificateRef'})
      expect(conds(entries, 'mtls', 'invalid-kind')).toMatchObject({Accepted: 'False/NoValidCACertificate', ResolvedRefs: 'False/InvalidCACertificateKind'})
      expect(conds(entries, 'mtls', 'grant-missing')).toMatchObject({Accepted: 'False/NoValidCACertificate', ResolvedRefs: 'False/RefNotPermitted'})
    })

    test('a missing Secret is InvalidCertificateRef (Secrets were read), a malformed one too', () => {
      expect(conds(entries, 'mtls', 'missing-secret').ResolvedRefs).toBe('False/InvalidCertificateRef')
      expect(conds(entries, 'mtls', 'malformed-secret').ResolvedRefs).toBe('False/InvalidCertificateRef')
    })
  })
}

describe('infrastructure parameters of a kind the cluster does not serve', () => {
  test('cluster: discovery proves it absent: Accepted False/InvalidParameters', async () => {
    const c = gwCond(await describeJson('--kubeconfig', kubeconfig), 'params', 'Accepted')
    expect(`${c?.status}/${c?.reason}`).toBe('False/InvalidParameters')
    expect(c?.message).toContain('which the cluster does not serve')
  })

  test('files: unverified, the Gateway stays Accepted', async () => {
    const r = await run(['describe', 'gateway', 'params', '-n', NS, '-f', files])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('could not be checked because the input contains no InvalidParameters objects')
    expect(r.stdout).not.toContain('invalidparameterss')
  })

  test('files without Secrets or ConfigMaps: the references are unverified, not missing', async () => {
    const bare = join(dir, 'bare.yaml')
    await writeFile(bare, objects().filter((o) => o.kind !== 'Secret' && o.kind !== 'ConfigMap').map((o) => stringify(o)).join('---\n'))
    const entries = await describeJson('-f', bare)
    expect(conds(entries, 'mtls', 'unresolved')).toMatchObject({Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs'})
    expect(conds(entries, 'mtls', 'missing-secret').ResolvedRefs).toBe('True/ResolvedRefs')
  })
})

describe('describe and analyze show certificate facts', () => {
  test('describe names each certificate and the CA bundle that applies to each listener', async () => {
    const r = await run(['describe', 'gateway', 'mtls', '-n', NS, '--kubeconfig', kubeconfig])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('CN=a.example.com; SANs a.example.com, b.example.com')
    expect(r.stdout).toContain('clientValidation: mode AllowValidOnly, from Gateway perPort 7443 (spec.tls.frontend.perPort[0].tls.validation)')
    expect(r.stdout).toContain('clientValidation: mode AllowValidOnly, from Gateway default (spec.tls.frontend.default.validation)')
    expect(r.stdout).toContain('CN=e2e CA (CA)')
  })

  test('analyze reports the CA, certificate and parameters problems; --cert-expiry-window is validated', async () => {
    const r = await run(['analyze', '-n', NS, '--kubeconfig', kubeconfig, '-o', 'json', '--fail-on', 'none'])
    expect(r.code, r.stderr).toBe(0)
    const codes = JSON.parse(r.stdout).findings.map((f: {code: string}) => f.code)
    expect(codes).toEqual(expect.arrayContaining(['InvalidCACertificateKind', 'InvalidCACertificateRef', 'CACertificateRefNotPermitted', 'InvalidCertificateRef', 'ParametersNotFound']))
    const bad = await run(['analyze', '-n', NS, '-f', files, '--local', '--cert-expiry-window', 'soon'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toBe('error: invalid value "soon" for --cert-expiry-window: use a number of days, or a number with d, h or m (e.g. 21d, 72h)\n')
  })
})

describe('Secret values never leave the process', () => {
  const secretBits = () => {
    const s = tlsSecret(NS, 'good', LEAF, KEY).data
    const m = tlsSecret(NS, 'malformed', 'not a certificate', KEY).data
    return [s['tls.crt'], s['tls.key'], m['tls.crt'], 'BEGIN CERTIFICATE', 'PRIVATE KEY', 'not a certificate', KEY.split('\n')[1], LEAF.split('\n')[1]]
  }
  const commands = [
    ['get', 'secrets', '-n', NS, '-o', 'yaml'],
    ['get', 'secrets', '-n', NS, '-o', 'json'],
    ['get', 'configmaps', '-n', NS, '-o', 'yaml'],
    ['describe', 'gateways', '-n', NS],
    ['describe', 'gateways', '-n', NS, '-o', 'yaml'],
    ['describe', 'secrets', '-n', NS, '-o', 'json'],
    ['analyze', '-n', NS, '-o', 'json', '--fail-on', 'none'],
    ['analyze', '-n', NS, '--fail-on', 'none'],
  ]
  for (const mode of ['files', 'cluster'] as const) {
    test(`every format (${mode})`, async () => {
      for (const c of commands) {
        const r = await run([...c, ...(mode === 'files' ? ['-f', files] : ['--kubeconfig', kubeconfig])])
        for (const bit of secretBits()) {
          expect(r.stdout.includes(bit), `${c.join(' ')}: stdout holds ${bit.slice(0, 20)}`).toBe(false)
          expect(r.stderr.includes(bit), `${c.join(' ')}: stderr holds ${bit.slice(0, 20)}`).toBe(false)
        }
      }
    })
  }

  test('an error about a Secret quotes none of its values', async () => {
    const broken = join(dir, 'broken.yaml')
    await writeFile(broken, stringify({apiVersion: 'v1', kind: 'Secret', metadata: {namespace: NS}, data: {'tls.crt': tlsSecret(NS, 'x', LEAF).data['tls.crt']}}))
    const r = await run(['analyze', '-n', NS, '-f', broken, '--local'])
    expect(r.code).toBe(1)
    for (const bit of secretBits()) expect(r.stderr.includes(bit)).toBe(false)
  })
})
