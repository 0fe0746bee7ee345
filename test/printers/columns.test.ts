import {describe, expect, test} from 'vitest'
import {RESOURCE_TYPES, typeByName} from '../../src/model/resources.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {Gateway, K8sObject} from '../../src/model/types.js'
import {columnContext, columnsFor, type ColumnContext} from '../../src/printers/columns/index.js'
import {formatParentRef, formatTargetRef} from '../../src/printers/columns/common.js'
import {renderResourceTable} from '../../src/printers/resource-table.js'

const NOW = new Date('2026-03-01T12:00:00Z')
const T = (ago: string): string => new Date(NOW.getTime() - parse(ago)).toISOString()
function parse(ago: string): number {
  const n = Number(ago.slice(0, -1))
  return n * {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}[ago.slice(-1) as 's' | 'm' | 'h' | 'd']!
}

const GW = 'gateway.networking.k8s.io/v1'

function snapshotOf(objects: K8sObject[]): Snapshot {
  const s = new Snapshot('files', NOW)
  for (const o of objects) s.add(o)
  return s
}

function table(typeName: string, objects: K8sObject[], opts: Parameters<typeof renderResourceTable>[3] = {}, all = objects): string {
  const snap = snapshotOf(all)
  return renderResourceTable(typeByName(typeName), objects, columnContext(snap), opts)
}

const edge: K8sObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GatewayClass',
  metadata: {name: 'edge', creationTimestamp: T('30d'), labels: {tier: 'public'}},
  spec: {controllerName: 'example.com/edge', description: 'Public edge'},
  status: {conditions: [{type: 'Accepted', status: 'True'}]},
}

const web: K8sObject = {
  apiVersion: GW,
  kind: 'Gateway',
  metadata: {name: 'web', namespace: 'infra', creationTimestamp: T('5h')},
  spec: {
    gatewayClassName: 'edge',
    listeners: [
      {name: 'http', port: 80, protocol: 'HTTP'},
      {name: 'https-a', port: 443, protocol: 'HTTPS'},
      {name: 'https-b', port: 443, protocol: 'HTTPS'},
    ],
  },
  status: {
    addresses: [{type: 'IPAddress', value: '10.0.0.1'}, {value: '10.0.0.2'}],
    conditions: [
      {type: 'Accepted', status: 'True'},
      {type: 'Programmed', status: 'False'},
    ],
  },
}

const bare: K8sObject = {apiVersion: GW, kind: 'Gateway', metadata: {name: 'bare', namespace: 'dev'}, spec: {gatewayClassName: 'edge'}}

describe('gatewayclasses', () => {
  test('NAME CONTROLLER ACCEPTED AGE', () => {
    expect(table('gatewayclasses', [edge])).toBe('NAME   CONTROLLER         ACCEPTED   AGE\nedge   example.com/edge   True       30d\n')
  })
  test('wide: GATEWAYS counts the Gateways using the class, DESCRIPTION', () => {
    expect(table('gatewayclasses', [edge], {wide: true}, [edge, web, bare])).toBe(
      'NAME   CONTROLLER         ACCEPTED   AGE   GATEWAYS   DESCRIPTION\n' + //
        'edge   example.com/edge   True       30d   2          Public edge\n',
    )
  })
  test('GATEWAYS stays empty when Gateways could not be read', () => {
    const snap = snapshotOf([edge, web])
    snap.unreadable.add('gateway.networking.k8s.io/Gateway')
    const out = renderResourceTable(typeByName('gatewayclasses'), [edge], columnContext(snap), {wide: true})
    expect(out.split('\n')[1]).toBe('edge   example.com/edge   True       30d   <none>     Public edge')
  })

  test('no reported status: <none>', () => {
    const cls = {...edge, status: undefined}
    expect(table('gatewayclasses', [cls])).toContain('example.com/edge   <none>     30d')
  })
})

describe('gateways', () => {
  test('NAME CLASS ADDRESSES PORTS PROGRAMMED AGE; ports without repeats', () => {
    expect(table('gateways', [web, bare])).toBe(
      'NAME   CLASS   ADDRESSES           PORTS    PROGRAMMED   AGE\n' +
        'web    edge    10.0.0.1,10.0.0.2   80,443   False        5h\n' +
        'bare   edge    <none>              <none>   <none>       <unknown>\n',
    )
  })
  test('wide adds LISTENERS; ATTACHED ROUTES only when the engine supplies it', () => {
    expect(table('gateways', [web], {wide: true})).toBe(
      'NAME   CLASS   ADDRESSES           PORTS    PROGRAMMED   AGE   LISTENERS\n' +
        'web    edge    10.0.0.1,10.0.0.2   80,443   False        5h    http,https-a,https-b\n',
    )
    const ctx: ColumnContext = {...columnContext(snapshotOf([web])), attachedRoutes: (g: Gateway) => (g.metadata.name === 'web' ? 'http=3' : undefined)}
    const out = renderResourceTable(typeByName('gateways'), [web, bare], ctx, {wide: true})
    expect(out.split('\n')[0]).toMatch(/ LISTENERS +ATTACHED ROUTES$/)
    expect(out.split('\n')[1]).toMatch(/ http,https-a,https-b   http=3$/)
    expect(out.split('\n')[2]).toMatch(/ <none> +<none>$/)
  })
  test('-A adds NAMESPACE first; --show-labels adds LABELS last', () => {
    const out = table('gateways', [web], {namespaceColumn: true, showLabels: true})
    expect(out.split('\n')[0]).toBe('NAMESPACE   NAME   CLASS   ADDRESSES           PORTS    PROGRAMMED   AGE   LABELS')
    expect(out.split('\n')[1]).toBe('infra       web    edge    10.0.0.1,10.0.0.2   80,443   False        5h    <none>')
  })
  test('withKind prefixes names with kind.group', () => {
    expect(table('gateways', [web], {withKind: true}).split('\n')[1]).toMatch(/^gateway\.gateway\.networking\.k8s\.io\/web   /)
  })
})

const route: K8sObject = {
  apiVersion: GW,
  kind: 'HTTPRoute',
  metadata: {name: 'store', namespace: 'shop', creationTimestamp: T('2d')},
  spec: {
    hostnames: ['shop.example.com', 'www.shop.example.com'],
    parentRefs: [
      {name: 'web', namespace: 'infra', sectionName: 'https'},
      {name: 'local'},
      {kind: 'ListenerSet', name: 'ls', sectionName: 'x'},
      {group: '', kind: 'Service', name: 'mesh', port: 8080},
    ],
    rules: [
      {backendRefs: [{name: 'front', port: 80}, {name: 'api', namespace: 'payments', port: 8080}]},
      {backendRefs: [{name: 'front', port: 80}, {group: 'multicluster.x-k8s.io', kind: 'ServiceImport', name: 'remote'}]},
    ],
  },
  status: {
    parents: [
      {parentRef: {name: 'web'}, controllerName: 'c', conditions: [{type: 'Accepted', status: 'True'}]},
      {parentRef: {name: 'local'}, controllerName: 'c', conditions: [{type: 'Accepted', status: 'False'}]},
    ],
  },
}
const tcp: K8sObject = {
  apiVersion: 'gateway.networking.k8s.io/v1alpha2',
  kind: 'TCPRoute',
  metadata: {name: 'db', namespace: 'shop', creationTimestamp: T('90s')},
  spec: {parentRefs: [{name: 'l4', sectionName: 'pg'}], rules: [{backendRefs: [{name: 'pg', port: 5432}]}]},
}

describe('routes', () => {
  test('NAME HOSTNAMES PARENTS ACCEPTED AGE', () => {
    expect(table('httproutes', [route])).toBe(
      'NAME    HOSTNAMES                               PARENTS                                                                      ACCEPTED   AGE\n' +
        'store   shop.example.com,www.shop.example.com   Gateway/infra/web:https,local,ListenerSet/shop/ls:x,Service/shop/mesh@8080   1/4        2d\n',
    )
  })
  test('PARENTS notation and ACCEPTED count', () => {
    const out = table('httproutes', [route]).split('\n')[1]
    expect(out).toContain('Gateway/infra/web:https,local,ListenerSet/shop/ls:x,Service/shop/mesh@8080')
    expect(out).toMatch(/   1\/4   /)
  })
  test('no reported status: ACCEPTED <none>', () => {
    expect(table('tcproutes', [tcp])).toBe('NAME   HOSTNAMES   PARENTS   ACCEPTED   AGE\ndb     <none>      l4:pg     <none>     90s\n')
  })
  test('wide adds BACKENDS as ns/name:port without repeats', () => {
    const out = table('httproutes', [route], {wide: true}).split('\n')
    expect(out[0]).toMatch(/AGE   BACKENDS$/)
    expect(out[1]).toMatch(/2d    shop\/front:80,payments\/api:8080,ServiceImport\.multicluster\.x-k8s\.io\/shop\/remote$/)
  })
  test('`routes` has a KIND column before NAME', () => {
    const out = table('routes', [route, tcp], {namespaceColumn: true}).split('\n')
    expect(out[0]).toMatch(/^NAMESPACE   KIND        NAME    HOSTNAMES/)
    expect(out[1]).toMatch(/^shop        HTTPRoute   store   /)
    expect(out[2]).toMatch(/^shop        TCPRoute    db      /)
  })
})

describe('parent and target notation', () => {
  test.each([
    [{name: 'gw'}, 'gw'],
    [{name: 'gw', namespace: 'shop'}, 'gw'],
    [{name: 'gw', namespace: 'infra'}, 'Gateway/infra/gw'],
    [{name: 'gw', sectionName: 'https'}, 'gw:https'],
    [{name: 'gw', port: 443}, 'gw@443'],
    [{name: 'gw', sectionName: 'https', port: 443}, 'gw:https@443'],
    [{group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw'}, 'gw'],
    [{kind: 'ListenerSet', name: 'ls'}, 'ListenerSet/shop/ls'],
    [{group: 'gateway.networking.x-k8s.io', kind: 'XListenerSet', name: 'ls'}, 'XListenerSet/shop/ls'],
    [{group: '', kind: 'Service', name: 'svc'}, 'Service/shop/svc'],
    [{group: 'example.com', kind: 'Gateway', name: 'gw'}, 'Gateway.example.com/shop/gw'],
    [{}, ''],
    ['gw', ''],
    [null, ''],
    [{name: 5}, '5'],
  ])('parentRef %j -> %s', (ref, expected) => {
    expect(formatParentRef(ref, 'shop')).toBe(expected)
  })

  test.each([
    [{group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw'}, 'Gateway/shop/gw'],
    [{group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', sectionName: 'https'}, 'Gateway/shop/gw:https'],
    [{group: '', kind: 'Service', name: 's', namespace: 'other'}, 'Service/other/s'],
    [{group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'edge'}, 'GatewayClass/edge'],
    [{group: '', kind: 'Namespace', name: 'shop'}, 'Namespace/shop'],
    [{group: 'example.com', kind: 'Thing', name: 't'}, 'Thing.example.com/shop/t'],
    [{kind: 'Service'}, ''],
    [42, ''],
  ])('targetRef %j -> %s', (ref, expected) => {
    expect(formatTargetRef(ref, 'shop')).toBe(expected)
  })

  test('a cluster-scoped policy names no namespace', () => {
    expect(formatTargetRef({group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw', namespace: 'infra'}, '')).toBe('Gateway/infra/gw')
    expect(formatTargetRef({group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw'}, '')).toBe('Gateway/gw')
  })
})

describe('listenersets, referencegrants, namespaces, services', () => {
  test('listenersets: NAME PARENT LISTENERS ACCEPTED AGE', () => {
    const ls: K8sObject = {
      apiVersion: 'gateway.networking.x-k8s.io/v1alpha1',
      kind: 'XListenerSet',
      metadata: {name: 'team', namespace: 'shop', creationTimestamp: T('3m')},
      spec: {parentRef: {name: 'shared', namespace: 'infra'}, listeners: [{name: 'a'}, {name: 'b'}]},
      status: {conditions: [{type: 'Accepted', status: 'True'}]},
    }
    expect(table('listenersets', [ls])).toBe('NAME   PARENT                 LISTENERS   ACCEPTED   AGE\nteam   Gateway/infra/shared   a,b         True       3m\n')
  })

  test('referencegrants: FROM Kind/namespace, TO Kind[/name]', () => {
    const rg: K8sObject = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1',
      kind: 'ReferenceGrant',
      metadata: {name: 'allow', namespace: 'payments', creationTimestamp: T('1d')},
      spec: {
        from: [
          {group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop'},
          {group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'shop'},
        ],
        to: [{group: '', kind: 'Service', name: 'api'}, {group: '', kind: 'Secret'}],
      },
    }
    expect(table('referencegrants', [rg])).toBe(
      'NAME    FROM                            TO                   AGE\nallow   HTTPRoute/shop,GRPCRoute/shop   Service/api,Secret   24h\n',
    )
  })

  test('namespaces: NAME STATUS AGE', () => {
    const ns: K8sObject = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'shop', creationTimestamp: T('10d')}, status: {phase: 'Active'}}
    expect(table('namespaces', [ns])).toBe('NAME   STATUS   AGE\nshop   Active   10d\n')
  })

  test('services: NAME TYPE PORTS AGE with kubectl port strings', () => {
    const svc: K8sObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {name: 'api', namespace: 'shop', creationTimestamp: T('4h')},
      spec: {type: 'NodePort', ports: [{port: 80, nodePort: 30080, protocol: 'TCP'}, {port: 53, protocol: 'UDP'}, {port: 443}]},
    }
    const plain: K8sObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'db', namespace: 'shop'}}
    expect(table('services', [svc, plain])).toBe(
      'NAME   TYPE        PORTS                         AGE\n' +
        'api    NodePort    80:30080/TCP,53/UDP,443/TCP   4h\n' +
        'db     ClusterIP   <none>                        <unknown>\n',
    )
  })
})

describe('policies and policycrds', () => {
  const crd: K8sObject = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: 'timeoutpolicies.example.com', creationTimestamp: T('20d'), labels: {'gateway.networking.k8s.io/policy': 'Inherited'}},
    spec: {group: 'example.com', names: {kind: 'TimeoutPolicy', plural: 'timeoutpolicies'}, scope: 'Namespaced', versions: [{name: 'v1'}]},
  }
  const timeout: K8sObject = {
    apiVersion: 'example.com/v1',
    kind: 'TimeoutPolicy',
    metadata: {name: 'slow', namespace: 'shop', creationTimestamp: T('1h')},
    spec: {
      targetRef: {group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'store'},
      targetRefs: [
        {group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'store'},
        {group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web', sectionName: 'https'},
      ],
    },
  }
  const btls: K8sObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'BackendTLSPolicy',
    metadata: {name: 'tls', namespace: 'shop', creationTimestamp: T('2h')},
    spec: {targetRefs: [{group: '', kind: 'Service', name: 'api', sectionName: 'https'}]},
  }

  test('a policy kind: NAME TARGETS POLICY TYPE AGE', () => {
    // Under three hours HumanDuration counts minutes.
    expect(table('backendtlspolicies', [btls], {}, [btls])).toBe('NAME   TARGETS                  POLICY TYPE   AGE\ntls    Service/shop/api:https   Direct        120m\n')
  })

  test('`policies`: KIND column, POLICY TYPE from the CRD label', () => {
    expect(table('policies', [timeout, btls], {}, [crd, timeout, btls])).toBe(
      'NAME   KIND                        TARGETS                                       POLICY TYPE   AGE\n' +
        'slow   TimeoutPolicy.example.com   HTTPRoute/shop/store,Gateway/shop/web:https   Inherited     60m\n' +
        'tls    BackendTLSPolicy            Service/shop/api:https                        Direct        120m\n',
    )
  })

  test('policycrds: NAME GROUP KIND POLICY TYPE SCOPE AGE', () => {
    expect(table('policycrds', [crd])).toBe(
      'NAME                          GROUP         KIND            POLICY TYPE   SCOPE        AGE\n' +
        'timeoutpolicies.example.com   example.com   TimeoutPolicy   Inherited     Namespaced   20d\n',
    )
  })
})

describe('robustness: every column of every type on malformed objects', () => {
  const junk: unknown[] = [
    {metadata: {name: 'x'}},
    {metadata: {name: 'x'}, spec: null, status: null},
    {metadata: {name: 'x'}, spec: 'str', status: 7},
    {metadata: {name: 'x', labels: 'bad', creationTimestamp: {}}, spec: [], status: []},
    {
      apiVersion: 5,
      kind: {},
      metadata: {name: 'x', namespace: 3},
      spec: {
        listeners: 'l',
        parentRefs: [null, 1, 'a', {name: {}}],
        parentRef: 5,
        rules: [null, {backendRefs: 'b'}, {backendRefs: [null, {name: 1, port: 'p'}]}],
        hostnames: [1, null, {}],
        targetRef: 'x',
        targetRefs: {},
        from: [null],
        to: 'x',
        ports: [null, {port: {}}, {port: 1, nodePort: 'x'}],
        names: 'n',
        controllerName: ['a'],
        gatewayClassName: 5,
      },
      status: {addresses: [null, {value: 1}], conditions: 'c', parents: [null, {conditions: 5}], phase: {}},
    },
  ]

  test('never throws and always returns strings', () => {
    const snap = snapshotOf([])
    const ctx = {...columnContext(snap), attachedRoutes: () => undefined}
    for (const type of RESOURCE_TYPES) {
      const tc = columnsFor(type, ctx)
      for (const col of [...tc.before, ...tc.after]) {
        for (const obj of junk) {
          const v = col.value(obj as K8sObject, ctx)
          expect(typeof v, `${type.name} ${col.header}`).toBe('string')
        }
      }
    }
  })

  test('the whole table renders', () => {
    for (const type of RESOURCE_TYPES) {
      const out = renderResourceTable(type, junk as K8sObject[], columnContext(snapshotOf([])), {wide: true, showLabels: true, namespaceColumn: true})
      expect(out.split('\n')).toHaveLength(junk.length + 2)
    }
  })
})
