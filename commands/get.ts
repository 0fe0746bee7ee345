// kubectl gw get TYPE[,TYPE...] [NAME...] | TYPE/NAME...: list Gateway API resources like kubectl get.

import {Args, Flags} from '@oclif/core'
import {RESOURCE_TYPES} from '../src/model/resources.js'
import {loadSnapshot} from '../src/load.js'
import {escapeControl} from '../src/printers/escape.js'
import {columnContext} from '../src/printers/columns/index.js'
import {renderListing} from '../src/printers/listing.js'
import {COMMAND_OUTPUT_FORMATS, isGraphFormat, parseOutputFormat} from '../src/printers/output.js'
import {parseSortBy, sortBy, type SortKey} from '../src/printers/sort-by.js'
import {parseTemplateOutput, renderTemplateOutput, TEMPLATE_FORMATS} from '../src/printers/template-output.js'
import type {K8sObject} from '../src/model/types.js'
import {computeAttachments} from '../src/graph/index.js'
import type {Snapshot} from '../src/model/snapshot.js'
import type {Route} from '../src/model/types.js'
import {buildTopology} from '../src/topology/build.js'
import {renderDot} from '../src/topology/dot.js'
import {renderMermaid} from '../src/topology/mermaid.js'
import {withPolicies} from '../src/topology/policies.js'
import {dotToSvg} from '../src/printers/svg.js'
import {analyze} from '../src/analysis.js'
import {graphRequests} from '../cli/graph-plan.js'
import {UserError} from '../src/sources/request.js'
import {GwCommand} from '../cli/base.js'
import {checkGetArgs, collectGet, emptyMessage, isSingleItem, planGet} from '../cli/get-plan.js'
import {parseResourceArgs} from '../cli/resource-args.js'

function typeList(separator: string): string {
  return RESOURCE_TYPES.map((t) => `${t.name}${t.shortNames.length > 0 ? ` (${t.shortNames.join(', ')})` : ''}`).join(separator)
}

/** Column context with the attachment engine's counts (ATTACHED ROUTES per listener, route ATTACHED N/M). */
function computedColumns(snapshot: Snapshot) {
  // Only the attachment graph: the policy engine has nothing to add to these columns.
  const graph = computeAttachments(snapshot)
  return columnContext(snapshot, {
    attachedRoutes: (gw) => {
      const ga = graph.gateways.get(gw)
      return ga?.listeners.map((l) => `${l.name}=${l.attachedRoutes.length}`).join(',')
    },
    routeAttached: (route) => {
      const ra = graph.routes.get(route as Route)
      if (!ra) return undefined
      return `${ra.parents.filter((p) => p.accepted?.status === 'True').length}/${ra.parents.length}`
    },
  })
}

/**
 * --sort-by as kubectl applies it: each table is sorted on its own (one with a single row is left
 * alone); json, yaml, name and the template forms print one List, sorted as a whole.
 */
function sortGroups<G extends {objects: K8sObject[]}>(groups: G[], key: SortKey, tables: boolean): G[] {
  if (tables) return groups.map((g) => (g.objects.length > 1 ? {...g, objects: sortBy(g.objects, key, (o) => o)} : g))
  const all = groups.flatMap((g) => g.objects)
  if (all.length === 0 || groups.length === 0) return groups
  return [{...groups[0], objects: sortBy(all, key, (o) => o)}]
}

export default class Get extends GwCommand {
  static override description = `Display one or many Gateway API resources.

Objects come from the current cluster or, with -f, from manifest files (no cluster is contacted).

Status columns (ACCEPTED, PROGRAMMED) show what controllers reported in .status. Route PARENTS are written name[:section] for a Gateway in the route's namespace and Kind/namespace/name[:section] otherwise; ACCEPTED is N/M: N parents reported Accepted out of M parentRefs.

Resource types (short names in parentheses; singular forms, kinds and TYPE.GROUP also work): ${typeList(', ')}.`

  static override usage = 'get TYPE[.GROUP][,TYPE...] [NAME...] | TYPE/NAME... [flags]'

  static override examples = [
    {description: 'List Gateways in every namespace', command: 'kubectl gw get gateways -A'},
    {description: 'List HTTPRoutes and GRPCRoutes labelled app=web in prod', command: 'kubectl gw get httproutes,grpcroutes -n prod -l app=web'},
    {description: 'Print one Gateway as YAML', command: 'kubectl gw get gtw/web -o yaml'},
    {description: 'List every kind of route found in a directory of manifests', command: 'kubectl gw get routes -A -f examples/'},
    {description: 'Names and listener ports of every Gateway, sorted by name', command: "kubectl gw get gateways -A --sort-by=.metadata.name -o custom-columns='NAME:.metadata.name,PORTS:.spec.listeners[*].port'"},
    {description: 'One line per HTTPRoute with its hostnames (kubectl JSONPath)', command: `kubectl gw get httproutes -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.hostnames}{"\\n"}{end}'`},
    {description: 'The app and tier labels as columns, kube-system left out with a field selector', command: 'kubectl gw get routes -A -L app,tier --field-selector metadata.namespace!=kube-system'},
    {description: 'Draw the attachment graph around the Gateways of infra (Graphviz)', command: 'kubectl gw get gateways -n infra -o dot | dot -Tsvg > gateways.svg'},
    {description: 'The same as a Mermaid flowchart', command: 'kubectl gw get routes -A -o mermaid'},
    {description: 'The graph as SVG, without a Graphviz installation', command: 'kubectl gw get gateways -n infra -o svg > gateways.svg'},
  ]

  static override strict = false

  static override flags = {
    'sort-by': Flags.string({
      description: "Sort by a JSONPath expression, as kubectl does: '.metadata.name', '{.spec.listeners[0].port}' (numbers numerically, quantities by size, other strings byte-wise)",
      helpValue: 'EXPR',
    }),
    'label-columns': Flags.string({
      char: 'L',
      description: "Labels to show as columns (comma-separated or repeated), headed by the key's last / segment upper-cased: -L app,tier",
      helpValue: 'KEY',
      multiple: true,
      delimiter: ',',
      multipleNonGreedy: true,
    }),
    'field-selector': Flags.string({
      description: "Field selector, sent to the server and applied to files: 'metadata.name=web', 'metadata.namespace!=kube-system' (=, ==, !=; comma-separated)",
      helpValue: 'SELECTOR',
    }),
  }

  static override args = {
    // ignoreStdin: oclif would otherwise read a missing argument from piped input, eating `-f -`.
    type: Args.string({description: 'Resource type(s), comma-separated, or TYPE/NAME', required: false, ignoreStdin: true}),
    name: Args.string({description: 'Names of objects to show (all when omitted)', required: false, ignoreStdin: true}),
  }

  async run(): Promise<void> {
    const {flags: shared, args} = await this.parseShared()
    const flags = shared as typeof shared & {'sort-by'?: string; 'label-columns'?: string[]; 'field-selector'?: string}
    const template = parseTemplateOutput(flags.output)
    const format = template ? 'template' : parseOutputFormat(flags.output, COMMAND_OUTPUT_FORMATS.get, [...COMMAND_OUTPUT_FORMATS.get, ...TEMPLATE_FORMATS])
    const sortKey = flags['sort-by'] ? parseSortBy(flags['sort-by']) : undefined
    if (args.length === 0) {
      throw new UserError(
        [
          `You must specify the type of resource to get. Valid resource types are:`,
          ...typeList('\n').split('\n').map((t) => `  * ${t}`),
          '',
          'error: Required resource not specified.',
          `See '${this.commandLine()} -h' for help and examples`,
        ].join('\n'),
      )
    }
    const selections = parseResourceArgs(args, this.config?.bin ?? 'kubectl gw')
    const scope = this.scope(flags)
    const getScope = {
      namespace: scope.namespace,
      allNamespaces: scope.allNamespaces,
      selector: scope.selector,
      fieldSelector: flags['field-selector'],
      wide: format === 'wide',
    }
    checkGetArgs(selections, getScope)
    const plan = planGet(selections, getScope)
    const graph = format !== 'template' && isGraphFormat(format)
    // -o wide shows computed attachment for Gateways and routes, which needs the whole graph.
    const computed = format === 'wide' && plan.groups.some((g) => g.type.name === 'gateways' || g.type.name.endsWith('routes'))
    const snapshot = await loadSnapshot({
      files: scope.files,
      connection: scope.connection,
      // The graph around an object spans namespaces: read everything, show the selection.
      requests: graph || computed ? graphRequests(plan.requests) : plan.requests,
      defaultNamespace: scope.namespace,
    })
    this.printWarnings(snapshot)

    const result = collectGet(snapshot, plan)
    if (graph) {
      const selected = result.groups.flatMap((g) => g.objects)
      // The policy engine only for graphs: policies are drawn on the objects they attach to.
      const a = analyze(snapshot)
      const topology = withPolicies(buildTopology(a.graph, selected), a.policies)
      if (selected.length > 0) this.out(format === 'mermaid' ? renderMermaid(topology) : format === 'svg' ? await dotToSvg(renderDot(topology)) : renderDot(topology))
      else if (result.notFound.length === 0 && snapshot.errors.length === 0) this.err(escapeControl(emptyMessage(plan, snapshot)))
      for (const line of result.notFound) this.err(line)
      if (this.printErrors(snapshot) || result.notFound.length > 0) this.exit(1)
      return
    }
    const single = isSingleItem(plan)
    const total = result.groups.reduce((n, g) => n + g.objects.length, 0)
    const structured = format === 'json' || format === 'yaml' || format === 'template'
    const tables = format === 'table' || format === 'wide'
    // One object asked for by name is printed as itself, with nothing to sort (kubectl sorts lists only).
    const groups = sortKey && !single ? sortGroups(result.groups, sortKey, tables) : result.groups
    // A missing single object prints nothing, not an empty List (kubectl returns the error alone).
    if (single && total === 0 && structured) {
      // nothing
    } else if (template) {
      this.out(renderTemplateOutput(template, groups.flatMap((g) => g.objects), {single, noHeaders: flags['no-headers']}))
    } else if (format !== 'template') {
      this.out(
        renderListing(groups, computed ? computedColumns(snapshot) : columnContext(snapshot), {
          format,
          allNamespaces: scope.allNamespaces,
          showLabels: flags['show-labels'],
          labelColumns: flags['label-columns']?.filter((k) => k !== ''),
          noHeaders: flags['no-headers'],
          single,
        }),
      )
    }
    if (total === 0 && result.notFound.length === 0 && snapshot.errors.length === 0 && (format === 'table' || format === 'wide')) {
      this.err(escapeControl(emptyMessage(plan, snapshot)))
    }
    for (const line of result.notFound) this.err(line)
    const failed = this.printErrors(snapshot)
    if (failed || result.notFound.length > 0) this.exit(1)
  }
}
