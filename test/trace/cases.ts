// Request cases rebuilt from the upstream conformance tests whose assertions are "request R reaches
// backend B / gets 404 / is redirected" (kubernetes-sigs/gateway-api conformance/tests: httproute-
// matching, -matching-across-routes, -method-matching, -query-param-matching, -header-matching,
// -listener-hostname-matching, gateway-http-listener-isolation, grpcroute-exact-method-matching,
// grpcroute-header-matching, httproute-request-redirect, httproute-rewrite-path). The manifests are
// written here in the same spirit, not copied. Shared by the unit test (traceRequest) and the e2e test
// (the built CLI, `trace -o json`).

export const NS = 'gateway-conformance-infra'

export interface Expect {
  /** The Service that gets the request (`infra-backend-v1`), for outcome routed. */
  backend?: string
  /** The status the Gateway answers itself with (404, 500, 30x). */
  status?: number
  outcome?: 'routed' | 'redirect' | 'no-listener' | 'no-route' | 'error'
  location?: string
  route?: string
}

export interface RequestCase {
  url: string
  method?: string
  headers?: string[]
  expect: Expect
}

export interface World {
  name: string
  /** The Gateway to trace on (`ns/name`). */
  gateway: string
  yaml: string
  requests: RequestCase[]
}

const base = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: conformance}
spec: {controllerName: example.com/conformance}
status:
  conditions: [{type: Accepted, status: "True", reason: Accepted}]
---
apiVersion: v1
kind: Namespace
metadata: {name: ${NS}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: same-namespace, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
${['infra-backend-v1', 'infra-backend-v2', 'infra-backend-v3', 'grpc-infra-backend-v1', 'grpc-infra-backend-v2']
  .map((n) => `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${n}, namespace: ${NS}}\nspec: {ports: [{port: 8080}]}\n`)
  .join('')}`

const route = (name: string, body: string, created = '2026-01-01T00:00:00Z', kind = 'HTTPRoute') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: {name: ${name}, namespace: ${NS}, creationTimestamp: "${created}"}
spec:
  parentRefs: [{name: same-namespace}]
${body}`

const v = (n: number) => `infra-backend-v${n}`

export const WORLDS: World[] = [
  {
    name: 'httproute-matching: path prefix and header matches in one route',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'matching',
        `  rules:
  - matches: [{path: {type: PathPrefix, value: /}}, {headers: [{name: version, value: one}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /v2}}, {headers: [{name: version, value: two}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`,
      ),
    requests: [
      {url: 'http://example.com/', expect: {backend: v(1)}},
      {url: 'http://example.com/example', expect: {backend: v(1)}},
      {url: 'http://example.com/', headers: ['Version: one'], expect: {backend: v(1)}},
      {url: 'http://example.com/v2', expect: {backend: v(2)}},
      {url: 'http://example.com/v2/example', expect: {backend: v(2)}},
      {url: 'http://example.com/', headers: ['Version: two'], expect: {backend: v(2)}},
      // Element boundaries: /v2example is not under /v2.
      {url: 'http://example.com/v2example', expect: {backend: v(1)}},
    ],
  },
  {
    name: 'httproute-matching-across-routes: matches of two routes with intersecting hostnames compete',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'matching-part1',
        `  hostnames: [example.com, example.net]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}, {headers: [{name: version, value: one}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
`,
      ) +
      route(
        'matching-part2',
        `  hostnames: ["*.com"]
  rules:
  - matches: [{path: {type: PathPrefix, value: /v2}}, {headers: [{name: version, value: two}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`,
      ),
    requests: [
      {url: 'http://example.com/', expect: {backend: v(1)}},
      {url: 'http://example.com/example', expect: {backend: v(1)}},
      {url: 'http://example.net/example', expect: {backend: v(1)}},
      {url: 'http://example.com/example', headers: ['Version: one'], expect: {backend: v(1)}},
      {url: 'http://example.com/v2', expect: {backend: v(2)}},
      // The v2 route's hostnames do not cover example.net.
      {url: 'http://example.net/v2', expect: {backend: v(1)}},
      {url: 'http://example.com/v2/example', expect: {backend: v(2)}},
      {url: 'http://example.com/', headers: ['Version: two'], expect: {backend: v(2)}},
    ],
  },
  {
    name: 'httproute-method-matching',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'method-matching',
        `  rules:
  - matches: [{method: POST}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{method: GET}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`,
      ),
    requests: [
      {url: 'http://example.com/', method: 'POST', expect: {backend: v(1)}},
      {url: 'http://example.com/', method: 'GET', expect: {backend: v(2)}},
      {url: 'http://example.com/', method: 'HEAD', expect: {outcome: 'no-route', status: 404}},
    ],
  },
  {
    name: 'httproute-query-param-matching',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'query-param-matching',
        `  rules:
  - matches: [{queryParams: [{name: animal, value: whale}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{queryParams: [{name: animal, value: dolphin}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches:
    - queryParams: [{name: animal, value: dolphin}, {name: color, value: blue}]
    - queryParams: [{name: ANIMAL, value: Whale}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`,
      ),
    requests: [
      {url: 'http://example.com/?animal=whale', expect: {backend: v(1)}},
      {url: 'http://example.com/?animal=dolphin', expect: {backend: v(2)}},
      {url: 'http://example.com/?animal=dolphin&color=blue', expect: {backend: v(3)}},
      {url: 'http://example.com/?color=blue&animal=dolphin', expect: {backend: v(3)}},
      {url: 'http://example.com/?ANIMAL=Whale', expect: {backend: v(3)}},
      {url: 'http://example.com/?animal=whale&otherparam=irrelevant', expect: {backend: v(1)}},
      {url: 'http://example.com/?animal=dolphin&color=yellow', expect: {backend: v(2)}},
      // Names and values are case-sensitive.
      {url: 'http://example.com/?animal=Whale', expect: {outcome: 'no-route', status: 404}},
      {url: 'http://example.com/', expect: {outcome: 'no-route', status: 404}},
    ],
  },
  {
    name: 'httproute-header-matching: names case-insensitive, more header matches win',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'header-matching',
        `  rules:
  - matches: [{headers: [{name: version, value: one}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: two}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{headers: [{name: version, value: two}, {name: color, value: orange}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: color, type: RegularExpression, value: "gr[ae]y"}]}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`,
      ),
    requests: [
      {url: 'http://example.com/', headers: ['Version: one'], expect: {backend: v(1)}},
      {url: 'http://example.com/', headers: ['VERSION: two'], expect: {backend: v(2)}},
      {url: 'http://example.com/', headers: ['Version: two', 'Color: orange'], expect: {backend: v(1)}},
      {url: 'http://example.com/', headers: ['Color: grey'], expect: {backend: v(3)}},
      {url: 'http://example.com/', headers: ['Color: greyish'], expect: {outcome: 'no-route', status: 404}},
      // Values are case-sensitive.
      {url: 'http://example.com/', headers: ['Version: ONE'], expect: {outcome: 'no-route', status: 404}},
    ],
  },
  {
    name: 'httproute-exact-path-matching and precedence of Exact over PathPrefix',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'exact-matching',
        `  rules:
  - matches: [{path: {type: PathPrefix, value: /one}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: Exact, value: /one}}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`,
      ),
    requests: [
      {url: 'http://example.com/one', expect: {backend: v(2)}},
      {url: 'http://example.com/one/', expect: {backend: v(1)}},
      {url: 'http://example.com/one/two', expect: {backend: v(1)}},
      {url: 'http://example.com/onetwo', expect: {outcome: 'no-route', status: 404}},
    ],
  },
  {
    name: 'httproute-listener-hostname-matching: the most specific listener',
    gateway: `${NS}/httproute-listener-hostname-matching`,
    yaml:
      base +
      `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-listener-hostname-matching, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP, hostname: bar.com}
  - {name: listener-2, port: 80, protocol: HTTP, hostname: foo.bar.com}
  - {name: listener-3, port: 80, protocol: HTTP, hostname: "*.bar.com"}
` +
      [1, 2, 3]
        .map(
          (i) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: backend-v${i}, namespace: ${NS}}
spec:
  parentRefs: [{name: httproute-listener-hostname-matching, sectionName: listener-${i}}]
  rules: [{backendRefs: [{name: infra-backend-v${i}, port: 8080}]}]
`,
        )
        .join(''),
    requests: [
      {url: 'http://bar.com/', expect: {backend: v(1)}},
      {url: 'http://foo.bar.com/', expect: {backend: v(2)}},
      {url: 'http://baz.bar.com/', expect: {backend: v(3)}},
      {url: 'http://boo.bar.com/', expect: {backend: v(3)}},
      {url: 'http://multiple.prefixes.bar.com/', expect: {backend: v(3)}},
      {url: 'http://multiple.prefixes.foo.bar.com/', expect: {backend: v(3)}},
      {url: 'http://foo.com/', expect: {outcome: 'no-listener', status: 404}},
      {url: 'http://no.matching.host/', expect: {outcome: 'no-listener', status: 404}},
    ],
  },
  {
    name: 'gateway-http-listener-isolation: only routes of the most specific listener compete',
    gateway: `${NS}/http-listener-isolation`,
    yaml:
      base +
      `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: http-listener-isolation, namespace: ${NS}}
spec:
  gatewayClassName: conformance
  listeners:
  - {name: empty-hostname, port: 80, protocol: HTTP}
  - {name: wildcard-example-com, port: 80, protocol: HTTP, hostname: "*.example.com"}
  - {name: wildcard-foo-example-com, port: 80, protocol: HTTP, hostname: "*.foo.example.com"}
  - {name: abc-foo-example-com, port: 80, protocol: HTTP, hostname: abc.foo.example.com}
` +
      ['empty-hostname', 'wildcard-example-com', 'wildcard-foo-example-com', 'abc-foo-example-com']
        .map(
          (l) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: attaches-to-${l}, namespace: ${NS}}
spec:
  parentRefs: [{name: http-listener-isolation, sectionName: ${l}}]
  rules: [{matches: [{path: {type: PathPrefix, value: /${l}}}], backendRefs: [{name: infra-backend-v1, port: 8080}]}]
`,
        )
        .join(''),
    requests: (
      [
        ['bar.com', 'empty-hostname'],
        ['bar.example.com', 'wildcard-example-com'],
        ['bar.foo.example.com', 'wildcard-foo-example-com'],
        ['abc.foo.example.com', 'abc-foo-example-com'],
      ] as const
    ).flatMap(([host, own]) =>
      ['empty-hostname', 'wildcard-example-com', 'wildcard-foo-example-com', 'abc-foo-example-com'].map(
        (path): RequestCase => ({url: `http://${host}/${path}`, expect: path === own ? {backend: v(1), route: `attaches-to-${own}`} : {outcome: 'no-route', status: 404}}),
      ),
    ),
  },
  {
    name: 'grpcroute-exact-method-matching',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'exact-matching',
        `  rules:
  - matches: [{method: {service: gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho, method: Echo}}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{method: {service: gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho, method: EchoTwo}}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`,
        undefined,
        'GRPCRoute',
      ),
    requests: [
      {url: 'grpc://example.com/gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho/Echo', expect: {backend: 'grpc-infra-backend-v1'}},
      {url: 'grpc://example.com/gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho/EchoTwo', expect: {backend: 'grpc-infra-backend-v2'}},
      {url: 'grpc://example.com/gateway_api_conformance.grpc_echo.grpcecho.GrpcEcho/EchoThree', expect: {outcome: 'no-route', status: 404}},
    ],
  },
  {
    name: 'grpcroute-header-matching',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'grpc-header-matching',
        `  rules:
  - matches: [{headers: [{name: version, value: one}]}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: two}]}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
`,
        undefined,
        'GRPCRoute',
      ),
    requests: [
      {url: 'grpc://example.com/svc.Echo/Echo', headers: ['version: one'], expect: {backend: 'grpc-infra-backend-v1'}},
      {url: 'grpc://example.com/svc.Echo/Echo', headers: ['Version: two'], expect: {backend: 'grpc-infra-backend-v2'}},
      {url: 'grpc://example.com/svc.Echo/Echo', expect: {outcome: 'no-route', status: 404}},
    ],
  },
  {
    name: 'httproute-request-redirect and httproute-rewrite-path',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'redirect-and-rewrite',
        `  rules:
  - matches: [{path: {type: PathPrefix, value: /hostname-redirect}}]
    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org}}]
  - matches: [{path: {type: PathPrefix, value: /status-code-301}}]
    filters: [{type: RequestRedirect, requestRedirect: {statusCode: 301}}]
  - matches: [{path: {type: PathPrefix, value: /host-and-status}}]
    filters: [{type: RequestRedirect, requestRedirect: {statusCode: 301, hostname: example.org}}]
  - matches: [{path: {type: PathPrefix, value: /scheme}}]
    filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
  - matches: [{path: {type: PathPrefix, value: /full}}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /full-path-replacement}}}]
  - matches: [{path: {type: PathPrefix, value: /prefix/one}}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}}]
  - matches: [{path: {type: PathPrefix, value: /port}}]
    filters: [{type: RequestRedirect, requestRedirect: {port: 8083}}]
  - matches: [{path: {type: PathPrefix, value: /strip-prefix}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
`,
      ),
    requests: [
      {url: 'http://example.com/hostname-redirect', expect: {outcome: 'redirect', status: 302, location: 'http://example.org/hostname-redirect'}},
      {url: 'http://example.com/status-code-301', expect: {outcome: 'redirect', status: 301, location: 'http://example.com/status-code-301'}},
      {url: 'http://example.com/host-and-status', expect: {outcome: 'redirect', status: 301, location: 'http://example.org/host-and-status'}},
      {url: 'http://example.com/scheme', expect: {outcome: 'redirect', status: 302, location: 'https://example.com/scheme'}},
      {url: 'http://example.com/full/path/original', expect: {outcome: 'redirect', status: 302, location: 'http://example.com/full-path-replacement'}},
      {url: 'http://example.com/prefix/one/two', expect: {outcome: 'redirect', status: 302, location: 'http://example.com/one/two'}},
      {url: 'http://example.com/port', expect: {outcome: 'redirect', status: 302, location: 'http://example.com:8083/port'}},
      {url: 'http://example.com/strip-prefix/three', expect: {backend: v(1)}},
    ],
  },
  {
    name: 'httproute-all-backends-weight-zero and unresolved backends answer 500',
    gateway: `${NS}/same-namespace`,
    yaml:
      base +
      route(
        'weight-zero',
        `  rules:
  - matches: [{path: {type: PathPrefix, value: /zero}}]
    backendRefs: [{name: infra-backend-v1, port: 8080, weight: 0}]
  - matches: [{path: {type: PathPrefix, value: /missing}}]
    backendRefs: [{name: does-not-exist, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /none}}]
`,
      ),
    requests: [
      {url: 'http://example.com/zero', expect: {outcome: 'error', status: 500}},
      {url: 'http://example.com/missing', expect: {outcome: 'error', status: 500}},
      {url: 'http://example.com/none', expect: {outcome: 'error', status: 500}},
    ],
  },
]
