// kubectl-gw's validation against the real API server's: for every CEL rule of the CRDs this tier
// installed (one case per kind, node and rule, from test/validate/crd-rule-cases.ts), an object that
// breaks the rule and one that satisfies it, each placed inside an otherwise ordinary object of its
// kind. All of them are applied with one `kubectl apply --dry-run=server` and validated with one
// `kubectl gw validate -f` against the cluster's CRDs; the verdict (refused or accepted) and every
// error message must be the server's. Differences are listed together, one line each.

import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments, stringify} from 'yaml'
import {describe, expect, test} from 'vitest'
import {compileSchema, rulesOf} from '../../src/validate/schema.js'
import {caseFor, norm, type Site} from '../validate/crd-rule-cases.js'
import {crdsDir} from './support/context.js'
import {cluster, gw, kc, parseJson} from './support/cli.js'

type Obj = Record<string, unknown>

/** A valid spec of each kind, so that what a case adds is (nearly) all that can be wrong. */
const BASE: Record<string, Obj> = {
  GatewayClass: {controllerName: 'example.com/gateway'},
  Gateway: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]},
  ListenerSet: {parentRef: {name: 'gw'}, listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]},
  XListenerSet: {parentRef: {name: 'gw'}, listeners: [{name: 'http', port: 80, protocol: 'HTTP'}]},
  HTTPRoute: {parentRefs: [{name: 'gw'}], rules: [{backendRefs: [{name: 'svc', port: 80}]}]},
  GRPCRoute: {parentRefs: [{name: 'gw'}], rules: [{backendRefs: [{name: 'svc', port: 80}]}]},
  TLSRoute: {parentRefs: [{name: 'gw'}], hostnames: ['a.example.com'], rules: [{backendRefs: [{name: 'svc', port: 443}]}]},
  TCPRoute: {parentRefs: [{name: 'gw'}], rules: [{backendRefs: [{name: 'svc', port: 5432}]}]},
  UDPRoute: {parentRefs: [{name: 'gw'}], rules: [{backendRefs: [{name: 'svc', port: 53}]}]},
  BackendTLSPolicy: {targetRefs: [{group: '', kind: 'Service', name: 'svc'}], validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'ca'}], hostname: 'svc.example.com'}},
  ReferenceGrant: {from: [{group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'other'}], to: [{group: '', kind: 'Service'}]},
}

interface Crd {
  spec: {group: string; scope: string; names: {kind: string}; versions: Array<{name: string; served: boolean; schema: {openAPIV3Schema: object}}>}
}

/** The installed release's rule sites: one served version per kind (v1 where there is one). */
function installedSites(): Array<Site & {group: string; namespaced: boolean}> {
  const dir = crdsDir(cluster().crds)
  const out: Array<Site & {group: string; namespaced: boolean}> = []
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
      const crd = doc.toJS() as (Crd & {kind?: string}) | null
      if (crd?.kind !== 'CustomResourceDefinition') continue
      const served = crd.spec.versions.filter((v) => v.served)
      const v = served.find((x) => x.name === 'v1') ?? served[0]
      if (!v) continue
      const seen = new Set<string>()
      for (const {path, node, rule} of rulesOf(compileSchema(v.schema.openAPIV3Schema))) {
        const key = `${path} ${norm(rule.rule)}`
        if (seen.has(key)) continue
        seen.add(key)
        out.push({file: f, kind: crd.spec.names.kind, version: v.name, path, node, rule: rule.rule, message: rule.message ?? '', group: crd.spec.group, namespaced: crd.spec.scope === 'Namespaced'})
      }
    }
  }
  return out
}

/** `spec.rules[*].filters` as keys, `*` for the first list item. */
const segments = (path: string) => [...path.matchAll(/\[\*\]|[^.[\]]+/g)].map((m) => (m[0] === '[*]' ? '*' : m[0]))

/** The spec with `value` at `path` (below spec), creating the lists and objects on the way. */
function placed(base: Obj, path: string[], value: unknown): Obj {
  const root = structuredClone(base)
  let at: any = root
  path.forEach((seg, i) => {
    const last = i === path.length - 1
    if (seg === '*') {
      if (last) at[0] = value
      else at = at[0] = at[0] && typeof at[0] === 'object' ? at[0] : {}
      return
    }
    if (last) at[seg] = value
    else {
      const nextIsList = path[i + 1] === '*'
      const fits = nextIsList ? Array.isArray(at[seg]) : at[seg] && typeof at[seg] === 'object' && !Array.isArray(at[seg])
      if (!fits) at[seg] = nextIsList ? [] : {}
      at = at[seg]
    }
  })
  return root
}

interface Applied {
  name: string
  what: string
  object: Obj
}

function objects(): Applied[] {
  const out: Applied[] = []
  let n = 0
  for (const site of installedSites()) {
    const c = caseFor(site)
    const path = segments(site.path)
    // Transition rules need a stored object; status is not validated on the main resource.
    if (!c || c.old !== undefined || path[0] !== 'spec') continue
    n++
    for (const [which, value] of [['bad', c.bad], ['good', c.good]] as const) {
      if (value === undefined) continue
      const name = `v${n}-${which}`
      out.push({
        name,
        what: `${site.kind} ${site.path} (${which}): ${norm(site.rule).slice(0, 80)}`,
        object: {
          apiVersion: `${site.group}/${site.version}`,
          kind: site.kind,
          metadata: {name, ...(site.namespaced ? {namespace: 'default'} : {})},
          spec: placed(BASE[site.kind] ?? {}, path.slice(1), value),
        },
      })
    }
  }
  return out
}

/** `Error from server (Invalid): error when creating "F": HTTPRoute.gateway.networking.k8s.io "v1-bad" is invalid: ...` by name. */
function serverErrors(stderr: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of stderr.split('\n')) {
    const m = /^Error from server \([^)]*\): error when [^"]*"[^"]*": \S+ "([^"]+)" is invalid: (.*)$/.exec(line)
    if (m) out.set(m[1], m[2])
    else {
      const other = /^Error from server[^"]*"[^"]*": .*?"(v\d+-(?:bad|good))"(.*)$/.exec(line)
      if (other) out.set(other[1], line)
    }
  }
  return out
}

const NOT_CHECKED = 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'

interface Finding {
  code: string
  severity: string
  object: {name: string}
  message: string
}

describe(`kubectl gw validate against the API server (${cluster().crds})`, () => {
  test("every CEL rule's violating and satisfying object: the server's verdict and messages", async () => {
    const all = objects()
    expect(all.length).toBeGreaterThan(50)
    const file = join(cluster().workDir, `validate-verdicts-${process.pid}.yaml`)
    // Strings quoted: kubectl reads YAML 1.1 scalars (`value: y` is the boolean true), kubectl-gw YAML
    // 1.2 (the string "y"); that difference is the YAML reader's, not the validation compared here.
    writeFileSync(file, all.map((a) => stringify(a.object, {defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN'})).join('---\n'))

    // --validate=false: the server prunes unknown fields instead of refusing them (kubectl's strict
    // client default is a kubectl choice, not the CRD's validation, which is what is compared here).
    const server = await kc(['apply', '--dry-run=server', '--validate=false', '-f', file])
    const refused = serverErrors(server.stderr)
    const ours = await gw(['validate', '-f', file, '-o', 'json', '--fail-on', 'none'])
    expect(ours.code, ours.stderr).toBe(0)
    const findings = parseJson<{findings: Finding[]}>(ours, 'kubectl gw validate -o json').findings

    const place = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?::\\d+| \\(document \\d+\\)): `)
    const differences: string[] = []
    for (const a of all) {
      const mine = findings.filter((f) => f.object.name === a.name)
      const errors = mine.filter((f) => f.severity === 'error').map((f) => f.message.replace(place, ''))
      const theirs = refused.get(a.name)
      if ((theirs !== undefined) !== (errors.length > 0)) {
        differences.push(`${a.name} ${a.what}: server ${theirs === undefined ? 'accepts' : `refuses: ${theirs}`}; kubectl-gw ${errors.length ? `refuses: ${errors.join(' | ')}` : 'accepts'}`)
        continue
      }
      if (theirs === undefined) continue
      // Equal up to the order of the errors: each of ours is in the server's text, and nothing else is.
      let rest = theirs
      const missing = errors.filter((e) => {
        const i = rest.indexOf(e)
        if (i < 0) return true
        rest = rest.slice(0, i) + rest.slice(i + e.length)
        return false
      })
      if (mine.some((f) => f.code === 'RulesNotEvaluated')) rest = rest.replace(`<nil>: Invalid value: null: ${NOT_CHECKED}`, '')
      if (missing.length > 0 || rest.replace(/[[\], ]/g, '') !== '') {
        differences.push(`${a.name} ${a.what}: server: ${theirs}; kubectl-gw: ${errors.join(' | ')}`)
      }
    }
    expect(differences).toEqual([])
  })
})
