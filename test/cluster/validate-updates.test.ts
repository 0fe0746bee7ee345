// Updates, against the real API server: objects are created for real (kubectl apply, the tier's server
// is throwaway), then changed with `kubectl apply --dry-run=server` and checked with `kubectl gw
// validate -f` against the cluster, which reads the stored objects and validates as an update. The
// verdict (refused or accepted) and every error message must be the server's.
// - Transition rules: every rule of the installed CRDs that reads oldSelf (test/validate/crd-rule-cases.ts
//   gives the stored, violating and satisfying values), in every served version.
// - Ratcheting (KEP-4008): a CRD of this test's own is installed loose, objects are stored, then the CRD
//   is tightened (pattern, maxItems, enum, required, a CEL rule, a map list), and updates that leave an
//   invalid part as stored (accepted) or change it (refused) are compared. The CRD is deleted afterwards.

import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments, stringify} from 'yaml'
import {afterAll, describe, expect, test} from 'vitest'
import {compileCel} from '../../src/validate/cel.js'
import {compileSchema, rulesOf} from '../../src/validate/schema.js'
import {NOT_CHECKED_BECAUSE_INVALID} from '../../src/validate/validate.js'
import {caseFor, norm} from '../validate/crd-rule-cases.js'
import {crdsDir} from './support/context.js'
import {cluster, gw, kc, parseJson} from './support/cli.js'
import {objectSchema} from '../support/apiserver-crds.js'

type Obj = Record<string, unknown>

interface Finding {
  code: string
  severity: string
  object: {name: string}
  message: string
}

/** kubectl apply's refusals by object name: `... error when patching "F": Kind.group "name" is invalid: MESSAGE`. */
function refusals(stderr: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of stderr.split('\n')) {
    const m = /error when (?:patching|creating) "[^"]*": \S+ "([^"]+)" is invalid: (.*)$/.exec(line)
    if (m) out.set(m[1], m[2])
  }
  return out
}

const write = (name: string, objects: Obj[]) => {
  const file = join(cluster().workDir, `validate-updates-${name}-${process.pid}.yaml`)
  // Strings quoted: the comparison is of validation, not of YAML 1.1 scalar resolution.
  writeFileSync(file, objects.map((o) => stringify(o, {defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN'})).join('---\n'))
  return file
}

async function applyForReal(file: string): Promise<void> {
  const r = await kc(['apply', '-f', file])
  expect(r.code, r.stderr).toBe(0)
}

/** Differences between the server's verdicts on `file` (apply --dry-run=server) and kubectl gw validate's, one line each. */
async function compare(file: string, names: string[]): Promise<{differences: string[]; refused: Map<string, string>}> {
  const server = await kc(['apply', '--dry-run=server', '--validate=false', '-f', file])
  const refused = refusals(server.stderr)
  const ours = await gw(['validate', '-f', file, '-o', 'json', '--fail-on', 'none'])
  expect(ours.code, ours.stderr).toBe(0)
  const findings = parseJson<{findings: Finding[]}>(ours, 'kubectl gw validate -o json').findings
  const place = /^.*?(?::\d+| \(document \d+\)): /
  const differences: string[] = []
  for (const name of names) {
    const errors = findings.filter((f) => f.object.name === name && f.severity === 'error').map((f) => f.message.replace(place, ''))
    const theirs = refused.get(name)
    // Equal up to the order of the errors: each of ours is in the server's text, and nothing else is.
    let rest = theirs ?? ''
    const unmatched = errors.filter((e) => {
      const i = rest.indexOf(e)
      if (i >= 0) rest = rest.slice(0, i) + rest.slice(i + e.length)
      return i < 0
    })
    if (findings.some((f) => f.object.name === name && f.code === 'RulesNotEvaluated')) rest = rest.replace(`<nil>: Invalid value: null: ${NOT_CHECKED_BECAUSE_INVALID}`, '')
    const same = (theirs === undefined) === (errors.length === 0) && unmatched.length === 0 && rest.replace(/[[\], ]/g, '') === ''
    if (!same) differences.push(`${name}: server ${theirs === undefined ? 'accepts' : `refuses: ${theirs}`}; kubectl-gw ${errors.length ? `refuses: ${errors.join(' | ')}` : 'accepts'}`)
  }
  return {differences, refused}
}

interface Crd {
  spec: {group: string; scope: string; names: {kind: string}; versions: Array<{name: string; served: boolean; schema: {openAPIV3Schema: object}}>}
}

/** Valid specs for the kinds whose CRDs have transition rules. */
const BASE: Record<string, Obj> = {
  GatewayClass: {controllerName: 'example.com/gateway'},
  XMesh: {controllerName: 'example.com/mesh'},
}

/** Every transition rule of the installed CRDs, in every served version, with its case. */
function transitionSites() {
  const dir = crdsDir(cluster().crds)
  const out = []
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
      const crd = doc.toJS() as (Crd & {kind?: string}) | null
      if (crd?.kind !== 'CustomResourceDefinition') continue
      for (const v of crd.spec.versions.filter((x) => x.served)) {
        for (const {path, node, rule} of rulesOf(compileSchema(v.schema.openAPIV3Schema))) {
          const program = compileCel(rule.rule)
          if (typeof program === 'string' || !program.transition) continue
          const site = {file: f, kind: crd.spec.names.kind, version: v.name, path, node, rule: rule.rule, message: rule.message ?? ''}
          out.push({...site, group: crd.spec.group, namespaced: crd.spec.scope === 'Namespaced', case: caseFor(site)})
        }
      }
    }
  }
  return out
}

describe(`updates against the API server (${cluster().crds})`, () => {
  test('transition rules of the installed CRDs: a violating and a satisfying update of a stored object', async () => {
    const sites = transitionSites()
    // GatewayClass's controllerName in v1 and v1beta1, in both releases.
    expect(sites.length).toBeGreaterThanOrEqual(2)
    const missing = sites.filter((s) => !s.case || s.case.old === undefined).map((s) => `${s.kind} ${s.version} ${s.path}: ${norm(s.rule)}`)
    expect(missing).toEqual([])
    const object = (s: (typeof sites)[number], name: string, value: unknown): Obj => {
      const field = s.path.split('.').slice(1)
      expect(field.length, `${s.path}: a spec field`).toBe(1)
      return {
        apiVersion: `${s.group}/${s.version}`,
        kind: s.kind,
        metadata: {name, ...(s.namespaced ? {namespace: 'default'} : {})},
        spec: {...BASE[s.kind], [field[0]]: value},
      }
    }
    const names = sites.flatMap((_, i) => [`upd-t${i}-bad`, `upd-t${i}-good`])
    await applyForReal(write('transition-stored', sites.flatMap((s, i) => [object(s, `upd-t${i}-bad`, s.case!.old), object(s, `upd-t${i}-good`, s.case!.old)])))
    try {
      const file = write('transition', sites.flatMap((s, i) => [object(s, `upd-t${i}-bad`, s.case!.bad), object(s, `upd-t${i}-good`, s.case!.good)]))
      const {differences, refused} = await compare(file, names)
      expect(differences).toEqual([])
      // Not a comparison of two acceptances: every violating update is refused.
      expect(sites.map((_, i) => refused.has(`upd-t${i}-bad`))).toEqual(sites.map(() => true))
    } finally {
      for (const s of new Set(sites.map((x) => x.kind))) {
        const plural = s === 'GatewayClass' ? 'gatewayclasses' : `${s.toLowerCase()}es`
        await kc(['delete', plural, ...names.filter((n, i) => sites[Math.floor(i / 2)].kind === s), '--ignore-not-found', '--wait=false'])
      }
    }
  })

  describe('ratcheting: errors in parts left as stored are not reported', () => {
    const GROUP = 'ratchet.kubectl-gw.test'
    const crd = (strict: boolean): Obj => {
      const str = (pattern?: string): Obj => ({type: 'string', ...(strict && pattern ? {pattern} : {})})
      return {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: {name: `widgets.${GROUP}`},
        spec: {
          group: GROUP,
          scope: 'Namespaced',
          names: {kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList'},
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: {status: {}},
              schema: {
                openAPIV3Schema: objectSchema({
                  spec: {
                    type: 'object',
                    ...(strict ? {required: ['owner']} : {}),
                    properties: {
                      owner: {type: 'string'},
                      host: str('^[a-z.]+$'),
                      items: {type: 'array', items: {type: 'string'}, ...(strict ? {maxItems: 2} : {})},
                      tier: {type: 'string', ...(strict ? {enum: ['gold', 'silver']} : {})},
                      note: {type: 'string', ...(strict ? {'x-kubernetes-validations': [{rule: "self != 'forbidden'", message: 'note may not be forbidden'}]} : {})},
                      labels: {
                        type: 'array',
                        'x-kubernetes-list-type': 'map',
                        'x-kubernetes-list-map-keys': ['name'],
                        items: {type: 'object', required: ['name'], properties: {name: {type: 'string'}, value: str('^[a-z]+$')}},
                      },
                      counter: {type: 'integer'},
                    },
                  },
                }),
              },
            },
          ],
        },
      }
    }
    const widget = (name: string, spec: Obj): Obj => ({apiVersion: `${GROUP}/v1`, kind: 'Widget', metadata: {name, namespace: 'default'}, spec})

    // Stored under the loose CRD; every one breaks the strict CRD somewhere.
    const stored: Record<string, Obj> = {
      'host-kept': {owner: 'a', host: 'UPPER', counter: 1},
      'host-changed': {owner: 'a', host: 'UPPER', counter: 1},
      'items-kept': {owner: 'a', items: ['a', 'b', 'c'], counter: 1},
      'items-changed': {owner: 'a', items: ['a', 'b', 'c'], counter: 1},
      'tier-kept': {owner: 'a', tier: 'bronze', counter: 1},
      'note-kept': {owner: 'a', note: 'forbidden', counter: 1},
      'note-changed': {owner: 'a', note: 'x', counter: 1},
      'owner-missing': {counter: 1},
      'owner-missing-kept': {counter: 1},
      'label-kept': {owner: 'a', labels: [{name: 'a', value: 'BAD'}, {name: 'b', value: 'ok'}]},
      'label-changed': {owner: 'a', labels: [{name: 'a', value: 'BAD'}, {name: 'b', value: 'ok'}]},
    }
    // The updates: `counter` (or another field) changes in each, next to the invalid part.
    const updates: Record<string, Obj> = {
      'host-kept': {owner: 'a', host: 'UPPER', counter: 2},
      'host-changed': {owner: 'a', host: 'LOWER?', counter: 1},
      'items-kept': {owner: 'a', items: ['a', 'b', 'c'], counter: 2},
      'items-changed': {owner: 'a', items: ['a', 'b', 'c', 'd'], counter: 1},
      'tier-kept': {owner: 'a', tier: 'bronze', counter: 2},
      'note-kept': {owner: 'a', note: 'forbidden', counter: 2},
      'note-changed': {owner: 'a', note: 'forbidden', counter: 1},
      // Required is spec's error: spec changes, so it is reported; unchanged, it is not.
      'owner-missing': {counter: 2},
      'owner-missing-kept': {counter: 1},
      // Map-list items correlate by key: a's invalid value is kept while b changes.
      'label-kept': {owner: 'a', labels: [{name: 'b', value: 'new'}, {name: 'a', value: 'BAD'}]},
      'label-changed': {owner: 'a', labels: [{name: 'a', value: 'WORSE'}, {name: 'b', value: 'ok'}]},
    }
    const names = Object.keys(stored)

    afterAll(async () => {
      await kc(['delete', 'crd', `widgets.${GROUP}`, '--ignore-not-found', '--wait=false'])
    })

    test('the server and kubectl gw validate agree on every update', async () => {
      await applyForReal(write('ratchet-crd-loose', [crd(false)]))
      await kc(['wait', '--for=condition=Established', `crd/widgets.${GROUP}`, '--timeout=30s'])
      await applyForReal(write('ratchet-stored', names.map((n) => widget(n, stored[n]))))
      await applyForReal(write('ratchet-crd-strict', [crd(true)]))
      // The strict schema is in force once a create that breaks it is refused.
      const probe = write('ratchet-probe', [widget('probe', {host: 'UPPER'})])
      for (let i = 0; i < 50; i++) {
        const r = await kc(['apply', '--dry-run=server', '-f', probe])
        if (r.code !== 0) break
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      const {differences, refused} = await compare(write('ratchet-updates', names.map((n) => widget(n, updates[n]))), names)
      expect(differences).toEqual([])
      // The server's own verdicts, so that the test shows ratcheting and not two validators agreeing on nothing.
      expect(names.filter((n) => refused.has(n)).sort()).toEqual(['host-changed', 'items-changed', 'label-changed', 'note-changed', 'owner-missing'])
    })
  })
})
