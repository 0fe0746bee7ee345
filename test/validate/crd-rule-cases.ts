// The hand-written cases of crd-rules.test.ts: for each x-kubernetes-validations rule of the Gateway
// API v1.1.0 and v1.6.1 CRDs (../shared), a value at the rule's node that breaks it and one that
// satisfies it. Shared with the real-API-server tier (test/cluster/validate-verdicts.test.ts), which
// applies them inside whole objects and compares the server's verdicts with kubectl-gw's.

import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {compileSchema, rulesOf, type SchemaNode} from '../../src/validate/schema.js'

export const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'gateway-api-crds')

export interface Case {
  /** A substring of the rule text that picks this case (whitespace collapsed). */
  rule: string
  /** Only for nodes whose path contains this. */
  path?: string
  bad: unknown
  good: unknown
  /** The bad value is refused by the schema first (a blocking error), so the rule is never evaluated: this text. */
  badSchema?: string
  /** For transition rules: the stored value. */
  old?: unknown
}

const svc = {group: '', kind: 'Service', name: 'svc', port: 80}
const mod = {set: [{name: 'x', value: 'y'}]}
const mirror = {backendRef: {name: 'm', port: 80}}
const pathOf = (type: string, value: string) => ({type, value})
const listener = (name: string, port: number, protocol: string, extra: Record<string, unknown> = {}) => ({name, port, protocol, ...extra})
const tlsTerminate = {mode: 'Terminate', certificateRefs: [{name: 'cert'}]}
const ref = (name: string, extra: Record<string, unknown> = {}) => ({group: 'gateway.networking.k8s.io', kind: 'Gateway', name, ...extra})
const target = (name: string, extra: Record<string, unknown> = {}) => ({group: '', kind: 'Service', name, ...extra})
const rulesWithMatches = (counts: number[]) => counts.map((n) => ({matches: Array.from({length: n}, (_, i) => ({path: pathOf('PathPrefix', `/p${i}`)}))}))
const grpcRulesWithMatches = (counts: number[]) => counts.map((n) => ({matches: Array.from({length: n}, (_, i) => ({method: {service: `s${i}`}}))}))

export const CASES: Case[] = [
  {rule: 'self == oldSelf', bad: 'example.com/b', good: 'example.com/a', old: 'example.com/a'},
  {rule: "a1.type == 'IPAddress' ? self.exists_one", bad: [{type: 'IPAddress', value: '10.0.0.1'}, {type: 'IPAddress', value: '10.0.0.1'}], good: [{type: 'IPAddress', value: '10.0.0.1'}, {type: 'IPAddress', value: '10.0.0.2'}]},
  {rule: "a1.type == 'Hostname' ? self.exists_one", bad: [{type: 'Hostname', value: 'a.example.com'}, {type: 'Hostname', value: 'a.example.com'}], good: [{type: 'Hostname', value: 'a.example.com'}, {type: 'Hostname', value: 'b.example.com'}]},
  {rule: "a1.type == 'IPAddress' && has(a1.value)", bad: [{type: 'IPAddress', value: '10.0.0.1'}, {type: 'IPAddress', value: '10.0.0.1'}], good: [{type: 'IPAddress', value: '10.0.0.1'}, {type: 'IPAddress'}]},
  {rule: "a1.type == 'Hostname' && has(a1.value)", bad: [{type: 'Hostname', value: 'a.example.com'}, {type: 'Hostname', value: 'a.example.com'}], good: [{type: 'Hostname', value: 'a.example.com'}, {type: 'Hostname'}]},
  {rule: "self.type == 'Hostname' ? self.value.matches", bad: {type: 'Hostname', value: 'a_b.example.com'}, good: {type: 'Hostname', value: '*.example.com'}},
  {rule: "self.type == 'Hostname' ? (!has(self.value)", bad: {type: 'Hostname', value: 'a_b.example.com'}, good: {type: 'Hostname'}},
  {rule: "l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls)", bad: [listener('a', 80, 'HTTP', {tls: tlsTerminate})], good: [listener('a', 443, 'HTTPS', {tls: tlsTerminate})]},
  {rule: "(l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == ''", bad: [listener('a', 443, 'HTTPS', {tls: {mode: 'Passthrough'}})], good: [listener('a', 443, 'HTTPS', {tls: tlsTerminate})]},
  {rule: "l.protocol in ['TCP', 'UDP'] ? (!has(l.hostname)", bad: [listener('a', 9000, 'TCP', {hostname: 'a.example.com'})], good: [listener('a', 9000, 'TCP'), listener('b', 80, 'HTTP', {hostname: 'a.example.com'})]},
  {rule: 'self.all(l1, self.exists_one(l2, l1.name == l2.name))', bad: [listener('a', 80, 'HTTP'), listener('a', 81, 'HTTP')], good: [listener('a', 80, 'HTTP'), listener('b', 81, 'HTTP')]},
  {
    rule: 'self.all(l1, self.exists_one(l2, l1.port == l2.port',
    bad: [listener('a', 80, 'HTTP', {hostname: 'x.example.com'}), listener('b', 80, 'HTTP', {hostname: 'x.example.com'})],
    good: [listener('a', 80, 'HTTP', {hostname: 'x.example.com'}), listener('b', 80, 'HTTP', {hostname: 'y.example.com'})],
  },
  {
    rule: 'self.all(l1, !has(l1.port) || self.exists_one(l2',
    bad: [listener('a', 80, 'HTTP'), listener('b', 80, 'HTTP')],
    good: [listener('a', 80, 'HTTP'), listener('b', 80, 'HTTP', {hostname: 'y.example.com'})],
  },
  // Both fields set: with one absent, CEL fails on the missing key (its own test below).
  {rule: "self.mode == 'Terminate' ? size(self.certificateRefs) > 0", bad: {mode: 'Terminate', certificateRefs: [], options: {}}, good: tlsTerminate},
  {rule: "(l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mode)", bad: [listener('a', 443, 'TLS')], good: [listener('a', 443, 'TLS', {tls: {mode: 'Passthrough'}})]},
  {rule: 'self.all(t1, self.exists_one(t2, t1.port == t2.port))', bad: [{port: 443, tls: {validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'ca'}]}}}, {port: 443, tls: {validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'ca2'}]}}}], good: [{port: 443, tls: {validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'ca'}]}}}, {port: 8443, tls: {validation: {caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'ca'}]}}}]},
  // parentRefs: the same Gateway twice needs distinct sectionNames (or ports); `namespace` is read as __namespace__.
  {rule: "? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))", path: 'parentRefs', bad: [ref('gw', {namespace: 'infra'}), ref('gw', {namespace: 'infra', sectionName: 'a'})], good: [ref('gw', {namespace: 'infra', sectionName: 'b'}), ref('gw', {namespace: 'infra', sectionName: 'a'}), ref('gw', {namespace: 'other'})]},
  {rule: "(!has(p1.port) || p1.port == 0) == (!has(p2.port)", bad: [ref('gw', {namespace: 'infra'}), ref('gw', {namespace: 'infra', sectionName: 'a'})], good: [ref('gw', {namespace: 'infra', port: 80}), ref('gw', {namespace: 'infra', port: 443}), ref('gw', {namespace: 'other'})]},
  {rule: "self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__)", bad: [ref('gw', {namespace: 'infra', sectionName: 'a'}), ref('gw', {namespace: 'infra', sectionName: 'a'})], good: [ref('gw', {namespace: 'infra', sectionName: 'a'}), ref('gw', {sectionName: 'a'})]},
  {rule: '(size(self.group) == 0 && self.kind == \'Service\') ? has(self.port)', bad: {group: '', kind: 'Service', name: 'svc'}, good: svc},
  {rule: "f.type == 'RequestHeaderModifier').size() <= 1", bad: [{type: 'RequestHeaderModifier', requestHeaderModifier: mod}, {type: 'RequestHeaderModifier', requestHeaderModifier: mod}], good: [{type: 'RequestHeaderModifier', requestHeaderModifier: mod}]},
  {rule: "f.type == 'ResponseHeaderModifier').size() <= 1", bad: [{type: 'ResponseHeaderModifier', responseHeaderModifier: mod}, {type: 'ResponseHeaderModifier', responseHeaderModifier: mod}], good: [{type: 'ResponseHeaderModifier', responseHeaderModifier: mod}]},
  {rule: "f.type == 'RequestRedirect').size() <= 1", bad: [{type: 'RequestRedirect', requestRedirect: {port: 8080}}, {type: 'RequestRedirect', requestRedirect: {port: 8081}}], good: [{type: 'RequestRedirect', requestRedirect: {port: 8080}}]},
  {rule: "f.type == 'URLRewrite').size() <= 1", bad: [{type: 'URLRewrite', urlRewrite: {hostname: 'a'}}, {type: 'URLRewrite', urlRewrite: {hostname: 'b'}}], good: [{type: 'URLRewrite', urlRewrite: {hostname: 'a'}}]},
  {rule: "f.type == 'CORS').size() <= 1", bad: [{type: 'CORS', cors: {allowOrigins: ['https://a.example']}}, {type: 'CORS', cors: {allowOrigins: ['https://b.example']}}], good: [{type: 'CORS', cors: {allowOrigins: ['https://a.example']}}]},
  {rule: "!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))", bad: [{type: 'RequestRedirect', requestRedirect: {port: 8080}}, {type: 'URLRewrite', urlRewrite: {hostname: 'a'}}], good: [{type: 'URLRewrite', urlRewrite: {hostname: 'a'}}, {type: 'RequestHeaderModifier', requestHeaderModifier: mod}]},
  ...filterTypeCases(),
  {rule: "has(self.type) ? has(self.service) || has(self.method)", bad: {type: 'Exact'}, good: {type: 'Exact', service: 'foo.Bar'}},
  {rule: '&& has(self.service) ? self.service.matches', bad: {service: 'foo-bar'}, good: {service: 'foo.Bar'}},
  {rule: '&& has(self.method) ? self.method.matches', bad: {method: 'get-thing'}, good: {method: 'GetThing'}},
  {rule: "(has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has(self.filters)", bad: {filters: [{type: 'RequestRedirect', requestRedirect: {port: 8080}}], backendRefs: [svc]}, good: {filters: [{type: 'RequestRedirect', requestRedirect: {port: 8080}}]}},
  {rule: "(has(self.filters) && self.filters.exists_one(f, has(f.requestRedirect)", bad: {matches: [{path: pathOf('Exact', '/a')}], filters: [{type: 'RequestRedirect', requestRedirect: {path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/b'}}}]}, good: {matches: [{path: pathOf('PathPrefix', '/a')}], filters: [{type: 'RequestRedirect', requestRedirect: {path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/b'}}}]}},
  {rule: "(has(self.filters) && self.filters.exists_one(f, has(f.urlRewrite)", bad: {matches: [{path: pathOf('PathPrefix', '/a')}, {path: pathOf('PathPrefix', '/c')}], filters: [{type: 'URLRewrite', urlRewrite: {path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/b'}}}]}, good: {matches: [{path: pathOf('PathPrefix', '/a')}], filters: [{type: 'URLRewrite', urlRewrite: {path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/b'}}}]}},
  {rule: 'b.filters.exists_one(f, has(f.requestRedirect)', bad: {matches: [{path: pathOf('Exact', '/a')}], backendRefs: [{...svc, filters: [{type: 'RequestRedirect', requestRedirect: {path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/b'}}}]}]}, good: {matches: [{path: pathOf('PathPrefix', '/a')}], backendRefs: [{...svc, filters: [{type: 'RequestRedirect', requestRedirect: {path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/b'}}}]}]}},
  {rule: 'b.filters.exists_one(f, has(f.urlRewrite)', bad: {matches: [{path: pathOf('Exact', '/a')}], backendRefs: [{...svc, filters: [{type: 'URLRewrite', urlRewrite: {path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/b'}}}]}]}, good: {matches: [{path: pathOf('PathPrefix', '/a')}], backendRefs: [{...svc, filters: [{type: 'URLRewrite', urlRewrite: {path: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/b'}}}]}]}},
  {rule: "self.type == 'ReplaceFullPath' ? has(self.replaceFullPath)", bad: {type: 'ReplaceFullPath'}, good: {type: 'ReplaceFullPath', replaceFullPath: '/x'}},
  {rule: "has(self.replaceFullPath) ? self.type == 'ReplaceFullPath'", bad: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/y', replaceFullPath: '/x'}, good: {type: 'ReplaceFullPath', replaceFullPath: '/x'}},
  {rule: "self.type == 'ReplacePrefixMatch' ? has(self.replacePrefixMatch)", bad: {type: 'ReplacePrefixMatch'}, good: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/x'}},
  {rule: "has(self.replacePrefixMatch) ? self.type == 'ReplacePrefixMatch'", bad: {type: 'ReplaceFullPath', replaceFullPath: '/y', replacePrefixMatch: '/x'}, good: {type: 'ReplacePrefixMatch', replacePrefixMatch: '/x'}},
  {rule: "? self.value.startsWith('/')", bad: pathOf('Exact', 'a'), good: pathOf('RegularExpression', 'a.*')},
  {rule: "!self.value.contains('//')", bad: pathOf('PathPrefix', '/a//b'), good: pathOf('PathPrefix', '/a/b')},
  {rule: "!self.value.contains('/./')", bad: pathOf('PathPrefix', '/a/./b'), good: pathOf('PathPrefix', '/a/.b')},
  {rule: "!self.value.contains('/../')", bad: pathOf('Exact', '/a/../b'), good: pathOf('Exact', '/a/..b')},
  {rule: "!self.value.contains('%2f')", bad: pathOf('Exact', '/a%2fb'), good: pathOf('Exact', '/a%20b')},
  {rule: "!self.value.contains('%2F')", bad: pathOf('Exact', '/a%2Fb'), good: pathOf('Exact', '/a%20b')},
  {rule: "!self.value.contains('#')", bad: pathOf('Exact', '/a#b'), good: pathOf('RegularExpression', '/a#b')},
  {rule: "!self.value.endsWith('/..')", bad: pathOf('PathPrefix', '/a/..'), good: pathOf('PathPrefix', '/a/..b')},
  {rule: "!self.value.endsWith('/.')", bad: pathOf('PathPrefix', '/a/.'), good: pathOf('PathPrefix', '/a/.b')},
  // The enum refuses the value first (a blocking error): the rule itself never gets to fail on the server.
  {rule: "self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'", bad: pathOf('Prefix', '/'), badSchema: 'Unsupported value: "Prefix"', good: pathOf('RegularExpression', '^/a')},
  {rule: "? self.value.matches(r\"\"\"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$\"\"\")", bad: pathOf('PathPrefix', '/a b'), good: pathOf('PathPrefix', '/a%20b')},
  {rule: "!has(self.cookieConfig.lifetimeType) || self.cookieConfig.lifetimeType != 'Permanent'", bad: {cookieConfig: {lifetimeType: 'Permanent'}}, good: {cookieConfig: {lifetimeType: 'Permanent'}, absoluteTimeout: '1h'}},
  {rule: "!has(self.cookieConfig) || !has(self.cookieConfig.lifetimeType)", bad: {type: 'Cookie', cookieConfig: {lifetimeType: 'Permanent'}}, good: {type: 'Cookie', cookieConfig: {lifetimeType: 'Permanent'}, absoluteTimeout: '1h'}},
  {rule: "!has(self.cookieConfig) || self.type == 'Cookie'", bad: {type: 'Header', cookieConfig: {lifetimeType: 'Session'}}, good: {type: 'Header'}},
  {rule: '!(has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0 && has(self.wellKnownCACertificates)', bad: {hostname: 'a.example.com', caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'ca'}], wellKnownCACertificates: 'System'}, good: {hostname: 'a.example.com', wellKnownCACertificates: 'System'}},
  {rule: '(has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0 || has(self.wellKnownCACertificates)', bad: {hostname: 'a.example.com'}, good: {hostname: 'a.example.com', caCertificateRefs: [{group: '', kind: 'ConfigMap', name: 'ca'}]}},
  {rule: '!(has(self.request) && has(self.backendRequest)', bad: {request: '10s', backendRequest: '20s'}, good: {request: '10s', backendRequest: '5s'}},
  {rule: "p1.name == p2.name ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))", path: 'targetRefs', bad: [target('s'), target('s', {sectionName: 'a'})], good: [target('s', {sectionName: 'b'}), target('s', {sectionName: 'a'})]},
  {rule: 'self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.sectionName)', bad: [target('s', {sectionName: 'a'}), target('s', {sectionName: 'a'})], good: [target('s', {sectionName: 'a'}), target('t', {sectionName: 'a'})]},
  {rule: '!(self.type == "Hostname" && (!has(self.hostname)', bad: {type: 'Hostname'}, good: {type: 'Hostname', hostname: 'a.example.com'}},
  {rule: '!(self.type != "Hostname" && has(self.hostname)', bad: {type: 'URI', uri: 'spiffe://a/b', hostname: 'a.example.com'}, good: {type: 'URI', uri: 'spiffe://a/b'}},
  {rule: '!(self.type == "URI" && (!has(self.uri)', bad: {type: 'URI'}, good: {type: 'URI', uri: 'spiffe://a/b'}},
  {rule: '!(self.type != "URI" && has(self.uri)', bad: {type: 'Hostname', hostname: 'a.example.com', uri: 'spiffe://a/b'}, good: {type: 'Hostname', hostname: 'a.example.com'}},
  {rule: 'self.all(key, key.matches(', bad: {'-bad': 'x'}, good: {'example.com/team': 'x'}},
  {rule: 'self.all(key, key.split("/")[0].size() < 253)', bad: {[`${['a', 'b', 'c', 'd', 'e'].map((c) => c.repeat(60)).join('.')}/x`]: 'x'}, good: {'example.com/x': 'x'}},
  {rule: 'has(self[0].matches) ? self[0].matches.size()', bad: grpcRulesWithMatches([64, 64, 1]), good: grpcRulesWithMatches([64, 64])},
  {rule: '(self.size() > 0 ? self[0].matches.size() : 0)', bad: rulesWithMatches([64, 64, 1]), good: rulesWithMatches([64, 64])},
  {rule: '!(has(self.percent) && has(self.fraction))', bad: {...mirror, percent: 10, fraction: {numerator: 1, denominator: 10}}, good: {...mirror, percent: 10}},
  {rule: 'self.numerator <= self.denominator', bad: {numerator: 11, denominator: 10}, good: {numerator: 10, denominator: 10}},
  {rule: "!('*' in self && self.size() > 1)", path: 'allowOrigins', bad: ['*', 'https://a.example'], good: ['https://a.example', 'https://b.example']},
  {rule: "!('*' in self && self.size() > 1)", path: 'allowMethods', bad: ['*', 'GET'], good: ['GET', 'POST']},
  {rule: "!('*' in self && self.size() > 1)", path: 'allowHeaders', bad: ['*', 'X-Foo'], good: ['X-Foo', 'X-Bar']},
  {rule: 'self.all(h, !isIP(h))', bad: ['10.0.0.1'], good: ['a.example.com']},
  {rule: "self.all(h, !h.contains('*') ? h.matches(", bad: ['a_b.example.com'], good: ['a.example.com', '*.example.com']},
  {rule: "self.all(h, h.contains('*') ? (h.startsWith('*.')", bad: ['a.*.example.com'], good: ['*.example.com']},
  {rule: 'self.all(l1, !has(l1.name) || self.exists_one(l2, has(l2.name) && l1.name == l2.name))', bad: [{name: 'a', backendRefs: [svc]}, {name: 'a', backendRefs: [svc]}], good: [{name: 'a', backendRefs: [svc]}, {name: 'b', backendRefs: [svc]}, {backendRefs: [svc]}]},
  {rule: "self.protocol == 'GRPC' ? has(self.grpc)", bad: {protocol: 'GRPC', backendRef: {name: 'auth', port: 9000}}, good: {protocol: 'GRPC', grpc: {}, backendRef: {name: 'auth', port: 9000}}},
  {rule: "has(self.grpc) ? self.protocol == 'GRPC'", bad: {protocol: 'HTTP', http: {}, grpc: {}, backendRef: {name: 'auth', port: 9000}}, good: {protocol: 'HTTP', http: {}, backendRef: {name: 'auth', port: 9000}}},
  {rule: "self.protocol == 'HTTP' ? has(self.http)", bad: {protocol: 'HTTP', backendRef: {name: 'auth', port: 9000}}, good: {protocol: 'HTTP', http: {}, backendRef: {name: 'auth', port: 9000}}},
  {rule: "has(self.http) ? self.protocol == 'HTTP'", bad: {protocol: 'GRPC', grpc: {}, http: {}, backendRef: {name: 'auth', port: 9000}}, good: {protocol: 'GRPC', grpc: {}, backendRef: {name: 'auth', port: 9000}}},
  {rule: "self.type == 'ExternalHostname' ? has(self.externalHostname)", bad: {type: 'ExternalHostname', port: {port: 443}}, good: {type: 'ExternalHostname', externalHostname: {hostname: 'api.example.com'}, port: {port: 443}}},
  {rule: "!self.endsWith('.cluster.local')", bad: 'db.cluster.local', good: 'db.example.com'},
  {rule: 'size(self) == 0 || format.dns1123Label().validate(self)', bad: 'Https', good: 'https'},
  {rule: "self.mode == 'ClientAndServer' ? has(self.clientCertificateRef)", bad: {mode: 'ServerOnly', clientCertificateRef: {name: 'c'}}, good: {mode: 'ClientAndServer', clientCertificateRef: {name: 'c'}}},
  {rule: "!(duration(self) < duration('1s') || duration(self) > duration('1h'))", bad: '2h', good: '10s'},
  {rule: "!(duration(self) == duration('0s') || duration(self) > duration('1h'))", bad: '0s', good: '1m'},
]

/** The "filter.X must be nil unless type X" and "must be specified for type X" pairs, for each filter type. */
function filterTypeCases(): Case[] {
  const filters: Record<string, [string, unknown]> = {
    RequestHeaderModifier: ['requestHeaderModifier', mod],
    ResponseHeaderModifier: ['responseHeaderModifier', mod],
    RequestMirror: ['requestMirror', mirror],
    RequestRedirect: ['requestRedirect', {port: 8080}],
    URLRewrite: ['urlRewrite', {hostname: 'a'}],
    CORS: ['cors', {allowOrigins: ['https://a.example']}],
    ExternalAuth: ['externalAuth', {protocol: 'HTTP', http: {}, backendRef: {name: 'auth', port: 9000}}],
    ExtensionRef: ['extensionRef', {group: 'example.com', kind: 'Filter', name: 'f'}],
  }
  return Object.entries(filters).flatMap(([type, [field, value]]) => {
    const other = type === 'ExtensionRef' ? 'RequestHeaderModifier' : 'ExtensionRef'
    const [otherField, otherValue] = filters[other]
    return [
      {rule: `!(has(self.${field}) && self.type != '${type}')`, bad: {type: other, [otherField]: otherValue, [field]: value}, good: {type, [field]: value}},
      {rule: `!(!has(self.${field}) && self.type == '${type}')`, bad: {type}, good: {type, [field]: value}},
    ]
  })
}

export const norm = (s: string) => s.replace(/\s+/g, ' ').trim()

export interface Site {
  file: string
  kind: string
  version: string
  path: string
  node: SchemaNode
  rule: string
  message: string
}

export function sites(releases = ['v1.1.0', 'v1.6.1'], channels = ['standard', 'experimental']): Site[] {
  const out: Site[] = []
  for (const release of releases) {
    for (const channel of channels) {
      const dir = join(SHARED, release, channel)
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
        for (const doc of parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
          const crd = doc.toJS() as any
          if (crd?.kind !== 'CustomResourceDefinition') continue
          for (const v of crd.spec.versions) {
            for (const {path, node, rule} of rulesOf(compileSchema(v.schema.openAPIV3Schema))) {
              out.push({file: `${release}/${channel}/${f}`, kind: crd.spec.names.kind, version: v.name, path, node, rule: rule.rule, message: rule.message ?? `failed rule: ${rule.rule.trim()}`})
            }
          }
        }
      }
    }
  }
  return out
}

export function caseFor(site: Site): Case | undefined {
  const text = norm(site.rule)
  const matching = CASES.filter((c) => text.includes(norm(c.rule)) && (c.path === undefined || site.path.includes(c.path)))
  // The longest rule substring is the most specific.
  return matching.sort((a, b) => b.rule.length - a.rule.length || (b.path ? 1 : 0) - (a.path ? 1 : 0))[0]
}
