// kubectl gw describe TYPE[,TYPE...] [NAME...]: each object with what a conformant controller would
// compute for it (attachment verdicts and why, listeners, backends, grants, policies) next to what
// the cluster reported.

import {Args, Flags} from '@oclif/core'
import {analyze} from '../src/analysis.js'
import {describeEntry} from '../src/describe/entries.js'
import {EventIndex, readEvent} from '../src/describe/events.js'
import {describeText} from '../src/describe/text.js'
import type {K8sObject} from '../src/model/types.js'
import {loadSnapshot} from '../src/load.js'
import {escapeControl} from '../src/printers/escape.js'
import {COMMAND_OUTPUT_FORMATS, parseOutputFormat} from '../src/printers/output.js'
import {toJson, toYaml} from '../src/printers/serialize.js'
import {UserError, type ConnectionOptions} from '../src/sources/request.js'
import {GwCommand} from '../cli/base.js'
import {checkGetArgs, collectGet, emptyMessage, planGet} from '../cli/get-plan.js'
import {graphRequests} from '../cli/graph-plan.js'
import {parseResourceArgs} from '../cli/resource-args.js'

export default class Describe extends GwCommand {
  static override description = `Show the details of Gateway API resources, with the status a conformant implementation would compute.

For routes: every parentRef with its verdict (attached to which listeners, or the reason code and what to change), each selected listener's verdict on kind, namespace and hostname, how each backendRef resolved and which ReferenceGrant permitted it. For Gateways and ListenerSets: listeners with supported kinds, attached and rejected routes, computed against reported attachedRoutes. Also GatewayClasses, Namespaces, Services, ReferenceGrants and policies. Every object shows its directly attached, inherited and effective policies, and where the reported status disagrees with the computed one or is stale.

From a cluster, each object ends with its Events as in kubectl describe (type, reason, age, from, message; newest last), read with one list request per kind; --show-events=false leaves them out.

-o json|yaml prints one entry per object: kind, apiVersion, namespace, name, computedStatus (exactly the shape of the kind's .status), reportedStatus, statusComparison, effectivePolicies, and events (from a cluster).`

  static override usage = 'describe TYPE[,TYPE...] [NAME...] | TYPE/NAME... [flags]'

  static override examples = [
    {description: 'Why is each route in the example cluster attached or not?', command: 'kubectl gw describe httproutes -A -f examples/'},
    {description: 'One Gateway: listeners, attached and rejected routes', command: 'kubectl gw describe gateway edge -n infra'},
    {description: 'Computed status as JSON, for scripts', command: 'kubectl gw describe routes -A -o json'},
  ]

  static override strict = false

  static override flags = {
    'show-events': Flags.boolean({
      description: 'If true, display events related to the described object (from a cluster; --show-events=false turns them off)',
      default: true,
      allowNo: true,
    }),
  }

  static override args = {
    type: Args.string({description: 'Resource type(s), comma-separated, or TYPE/NAME', required: false, ignoreStdin: true}),
    name: Args.string({description: 'Names of objects to describe (all when omitted)', required: false, ignoreStdin: true}),
  }

  async run(): Promise<void> {
    const {flags, args} = await this.parseShared()
    const format = parseOutputFormat(flags.output, COMMAND_OUTPUT_FORMATS.describe)
    if (args.length === 0) throw new UserError(`error: You must specify the type of resource to describe. See '${this.commandLine()} -h' for help and examples`)
    const selections = parseResourceArgs(args, this.config?.bin ?? 'kubectl gw')
    const scope = this.scope(flags)
    const getScope = {namespace: scope.namespace, allNamespaces: scope.allNamespaces, selector: scope.selector}
    checkGetArgs(selections, getScope)
    const plan = planGet(selections, getScope)
    const snapshot = await loadSnapshot({
      files: scope.files,
      connection: scope.connection,
      requests: graphRequests(plan.requests),
      defaultNamespace: scope.namespace,
    })
    this.printWarnings(snapshot)
    const result = collectGet(snapshot, plan)
    const objects = result.groups.flatMap((g) => g.objects)
    const analysis = analyze(snapshot)
    const showEvents = (flags as unknown as {'show-events': boolean})['show-events']
    const events = !scope.files && showEvents && objects.length > 0 ? await this.events(scope.connection, objects) : undefined
    const eventsOf = (o: K8sObject) => events?.eventsOf(o)
    if (format === 'json' || format === 'yaml') {
      const entries = objects.map((o) => describeEntry(analysis, o, eventsOf(o)))
      this.out(format === 'json' ? toJson(entries) : toYaml(entries))
    } else if (objects.length > 0) {
      // Made one object at a time as it is written: 20,000 routes are tens of megabytes of text.
      this.outPieces(
        (function* () {
          for (const [i, o] of objects.entries()) yield (i === 0 ? '' : '\n\n\n') + describeText(analysis, o, eventsOf(o))
          yield '\n'
        })(),
      )
    } else if (result.notFound.length === 0 && snapshot.errors.length === 0) {
      this.err(escapeControl(emptyMessage(plan, snapshot)))
    }
    for (const line of result.notFound) this.err(line)
    const failed = this.printErrors(snapshot)
    if (failed || result.notFound.length > 0) this.exit(1)
  }

  /** The described objects' events: one list per kind (sources/events.ts); unreadable ones are a warning. */
  private async events(connection: ConnectionOptions, objects: K8sObject[]): Promise<EventIndex | undefined> {
    const {planEvents, readEvents} = await import('../src/sources/events.js')
    const read = await readEvents(connection, planEvents(objects))
    if ('warning' in read) {
      this.err(escapeControl(`Warning: ${read.warning}`))
      return undefined
    }
    return new EventIndex(read.lists.flatMap((l) => l.items.flatMap((item) => readEvent(item, l.api) ?? [])))
  }
}
