// Every x-kubernetes-validations rule of the Gateway API v1.1.0 and v1.6.1 CRDs (../shared, skipped
// when absent), at every node that carries it: a value that breaks the rule is refused with the CRD's
// own message, and a value that satisfies it passes with no violation at all. The values are written
// by hand per rule (CASES); a rule without a case fails the coverage test, so a CRD update that adds
// rules is noticed.

import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {describe, expect, test} from 'vitest'
import {compileSchema, rulesOf} from '../../src/validate/schema.js'
import {validateValue} from '../../src/validate/validate.js'
import {caseFor, norm, SHARED, sites} from './crd-rule-cases.js'

const available = existsSync(join(SHARED, 'v1.6.1'))

describe.skipIf(!available)('every CEL rule of the v1.1.0 and v1.6.1 CRDs', () => {
  const all = available ? sites() : []

  test('the CRDs have rules, and every rule has a case', () => {
    expect(all.length).toBeGreaterThan(300)
    const missing = [...new Set(all.filter((s) => !caseFor(s)).map((s) => norm(s.rule)))]
    expect(missing).toEqual([])
  })

  // One test per distinct (rule, node path, kind); the same rule in several versions is checked in each.
  for (const site of all) {
    const c = caseFor(site)
    if (!c) continue
    const name = `${site.file} ${site.kind} ${site.version} ${site.path}: ${site.message.slice(0, 60)}`
    test(name, () => {
      const opts = {fragment: true, ...(c.old !== undefined ? {old: c.old} : {})}
      if (c.good !== undefined) {
        const good = validateValue(c.good, site.node, opts)
        expect(good.violations.map((v) => v.message)).toEqual([])
        expect(good.unchecked).toEqual([])
      }
      if (c.badSchema !== undefined) {
        const bad = validateValue(c.bad, site.node, opts)
        expect(bad.violations.some((v) => v.source === 'schema' && v.message.includes(c.badSchema!))).toBe(true)
        expect(bad.violations.filter((v) => v.source === 'rule')).toEqual([])
      } else {
        const bad = validateValue(c.bad, site.node, opts)
        const mine = bad.violations.filter((v) => v.source === 'rule' && norm(v.rule ?? '') === norm(site.rule))
        // Some CRDs list a rule twice on one node; the server reports the repeated error once
        // (checked against kube-apiserver in test/cluster/validate-verdicts.test.ts).
        // The node's value is shown unless it is an object or a list (as the server's field errors).
        const value = site.node.type === 'object' || site.node.type === 'array' ? '' : `: ${JSON.stringify(c.bad)}`
        const want = `<root>: Invalid value${value}: ${site.message}`
        expect(mine.map((v) => v.message), JSON.stringify(bad.violations.map((v) => v.message))).toEqual([want])
      }
    })
  }
})

describe.skipIf(!available)('rules that read an absent field', () => {
  test('fail as on the server: "no such key", then the rule message', () => {
    const crd = parseAllDocuments(readFileSync(join(SHARED, 'v1.6.1', 'standard', 'gateway.networking.k8s.io_gateways.yaml'), 'utf8'))[0].toJS() as any
    const root = compileSchema(crd.spec.versions.find((v: any) => v.name === 'v1').schema.openAPIV3Schema)
    const tls = [...rulesOf(root)].find((r) => r.path === 'spec.listeners[*].tls')!.node
    const r = validateValue({mode: 'Terminate', certificateRefs: []}, tls, {fragment: true})
    expect(r.violations.map((v) => v.message)).toEqual([
      '<root>: Invalid value: no such key: options evaluating rule: certificateRefs or options must be specified when mode is Terminate',
    ])
  })
})
