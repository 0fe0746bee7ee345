import {describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {collectFindings, type Finding} from '../../src/analyze/findings.js'
import {renderReport, renderWhatIf} from '../../src/analyze/render.js'
import {analyzedObjects, changeScope, filterFindings, inScope, missingInputs, namespaceMismatch, objectLookup, parseIgnore, scopeText, type AnalyzeScope} from '../../src/analyze/report.js'
import {whatIf} from '../../src/analyze/whatif.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {parseSelector} from '../../src/selectors/labels.js'

const GW = 'gateway.networking.k8s.io'

const finding = (kind: string, name: string, namespace?: string, code = 'RefNotPermitted'): Finding => ({
  code,
  severity: 'error',
  object: {kind, name, ...(namespace ? {namespace} : {})},
  message: 'm',
  hint: 'h',
})

function snap(source: 'files' | 'cluster', objects: K8sObject[]): Snapshot {
  const s = new Snapshot(source)
  for (const o of objects) s.add(o)
  return s
}

const gatewayClass: K8sObject = {apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: {name: 'edge'}, spec: {controllerName: 'x/y'}, status: {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted'}]}}
const gateway: K8sObject = {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name: 'gw', namespace: 'infra'}, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: {namespaces: {from: 'All'}}}]}}
const svc: K8sObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'api', namespace: 'payments'}, spec: {ports: [{port: 80}]}}
const shopRoute: K8sObject = {
  apiVersion: `${GW}/v1`,
  kind: 'HTTPRoute',
  metadata: {name: 'web', namespace: 'shop'},
  spec: {parentRefs: [{name: 'gw', namespace: 'infra'}], rules: [{backendRefs: [{name: 'api', namespace: 'payments', port: 80}]}]},
}
const grant: K8sObject = {
  apiVersion: `${GW}/v1beta1`,
  kind: 'ReferenceGrant',
  metadata: {name: 'allow-shop', namespace: 'payments'},
  spec: {from: [{group: GW, kind: 'HTTPRoute', namespace: 'shop'}], to: [{group: '', kind: 'Service'}]},
}

describe('scope', () => {
  test('namespace scope keeps that namespace and cluster-scoped objects', () => {
    const s: AnalyzeScope = {kind: 'namespace', namespace: 'shop'}
    expect(inScope(s, finding('HTTPRoute', 'web', 'shop'))).toBe(true)
    expect(inScope(s, finding('HTTPRoute', 'web', 'other'))).toBe(false)
    expect(inScope(s, finding('GatewayClass', 'edge'))).toBe(true)
  })

  test('a change scope: introduced/fixed anywhere, unchanged only in the files namespaces and cluster-scoped objects', () => {
    const files = snap('files', [grant, {...gatewayClass, metadata: {name: 'mine'}}])
    const s = changeScope(files)
    expect(scopeText(s)).toBe('in namespace payments')
    expect(inScope(s, finding('HTTPRoute', 'web', 'shop'), true)).toBe(true)
    expect(inScope(s, finding('HTTPRoute', 'web', 'shop'), false)).toBe(false)
    expect(inScope(s, finding('ReferenceGrant', 'allow-shop', 'payments'), false)).toBe(true)
    expect(inScope(s, finding('GatewayClass', 'mine'), false)).toBe(true)
    expect(inScope(s, finding('GatewayClass', 'edge'), false)).toBe(false)
  })

  test('a grant added in one namespace reports the route it fixes in another (what-if, change scope)', () => {
    const cluster = snap('cluster', [gatewayClass, gateway, svc, shopRoute])
    const files = snap('files', [grant])
    const report = whatIf(cluster, files)
    const scope = changeScope(files)
    const objectOf = objectLookup(files, cluster)
    const fixed = filterFindings(report.fixed, {scope, changed: true, selector: [], ignore: new Set(), objectOf})
    expect(fixed.shown.map((f) => [f.code, f.object.namespace, f.object.name])).toContainEqual(['RefNotPermitted', 'shop', 'web'])
    // The same finding as "unchanged" would be left out: the route is not in the files' namespaces.
    const unchanged = filterFindings(report.fixed, {scope, changed: false, selector: [], ignore: new Set(), objectOf})
    expect(unchanged.shown).toEqual([])
  })

  test('objects are counted where the report looks; Services and Secrets are not Gateway API objects', () => {
    const s = snap('files', [gatewayClass, gateway, svc, shopRoute, grant])
    expect(analyzedObjects(s, {kind: 'all'})).toBe(4)
    expect(analyzedObjects(s, {kind: 'namespace', namespace: 'shop'})).toBe(1)
    expect(analyzedObjects(s, {kind: 'namespace', namespace: 'default'})).toBe(0)
    expect(analyzedObjects(snap('cluster', [svc]), {kind: 'namespace', namespace: 'default'})).toBe(0)
    const labelled = snap('files', [{...shopRoute, metadata: {...shopRoute.metadata, labels: {team: 'a'}}}, gateway])
    expect(analyzedObjects(labelled, {kind: 'all'}, parseSelector('team=a'))).toBe(1)
  })
})

describe('-n with files', () => {
  test("an object naming another namespace is kubectl apply's error, with file, document and object", () => {
    const s = new Snapshot('files')
    s.add({...gatewayClass}, {file: 'a.yaml', document: 1})
    s.add({...shopRoute}, {file: 'b.yaml', document: 3})
    expect(namespaceMismatch(s, 'shop')).toBeUndefined()
    expect(namespaceMismatch(s, 'default')).toBe(
      `error: b.yaml (document 3): HTTPRoute "web": the namespace from the provided object "shop" does not match the namespace "default". You must pass '--namespace=shop' to perform this operation.`,
    )
  })
})

describe('suppression', () => {
  test('--ignore parses comma lists and repeated flags; a malformed code is an error', () => {
    expect([...parseIgnore(['RefNotPermitted, StatusStale', 'NoController'])]).toEqual(['RefNotPermitted', 'StatusStale', 'NoController'])
    expect(parseIgnore(undefined).size).toBe(0)
    expect(() => parseIgnore(['Ref NotPermitted'])).toThrow(/^error: invalid finding code "Ref NotPermitted" in --ignore/)
  })

  test('codes given by --ignore or by the object annotation are suppressed, not dropped', () => {
    const annotated: K8sObject = {...shopRoute, metadata: {...shopRoute.metadata, annotations: {'kubectl-gw.io/ignore': 'StatusStale, BackendNotFound'}}}
    const s = snap('files', [annotated])
    const list = [finding('HTTPRoute', 'web', 'shop', 'BackendNotFound'), finding('HTTPRoute', 'web', 'shop', 'RefNotPermitted'), finding('HTTPRoute', 'other', 'shop', 'BackendNotFound'), finding('HTTPRoute', 'other', 'shop', 'NoController')]
    const r = filterFindings(list, {scope: {kind: 'all'}, selector: [], ignore: new Set(['NoController']), objectOf: objectLookup(s)})
    expect(r.shown.map((f) => `${f.object.name}/${f.code}`)).toEqual(['web/RefNotPermitted', 'other/BackendNotFound'])
    expect(r.suppressed.map((f) => `${f.object.name}/${f.code}`)).toEqual(['web/BackendNotFound', 'other/NoController'])
  })

  test('the label selector filters before suppression counts', () => {
    const s = snap('files', [{...shopRoute, metadata: {...shopRoute.metadata, labels: {team: 'a'}}}])
    const r = filterFindings([finding('HTTPRoute', 'web', 'shop')], {scope: {kind: 'all'}, selector: parseSelector('team=b'), ignore: new Set(['RefNotPermitted']), objectOf: objectLookup(s)})
    expect(r).toEqual({shown: [], suppressed: []})
  })
})

describe('report wording', () => {
  const facts = {analyzed: 3, where: 'in all namespaces', incomplete: [] as string[], suppressed: 0}

  test('a clean report says what was analyzed; an empty scope says there was nothing', () => {
    expect(renderReport([], facts, {color: false})).toBe('No problems found in 3 Gateway API objects in all namespaces.\n')
    expect(renderReport([], {...facts, analyzed: 0, where: 'in namespace default'}, {color: false})).toBe('No Gateway API objects to analyze: 0 objects in namespace default.\n')
    expect(renderReport([], {...facts, suppressed: 2}, {color: false})).toBe('No problems found in 3 Gateway API objects in all namespaces (2 findings suppressed).\n')
  })

  test('incomplete input never reads as clean, and names what is missing', () => {
    const incomplete = missingInputs(Object.assign(new Snapshot('files'), {}), snapWithError('error: bad.yaml (document 2): YAML syntax error'))
    expect(incomplete).toEqual(['bad.yaml (document 2): YAML syntax error'])
    const text = renderReport([], {...facts, incomplete}, {color: false})
    expect(text).not.toContain('No problems found')
    expect(text).toMatch(/^Analysis incomplete: 1 input problem left objects out of the analysis:\n {2}bad\.yaml \(document 2\): YAML syntax error\n/)
    expect(text).toContain('no verdict on the input that could not be read')
    const withFindings = renderReport([finding('HTTPRoute', 'web', 'shop')], {...facts, incomplete, suppressed: 1}, {color: false})
    expect(withFindings).toContain('1 error, 0 warnings, 0 infos, 1 suppressed\nAnalyzed 3 Gateway API objects in all namespaces that could be read.')
  })

  test('a what-if on incomplete input does not print a bare "none"', () => {
    const r = {summary: {created: [], updated: [], unchanged: []}, introduced: [], fixed: [], unchanged: []}
    const text = renderWhatIf(r, {color: false}, {where: 'in namespace shop', changedWhere: 'in all namespaces', incomplete: ['x.yaml: unreadable'], suppressed: 0})
    expect(text).toContain('Analysis incomplete')
    expect(text).toContain('Scope: introduced and fixed in all namespaces, unchanged in namespace shop')
    expect(text).toContain('Issues introduced (0):\n  none found in what could be read')
    expect(text).not.toMatch(/Issues introduced \(0\):\n {2}none\n/)
  })
})

describe('a GatewayClass missing from files is assumed accepted', () => {
  const noClass = () =>
    snap('files', [
      {...gateway, spec: {gatewayClassName: 'edge', listeners: [{name: 'http', port: 80, protocol: 'HTTP', hostname: 'a.example.com', allowedRoutes: {namespaces: {from: 'All'}}}]}},
      {...gateway, metadata: {name: 'gw2', namespace: 'infra'}},
      {...shopRoute, spec: {parentRefs: [{name: 'gw', namespace: 'infra'}], hostnames: ['b.example.com']}},
    ])

  test('reported once per class, as an assumption, and listener checks still run', () => {
    const a = analyze(noClass())
    const f = collectFindings(a)
    const missing = f.filter((x) => x.code === 'GatewayClassNotFound')
    expect(missing).toHaveLength(1)
    expect(missing[0]).toMatchObject({severity: 'warning', object: {kind: 'Gateway', namespace: 'infra', name: 'gw'}, unverified: 'assumed: the GatewayClass is not in the files'})
    expect(missing[0].message).toContain('gateways/infra/gw, gateways/infra/gw2')
    // The route is evaluated against the listener: the hostname problem is found.
    expect(f.some((x) => x.code === 'RouteNotAccepted' && x.message.startsWith('NoMatchingListenerHostname'))).toBe(true)
    const ga = [...a.graph.gateways.values()].find((g) => g.gateway.metadata.name === 'gw')!
    expect(ga.inScope).toBe(true)
    expect(ga.classAssumed).toBe('edge')
    const parent = [...a.graph.routes.values()][0].parents[0]
    expect(parent.notes.join(' ')).toContain('Assumes a controller accepts GatewayClass "edge", which is not in the files')
  })

  test('from a cluster nothing is assumed: the class provably does not exist', () => {
    const s = snap('cluster', noClass().objects)
    const f = collectFindings(analyze(s))
    expect(f.filter((x) => x.code === 'GatewayClassNotFound' && x.object.kind === 'Gateway')).toHaveLength(2)
    expect(f.some((x) => x.code === 'GatewayClassNotFound' && x.object.kind === 'HTTPRoute')).toBe(true)
    expect([...analyze(s).graph.gateways.values()].every((g) => g.classAssumed === undefined && !g.inScope)).toBe(true)
  })
})

function snapWithError(e: string): Snapshot {
  const s = new Snapshot('files')
  s.errors.push(e)
  return s
}
