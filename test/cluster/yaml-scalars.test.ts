// YAML as kubectl reads it, against the real kubectl: a file whose values and map keys are every plain
// scalar of test/sources/yaml-scalars.test.ts is sent with `kubectl apply --dry-run=server -o json`
// into a CRD of this test's own that keeps any field (x-kubernetes-preserve-unknown-fields), and the
// object kubectl sent back must equal what kubectl-gw's readers make of the same file: the fast path
// (js-yaml, which the parsing workers run) and the precise one (`yaml`, taken when the file has an
// anchor). The CRD is deleted afterwards.

import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, test} from 'vitest'
import {parseYamlFast, parseYamlPrecise} from '../../src/sources/yaml-docs.js'
import {VECTORS} from '../sources/yaml-scalar-vectors.js'
import {cluster, kc, parseJson} from './support/cli.js'

const GROUP = 'yaml.kubectl-gw.test'
const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {name: `scalars.${GROUP}`},
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: {kind: 'Scalars', plural: 'scalars', singular: 'scalars', listKind: 'ScalarsList'},
    versions: [{name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', properties: {spec: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}}}],
  },
}

// JSON has no NaN or infinities: kubectl refuses those files (compared separately below). A lone `-`
// is not a scalar after a key.
const comparable = VECTORS.filter(([s]) => s !== '-' && !/\.(?:nan|inf)/i.test(s))

function manifest(anchor: boolean): string {
  const values = comparable.map(([s], i) => `    v${i}: ${s}`).join('\n')
    // Not null (kubectl refuses a null key), nor numbers of a million or more: kubectl writes a float key
  // in Go's %g form at float32 precision (5e9 is "5e+09") and an integer beyond 2^53 with digits a
  // JavaScript number has lost. Those are documented limits.
  const keys = comparable.filter(([, v]) => v !== null && !(typeof v === 'number' && Math.abs(v) >= 1e6)).map(([s]) => `    ${s}: ${JSON.stringify(s)}`)
  return [
    `apiVersion: ${GROUP}/v1`,
    'kind: Scalars',
    'metadata: {name: vectors, namespace: default}',
    'spec:',
    '  values:',
    values,
    '  lists: [y, n, 0755, "yes", 1_000]',
    ...(anchor ? ['  anchored: &a yes', '  aliased: *a'] : []),
    '  keys:',
    ...uniqueKeys(keys),
  ].join('\n') + '\n'
}

function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls)
  if (v === null || typeof v !== 'object') return v
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]))
}

/** One line per key that kubectl would read as a distinct key (yes and Yes are both "true"). */
function uniqueKeys(lines: string[]): string[] {
  const seen = new Set<string>()
  return lines.filter((l) => {
    const key = l.trim().split(': ')[0]
    const parsed = parseYamlPrecise(`${key}: 1\n`, 'k.yaml').documents[0]
    const name = 'value' in parsed ? Object.keys(parsed.value as object)[0] : key
    if (seen.has(name)) return false
    seen.add(name)
    return true
  })
}

describe(`YAML scalars as kubectl reads them (${cluster().crds})`, () => {
  afterAll(async () => {
    await kc(['delete', 'crd', `scalars.${GROUP}`, '--ignore-not-found', '--wait=false'])
  })

  test("the objects kubectl sends equal kubectl-gw's reading of the same file, on both readers", async () => {
    const crdFile = join(cluster().workDir, `yaml-scalars-crd-${process.pid}.json`)
    writeFileSync(crdFile, JSON.stringify(CRD))
    expect((await kc(['apply', '-f', crdFile])).code).toBe(0)
    await kc(['wait', '--for=condition=Established', `crd/scalars.${GROUP}`, '--timeout=30s'])
    for (const anchor of [false, true]) {
      const text = manifest(anchor)
      const file = join(cluster().workDir, `yaml-scalars-${anchor ? 'precise' : 'fast'}-${process.pid}.yaml`)
      writeFileSync(file, text)
      let sent: {spec: unknown} | undefined
      let refusal = ''
      // Discovery of the new resource can lag the Established condition by a moment.
      for (let i = 0; i < 30 && !sent; i++) {
        const r = await kc(['apply', '--dry-run=server', '-o', 'json', '-f', file])
        if (r.code === 0) sent = parseJson(r, 'kubectl apply -o json')
        else {
          refusal = r.stderr
          await new Promise((resolve) => setTimeout(resolve, 300))
        }
      }
      expect(sent, refusal).toBeDefined()
      const ours = anchor ? parseYamlPrecise(text, file) : parseYamlFast(text)
      expect(ours?.documents).toHaveLength(1)
      // Fields that are null do not reach the server (kubectl and the API server drop them): not a reading difference.
      expect(withoutNulls((ours!.documents[0] as {value: {spec: unknown}}).value.spec)).toEqual(sent!.spec)
    }
  })
})
