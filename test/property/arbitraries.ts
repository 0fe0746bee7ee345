// fast-check arbitraries for loosely typed, Kubernetes-ish input: every kind kubectl-gw reads, with
// fields that are usually well-formed and sometimes any JSON (numbers as strings, objects for lists,
// null, huge strings, control characters and terminal escapes). Names come from small pools so that
// references usually hit an existing object and the graph actually connects, and so that duplicate
// names are common. Each world has a level of chaos (how often a field has the wrong type) and, mostly,
// a connected skeleton, so that runs cover attached routes and resolved policies as well as wreckage.
//
// Only what a loader can hand the engines is generated: JSON values (no undefined, no functions),
// objects with a string kind and apiVersion and a non-empty string metadata.name (the loaders reject
// anything else with an error, see src/sources/manifest-objects.ts).

import fc from 'fast-check'
import type {PolicyKind} from '../../src/model/snapshot.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'

export const GW = 'gateway.networking.k8s.io'
export const XGW = 'gateway.networking.x-k8s.io'
export const VENDOR = 'example.com'

type Json = unknown
type Rec = Record<string, Json>

// ---------------------------------------------------------------------------------------------
// Strings

/** Text a terminal would act on, and text that looks like syntax to the renderers. */
export const HOSTILE = [
  'e\u001b[31mvil',
  'new\nline',
  'cr\rret',
  'tab\tbed',
  'nul\u0000l',
  'del\u007f',
  'c1\u009b2J',
  'bidi\u202eevil',
  'iso\u2066late',
  'lrm\u200e',
  'sep\u2028arator',
  'quote"brace}{',
  'pipe|hash#<b>',
  'back\\slash',
  'lone\ud800surrogate',
] as const

const hugeString = fc.constantFrom('h'.repeat(20_000), `${'\u001b[2J'.repeat(500)}x`, 'ü'.repeat(5000))

/** Any string, biased to the hostile ones. */
export const anyString: fc.Arbitrary<string> = fc.oneof(
  {arbitrary: fc.constantFrom(...HOSTILE), weight: 3},
  {arbitrary: fc.string({maxLength: 12}), weight: 3},
  {arbitrary: fc.string({unit: 'binary', maxLength: 12}), weight: 2},
  {arbitrary: hugeString, weight: 1},
)

/** Any JSON value: what a wrong-typed field can hold. */
export const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  anyString,
  fc.integer({min: -5, max: 70_000}),
  fc.double({noNaN: true, noDefaultInfinity: true}),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({maxDepth: 2}),
  // Objects that break String() and template literals, or pass for arrays, or carry an own __proto__.
  fc.constantFrom<Json>(
    {toString: null},
    JSON.parse('{"__proto__": {"polluted": 1}, "valueOf": null, "toString": null}'),
    {length: 2, 0: 'a'},
    {find: 'x', map: 1, filter: null, forEach: {}, some: true, includes: 0, name: 'a'},
  ),
)

/** Vendor policy kinds: TimeoutPolicy (Inherited), RetryPolicy (Direct), ClusterPolicy (Inherited, cluster-scoped). */
export const VENDOR_KINDS: PolicyKind[] = [
  {group: VENDOR, kind: 'TimeoutPolicy', resource: 'timeoutpolicies', type: 'Inherited', namespaced: true},
  {group: VENDOR, kind: 'RetryPolicy', resource: '', type: 'Direct', namespaced: true},
  {group: VENDOR, kind: 'ClusterPolicy', resource: '', type: 'Inherited', namespaced: false},
]

/**
 * The arbitraries of one level of chaos: 0 = every field has the right type (values still random,
 * hostile names included); higher = more fields of a wrong type, lists that are not lists. Each world
 * picks a level, so that some worlds are coherent enough for routes to attach and policies to find
 * their targets, and others are mostly wreckage.
 */
function objectsAt(chaos: number): {anyObject: fc.Arbitrary<K8sObject>; skeleton: fc.Arbitrary<K8sObject[]>} {
  /** Usually `good`, sometimes a value of another type, sometimes absent (undefined is dropped by `rec`). */
  function maybe<T>(good: fc.Arbitrary<T>, junkWeight = 1, absentWeight = 1): fc.Arbitrary<T | Json | undefined> {
    const options: fc.WeightedArbitrary<T | Json | undefined>[] = [{arbitrary: good, weight: 16}]
    if (junkWeight * chaos > 0) options.push({arbitrary: junk, weight: junkWeight * chaos})
    // Optional fields are left out at every level of chaos.
    if (absentWeight > 0) options.push({arbitrary: fc.constant(undefined), weight: absentWeight * (chaos > 0 ? 2 : 1)})
    return fc.oneof(...options)
  }

  /** A list of `item`, or (rarely) not a list at all: an object, a string, null. */
  function listOf(item: fc.Arbitrary<Json>, maxLength = 4): fc.Arbitrary<Json> {
    if (chaos === 0) return fc.array(item, {maxLength})
    return fc.oneof(
      {arbitrary: fc.array(fc.oneof({arbitrary: item, weight: 12}, {arbitrary: junk, weight: chaos}), {maxLength}), weight: 12},
      {arbitrary: item.map((x) => ({0: x})), weight: chaos},
      {arbitrary: junk, weight: chaos},
    )
  }

  /** An object from entries, dropping the undefined ones (JSON has no undefined). */
  function rec(entries: Record<string, fc.Arbitrary<Json>>): fc.Arbitrary<Rec> {
    return fc.record(entries).map((r) => {
      const out: Rec = {}
      for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v
      return out
    })
  }

  // ---------------------------------------------------------------------------------------------
  // Name pools: small, so references connect and names collide.

  // The first name of each pool is the likeliest, so that references often meet.
  const pool = <T>(common: T, others: readonly T[], hostile: readonly T[] = []) =>
    fc.oneof(
      {arbitrary: fc.constant(common), weight: 6},
      {arbitrary: fc.constantFrom(...others), weight: 3},
      ...(hostile.length > 0 ? [{arbitrary: fc.constantFrom(...hostile), weight: 1}] : []),
    )
  const namespaceName = pool('ns1', ['ns2', 'infra'], HOSTILE)
  const objectName = fc.oneof({arbitrary: pool('a', ['b', 'web'], HOSTILE), weight: 12}, {arbitrary: hugeString, weight: 1})
  const className = pool('gc', ['other'], ['e\u001b[31mvil'])
  const listenerName = pool('http', ['https', 'tls', 'tcp'], HOSTILE)
  const ruleName = pool('r0', ['r1'], ['new\nline'])
  const portName = pool('http', ['grpc', 'p'])
  const port = chaos === 0 ? pool(80, [443, 8080]) : fc.oneof({arbitrary: pool(80, [443, 8080]), weight: 8}, {arbitrary: fc.constantFrom('80', -1, 0, 70_000, 80.5), weight: chaos})
  const hostname = fc.constantFrom('a.example.com', '*.example.com', 'example.com', 'b.example.com', '*.com', 'A.Example.COM', '', '*', 'e\u001b[31m.com')
  const labelKey = fc.constantFrom('app', 'team', 'kubernetes.io/metadata.name', 'e\u001b[1mvil')
  const labelValue = fc.oneof(fc.constantFrom('web', 'ns1', 'x', 'new\nline'), junk)
  const labels = maybe(fc.dictionary(labelKey, labelValue, {maxKeys: 3}))
  const timestamp = maybe(fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2025-12-31T23:59:59Z', 'yesterday', '2026-01-01T00:00:00Z'))
  const generation = maybe(fc.constantFrom(1, 2, 3), 1, 2)

  const routeKind = pool('HTTPRoute', ['GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'])
  const anyKind = maybe(
    fc.oneof(
      {arbitrary: fc.constantFrom('Gateway', 'ListenerSet', 'XListenerSet', 'Service', 'GatewayClass', 'Namespace', 'Secret', 'HTTPRoute'), weight: 3},
      {arbitrary: fc.constantFrom('TimeoutPolicy', 'RetryPolicy', 'BackendTLSPolicy', 'ConfigMap', 'ServiceImport'), weight: 1},
    ),
    1,
    0,
  )
  const anyGroup = maybe(fc.constantFrom(GW, XGW, '', 'core', VENDOR), 1, 0)

  // ---------------------------------------------------------------------------------------------
  // Pieces of specs

  const condition = rec({
    type: maybe(fc.constantFrom('Accepted', 'Programmed', 'ResolvedRefs', 'Conflicted')),
    status: maybe(fc.constantFrom('True', 'False', 'Unknown', 'true', 'Maybe')),
    reason: maybe(fc.constantFrom('Accepted', 'NoMatchingParent', 'Pending', 'Invalid', 'e\u001b[31mvil')),
    message: maybe(anyString),
    observedGeneration: maybe(fc.constantFrom(1, 2, 3)),
    lastTransitionTime: maybe(fc.constant('2026-01-01T00:00:00Z')),
  })
  const conditions = listOf(condition, 3)

  const selector = rec({
    matchLabels: maybe(fc.dictionary(labelKey, labelValue, {maxKeys: 2})),
    matchExpressions: maybe(
      listOf(
        rec({
          key: maybe(labelKey),
          operator: maybe(fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus')),
          values: maybe(listOf(fc.oneof(fc.constantFrom('web', 'ns1', 'infra'), junk), 3)),
        }),
        2,
      ),
    ),
  })

  const routeNamespaces = rec({from: maybe(fc.constantFrom('All', 'Same', 'Selector', 'None', 'all')), selector: maybe(selector)})

  const secretRef = rec({
    group: maybe(fc.constantFrom('', 'core', GW)),
    kind: maybe(fc.constantFrom('Secret', 'ConfigMap')),
    name: maybe(objectName),
    namespace: maybe(namespaceName, 1, 4),
  })

  const listener = rec({
    name: maybe(listenerName),
    port: maybe(port),
    protocol: maybe(pool('HTTP', ['HTTPS', 'TLS', 'TCP', 'UDP'], ['example.com/proto', 'http'])),
    hostname: maybe(hostname, 1, 4),
    tls: maybe(
      rec({
        mode: maybe(fc.constantFrom('Terminate', 'Passthrough', 'Bogus')),
        certificateRefs: maybe(listOf(secretRef, 2)),
        options: maybe(fc.dictionary(fc.string({maxLength: 4}), junk, {maxKeys: 2})),
      }),
      1,
      3,
    ),
    allowedRoutes: maybe(
      rec({
        namespaces: maybe(routeNamespaces),
        kinds: maybe(listOf(rec({group: maybe(pool(GW, ['x'])), kind: maybe(fc.oneof({arbitrary: routeKind, weight: 5}, {arbitrary: fc.constant('Service'), weight: 1}))}), 2), 1, 16),
      }),
      1,
      3,
    ),
  })

  // Mostly the defaults (a Gateway), sometimes a ListenerSet or a mesh Service, rarely nonsense.
  const parentKind = fc.oneof(
    {arbitrary: fc.constantFrom({}, {group: GW, kind: 'Gateway'}, {kind: 'Gateway'}), weight: 8},
    {arbitrary: fc.constantFrom({group: GW, kind: 'ListenerSet'}, {group: XGW, kind: 'XListenerSet'}, {group: '', kind: 'Service'}), weight: 3},
    {arbitrary: fc.record({group: maybe(fc.constantFrom(GW, XGW, '', 'core', 'x')), kind: maybe(fc.constantFrom('Gateway', 'ListenerSet', 'Service', 'Bogus'))}), weight: 1},
  )
  const parentRef = rec({
    gk: parentKind,
    name: maybe(objectName),
    namespace: maybe(namespaceName, 1, 3),
    sectionName: maybe(listenerName, 1, 12),
    port: maybe(port, 1, 20),
  }).map(({gk, ...rest}) => {
    const out: Rec = {...rest}
    for (const [k, v] of Object.entries(gk as Rec)) if (v !== undefined) out[k] = v
    return out
  })

  const backendRef = rec({
    group: maybe(fc.constantFrom('', 'core', VENDOR), 1, 5),
    kind: maybe(fc.constantFrom('Service', 'ServiceImport', 'Bogus'), 1, 5),
    name: maybe(objectName),
    namespace: maybe(namespaceName, 1, 3),
    port: maybe(port),
    weight: maybe(fc.constantFrom(0, 1, 100)),
  })

  const filter = rec({
    type: maybe(fc.constantFrom('RequestMirror', 'RequestHeaderModifier', 'RequestRedirect', 'URLRewrite', 'Bogus')),
    requestMirror: maybe(rec({backendRef: maybe(backendRef)}), 1, 3),
    requestRedirect: maybe(rec({scheme: maybe(fc.constantFrom('http', 'https', 'ftp')), statusCode: maybe(fc.constantFrom(301, 302, 999, '301'))}), 1, 3),
  })

  const match = rec({
    path: maybe(rec({type: maybe(fc.constantFrom('Exact', 'PathPrefix', 'Glob')), value: maybe(fc.constantFrom('/', '/api', 'new\nline'))})),
    method: maybe(fc.oneof(fc.constantFrom('GET', 'POST', 'FETCH'), rec({type: maybe(fc.constantFrom('Exact', 'Fuzzy')), service: maybe(fc.constant('svc'))}))),
    headers: maybe(listOf(rec({type: maybe(fc.constantFrom('Exact', 'Fuzzy')), name: maybe(fc.constant('x')), value: maybe(anyString)}), 2)),
  })

  const rule = rec({
    name: maybe(ruleName, 1, 3),
    matches: maybe(listOf(match, 2)),
    filters: maybe(listOf(filter, 2), 1, 3),
    backendRefs: maybe(listOf(fc.oneof(backendRef, rec({name: objectName, port: port, filters: listOf(filter, 1)})), 3)),
    sessionPersistence: maybe(rec({sessionName: maybe(anyString), type: maybe(fc.constantFrom('Cookie', 'Header'))}), 1, 4),
  })

  // Mostly a group and kind that belong together, so that targets exist.
  const targetKind = fc.oneof(
    {arbitrary: fc.constantFrom(...(['Gateway', 'HTTPRoute', 'GRPCRoute', 'GatewayClass', 'ListenerSet'] as const).map((k) => ({group: GW, kind: k}))), weight: 6},
    {arbitrary: fc.constantFrom({group: '', kind: 'Service'}, {group: '', kind: 'Namespace'}, {group: 'core', kind: 'Service'}), weight: 4},
    {arbitrary: fc.record({group: anyGroup, kind: anyKind}), weight: 2},
    {arbitrary: fc.record({kind: anyKind}), weight: 1},
  )
  const targetRef = rec({
    gk: targetKind,
    name: maybe(objectName),
    namespace: maybe(namespaceName, 1, 5),
    sectionName: maybe(fc.oneof(listenerName, ruleName, portName), 1, 16),
  }).map(({gk, ...rest}) => ({...(gk as Rec), ...rest}))

  const ancestor = rec({
    ancestorRef: maybe(parentRef),
    controllerName: maybe(fc.constantFrom('example.com/ctl', 'e\u001b[31mvil')),
    conditions: maybe(conditions),
  })

  // ---------------------------------------------------------------------------------------------
  // Objects

  function object(
    apiVersion: fc.Arbitrary<string>,
    kind: fc.Arbitrary<string>,
    namespaced: boolean,
    body: Record<string, fc.Arbitrary<Json>>,
    name: fc.Arbitrary<string> = objectName,
  ): fc.Arbitrary<K8sObject> {
    const metadata = rec({
      name,
      namespace: namespaced ? namespaceName : fc.constant(undefined),
      labels,
      annotations: maybe(fc.dictionary(fc.constantFrom('note', 'kubectl.kubernetes.io/last-applied-configuration'), anyString, {maxKeys: 1}), 1, 4),
      creationTimestamp: timestamp,
      generation,
    })
    return rec({apiVersion, kind, metadata, ...body}) as unknown as fc.Arbitrary<K8sObject>
  }

  const gwVersion = (...v: string[]) => fc.constantFrom(...v.map((x) => `${GW}/${x}`))

  const gatewayClass = object(gwVersion('v1', 'v1beta1'), fc.constant('GatewayClass'), false, {
    spec: maybe(
      rec({
        controllerName: maybe(fc.constantFrom('example.com/ctl', 'other.io/ctl')),
        parametersRef: maybe(rec({group: maybe(fc.constantFrom('', VENDOR)), kind: maybe(fc.constantFrom('ConfigMap', 'Params')), name: maybe(objectName), namespace: maybe(namespaceName)}), 1, 4),
        description: maybe(anyString, 1, 4),
      }),
    ),
    status: maybe(rec({conditions: maybe(conditions)}), 1, 2),
  }, className)

  const gateway = object(gwVersion('v1', 'v1beta1'), fc.constant('Gateway'), true, {
    spec: maybe(
      rec({
        gatewayClassName: maybe(className),
        listeners: maybe(listOf(listener, 4)),
        addresses: maybe(listOf(rec({type: maybe(fc.constantFrom('IPAddress', 'Hostname')), value: maybe(fc.constantFrom('10.0.0.1', 'e\u001b[31m'))}), 2), 1, 3),
        allowedListeners: maybe(rec({namespaces: maybe(routeNamespaces)}), 1, 3),
        infrastructure: maybe(rec({parametersRef: maybe(rec({group: maybe(fc.constant(VENDOR)), kind: maybe(fc.constant('Params')), name: maybe(objectName)}))}), 1, 5),
        tls: maybe(rec({backend: maybe(rec({clientCertificateRef: maybe(secretRef)}))}), 1, 5),
      }),
    ),
    status: maybe(
      rec({
        conditions: maybe(conditions),
        addresses: maybe(listOf(rec({value: maybe(anyString)}), 1)),
        listeners: maybe(listOf(rec({name: maybe(listenerName), attachedRoutes: maybe(fc.constantFrom(0, 1, 3, '2')), conditions: maybe(conditions), supportedKinds: maybe(junk)}), 3)),
      }),
      1,
      2,
    ),
  })

  const listenerSetBody = {
    spec: maybe(
      rec({
        parentRef: maybe(rec({group: maybe(fc.constantFrom(GW, 'x'), 1, 3), kind: maybe(fc.constantFrom('Gateway', 'ListenerSet'), 1, 3), name: maybe(objectName), namespace: maybe(namespaceName, 1, 3)})),
        listeners: maybe(listOf(listener, 3)),
      }),
    ),
    status: maybe(rec({conditions: maybe(conditions)}), 1, 3),
  }
  const listenerSet = fc.oneof(
    object(gwVersion('v1'), fc.constant('ListenerSet'), true, listenerSetBody),
    object(fc.constant(`${XGW}/v1alpha1`), fc.constant('XListenerSet'), true, listenerSetBody),
  )

  const route = routeKind.chain((kind) =>
    object(gwVersion('v1', 'v1beta1', 'v1alpha2'), fc.constant(kind), true, {
      spec: maybe(
        rec({
          parentRefs: maybe(listOf(parentRef, 4), 1, 1),
          hostnames: maybe(listOf(hostname, 3), 1, 8),
          rules: maybe(listOf(rule, 3)),
        }),
      ),
      status: maybe(
        rec({parents: maybe(listOf(rec({parentRef: maybe(parentRef), controllerName: maybe(fc.constantFrom('example.com/ctl', 'x')), conditions: maybe(conditions)}), 3))}),
        1,
        2,
      ),
    }),
  )

  const referenceGrant = object(gwVersion('v1', 'v1beta1'), fc.constant('ReferenceGrant'), true, {
    spec: maybe(
      rec({
        from: maybe(listOf(rec({group: maybe(fc.constantFrom(GW, '')), kind: maybe(fc.oneof(routeKind, fc.constantFrom('Gateway', 'ListenerSet'))), namespace: maybe(namespaceName)}), 3)),
        to: maybe(listOf(rec({group: maybe(fc.constantFrom('', GW)), kind: maybe(fc.constantFrom('Service', 'Secret')), name: maybe(objectName, 1, 3)}), 3)),
      }),
    ),
  })

  const policySpec = rec({
    targetRef: maybe(targetRef, 1, 4),
    targetRefs: maybe(listOf(targetRef, 3), 1, 2),
    default: maybe(fc.dictionary(fc.constantFrom('timeout', 'retries', 'sessionPersistence', 'a.b', ''), junk, {maxKeys: 3}), 1, 3),
    override: maybe(fc.dictionary(fc.constantFrom('timeout', 'retries', 'e\u001b[31mvil'), junk, {maxKeys: 2}), 1, 4),
    defaults: maybe(fc.dictionary(fc.constantFrom('timeout', 'retries'), junk, {maxKeys: 2}), 1, 6),
    validation: maybe(rec({hostname: maybe(hostname), caCertificateRefs: maybe(listOf(rec({group: maybe(fc.constant('')), kind: maybe(fc.constant('ConfigMap')), name: maybe(objectName)}), 2))}), 1, 4),
    sessionPersistence: maybe(rec({sessionName: maybe(anyString)}), 1, 4),
  })
  const policyStatus = maybe(rec({ancestors: maybe(listOf(ancestor, 2))}), 1, 3)

  const builtinPolicy = fc.oneof(
    object(gwVersion('v1', 'v1alpha3'), fc.constant('BackendTLSPolicy'), true, {spec: maybe(policySpec), status: policyStatus}),
    object(gwVersion('v1alpha2'), fc.constant('BackendLBPolicy'), true, {spec: maybe(policySpec), status: policyStatus}),
    object(fc.constant(`${XGW}/v1alpha1`), fc.constant('XBackendTrafficPolicy'), true, {spec: maybe(policySpec), status: policyStatus}),
  )

  const vendorPolicy = fc.oneof(
    object(fc.constant(`${VENDOR}/v1`), fc.constant('TimeoutPolicy'), true, {spec: maybe(policySpec), status: policyStatus}),
    object(fc.constant(`${VENDOR}/v1`), fc.constant('RetryPolicy'), true, {spec: maybe(policySpec), status: policyStatus}),
    object(fc.constant(`${VENDOR}/v1`), fc.constant('ClusterPolicy'), false, {spec: maybe(policySpec), status: policyStatus}),
  )


  const policyCrd = object(fc.constant('apiextensions.k8s.io/v1'), fc.constant('CustomResourceDefinition'), false, {
    spec: maybe(
      rec({
        group: maybe(fc.constantFrom(VENDOR, GW)),
        names: maybe(rec({kind: maybe(fc.constantFrom('TimeoutPolicy', 'RetryPolicy', 'BackendLBPolicy', 'Odd\u001bPolicy')), plural: maybe(fc.constantFrom('timeoutpolicies', 'retrypolicies'))})),
        scope: maybe(fc.constantFrom('Namespaced', 'Cluster')),
        versions: maybe(listOf(rec({name: maybe(fc.constantFrom('v1', 'v1alpha1')), served: maybe(fc.boolean()), storage: maybe(fc.boolean()), schema: maybe(junk)}), 2)),
      }),
    ),
  }).chain((crd) =>
    // The policy label is what makes a CRD a policy CRD; give most of them one.
    fc.oneof(fc.constantFrom('Direct', 'inherited', 'true', 'no'), junk).map((label) => ({...crd, metadata: {...crd.metadata, labels: {'gateway.networking.k8s.io/policy': label as string}}})),
  )

  const namespace = object(fc.constant('v1'), fc.constant('Namespace'), false, {status: maybe(rec({phase: maybe(fc.constant('Active'))}), 1, 3)})

  const servicePort = rec({name: maybe(portName, 1, 2), port: maybe(port), protocol: maybe(fc.constantFrom('TCP', 'UDP')), appProtocol: maybe(fc.constantFrom('http', 'kubernetes.io/h2c'), 1, 5), targetPort: maybe(fc.oneof(port, fc.constant('http')), 1, 3)})
  const service = object(fc.constant('v1'), fc.constant('Service'), true, {
    spec: maybe(rec({type: maybe(fc.constantFrom('ClusterIP', 'ExternalName', 'LoadBalancer')), ports: maybe(listOf(servicePort, 3)), clusterIP: maybe(fc.constantFrom('10.0.0.1', 'None'), 1, 3), externalName: maybe(hostname, 1, 6)})),
  })
  const secret = object(fc.constant('v1'), fc.constant('Secret'), true, {
    type: maybe(fc.constantFrom('kubernetes.io/tls', 'Opaque')),
    data: maybe(fc.dictionary(fc.constantFrom('tls.crt', 'tls.key', 'ca.crt'), fc.oneof(fc.constant(''), junk), {maxKeys: 3}), 1, 2),
  })
  const configMap = object(fc.constant('v1'), fc.constant('ConfigMap'), true, {data: maybe(fc.dictionary(fc.constantFrom('ca.crt'), anyString, {maxKeys: 1}))})

  /** An object of a kind kubectl-gw does not know, or of a known kind under an apiVersion it does not know. */
  const stranger = fc.oneof(
    object(fc.constantFrom('apps/v1', `${VENDOR}/v9`), fc.constantFrom('Deployment', 'Widget'), true, {spec: maybe(junk)}),
    object(fc.constantFrom(`${GW}/v9`, `${GW}/v1alpha9`), fc.constantFrom('Gateway', 'HTTPRoute'), true, {spec: maybe(junk)}),
    object(fc.constantFrom('e\u001b[31m/v1', ''), fc.constantFrom('Gateway', 'x\ny'), true, {spec: maybe(junk)}),
  )

  /** One object of any kind, weighted towards the kinds the graph connects. */
  const anyObject: fc.Arbitrary<K8sObject> = fc.oneof(
    {arbitrary: gatewayClass, weight: 2},
    {arbitrary: gateway, weight: 4},
    {arbitrary: listenerSet, weight: 2},
    {arbitrary: route, weight: 10},
    {arbitrary: referenceGrant, weight: 2},
    {arbitrary: builtinPolicy, weight: 2},
    {arbitrary: vendorPolicy, weight: 3},
    {arbitrary: policyCrd, weight: 1},
    {arbitrary: namespace, weight: 2},
    {arbitrary: service, weight: 3},
    {arbitrary: secret, weight: 1},
    {arbitrary: configMap, weight: 1},
    {arbitrary: stranger, weight: 1},
  )

  // What most worlds start from: a GatewayClass, a Gateway of that class, perhaps a Service, and
  // routes and policies that name them. Random objects alone hardly ever connect (a route must name an
  // existing Gateway in the right namespace), and the interesting code runs only when they do.
  const skeleton = fc.tuple(
    object(gwVersion('v1'), fc.constant('GatewayClass'), false, {
      spec: fc.constant({controllerName: 'example.com/ctl'}),
      status: fc.constantFrom(undefined, {conditions: [{type: 'Accepted', status: 'True', reason: 'Accepted', observedGeneration: 1}]}),
    }, fc.constant('gc')),
    object(gwVersion('v1'), fc.constant('Gateway'), true, {
      spec: rec({gatewayClassName: fc.constant('gc'), listeners: fc.array(listener, {minLength: 1, maxLength: 4}), allowedListeners: maybe(rec({namespaces: routeNamespaces}), 0, 2)}),
    }, fc.constant('a')).map((gw) => ({...gw, metadata: {...gw.metadata, namespace: 'ns1'}})),
    fc.option(service.map((svc) => ({...svc, metadata: {...svc.metadata, name: 'a', namespace: 'ns1'}})), {nil: undefined}),
    // Routes in the Gateway's namespace that name it, and policies that target it or them.
    fc.array(
      fc.tuple(route, fc.array(fc.oneof(fc.constantFrom({name: 'a'}, {name: 'a', sectionName: 'http'}, {name: 'a', namespace: 'ns1', port: 80}), parentRef), {minLength: 1, maxLength: 3})).map(
        ([r, parentRefs]) => ({...r, metadata: {...r.metadata, namespace: 'ns1'}, spec: {...(typeof r.spec === 'object' && r.spec !== null ? r.spec : {}), parentRefs}}),
      ),
      {maxLength: 4},
    ),
    fc.array(
      fc.tuple(fc.oneof(vendorPolicy, builtinPolicy), fc.constantFrom({group: GW, kind: 'Gateway', name: 'a'}, {group: GW, kind: 'HTTPRoute', name: 'a'}, {group: GW, kind: 'Gateway', name: 'a', sectionName: 'http'}, {group: '', kind: 'Service', name: 'a'}, {group: '', kind: 'Namespace', name: 'ns1'})).map(
        ([pol, targetRef]) => ({...pol, metadata: {...pol.metadata, namespace: 'ns1'}, spec: {...(typeof pol.spec === 'object' && pol.spec !== null ? pol.spec : {}), targetRefs: [targetRef]}}),
      ),
      {maxLength: 3},
    ),
  ).map(([gc, gw, svc, routes, policies]) => [gc, gw, ...(svc ? [svc] : []), ...routes, ...policies])
  return {anyObject, skeleton}
}

/** Kinds a cluster source may have failed to read (403), as `group/Kind`. */
const UNREADABLE = [`${GW}/HTTPRoute`, `${GW}/ReferenceGrant`, '/Secret', '/Namespace', '/Service', `${GW}/Gateway`, `${GW}/ListenerSet`, `${VENDOR}/TimeoutPolicy`] as const

export interface World {
  objects: K8sObject[]
  source: 'files' | 'cluster'
  unreadable: string[]
  /** Whether the vendor policy kinds are registered the way a source records kinds found without a CRD. */
  vendorKinds: boolean
}

const OBJECTS = [0, 1, 3].map((chaos) => {
  const {anyObject, skeleton} = objectsAt(chaos)
  const more = fc.array(anyObject, {maxLength: 24})
  return fc.oneof({arbitrary: more, weight: 1}, {arbitrary: fc.tuple(skeleton, more).map(([s, m]) => [...s, ...m]), weight: 3})
})

export const world: fc.Arbitrary<World> = fc.record({
  objects: fc.oneof(...OBJECTS),
  source: fc.constantFrom('files' as const, 'cluster' as const),
  unreadable: fc.oneof({arbitrary: fc.constant([] as string[]), weight: 4}, {arbitrary: fc.subarray([...UNREADABLE], {maxLength: 3}), weight: 1}),
  vendorKinds: fc.boolean(),
})

/** A fresh Snapshot of a world (objects deep-copied, so engines run on untouched input every time). */
export function snapshotOf(w: World, objects: K8sObject[] = w.objects): Snapshot {
  const s = new Snapshot(w.source, new Date('2026-03-01T00:00:00Z'))
  for (const o of structuredClone(objects)) s.add(o)
  for (const k of w.unreadable) s.unreadable.add(k)
  if (w.vendorKinds) s.policyKinds.push(...VENDOR_KINDS)
  return s
}
