// A bundle made from each release in ../shared (scripts/gateway-api-schemas.mjs) against that
// release's CRD files, rule by rule: every x-kubernetes-validations rule, at every node that carries it,
// is at the same node of the bundle in the same channel and nothing is added, every schema is the file's
// without descriptions, and the hand-written case that breaks each rule (crd-rule-cases.ts) gets the
// same messages from both, as does the case that satisfies it. Skipped, with a line, without ../shared.

import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {loadAll} from 'js-yaml'
import {join} from 'node:path'
import {describe, expect, test} from 'vitest'
import {SCHEMA_CHANNELS, type SchemaBundle} from '../../src/validate/bundle.js'
import {compileSchema, rulesOf} from '../../src/validate/schema.js'
import {validateValue} from '../../src/validate/validate.js'
import {caseFor, norm, SHARED, sites} from './crd-rule-cases.js'
// @ts-expect-error: a plain ES module of the build, without types
import {buildBundle, compactCrd} from '../../scripts/gateway-api-schemas.mjs'

const shared = existsSync(SHARED)
if (!shared) console.log('bundle-rules: skipped: ../shared/gateway-api-crds is absent')

// The describe body runs even when skipped: without ../shared it reads nothing (no releases).
describe.skipIf(!shared).each(shared ? ['v1.1.0', 'v1.6.1'] : ['(none)'])('a bundle of %s against its CRD files', (release) => {
  const bundle: SchemaBundle = shared ? buildBundle([join(SHARED, release)]) : {version: '', channels: {standard: [], experimental: []}}
  const key = (channel: string, kind: string, version: string, path: string, rule: string) => `${channel} ${kind} ${version} ${path} ${norm(rule)}`
  const bundled = new Map<string, ReturnType<typeof rulesOf>[number]['node']>()
  for (const channel of SCHEMA_CHANNELS) {
    for (const c of bundle.channels[channel]) {
      for (const v of c.versions) {
        if (!v.schema) continue
        for (const {path, node, rule} of rulesOf(compileSchema(v.schema))) bundled.set(key(channel, c.kind, v.name, path, rule.rule), node)
      }
    }
  }
  const old = shared ? sites([release]) : []
  const channelOf = (file: string) => file.split('/')[1]

  test('every rule of the files is in the bundle at the same node of the same channel, and the bundle adds none', () => {
    expect(old.length).toBeGreaterThan(50)
    const oldKeys = new Set(old.map((s) => key(channelOf(s.file), s.kind, s.version, s.path, s.rule)))
    expect([...oldKeys].filter((k) => !bundled.has(k))).toEqual([])
    expect([...bundled.keys()].filter((k) => !oldKeys.has(k))).toEqual([])
  })

  test('every CRD of each channel, with its schemas as the files have them, descriptions aside', () => {
    for (const channel of SCHEMA_CHANNELS) {
      const dir = join(SHARED, release, channel)
      const kinds: string[] = []
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
        for (const doc of loadAll(readFileSync(join(dir, f), 'utf8')) as {kind?: string}[]) {
          if (doc?.kind !== 'CustomResourceDefinition') continue
          const mine = compactCrd(doc)
          kinds.push(mine.kind)
          expect(mine.bundleVersion).toBe(release)
          expect(bundle.channels[channel].find((c) => c.kind === mine.kind), `${channel} ${mine.kind}`).toEqual(mine)
        }
      }
      expect(kinds.sort()).toEqual(bundle.channels[channel].map((c) => c.kind).sort())
    }
  })

  test('the cases that break and satisfy each rule get the same messages from both', () => {
    const differences: string[] = []
    for (const site of old) {
      const c = caseFor(site)
      const node = bundled.get(key(channelOf(site.file), site.kind, site.version, site.path, site.rule))
      if (!c || !node) continue
      const opts = {fragment: true, ...(c.old !== undefined ? {old: c.old} : {})}
      for (const value of [c.bad, c.good]) {
        if (value === undefined) continue
        const a = validateValue(value, site.node, opts).violations.map((v) => v.message)
        const b = validateValue(value, node, opts).violations.map((v) => v.message)
        if (JSON.stringify(a) !== JSON.stringify(b)) differences.push(`${site.file} ${site.path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`)
      }
    }
    expect(differences).toEqual([])
  })
})
