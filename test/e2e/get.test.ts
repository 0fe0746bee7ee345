// `kubectl gw get` end to end: the built CLI reading manifests with -f, every type and output format.

import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {fixture, requireBuild, run, type Fixture} from './get-helpers.js'
import {world} from './get-world.js'

let fx: Fixture
let file: string

beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  file = await fx.write('world.yaml', world())
})
afterAll(() => fx?.cleanup())

// AGE is asserted to the minute ("5h", not "5h1m"): each run reads a world written just before it, so
// a file whose concurrent tests outlast a minute on a loaded machine still sees its ages fresh.
let written = 0
const get = async (...args: string[]) => run(['get', ...args, '-f', await fx.write(`world-${++written}.yaml`, world())])

function lines(...rows: string[]): string {
  return rows.map((r) => `${r}\n`).join('')
}

describe.concurrent('each type', () => {
  test('gatewayclasses', async () => {
    const r = await get('gatewayclasses')
    expect(r).toEqual({code: 0, stderr: '', stdout: lines('NAME   CONTROLLER         ACCEPTED   AGE', 'edge   example.com/edge   True       400d')})
  })

  test('gatewayclasses -o wide counts Gateways', async () => {
    expect((await get('gc', '-o', 'wide')).stdout).toBe(
      lines('NAME   CONTROLLER         ACCEPTED   AGE    GATEWAYS   DESCRIPTION', 'edge   example.com/edge   True       400d   3          Public edge'),
    )
  })

  test('gateways -A', async () => {
    expect((await get('gateways', '-A')).stdout).toBe(
      lines(
        'NAMESPACE   NAME      CLASS   ADDRESSES   PORTS    PROGRAMMED   AGE',
        'default     nowhere   edge    <none>      <none>   <none>       5h',
        'infra       web       edge    10.0.0.1    80,443   True         3d',
        'shop        local     edge    <none>      8080     <none>       5h',
      ),
    )
  })

  test('httproutes -o wide', async () => {
    expect((await get('httproutes', '-n', 'shop', '-o', 'wide')).stdout).toBe(
      lines(
        // ACCEPTED is what the controller reported; ATTACHED is what the engine computes.
        'NAME    HOSTNAMES          PARENTS                   ACCEPTED   AGE   BACKENDS          ATTACHED',
        'admin   <none>             local                     <none>     3d    shop/admin:9000   1/1',
        'store   shop.example.com   Gateway/infra/web:https   1/1        30m   shop/front:80     0/1',
      ),
    )
  })

  test.each([
    ['grpcroutes', 'shop', 'inventory   <none>      Gateway/infra/web   <none>     5h'],
    ['tlsroutes', 'shop', 'vault   vault.example.com   Gateway/infra/web   <none>     5h'],
    ['tcproutes', 'shop', 'db     <none>      local:http   <none>     5h'],
    ['udproutes', 'infra', 'dns    <none>      web       <none>     5h'],
  ])('%s', async (type, ns, row) => {
    const r = await get(type, '-n', ns)
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME +HOSTNAMES +PARENTS +ACCEPTED +AGE$/)
    expect(r.stdout.split('\n')[1]).toBe(row)
  })

  test('routes: every route kind in one table with KIND', async () => {
    expect((await get('routes', '-A')).stdout).toBe(
      lines(
        'NAMESPACE   KIND        NAME        HOSTNAMES           PARENTS                   ACCEPTED   AGE',
        'infra       UDPRoute    dns         <none>              web                       <none>     5h',
        'shop        HTTPRoute   admin       <none>              local                     <none>     3d',
        'shop        TCPRoute    db          <none>              local:http                <none>     5h',
        'shop        GRPCRoute   inventory   <none>              Gateway/infra/web         <none>     5h',
        'shop        HTTPRoute   store       shop.example.com    Gateway/infra/web:https   1/1        30m',
        'shop        TLSRoute    vault       vault.example.com   Gateway/infra/web         <none>     5h',
      ),
    )
  })

  test('listenersets', async () => {
    expect((await get('lset', '-n', 'shop')).stdout).toBe(
      lines('NAME   PARENT              LISTENERS    ACCEPTED   AGE', 'team   Gateway/infra/web   team-https   <none>     3d'),
    )
  })

  test('referencegrants', async () => {
    expect((await get('referencegrants', '-n', 'infra')).stdout).toBe(lines('NAME         FROM             TO        AGE', 'allow-shop   HTTPRoute/shop   Service   3d'))
  })

  test('namespaces', async () => {
    expect((await get('ns')).stdout).toBe(lines('NAME    STATUS   AGE', 'infra   Active   400d', 'shop    Active   400d'))
  })

  test('services', async () => {
    expect((await get('svc', '-n', 'shop')).stdout).toBe(
      lines('NAME    TYPE        PORTS            AGE', 'db      NodePort    5432:30432/TCP   3d', 'front   ClusterIP   80/TCP,443/TCP   3d'),
    )
  })

  test('backendtlspolicies', async () => {
    expect((await get('backendtlspolicies', '-n', 'shop')).stdout).toBe(
      lines('NAME        TARGETS                    POLICY TYPE   AGE', 'front-tls   Service/shop/front:https   Direct        5h'),
    )
  })

  test('policies', async () => {
    expect((await get('policies', '-A')).stdout).toBe(
      lines(
        'NAMESPACE   NAME        KIND                        TARGETS                    POLICY TYPE   AGE',
        'shop        front-tls   BackendTLSPolicy            Service/shop/front:https   Direct        5h',
        'shop        slow        TimeoutPolicy.example.com   HTTPRoute/shop/store       Inherited     30m',
      ),
    )
  })

  test('policycrds', async () => {
    expect((await get('policycrds')).stdout).toBe(
      lines(
        'NAME                          GROUP         KIND            POLICY TYPE   SCOPE        AGE',
        'timeoutpolicies.example.com   example.com   TimeoutPolicy   Inherited     Namespaced   400d',
      ),
    )
  })
})

describe.concurrent('namespaces and selectors', () => {
  // The NAME column of a successful run; stderr is part of the failure message when it is not one.
  const names = (r: {stdout: string; stderr: string; code: number | null}) => {
    expect(r.code, r.stderr).toBe(0)
    return r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/ +/)[0])
  }

  test('without -n: the default namespace (objects without one are put there)', async () => {
    expect(names(await get('gtw'))).toEqual(['nowhere'])
  })

  test('-n selects; -n also becomes the namespace of objects that carry none, as with kubectl -f', async () => {
    expect(names(await get('gtw', '-n', 'shop'))).toEqual(['local', 'nowhere'])
    expect(names(await get('gtw', '--namespace=infra'))).toEqual(['nowhere', 'web'])
  })

  test('-A wins over -n', async () => {
    const r = await get('gtw', '-n', 'shop', '-A')
    expect(r.stdout.split('\n')[0]).toMatch(/^NAMESPACE /)
    expect(r.stdout.trim().split('\n')).toHaveLength(4)
  })

  test('-A=true is a flag, not an argument', async () => {
    const r = await get('gtw', '--all-namespaces=true')
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toMatch(/^NAMESPACE /)
  })

  test.each([
    ['app=web', ['store']],
    ['app==web', ['store']],
    ['app!=web', ['admin']],
    ['app in (web,admin)', ['admin', 'store']],
    ['app notin (web)', ['admin']],
    ['tier', ['store']],
    ['!tier', ['admin']],
    ['app=web,tier=front', ['store']],
    ['app=nothing', []],
  ])('-l %s', async (selector, expected) => {
    const r = await get('httproutes', '-n', 'shop', '-l', selector)
    expect(r.code).toBe(0)
    expect(names(r)).toEqual(expected)
  })

  test('the context namespace from the kubeconfig is the default, even with -f', async () => {
    const kc = await fx.write(
      'kubeconfig',
      'apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context: {cluster: k, user: u, namespace: shop}\nclusters:\n- name: k\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {}\n',
    )
    expect(names(await run(['get', 'httproutes', '-f', file], {env: {KUBECONFIG: kc}}))).toEqual(['admin', 'store'])
    expect(names(await run(['get', 'httproutes', '-f', file, '--kubeconfig', kc]))).toEqual(['admin', 'store'])
  })

  test('a missing or broken kubeconfig does not break -f', async () => {
    const broken = await fx.write('broken-kubeconfig', 'contexts: [ {name: : :\n')
    for (const env of [{KUBECONFIG: broken}, {KUBECONFIG: '/nonexistent/config'}]) {
      expect(names(await run(['get', 'gtw', '-f', file], {env}))).toEqual(['nowhere'])
    }
    expect(names(await run(['get', 'gtw', '-f', file, '--kubeconfig', '/nonexistent/config', '--context', 'nosuch']))).toEqual(['nowhere'])
  })
})

describe.concurrent('output formats', () => {
  test('-o json: a List, kubectl-indented', async () => {
    const r = await get('gtw', '-n', 'infra', '-o', 'json')
    expect(r.code).toBe(0)
    expect(r.stdout.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "apiVersion": "gateway.networking.k8s.io/v1",')).toBe(true)
    const doc = JSON.parse(r.stdout)
    expect(doc.kind).toBe('List')
    expect(doc.metadata).toEqual({resourceVersion: ''})
    expect(doc.items.map((o: {metadata: {name: string}}) => o.metadata.name)).toEqual(['nowhere', 'web'])
    expect(doc.items[1].status.addresses).toEqual([{type: 'IPAddress', value: '10.0.0.1'}])
  })

  test('-o yaml: a List', async () => {
    const r = await get('gtw', '-n', 'infra', '-o', 'yaml')
    expect(r.stdout.startsWith('apiVersion: v1\nitems:\n- apiVersion: gateway.networking.k8s.io/v1\n  kind: Gateway\n  metadata:\n')).toBe(true)
    expect(r.stdout.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true)
    expect(parseYaml(r.stdout).items).toHaveLength(2)
  })

  test('TYPE/NAME -o yaml prints the object itself', async () => {
    const r = await get('gtw/web', '-n', 'infra', '-o', 'yaml')
    expect(r.code).toBe(0)
    const doc = parseYaml(r.stdout)
    expect(doc.kind).toBe('Gateway')
    expect(doc.metadata.name).toBe('web')
    expect(r.stdout.startsWith('apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  creationTimestamp:')).toBe(true)
  })

  test('-o yaml of a dumped object keeps what the file had: the last-applied copy and managedFields', async () => {
    const last = 'kubectl.kubernetes.io/last-applied-configuration'
    const dump = await fx.write('dump.yaml', `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: dumped\n  namespace: infra\n  annotations:\n    ${last}: '{"kind":"Gateway"}'\n  managedFields:\n  - manager: kubectl\nspec: {gatewayClassName: edge}\n`)
    const r = await run(['get', 'gtw/dumped', '-n', 'infra', '-o', 'yaml', '-f', dump])
    expect(r.code).toBe(0)
    const doc = parseYaml(r.stdout)
    expect(doc.metadata.annotations).toEqual({[last]: '{"kind":"Gateway"}'})
    expect(doc.metadata.managedFields).toEqual([{manager: 'kubectl'}])
  })

  test('TYPE NAME -o json prints the object itself', async () => {
    expect(JSON.parse((await get('httproute', 'store', '-n', 'shop', '-o', 'json')).stdout).kind).toBe('HTTPRoute')
  })

  test('two names -o json: a List', async () => {
    expect(JSON.parse((await get('httproutes', 'store', 'admin', '-n', 'shop', '-o', 'json')).stdout).items).toHaveLength(2)
  })

  test('-o json of several types: one List with every item', async () => {
    const doc = JSON.parse((await get('gtw,svc', '-n', 'shop', '-o', 'json')).stdout)
    expect(doc.items.map((o: {kind: string; metadata: {name: string}}) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Gateway/local',
      'Gateway/nowhere',
      'Service/db',
      'Service/front',
    ])
  })

  test('-o json of nothing: an empty List, no message', async () => {
    const r = await get('svc', '-n', 'infra', '-o', 'json')
    expect(r).toEqual({code: 0, stderr: '', stdout: '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n'})
  })

  test('-o name: kind.group/name, core kinds without group', async () => {
    expect((await get('gtw,svc,xlistenersets', '-n', 'shop', '-o', 'name')).stdout).toBe(
      lines(
        'gateway.gateway.networking.k8s.io/local',
        'gateway.gateway.networking.k8s.io/nowhere',
        'service/db',
        'service/front',
        'xlistenerset.gateway.networking.x-k8s.io/team',
      ),
    )
    expect((await get('ns', '-o', 'name')).stdout).toBe(lines('namespace/infra', 'namespace/shop'))
  })

  test('-o wide', async () => {
    expect((await get('gtw', '-n', 'infra', '-o', 'wide')).stdout).toBe(
      lines(
        'NAME      CLASS   ADDRESSES   PORTS    PROGRAMMED   AGE   LISTENERS    ATTACHED ROUTES',
        'nowhere   edge    <none>      <none>   <none>       5h    <none>       <none>',
        'web       edge    10.0.0.1    80,443   True         3d    http,https   http=0,https=0',
      ),
    )
  })

  test('--no-headers and --show-labels', async () => {
    expect((await get('gtw', '-n', 'infra', '--no-headers', '--show-labels')).stdout).toBe(
      lines('nowhere   edge   <none>     <none>   <none>   5h    <none>', 'web       edge   10.0.0.1   80,443   True     3d    app=web,tier=edge'),
    )
  })
})

describe.concurrent('names and several types', () => {
  test('TYPE NAME and TYPE/NAME', async () => {
    const a = await get('gateway', 'web', '-n', 'infra')
    const b = await get('gtw/web', '-n', 'infra')
    expect(a.code).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    expect(a.stdout).toBe(lines('NAME   CLASS   ADDRESSES   PORTS    PROGRAMMED   AGE', 'web    edge    10.0.0.1    80,443   True         3d'))
  })

  test('names print in the order given', async () => {
    const r = await get('httproutes', 'store', 'admin', '-n', 'shop', '--no-headers')
    expect(r.stdout.split('\n').map((l) => l.split(' ')[0])).toEqual(['store', 'admin', ''])
  })

  test('several TYPE/NAME arguments of different types', async () => {
    const r = await get('gtw/local', 'httproutes/store', 'svc/front', '-n', 'shop')
    expect(r.code).toBe(0)
    const tables = r.stdout.split('\n\n')
    expect(tables).toHaveLength(3)
    expect(tables[0]).toMatch(/^NAME +CLASS .*\ngateway\.gateway\.networking\.k8s\.io\/local +edge /)
    expect(tables[1]).toMatch(/\nhttproute\.gateway\.networking\.k8s\.io\/store +shop\.example\.com /)
    expect(tables[2]).toMatch(/\nservice\/front +ClusterIP /)
  })

  test('TYPE,TYPE NAME looks the name up in each type', async () => {
    const r = await get('svc,tcproutes', 'db', '-n', 'shop', '-o', 'name')
    expect(r.stdout).toBe(lines('service/db', 'tcproute.gateway.networking.k8s.io/db'))
  })

  test('several types: one table per type, a blank line between, names prefixed', async () => {
    const r = await get('gc,gtw', '-n', 'infra')
    expect(r.stdout).toBe(
      lines(
        'NAME                                          CONTROLLER         ACCEPTED   AGE',
        'gatewayclass.gateway.networking.k8s.io/edge   example.com/edge   True       400d',
        '',
        'NAME                                        CLASS   ADDRESSES   PORTS    PROGRAMMED   AGE',
        'gateway.gateway.networking.k8s.io/nowhere   edge    <none>      <none>   <none>       5h',
        'gateway.gateway.networking.k8s.io/web       edge    10.0.0.1    80,443   True         3d',
      ),
    )
  })

  test('routes beside another type keeps its KIND column and bare names', async () => {
    const r = await get('gtw,routes', '-n', 'shop')
    const [gws, routes] = r.stdout.split('\n\n')
    expect(gws.split('\n')[1]).toMatch(/^gateway\.gateway\.networking\.k8s\.io\/local /)
    expect(routes.split('\n')[0]).toMatch(/^KIND +NAME +HOSTNAMES/)
    expect(routes.split('\n')[1]).toMatch(/^HTTPRoute +admin /)
  })

  test('TYPE.GROUP narrows to that group', async () => {
    expect((await get('listenersets.gateway.networking.x-k8s.io', '-n', 'shop', '-o', 'name')).stdout).toBe(lines('xlistenerset.gateway.networking.x-k8s.io/team'))
    expect((await get('listenersets.gateway.networking.k8s.io', '-n', 'shop', '-o', 'name')).stdout).toBe('')
  })
})
