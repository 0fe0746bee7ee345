// Real-world input: the upstream Gateway API CRDs and examples, when the shared reference folder is
// beside the checkout (it is not part of the project; these tests skip without it).
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, test} from 'vitest'
import {loadFromFiles} from '../../src/sources/files.js'

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
