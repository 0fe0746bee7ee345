// The build step that bundles the Gateway API schemas (scripts/gateway-api-schemas.mjs) from a Gateway
// API release's CRD files named by KUBECTL_GW_SCHEMAS_FROM: channels told by the CRDs' own annotations,
// in a config/crd layout or in install files; schemas without descriptions; one line and no bundle when
// unset or when the input is not one release's CRDs; the real releases in ../shared when present.

import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
// @ts-expect-error: a plain ES module of the build, without types
import * as step from '../../scripts/gateway-api-schemas.mjs'
import {ROOT} from '../e2e/get-helpers.js'

const crdYaml = (kind: string, channel: string, {version = 'v9.8.7', extra = ''} = {}) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${kind.toLowerCase()}s.gateway.networking.k8s.io
  annotations: {gateway.networking.k8s.io/bundle-version: ${version}, gateway.networking.k8s.io/channel: ${channel}}
spec:
  group: gateway.networking.k8s.io
  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        description: the whole object
        type: object
        properties:
          spec:
            description: the spec
            type: object
            properties:
              description: {type: string, description: a field named description is kept}
              size: {type: integer, default: 1}${extra}
`
const VAP = 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: x}\n'

const scratch = mkdtempSync(join(tmpdir(), 'kubectl-gw-schemas-step-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

function write(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), {recursive: true})
    writeFileSync(join(dir, name), text)
  }
  return dir
}

/** A release's config/crd layout: a kustomization, each channel's CRDs, an admission policy. */
const release = (dir: string, opts: {version?: string} = {}) =>
  write(join(scratch, dir), {
    'kustomization.yaml': 'resources: []\n',
    'standard/gateway.networking.k8s.io_widgets.yaml': `---\n${crdYaml('Widget', 'standard', opts)}`,
    'standard/vap.yaml': VAP,
    'experimental/gateway.networking.k8s.io_widgets.yaml': crdYaml('Widget', 'experimental', {...opts, extra: '\n              colour: {type: string}'}),
    'experimental/gateway.networking.k8s.io_gadgets.yaml': crdYaml('Gadget', 'experimental', opts),
  })

const kinds = (bundle: {channels: Record<string, {kind: string}[]>}, c: string) => bundle.channels[c].map((x) => x.kind)

describe('the bundle', () => {
  test('from a config/crd directory: each channel\'s CRDs by their annotation, schemas without descriptions', () => {
    const bundle = step.buildBundle([release('layout')])
    expect(bundle.version).toBe('v9.8.7')
    expect(kinds(bundle, 'standard')).toEqual(['Widget'])
    expect(kinds(bundle, 'experimental')).toEqual(['Gadget', 'Widget'])
    const widget = bundle.channels.standard[0]
    expect(widget).toMatchObject({group: 'gateway.networking.k8s.io', kind: 'Widget', plural: 'widgets', scope: 'Namespaced', bundleVersion: 'v9.8.7'})
    expect(widget.versions).toEqual([
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: {status: {}},
        schema: {type: 'object', properties: {spec: {type: 'object', properties: {description: {type: 'string'}, size: {type: 'integer', default: 1}}}}},
      },
    ])
    expect(bundle.channels.experimental.find((c: {kind: string}) => c.kind === 'Widget').versions[0].schema.properties.spec.properties.colour).toEqual({type: 'string'})
  })

  test('from install files (every CRD in one file per channel), the same bundle; a CRD given twice is kept once', () => {
    const dir = write(join(scratch, 'install'), {
      'standard-install.yaml': `${crdYaml('Widget', 'standard')}---\n${VAP}`,
      'experimental-install.yaml': `${crdYaml('Widget', 'experimental', {extra: '\n              colour: {type: string}'})}---\n${crdYaml('Gadget', 'experimental')}`,
    })
    expect(step.buildBundle([dir])).toEqual(step.buildBundle([release('layout2')]))
    expect(step.buildBundle([dir, join(dir, 'standard-install.yaml')])).toEqual(step.buildBundle([dir]))
  })

  test('input that is not one release\'s CRDs is refused in one line naming the file', () => {
    const unannotated = write(join(scratch, 'plain'), {'standard/w.yaml': crdYaml('Widget', 'standard').replace(', gateway.networking.k8s.io/channel: standard', '')})
    expect(() => step.buildBundle([unannotated])).toThrow(/plain\/standard\/w\.yaml: CRD widgets\.gateway\.networking\.k8s\.io has no gateway\.networking\.k8s\.io\/channel annotation/)
    expect(() => step.buildBundle([release('one'), release('two', {version: 'v9.9.0'})])).toThrow(/several Gateway API releases \(v9\.8\.7 in .*, v9\.9\.0 in .*\): give one release/)
    const standardOnly = write(join(scratch, 'std'), {'w.yaml': crdYaml('Widget', 'standard')})
    expect(() => step.buildBundle([standardOnly])).toThrow(/no CRDs of the experimental channel in /)
    const bad = write(join(scratch, 'bad'), {'w.yaml': 'a: [\n'})
    expect(() => step.buildBundle([bad])).toThrow(/bad\/w\.yaml: not YAML: /)
    expect(() => step.buildBundle([join(scratch, 'nowhere')])).toThrow(/nowhere: no such file or directory/)
  })
})

describe('the build step', () => {
  const script = join(ROOT, 'scripts', 'gateway-api-schemas.mjs')
  const runStep = (out: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [script, '--out', out], {encoding: 'utf8', timeout: 60_000, env: {PATH: process.env.PATH ?? '', ...env}})

  test('KUBECTL_GW_SCHEMAS_FROM set: bundle.json and a NOTICE naming the release, nothing printed', () => {
    const out = join(scratch, 'out')
    const r = runStep(out, {KUBECTL_GW_SCHEMAS_FROM: release('env')})
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
    expect(kinds(JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8')), 'experimental')).toEqual(['Gadget', 'Widget'])
    expect(readFileSync(join(out, 'NOTICE'), 'utf8')).toContain('Gateway API v9.8.7')
  })

  test('unset: one line, exit 0, no bundle', () => {
    const out = join(scratch, 'unset-out')
    const r = runStep(out, {})
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('gateway-api schemas: not bundled (KUBECTL_GW_SCHEMAS_FROM is unset); kubectl gw validate will need --crds, CRDs in -f, or a cluster\n')
    expect(existsSync(out)).toBe(false)
  })

  test('input that is not a release: one warning line, exit 0, no bundle', () => {
    const out = join(scratch, 'bad-out')
    const r = runStep(out, {KUBECTL_GW_SCHEMAS_FROM: join(scratch, 'nowhere')})
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(/^warning: gateway-api schemas not bundled: .*nowhere: no such file or directory; kubectl gw validate will need --crds, CRDs in -f, or a cluster\n$/)
    expect(existsSync(out)).toBe(false)
  })
})

const SHARED = join(ROOT, '..', 'shared', 'gateway-api-crds')
if (!existsSync(SHARED)) console.log('gateway-api-schemas: real-release checks skipped: ../shared/gateway-api-crds is absent')

describe.skipIf(!existsSync(SHARED))('the real releases in ../shared', () => {
  test.each(['v1.1.0', 'v1.6.1'])('%s: every kind of each channel, named by its release, no descriptions', (version) => {
    const bundle = step.buildBundle([join(SHARED, version)])
    expect(bundle.version).toBe(version)
    expect(kinds(bundle, 'standard')).toEqual(expect.arrayContaining(['Gateway', 'GatewayClass', 'GRPCRoute', 'HTTPRoute', 'ReferenceGrant']))
    expect(kinds(bundle, 'experimental')).toEqual(expect.arrayContaining(['HTTPRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']))
    if (version === 'v1.6.1') expect(kinds(bundle, 'standard')).not.toContain('XBackendTrafficPolicy')
    expect(JSON.stringify(bundle)).not.toContain('"description":"')
    for (const c of bundle.channels.standard) expect(c.bundleVersion).toBe(version)
  })
})
