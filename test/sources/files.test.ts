// The -f source: documents, Lists, namespaces, scopes, duplicates, errors that do not stop the load.
import {afterEach, beforeEach, describe, expect, test} from 'vitest'
import type {K8sObject} from '../../src/model/types.js'
import {loadFromFiles} from '../../src/sources/files.js'
import {tempTree, type TempTree} from './files-helpers.js'

let tree: TempTree
beforeEach(async () => {
  tree = await tempTree()
})
afterEach(async () => {
  await tree.cleanup()
})

const load = (paths: string[], defaultNamespace = 'default') => loadFromFiles(paths, {defaultNamespace})

function ids(objects: K8sObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
}

const GW = 'gateway.networking.k8s.io/v1'

describe('documents', () => {
  test('multi-document YAML keeps every object and where it came from', async () => {
    const [file] = await tree.write({
      'all.yaml': `apiVersion: ${GW}\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec: {gatewayClassName: gc}\n---\napiVersion: ${GW}\nkind: HTTPRoute\nmetadata:\n  name: web\n---\napiVersion: ${GW}\nkind: GatewayClass\nmetadata: {name: gc}\n`,
    })
    const snap = await load([file])
    expect(snap.source).toBe('files')
    expect(snap.errors).toEqual([])
    expect(ids(snap.objects)).toEqual(['Gateway/infra/gw', 'HTTPRoute/default/web', 'GatewayClass//gc'])
    expect(snap.origin(snap.objects[1])).toEqual({file, document: 2})
    expect(snap.find(GW.split('/')[0], 'HTTPRoute', 'default', 'web')).toBe(snap.objects[1])
  })

  test('empty and comment-only documents are skipped silently but still counted', async () => {
    const [file] = await tree.write({
      'sparse.yaml': `---\n---\n# nothing here\n---\n\n---\napiVersion: v1\nkind: Service\nmetadata: {name: svc}\n---\nnull\n---\n`,
    })
    const snap = await load([file])
    expect(snap.errors).toEqual([])
    expect(ids(snap.objects)).toEqual(['Service/default/svc'])
    expect(snap.origin(snap.objects[0])?.document).toBe(4)
  })

  test('a JSON file with one object', async () => {
    const [file] = await tree.write({
      'gw.json': JSON.stringify({apiVersion: GW, kind: 'Gateway', metadata: {name: 'gw'}, spec: {gatewayClassName: 'gc'}}, null, '\t'),
    })
    const snap = await load([file])
    expect(snap.errors).toEqual([])
    expect(ids(snap.objects)).toEqual(['Gateway/default/gw'])
    expect(snap.objects[0].spec).toEqual({gatewayClassName: 'gc'})
  })

  test('a JSON stream of several objects, as kubectl accepts, numbers its documents', async () => {
    const a = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'a', annotations: {note: 'braces { [ " in a string'}}}
    const b = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'b'}}
    const [file] = await tree.write({'stream.json': `${JSON.stringify(a)}\n${JSON.stringify(b, null, 2)}`})
    const snap = await load([file])
    expect(snap.errors).toEqual([])
    expect(ids(snap.objects)).toEqual(['Service/default/a', 'Service/default/b'])
    expect(snap.objects[0].metadata.annotations).toEqual({note: 'braces { [ " in a string'})
    expect(snap.origin(snap.objects[1])).toEqual({file, document: 2})
  })

  test('a JSON syntax error names file, document, line and column, and keeps what came before', async () => {
    const [file] = await tree.write({'bad.json': '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ok"}}\n{\n  "kind": "Service",\n}\n'})
    const snap = await load([file])
    expect(ids(snap.objects)).toEqual(['Service/default/ok'])
    expect(snap.errors).toHaveLength(1)
    expect(snap.errors[0]).toMatch(new RegExp(`^error: ${escapeRe(file)} \\(document 2\\): JSON syntax error at line 4, column 1: `))
  })

  test('kind: List, typed lists and nested lists are unwrapped', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {apiVersion: GW, kind: 'Gateway', metadata: {name: 'g1'}},
        {
          apiVersion: GW,
          kind: 'HTTPRouteList',
          metadata: {},
          items: [{apiVersion: GW, kind: 'HTTPRoute', metadata: {name: 'r1', namespace: 'app'}}],
        },
      ],
    }
    const [json, yaml] = await tree.write({
      'list.json': JSON.stringify(list),
      'list.yaml': `apiVersion: ${GW}\nkind: GatewayList\nitems:\n- apiVersion: ${GW}\n  kind: Gateway\n  metadata: {name: g2}\n- {kind: Gateway}\n---\napiVersion: v1\nkind: List\nitems: null\n`,
    })
    const snap = await load([json, yaml])
    expect(ids(snap.objects)).toEqual(['Gateway/default/g1', 'HTTPRoute/app/r1', 'Gateway/default/g2'])
    expect(snap.origin(snap.objects[1])).toEqual({file: json, document: 1})
    // The bad item is named by its place in the list.
    expect(snap.errors).toEqual([`error: ${yaml} (document 1, items[1]): Gateway has no apiVersion`])
  })

  test('a kind that merely ends in "List" without items is an ordinary object', async () => {
    const [file] = await tree.write({'allow.yaml': 'apiVersion: example.com/v1\nkind: AllowList\nmetadata: {name: a}\nspec: {cidrs: []}\n'})
    const snap = await load([file])
    expect(ids(snap.objects)).toEqual(['AllowList/default/a'])
  })

  test('kind: List with items that are not a list is an error', async () => {
    const [file] = await tree.write({'l.yaml': 'apiVersion: v1\nkind: List\nitems: {a: 1}\n'})
    const snap = await load([file])
    expect(snap.objects).toEqual([])
    expect(snap.errors).toEqual([`error: ${file} (document 1): List has an object as items, not a list`])
  })
})

describe('broken input', () => {
  test('a YAML syntax error spoils only its document; the message is one line with file, document and position', async () => {
    const [file] = await tree.write({
      'bad.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: one}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n  labels: x\n---\napiVersion: v1\nkind: Service\nmetadata: {name: three}\n`,
    })
    const snap = await load([file])
    expect(ids(snap.objects)).toEqual(['Service/default/one', 'Service/default/three'])
    expect(snap.errors).toHaveLength(1)
    expect(snap.errors[0]).toMatch(new RegExp(`^error: ${escapeRe(file)} \\(document 2\\): YAML syntax error at line \\d+, column \\d+: \\S`))
    expect(snap.errors[0]).not.toMatch(/\n/)
    expect(snap.origin(snap.objects[1])?.document).toBe(3)
  })

  test('duplicate keys are a YAML error, as in kubectl', async () => {
    const [file] = await tree.write({'dup.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nkind: Namespace\n'})
    const snap = await load([file])
    expect(snap.objects).toEqual([])
    expect(snap.errors[0]).toMatch(/\(document 1\): YAML syntax error at line 4, column 1: Map keys must be unique/)
  })

  test('an alias bomb is refused quickly and the other documents still load', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i)
      const cur = String.fromCharCode(97 + i)
      levels.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`)
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`
    const [file] = await tree.write({'bomb.yaml': `${bomb}---\napiVersion: v1\nkind: Service\nmetadata: {name: fine}\n`})
    const snap = await load([file])
    expect(ids(snap.objects)).toEqual(['Service/default/fine'])
    expect(snap.errors).toEqual([`error: ${file} (document 1): YAML error: Excessive alias count indicates a resource exhaustion attack`])
  })

  test('moderate alias use (merge keys, a reused block) is fine', async () => {
    const [file] = await tree.write({
      'anchors.yaml': `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: &meta\n    name: a\n    labels: &labels {app: web}\n- apiVersion: v1\n  kind: Service\n  metadata:\n    <<: *meta\n    name: b\n`,
    })
    const snap = await load([file])
    expect(snap.errors).toEqual([])
    expect(ids(snap.objects)).toEqual(['Service/default/a', 'Service/default/b'])
    expect(snap.objects[1].metadata.labels).toEqual({app: 'web'})
  })

  test('objects without kind, apiVersion or name are skipped with a message naming what is missing', async () => {
    const [file] = await tree.write({
      'routes.yaml': [
        `apiVersion: ${GW}\nmetadata: {name: nokind}`,
        `kind: HTTPRoute\nmetadata: {name: noversion}`,
        `apiVersion: ${GW}\nkind: HTTPRoute\nmetadata: {namespace: app}`,
        `apiVersion: ${GW}\nkind: HTTPRoute\nmetadata: {name: ""}`,
        `apiVersion: ${GW}\nkind: HTTPRoute\nmetadata: {name: 42}`,
        `apiVersion: ${GW}\nkind: HTTPRoute\nmetadata: {name: ok}`,
        `apiVersion: ${GW}\nkind: HTTPRoute\nmetadata: [a]`,
        `apiVersion: ${GW}\nkind: HTTPRoute\nmetadata: {name: nsbad, namespace: [x]}`,
        `just a string`,
        `- a\n- list`,
        `apiVersion: 7\nkind: Service\nmetadata: {name: s}`,
      ].join('\n---\n'),
    })
    const snap = await load([file])
    expect(ids(snap.objects)).toEqual(['HTTPRoute/default/ok'])
    expect(snap.errors).toEqual([
      `error: ${file} (document 1): object "nokind" has no kind`,
      `error: ${file} (document 2): HTTPRoute "noversion" has no apiVersion`,
      `error: ${file} (document 3): HTTPRoute has no metadata.name`,
      `error: ${file} (document 4): HTTPRoute has an empty metadata.name`,
      `error: ${file} (document 5): HTTPRoute has a number as metadata.name, not a string`,
      `error: ${file} (document 7): HTTPRoute has a list as metadata, not an object`,
      `error: ${file} (document 8): HTTPRoute "nsbad" has a list as metadata.namespace, not a string`,
      `error: ${file} (document 9): expected a Kubernetes object, found a string`,
      `error: ${file} (document 10): expected a Kubernetes object, found a list`,
      `error: ${file} (document 11): Service "s" has a number as apiVersion, not a string`,
    ])
  })

  test('control characters from the input cannot break a message onto several lines', async () => {
    const [file] = await tree.write({'evil.json': JSON.stringify({kind: 'Service', metadata: {name: 'x\n\u001b[2Jfake: line\u202e'}})})
    const snap = await load([file])
    expect(snap.errors).toEqual([`error: ${file} (document 1): Service "x\\n\\x1b[2Jfake: line\\u202e" has no apiVersion`])
  })

  test('non-UTF-8 bytes skip the file with the offset of the first bad byte', async () => {
    // 49 bytes before the Latin-1 "é".
    const bytes = Buffer.concat([Buffer.from('apiVersion: v1\nkind: Service\nmetadata: {name: caf'), Buffer.from([0xe9]), Buffer.from('}\n')])
    const [bad, good] = await tree.write({
      'latin1.yaml': bytes,
      'good.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n',
    })
    const snap = await load([bad, good])
    expect(snap.errors).toEqual([`error: ${bad}: not valid UTF-8 (byte offset 49)`])
    expect(ids(snap.objects)).toEqual(['Service/default/ok'])
  })

  test('a byte order mark is not part of the first key', async () => {
    const [yaml, json] = await tree.write({
      'bom.yaml': '\ufeffapiVersion: v1\nkind: Service\nmetadata: {name: a}\n',
      'bom.json': '\ufeff{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "b"}}',
    })
    const snap = await load([yaml, json])
    expect(snap.errors).toEqual([])
    expect(ids(snap.objects)).toEqual(['Service/default/a', 'Service/default/b'])
  })
})

describe('namespaces and scope', () => {
  test('namespaced objects without a namespace get the default one; explicit ones are kept', async () => {
    const [file] = await tree.write({
      'ns.yaml': [
        `apiVersion: ${GW}\nkind: Gateway\nmetadata: {name: a}`,
        `apiVersion: ${GW}\nkind: Gateway\nmetadata: {name: b, namespace: infra}`,
        `apiVersion: ${GW}\nkind: Gateway\nmetadata: {name: c, namespace: ""}`,
        `apiVersion: ${GW}\nkind: Gateway\nmetadata: {name: d, namespace: null}`,
        `apiVersion: v1\nkind: Secret\nmetadata: {name: e}`,
        `apiVersion: example.com/v1\nkind: Unknown\nmetadata: {name: f}`,
      ].join('\n---\n'),
    })
    const snap = await load([file], 'team')
    expect(snap.errors).toEqual([])
    expect(ids(snap.objects)).toEqual([
      'Gateway/team/a',
      'Gateway/infra/b',
      'Gateway/team/c',
      'Gateway/team/d',
      'Secret/team/e',
      'Unknown/team/f',
    ])
    // Placed right after the name, as people write it.
    expect(Object.keys(snap.objects[0].metadata)).toEqual(['name', 'namespace'])
  })

  test('cluster-scoped objects never keep a namespace', async () => {
    const [file] = await tree.write({
      'cluster.yaml': [
        `apiVersion: ${GW}\nkind: GatewayClass\nmetadata: {name: gc, namespace: oops}`,
        `apiVersion: v1\nkind: Namespace\nmetadata: {name: infra}`,
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader, namespace: x}`,
        `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec: {group: example.com, scope: Cluster, names: {kind: Widget, plural: widgets}}`,
      ].join('\n---\n'),
      // The CRD comes after an instance of its kind (other file, earlier in order): scope still applies.
      'a-widget.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: ignored}\n',
    })
    const snap = await load([tree.path('a-widget.yaml'), file])
    expect(snap.errors).toEqual([])
    expect(ids(snap.objects)).toEqual([
      'Widget//w',
      'GatewayClass//gc',
      'Namespace//infra',
      'ClusterRole//reader',
      'CustomResourceDefinition//widgets.example.com',
    ])
    for (const o of snap.objects) expect(Object.keys(o.metadata)).not.toContain('namespace')
    expect(snap.find('gateway.networking.k8s.io', 'GatewayClass', undefined, 'gc')).toBeDefined()
  })

  test('a CRD that says Namespaced makes its kind namespaced', async () => {
    const [file] = await tree.write({
      'crd.yaml': `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: things.example.com}\nspec: {group: example.com, scope: Namespaced, names: {kind: Thing, plural: things}}\n---\napiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\n`,
    })
    const snap = await load([file])
    expect(ids(snap.objects)).toContain('Thing/default/t')
  })

  test('objects sharing one metadata mapping through an alias get their own namespaces', async () => {
    const [file] = await tree.write({
      'shared.yaml': `apiVersion: v1\nkind: List\nitems:\n- apiVersion: ${GW}\n  kind: GatewayClass\n  metadata: &m {name: same}\n- apiVersion: ${GW}\n  kind: Gateway\n  metadata: *m\n`,
    })
    const snap = await load([file], 'prod')
    expect(ids(snap.objects)).toEqual(['GatewayClass//same', 'Gateway/prod/same'])
  })
})

describe('duplicates', () => {
  test('the later definition wins and a warning names both places', async () => {
    const [first, second] = await tree.write({
      'a.yaml': `apiVersion: ${GW}\nkind: Gateway\nmetadata: {name: gw}\nspec: {gatewayClassName: old}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n`,
      'b.yaml': `apiVersion: ${GW}\nkind: Gateway\nmetadata: {name: gw, namespace: default}\nspec: {gatewayClassName: new}\n`,
    })
    const snap = await load([first, second])
    expect(ids(snap.objects)).toEqual(['Gateway/default/gw', 'Service/default/s'])
    expect(snap.objects[0].spec.gatewayClassName).toBe('new')
    expect(snap.origin(snap.objects[0])).toEqual({file: second, document: 1})
    expect(snap.warnings).toEqual([`Gateway "gw" in namespace "default" is defined twice: ${first} (document 1) and ${second} (document 1); using the latter`])
  })

  test('within one file, and not across namespaces or groups', async () => {
    const [file] = await tree.write({
      'd.yaml': [
        `apiVersion: ${GW}\nkind: GatewayClass\nmetadata: {name: gc}\nspec: {controllerName: one}`,
        `apiVersion: ${GW}\nkind: GatewayClass\nmetadata: {name: gc}\nspec: {controllerName: two}`,
        `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: a}`,
        `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: b}`,
        `apiVersion: other.example.com/v1\nkind: GatewayClass\nmetadata: {name: gc}`,
      ].join('\n---\n'),
    })
    const snap = await load([file])
    expect(snap.objects).toHaveLength(4)
    expect(snap.objects[0].spec.controllerName).toBe('two')
    expect(snap.warnings).toEqual([`GatewayClass "gc" is defined twice: ${file} (document 1) and ${file} (document 2); using the latter`])
  })
})

describe('duplicates in 3 and 4 places: each pair once, with both places', () => {
  // Not `namespace: n`: kubectl reads a plain n as the boolean false (yaml-scalars.ts).
  const gateway = (cls: string) => `apiVersion: ${GW}\nkind: Gateway\nmetadata: {name: gw, namespace: ns}\nspec: {gatewayClassName: ${cls}}\n`

  test.each([3, 4])('%i definitions', async (n) => {
    const files = await tree.write(Object.fromEntries(Array.from({length: n}, (_, i) => [`f${i + 1}.yaml`, gateway(`c${i + 1}`)])))
    const snap = await load(files)
    expect(snap.objects).toHaveLength(1)
    expect(snap.objects[0].spec.gatewayClassName).toBe(`c${n}`)
    const place = (i: number) => `${files[i]} (document 1)`
    const expected: string[] = []
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        expected.push(`Gateway "gw" in namespace "ns" is defined in both ${place(i)} and ${place(j)} (${n} definitions); using the last, ${place(n - 1)}`)
      }
    }
    expect(snap.warnings).toEqual(expected)
    expect(snap.warnings).toHaveLength((n * (n - 1)) / 2)
  })

  test('two objects duplicated: the pairs of each, and nothing across them', async () => {
    const [a, b, c] = await tree.write({'a.yaml': gateway('x'), 'b.yaml': `${gateway('z')}---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ns}\n`, 'c.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: ns}\n`})
    const snap = await load([a, b, c])
    expect(snap.warnings).toEqual([
      `Gateway "gw" in namespace "ns" is defined twice: ${a} (document 1) and ${b} (document 1); using the latter`,
      `Service "s" in namespace "ns" is defined twice: ${b} (document 2) and ${c} (document 1); using the latter`,
    ])
  })
})

describe('policy kinds', () => {
  const crd = (kind: string, plural: string, labels: string, scope = 'Namespaced') =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.example.com\n${labels}spec: {group: example.com, scope: ${scope}, names: {kind: ${kind}, plural: ${plural}}}`

  test('from labelled CRDs, built-in kinds with instances, and unlabelled targeting instances', async () => {
    const [file] = await tree.write({
      'p.yaml': [
        crd('TimeoutPolicy', 'timeoutpolicies', '  labels: {gateway.networking.k8s.io/policy: Inherited}\n', 'Cluster'),
        crd('PlainPolicy', 'plainpolicies', ''),
        `apiVersion: example.com/v1\nkind: TimeoutPolicy\nmetadata: {name: t, namespace: wrong}\nspec: {targetRef: {group: "", kind: Namespace, name: app}}`,
        `apiVersion: ${GW}\nkind: BackendTLSPolicy\nmetadata: {name: tls}\nspec: {targetRefs: [{group: "", kind: Service, name: s}]}`,
        `apiVersion: vendor.io/v1\nkind: RateLimitPolicy\nmetadata: {name: rl}\nspec: {targetRefs: [{group: ${GW.split('/')[0]}, kind: HTTPRoute, name: r}]}`,
        `apiVersion: vendor.io/v1\nkind: RetryPolicy\nmetadata: {name: r1}\nspec: {targetRef: {group: "", kind: Service, name: s}}`,
        `apiVersion: vendor.io/v1\nkind: RetryPolicy\nmetadata: {name: r2}\nspec: {targetRef: {group: "", kind: Service, name: s}, defaults: {retries: 3}}`,
        // An unlabelled CRD is present: its kind is not a policy, however its instances look.
        `apiVersion: example.com/v1\nkind: PlainPolicy\nmetadata: {name: p}\nspec: {targetRef: {group: "", kind: Service, name: s}}`,
        // Not targeting anything: not a policy.
        `apiVersion: vendor.io/v1\nkind: NoTargetPolicy\nmetadata: {name: nt}\nspec: {rules: []}`,
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {podSelector: {}}`,
      ].join('\n---\n'),
    })
    const snap = await load([file])
    expect(snap.errors).toEqual([])
    expect(snap.policyKinds.map((p) => [p.group, p.kind, p.resource, p.type, p.namespaced])).toEqual([
      ['example.com', 'TimeoutPolicy', 'timeoutpolicies', 'Inherited', false],
      ['gateway.networking.k8s.io', 'BackendTLSPolicy', 'backendtlspolicies', 'Direct', true],
      ['vendor.io', 'RateLimitPolicy', '', 'Direct', true],
      ['vendor.io', 'RetryPolicy', '', 'Inherited', true],
    ])
    expect(snap.policyKinds[0].crd?.metadata.name).toBe('timeoutpolicies.example.com')
    // The cluster-scoped policy instance lost its namespace.
    expect(snap.find('example.com', 'TimeoutPolicy', undefined, 't')).toBeDefined()
    expect(snap.policies().map((p) => p.metadata.name)).toEqual(['t', 'tls', 'rl', 'r1', 'r2'])
  })

  test('a built-in policy CRD without the label still defines a policy kind', async () => {
    const [file] = await tree.write({
      'blb.yaml': `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: backendlbpolicies.gateway.networking.k8s.io}\nspec: {group: gateway.networking.k8s.io, scope: Namespaced, names: {kind: BackendLBPolicy, plural: backendlbpolicies}}\n`,
    })
    const snap = await load([file])
    expect(snap.policyKinds.map((p) => `${p.kind}:${p.type}:${p.resource}`)).toEqual(['BackendLBPolicy:Direct:backendlbpolicies'])
  })

  test('no policies, no policy kinds', async () => {
    const [file] = await tree.write({'x.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n'})
    expect((await load([file])).policyKinds).toEqual([])
  })
})

test('the reference time is the one given', async () => {
  const [file] = await tree.write({'x.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n'})
  const now = new Date('2024-05-01T00:00:00Z')
  expect((await loadFromFiles([file], {defaultNamespace: 'default', now})).now).toBe(now)
})

describe('bookkeeping', () => {
  const LAST = 'kubectl.kubernetes.io/last-applied-configuration'
  // What `kubectl get -o yaml` dumps: the last-applied copy, and managedFields with --show-managed-fields.
  const dumped = `apiVersion: ${GW}\nkind: Gateway\nmetadata:\n  name: gw\n  namespace: infra\n  annotations:\n    ${LAST}: |\n      {"kind":"Gateway"}\n    team: a\n  managedFields:\n  - manager: kubectl-client-side-apply\nspec: {gatewayClassName: gc}\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: svc\n    namespace: infra\n    annotations: {${LAST}: '{}'}\n`

  test('lean loads (describe, analyze) drop managedFields and the last-applied annotation, also inside Lists', async () => {
    const [file] = await tree.write({'dump.yaml': dumped})
    const snap = await loadFromFiles([file], {defaultNamespace: 'default', lean: true})
    expect(snap.errors).toEqual([])
    const [gw, svc] = snap.objects
    expect(gw.metadata).toEqual({name: 'gw', namespace: 'infra', annotations: {team: 'a'}})
    expect(svc.metadata).toEqual({name: 'svc', namespace: 'infra'})
  })

  test('other loads (get -o yaml) keep the objects as the files have them', async () => {
    const [file] = await tree.write({'dump.yaml': dumped})
    const snap = await load([file])
    const [gw, svc] = snap.objects
    expect(gw.metadata.annotations).toEqual({[LAST]: '{"kind":"Gateway"}\n', team: 'a'})
    expect(gw.metadata).toHaveProperty('managedFields', [{manager: 'kubectl-client-side-apply'}])
    expect(svc.metadata.annotations).toEqual({[LAST]: '{}'})
  })
})

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
