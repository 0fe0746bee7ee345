// The fixed shape of the generated clusters: the ten listeners every Gateway carries and which route
// namespaces each admits, the Service flavours routes point at, and the word lists names are made of.
// The generator draws its choices among these; keeping the model in one place keeps the generator's
// promise ("every route not labelled broken attaches") checkable by reading it.

import type {RouteKind, ServicePort} from '../src/model/types.js'

export const ENVS = ['prod', 'staging', 'dev'] as const
export const TEAM_WORDS = ['shop', 'payments', 'search', 'identity', 'media', 'platform', 'data', 'mobile', 'ads', 'support', 'billing', 'growth']
export const APPS = ['storefront', 'cart', 'checkout', 'catalog', 'search', 'auth', 'profile', 'orders', 'inventory', 'pricing', 'reviews', 'media', 'notify', 'billing', 'reports', 'admin', 'api', 'static', 'docs', 'status']
export const GATEWAY_WORDS = ['edge', 'public', 'internal', 'partner']
export const PATHS = ['/', '/api', '/static', '/checkout', '/login', '/v1', '/v2', '/images']

export type Flavour = 'web' | 'grpc' | 'db' | 'dns'
export const FLAVOURS: Flavour[] = ['web', 'grpc', 'db', 'dns']
export const FLAVOUR_PORTS: Record<Flavour, ServicePort[]> = {
  web: [
    {name: 'http', port: 80, targetPort: 8080, protocol: 'TCP'},
    {name: 'https', port: 443, targetPort: 8443, protocol: 'TCP'},
  ],
  grpc: [{name: 'grpc', port: 9090, targetPort: 9090, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c'}],
  db: [
    {name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP'},
    {name: 'redis', port: 6379, targetPort: 6379, protocol: 'TCP'},
  ],
  dns: [
    {name: 'dns', port: 53, targetPort: 5353, protocol: 'UDP'},
    {name: 'syslog', port: 514, targetPort: 5514, protocol: 'UDP'},
  ],
}
export const KIND_BACKEND: Record<RouteKind, {flavour: Flavour; ports: number[]}> = {
  HTTPRoute: {flavour: 'web', ports: [80]},
  GRPCRoute: {flavour: 'grpc', ports: [9090]},
  TLSRoute: {flavour: 'web', ports: [443]},
  TCPRoute: {flavour: 'db', ports: [5432, 6379]},
  UDPRoute: {flavour: 'dns', ports: [53, 514]},
}
export const HOSTNAME_KINDS = new Set<string>(['HTTPRoute', 'GRPCRoute', 'TLSRoute'])

// The ten listeners of every Gateway. `admits` says which route namespaces allowedRoutes lets in:
// `same` (the Gateway's own), `all`, `team` (Selector matchLabels team), `env` (Selector matchExpressions
// env In (prod, staging)) or `variant` (the `http` listener cycles All / team / env across Gateways).
export type Admission = 'same' | 'all' | 'team' | 'env' | 'variant'
export interface ListenerPlan {
  name: string
  protocol: 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP'
  port: number
  /** `{ns}` stands for the Gateway's namespace. */
  hostname?: string
  admits: Admission
}
export const LISTENERS: ListenerPlan[] = [
  {name: 'http', protocol: 'HTTP', port: 80, admits: 'variant'},
  {name: 'http-alt', protocol: 'HTTP', port: 8080, hostname: '*.{ns}.example.com', admits: 'same'},
  {name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.{ns}.example.com', admits: 'all'},
  {name: 'https-api', protocol: 'HTTPS', port: 443, hostname: 'api.{ns}.example.com', admits: 'team'},
  {name: 'tls', protocol: 'TLS', port: 8443, hostname: '*.tls.{ns}.example.com', admits: 'all'},
  {name: 'tls-internal', protocol: 'TLS', port: 9443, hostname: '*.internal.{ns}.example.com', admits: 'same'},
  {name: 'tcp-postgres', protocol: 'TCP', port: 5432, admits: 'env'},
  {name: 'tcp-redis', protocol: 'TCP', port: 6379, admits: 'same'},
  {name: 'udp-dns', protocol: 'UDP', port: 53, admits: 'all'},
  {name: 'udp-syslog', protocol: 'UDP', port: 514, admits: 'same'},
]
const PROTOCOL_OF_KIND: Record<RouteKind, string[]> = {
  HTTPRoute: ['HTTP', 'HTTPS'],
  GRPCRoute: ['HTTP', 'HTTPS'],
  TLSRoute: ['TLS'],
  TCPRoute: ['TCP'],
  UDPRoute: ['UDP'],
}
export const LISTENERS_FOR_KIND = Object.fromEntries(
  Object.entries(PROTOCOL_OF_KIND).map(([kind, protocols]) => [kind, LISTENERS.filter((l) => protocols.includes(l.protocol))]),
) as Record<RouteKind, ListenerPlan[]>
/** The `same` listener of each kind: a route from another namespace is refused there. */
export const SAME_ONLY: Record<RouteKind, string> = {HTTPRoute: 'http-alt', GRPCRoute: 'http-alt', TLSRoute: 'tls-internal', TCPRoute: 'tcp-redis', UDPRoute: 'udp-syslog'}
export const ANY_NAMESPACE: Record<RouteKind, string> = {HTTPRoute: 'https', GRPCRoute: 'https', TLSRoute: 'tls', TCPRoute: 'tcp-postgres', UDPRoute: 'udp-dns'}

export const teamName = (t: number) => `${TEAM_WORDS[t % TEAM_WORDS.length]}${t >= TEAM_WORDS.length ? Math.floor(t / TEAM_WORDS.length) + 1 : ''}`

export const numbered = (word: string, n: number) => (n === 0 ? word : `${word}-${n + 1}`)

/** Service `j` of a flavour, the same name in every namespace: `cart-web`, `cart-grpc`, `storefront-2-db`. */
export const serviceName = (flavour: Flavour, j: number) => `${numbered(APPS[j % APPS.length], Math.floor(j / APPS.length))}-${flavour}`
