// One small cluster in YAML for the `get` end-to-end tests: at least one object of every type
// `get` lists, with labels for selector tests and reported status on some objects only.

import {ago} from './get-helpers.js'

export function world(): string {
  return `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {env: prod}, creationTimestamp: "${ago('400d')}"}
status: {phase: Active}
---
apiVersion: v1
kind: Namespace
metadata: {name: infra, creationTimestamp: "${ago('400d')}"}
status: {phase: Active}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: edge, creationTimestamp: "${ago('400d')}"}
spec: {controllerName: example.com/edge, description: Public edge}
status:
  conditions: [{type: Accepted, status: "True", reason: Accepted}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
  creationTimestamp: "${ago('3d')}"
  labels: {app: web, tier: edge}
spec:
  gatewayClassName: edge
  listeners:
  - {name: http, port: 80, protocol: HTTP}
  - {name: https, port: 443, protocol: HTTPS, hostname: "*.example.com"}
status:
  addresses: [{type: IPAddress, value: 10.0.0.1}]
  conditions: [{type: Programmed, status: "True", reason: Programmed}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: local, namespace: shop, creationTimestamp: "${ago('5h')}", labels: {app: local}}
spec:
  gatewayClassName: edge
  listeners: [{name: http, port: 8080, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: nowhere, creationTimestamp: "${ago('5h')}"}
spec: {gatewayClassName: edge}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
  creationTimestamp: "${ago('30m')}"
  labels: {app: web, tier: front}
spec:
  hostnames: [shop.example.com]
  parentRefs: [{name: web, namespace: infra, sectionName: https}]
  rules:
  - backendRefs: [{name: front, port: 80}]
status:
  parents:
  - parentRef: {name: web, namespace: infra, sectionName: https}
    controllerName: example.com/edge
    conditions: [{type: Accepted, status: "True", reason: Accepted}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: admin, namespace: shop, creationTimestamp: "${ago('3d')}", labels: {app: admin}}
spec:
  parentRefs: [{name: local}]
  rules: [{backendRefs: [{name: admin, port: 9000}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: inventory, namespace: shop, creationTimestamp: "${ago('5h')}"}
spec:
  parentRefs: [{name: web, namespace: infra}]
  rules: [{backendRefs: [{name: inventory, port: 9090}]}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: vault, namespace: shop, creationTimestamp: "${ago('5h')}"}
spec:
  hostnames: [vault.example.com]
  parentRefs: [{name: web, namespace: infra}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: db, namespace: shop, creationTimestamp: "${ago('5h')}"}
spec:
  parentRefs: [{name: local, sectionName: http}]
  rules: [{backendRefs: [{name: db, port: 5432}]}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: UDPRoute
metadata: {name: dns, namespace: infra, creationTimestamp: "${ago('5h')}"}
spec:
  parentRefs: [{name: web}]
---
apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XListenerSet
metadata: {name: team, namespace: shop, creationTimestamp: "${ago('3d')}"}
spec:
  parentRef: {name: web, namespace: infra}
  listeners: [{name: team-https, port: 443, protocol: HTTPS}]
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: allow-shop, namespace: infra, creationTimestamp: "${ago('3d')}"}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
  to: [{group: "", kind: Service}]
---
apiVersion: v1
kind: Service
metadata: {name: front, namespace: shop, creationTimestamp: "${ago('3d')}", labels: {app: web}}
spec: {ports: [{port: 80, protocol: TCP}, {port: 443}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop, creationTimestamp: "${ago('3d')}"}
spec: {type: NodePort, ports: [{port: 5432, nodePort: 30432}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: front-tls, namespace: shop, creationTimestamp: "${ago('5h')}"}
spec:
  targetRefs: [{group: "", kind: Service, name: front, sectionName: https}]
  validation: {hostname: front.shop, wellKnownCACertificates: System}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: timeoutpolicies.example.com
  creationTimestamp: "${ago('400d')}"
  labels: {gateway.networking.k8s.io/policy: Inherited}
spec:
  group: example.com
  names: {kind: TimeoutPolicy, plural: timeoutpolicies}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true}]
---
apiVersion: example.com/v1
kind: TimeoutPolicy
metadata: {name: slow, namespace: shop, creationTimestamp: "${ago('30m')}"}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: store}]
  default: {request: 30s}
`
}
