// kubectl gw analyze: every problem in a cluster (or in files), and with -f, what applying the files
// would introduce and fix.

import {Flags} from '@oclif/core'
import {analyze} from '../src/analysis.js'
import {collectFindings, SEVERITY_RANK, type Finding, type Severity} from '../src/analyze/findings.js'
import {countLine, renderFindings, renderWhatIf} from '../src/analyze/render.js'
import {whatIf} from '../src/analyze/whatif.js'
import {loadSnapshot} from '../src/load.js'
import {Snapshot} from '../src/model/snapshot.js'
import type {K8sObject} from '../src/model/types.js'
import {COMMAND_OUTPUT_FORMATS, parseOutputFormat} from '../src/printers/output.js'
import {toJson, toYaml} from '../src/printers/serialize.js'
import {matches} from '../src/selectors/labels.js'
import {UserError} from '../src/sources/request.js'
import {GwCommand} from '../cli/base.js'
import {graphRequests} from '../cli/graph-plan.js'
import {crdRequests, crdsFlag, validateInput} from '../cli/validation.js'
import {summaryLines} from '../src/validate/report.js'
import {parseUserSelector} from '../cli/get-plan.js'

/** Exit code when findings at or above --fail-on exist; 1 stays for operational errors. */
export const FINDINGS_EXIT_CODE = 3

export default class Analyze extends GwCommand {
  static override description = `Report every problem the engines know: routes not attached (per parentRef, with the reason and the fix), unresolved backends, missing GatewayClasses, Gateways, Services, Secrets and parameters, cross-namespace references without a ReferenceGrant, unused ReferenceGrants, listener conflicts and invalid route kinds, policies with missing targets or in conflict, reported status that disagrees with the computed one or is stale, GatewayClasses no controller accepted, older API versions, and routes that overlap on one listener.

With -f, the files are laid over the cluster in memory (nothing is written) and the report says which issues the change introduces, fixes and leaves. --local analyzes the files alone (lint mode: no cluster, plain findings).

Exit codes: 0 no findings at or above --fail-on; ${FINDINGS_EXIT_CODE} findings at or above --fail-on (with -f against a cluster: introduced ones); 1 operational error (bad input, unreachable cluster). Finding codes are listed in docs/findings.md.`

  static override examples = [
    {description: 'What is wrong in the cluster?', command: 'kubectl gw analyze -A'},
    {description: 'What would applying these manifests break or fix?', command: 'kubectl gw analyze -f manifests/'},
    {description: 'Lint files in CI without a cluster; fail on warnings too', command: 'kubectl gw analyze --local -f examples/ --fail-on warning'},
  ]

  static override flags = {
    local: Flags.boolean({description: 'With -f: analyze the files alone, without contacting a cluster'}),
    crds: crdsFlag,
    'fail-on': Flags.string({description: 'Exit with a distinct code when findings of this severity or worse exist', options: ['error', 'warning', 'info', 'none'], default: 'error'}),
  }

  async run(): Promise<void> {
    // parseShared parses this command's own flags too (this.ctor is Analyze).
    const parsed = await this.parseShared()
    const flags = parsed.flags
    const own = parsed.flags as unknown as {local: boolean; 'fail-on': Severity | 'none'; crds?: string[]}
    const format = parseOutputFormat(flags.output, COMMAND_OUTPUT_FORMATS.analyze)
    if (own.local && !flags.filename?.length) throw new UserError('error: --local needs -f: there is nothing to analyze without a cluster')
    const scope = this.scope(flags)
    const selector = parseUserSelector(scope.selector)
    const inScope = (f: Finding, byKey: (f: Finding) => K8sObject | undefined) => {
      if (!scope.allNamespaces && f.object.namespace !== undefined && f.object.namespace !== scope.namespace) return false
      return selector.length === 0 || matches(selector, byKey(f)?.metadata.labels)
    }
    const requests = graphRequests([])
    const files = scope.files ? await loadSnapshot({files: scope.files, connection: scope.connection, requests, defaultNamespace: scope.namespace}) : undefined
    // What-if also reads the cluster's CRDs: the input is validated against what the server enforces.
    const clusterRequests = files ? [...requests, ...crdRequests()] : requests
    const cluster = !files || !own.local ? await loadSnapshot({connection: scope.connection, requests: clusterRequests, defaultNamespace: scope.namespace}) : new Snapshot('files')
    for (const s of [cluster, files]) if (s) this.printWarnings(s)
    // -f input is validated against its CRDs' schemas first (src/validate); refused objects stay out of the what-if graph.
    const validation = files && (await validateInput(files, {crds: own.crds, cluster: own.local ? undefined : cluster, defaultNamespace: scope.namespace}))
    const checked = validation ? {validation: validation.summary} : {}
    const note = validation ? `\n${summaryLines(validation.summary, !own.local).join('\n')}\n` : ''
    // Labels of the object a finding is about, for -l: one index per snapshot, not a scan per finding.
    const index = (s: Snapshot) => new Map(s.objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]))
    const lookup = (s: Snapshot) => {
      const byKey = index(s)
      return (f: Finding) => byKey.get(`${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`)
    }

    let failing: Finding[]
    if (files && !own.local) {
      const report = whatIf(cluster, validation!.accepted)
      report.introduced.unshift(...validation!.findings)
      const inFiles = lookup(files)
      const inCluster = lookup(cluster)
      const keep = (list: Finding[]) => list.filter((f) => inScope(f, (x) => inFiles(x) ?? inCluster(x)))
      const shown = {...report, introduced: keep(report.introduced), fixed: keep(report.fixed), unchanged: keep(report.unchanged)}
      if (format === 'json' || format === 'yaml') this.out((format === 'json' ? toJson : toYaml)({...shown, ...checked}))
      else this.out(renderWhatIf(shown, {color: this.color()}) + note)
      failing = shown.introduced
    } else {
      // --local lints the files alone; otherwise the cluster as it is.
      const subject = files ?? cluster
      const inSubject = lookup(subject)
      const findings = [...(validation?.findings ?? []), ...collectFindings(analyze(subject))].filter((f) => inScope(f, inSubject))
      if (format === 'json' || format === 'yaml') this.out((format === 'json' ? toJson : toYaml)({findings, ...checked}))
      else this.out((renderFindings(findings, {color: this.color()}) || 'No problems found.\n') + (findings.length ? `\n${countLine(findings)}\n` : '') + note)
      failing = findings
    }
    for (const e of validation?.errors ?? []) this.err(e)
    const failed = [files, cluster].some((s) => s && this.printErrors(s)) || (validation?.errors.length ?? 0) > 0
    if (failed) this.exit(1)
    const threshold = own['fail-on']
    if (threshold !== 'none' && failing.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold])) this.exit(FINDINGS_EXIT_CODE)
  }

  private color(): boolean {
    return process.stdout.isTTY === true && process.env.NO_COLOR === undefined
  }
}
