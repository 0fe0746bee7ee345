// kubectl gw trace URL: which listener, route, rule and backend would serve a request, on each Gateway,
// computed from the objects, with the routes that lost and why.

import {Args, Flags} from '@oclif/core'
import {overlay} from '../src/analyze/whatif.js'
import {nameOf, nsOf} from '../src/graph/access.js'
import {loadSnapshot} from '../src/load.js'
import {GATEWAY_GROUP, isRouteKind, type Gateway} from '../src/model/types.js'
import {escapeControl} from '../src/printers/escape.js'
import {toJson, toYaml} from '../src/printers/serialize.js'
import {matches} from '../src/selectors/labels.js'
import {UserError, type ListRequest} from '../src/sources/request.js'
import {renderTrace} from '../src/trace/render.js'
import {renderTraceDot, renderTraceMermaid} from '../src/trace/graph.js'
import {dotToSvg} from '../src/printers/svg.js'
import {parseTraceRequest, type TraceScheme} from '../src/trace/request.js'
import {addressedBy, traceRequest} from '../src/trace/trace.js'
import {analyzeForTrace, traceRouteKinds} from '../src/trace/scope.js'
import {GwCommand} from '../cli/base.js'
import {graphRequests} from '../cli/graph-plan.js'
import {parseUserSelector} from '../cli/get-plan.js'

const FORMATS = ['text', 'json', 'yaml', 'dot', 'mermaid', 'svg']

/**
 * What a trace reads from a cluster: the graph's kinds, less the route kinds the request's listeners
 * cannot carry, and less Secrets and ConfigMaps (certificates decide listener conditions, never which
 * route takes a request; reading them is the most costly part of a cluster read).
 */
function traceRequests(scheme: TraceScheme): ListRequest[] {
  const kinds = traceRouteKinds(scheme)
  return graphRequests([]).filter((r) => !r.referencedOnly && !r.type.refs.some((ref) => isRouteKind(ref.kind) && !kinds.has(ref.kind)))
}

export default class Trace extends GwCommand {
  static override description = `Show which listener, route, rule and backend would serve a request, computed from the objects by the Gateway API's rules: listener by port, protocol and the most specific hostname; among the routes attached to that listener, the match with the highest precedence (hostname, Exact path, longest prefix, method, headers, query params, then the oldest route, namespace/name, rule and match order); then its filters (redirect Location, rewritten host and path), backends with weights and whether they resolve, and the effective policies. Every other match that takes the request is listed with the criterion it lost on; routes on other listeners, and routes naming the Gateway that are not attached, with why they do not apply.

URL: http://HOST[:PORT]/PATH[?QUERY], https://... (HTTPS listeners, or TLS listeners by SNI), grpc://HOST[:PORT]/SERVICE/METHOD and grpcs://... (GRPCRoute, or an HTTPRoute where no GRPCRoute holds the hostname on the listener: an HTTPRoute and a GRPCRoute sharing a hostname on one listener leave only the older accepted), tls://HOST:PORT (TLSRoute by SNI), tcp://HOST:PORT, udp://HOST:PORT. HOST is the Host header, authority or SNI (-H 'Host: x' overrides it).

With -f, the files are laid over the cluster in memory (nothing is written): the trace answers for the cluster as it would be after applying them; --local traces over the files alone.

Without --gateway, every Gateway in scope with a listener on the port is traced; a Gateway whose addresses include HOST is listed first and marked. -o json|yaml: {request, results: [{gateway, listener, outcome (routed|redirect|no-listener|no-route|error), status, message, route, rule, ruleName, match, filters, redirect, backends, effectivePolicies, candidates: [{route, rule, match, listener, result (won|lost|not-matched|not-attached), reason}], notes}]}. Exit 0 whenever the trace ran, whatever the outcome; 1 for bad input.

-o dot|mermaid draws the path on the attachment graph (the winning path bold, routes that lost dashed with the criterion, routes not attached dashed red); -o svg renders the DOT graph with a bundled WebAssembly Graphviz.`

  static override usage = 'trace URL [-X METHOD] [-H "Name: value"]... [--gateway [NS/]NAME] [flags]'

  static override examples = [
    {description: 'Which route serves this request in the example cluster?', command: 'kubectl gw trace https://shop.example.com/cart -A --local -f examples/'},
    {description: 'A POST with a header, on one Gateway', command: "kubectl gw trace https://shop.example.com/api/orders -X POST -H 'x-canary: true' --gateway infra/edge"},
    {description: 'A gRPC method, as JSON', command: 'kubectl gw trace grpc://grpc.example.com/store.Catalog/List -A -o json'},
    {description: 'Where would the request go once these manifests are applied?', command: 'kubectl gw trace https://shop.example.com/cart -A -f new-route.yaml'},
  ]

  static override args = {
    url: Args.string({description: 'The request: SCHEME://HOST[:PORT][/PATH][?QUERY]', required: false, ignoreStdin: true}),
  }

  static override flags = {
    request: Flags.string({char: 'X', description: 'HTTP method (default GET; gRPC is always POST)', helpValue: 'METHOD'}),
    header: Flags.string({char: 'H', description: "Request header 'Name: value' (repeatable)", helpValue: 'HEADER', multiple: true}),
    gateway: Flags.string({description: 'Trace on this Gateway only ([NAMESPACE/]NAME; namespace defaults to -n)', helpValue: '[NS/]NAME'}),
    local: Flags.boolean({description: 'With -f: trace over the files alone, without contacting a cluster'}),
  }

  async run(): Promise<void> {
    const parsed = await this.parseShared()
    const flags = parsed.flags
    const own = parsed.flags as unknown as {request?: string; header?: string[]; gateway?: string; local: boolean}
    const output = flags.output ?? 'text'
    if (!FORMATS.includes(output)) throw new UserError(`error: unable to match a printer suitable for the output format "${escapeControl(output)}", allowed formats are: ${FORMATS.join(',')}`)
    if (parsed.args.length !== 1) throw new UserError(`error: trace takes exactly one URL. See '${this.commandLine()} -h' for help and examples`)
    const req = parseTraceRequest({url: parsed.args[0], method: own.request, headers: own.header})
    const scope = this.scope(flags)
    const selector = parseUserSelector(scope.selector)
    if (own.local && !scope.files) throw new UserError('error: --local needs -f: there is nothing to trace without a cluster')
    const requests = traceRequests(req.scheme)
    // Like analyze: -f lays the files over the cluster in memory ("where would this request go once I
    // apply these?"); --local traces over the files alone.
    const files = scope.files ? await loadSnapshot({files: scope.files, connection: scope.connection, requests, defaultNamespace: scope.namespace}) : undefined
    const cluster = !files || !own.local ? await loadSnapshot({connection: scope.connection, requests, defaultNamespace: scope.namespace}) : undefined
    for (const s of [cluster, files]) if (s) this.printWarnings(s)
    const snapshot = files && cluster ? overlay(cluster, files).after : (files ?? cluster)!
    snapshot.errors.push(...(files && cluster ? [...cluster.errors, ...files.errors] : []))
    const all = snapshot.list<Gateway>(GATEWAY_GROUP, 'Gateway')
    let candidates: Gateway[]
    if (own.gateway !== undefined) {
      const [ns, name] = own.gateway.includes('/') ? own.gateway.split('/', 2) : [scope.namespace, own.gateway]
      const gw = all.find((g) => nsOf(g) === ns && nameOf(g) === name)
      if (!gw) {
        this.printErrors(snapshot)
        throw new UserError(`Error from server (NotFound): gateways.gateway.networking.k8s.io "${escapeControl(name)}" not found in namespace "${escapeControl(ns)}"`)
      }
      candidates = [gw]
    } else {
      candidates = all.filter((g) => (scope.allNamespaces || nsOf(g) === scope.namespace) && (selector.length === 0 || matches(selector, g.metadata.labels)))
      if (candidates.length === 0) {
        this.err(scope.allNamespaces ? 'No resources found' : `No resources found in ${escapeControl(scope.namespace)} namespace.`)
        if (this.printErrors(snapshot)) this.exit(1)
        return
      }
    }
    // The graph is computed for the Gateways traced and the routes that can bear on the answer only.
    const {analysis, gateways} = analyzeForTrace(snapshot, req, {candidates, named: own.gateway !== undefined})
    const key = (g: Gateway) => `${addressedBy(g, req.host) ? 0 : 1}${nsOf(g)}/${nameOf(g)}`
    gateways.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0))
    const report = traceRequest(analysis, req, {gateways})
    if (output === 'json') this.out(toJson(report))
    else if (output === 'yaml') this.out(toYaml(report))
    else if (output === 'dot') this.out(renderTraceDot(report))
    else if (output === 'mermaid') this.out(renderTraceMermaid(report))
    else if (output === 'svg') this.out(await dotToSvg(renderTraceDot(report)))
    else this.out(renderTrace(report))
    if (this.printErrors(snapshot)) this.exit(1)
  }
}
