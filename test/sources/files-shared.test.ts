// Real-world input: the upstream Gateway API CRDs and examples, when the shared reference folder is
// beside the checkout (it is not part of the project; these tests skip without it).
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from 'vitest'
import {loadFromFiles} from '../../src/sources/files.js'
import {needsPreciseReader, parseYamlFast, parseYamlPrecise} from '../../src/sources/yaml-docs.js'

const SHARED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared')
const CRDS = join(SHARED, 'gateway-api-crds', 'v1.6.1', 'experimental')
const EXAMPLES = join(SHARED, 'gateway-api-examples')

describe.skipIf(!existsSync(CRDS) || !existsSync(EXAMPLES))('upstream Gateway API files', () => {
  test('the v1.6.1 experimental CRDs load cleanly and define the built-in policy kinds', async () => {
    const snap = await loadFromFiles([CRDS], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([])
    expect(snap.warnings).toEqual([])
    expect(snap.crds().length).toBeGreaterThan(10)
    for (const o of snap.objects) expect(o.metadata.namespace).toBeUndefined()
    expect(snap.policyKinds.map((p) => p.kind)).toEqual(expect.arrayContaining(['BackendTLSPolicy', 'XBackendTrafficPolicy']))
  })

  test('the upstream examples load without errors', async () => {
    const snap = await loadFromFiles([EXAMPLES], {defaultNamespace: 'default'})
    expect(snap.errors).toEqual([])
    expect(snap.gateways().length).toBeGreaterThan(0)
    expect(snap.routes().length).toBeGreaterThan(0)
  })
})

const RELEASES = ['v1.1.0/standard', 'v1.1.0/experimental', 'v1.6.1/standard', 'v1.6.1/experimental'].map((r) => join(SHARED, 'gateway-api-crds', r))

describe.skipIf(!RELEASES.every((d) => existsSync(d)))('the Gateway API CRD files on the fast YAML path', () => {
  // Reading them with the precise reader cost `--crds` about half a second (issue 17).
  test.each(RELEASES.flatMap((d) => (existsSync(d) ? readdirSync(d).map((f) => [join(d, f)]) : [])))('%s', (file) => {
    const text = readFileSync(file, 'utf8')
    expect(needsPreciseReader(text)).toBe(false)
    expect(parseYamlFast(text)).toEqual(parseYamlPrecise(text, file))
  })
})
