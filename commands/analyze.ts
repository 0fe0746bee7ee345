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
import {parseUserSelector} from '../cli/get-plan.js'

const UNIT_MS: Record<string, number> = {d: 86_400_000, h: 3_600_000, m: 60_000}

/** `21d`, `72h`, `90m` or a plain number of days, in milliseconds. */
export function parseExpiryWindow(v: string): number {
  const m = /^(\d+)([dhm]?)$/.exec(v.trim())
  if (!m) throw new UserError(`error: invalid value ${JSON.stringify(v)} for --cert-expiry-window: use a number of days, or a number with d, h or m (e.g. 21d, 72h)`)
  return Number(m[1]) * UNIT_MS[m[2] || 'd']
}

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
    'cert-expiry-window': Flags.string({description: 'Report certificates that expire within this time as CertificateExpiresSoon: a number of days, or a number with d, h or m', default: '21d'}),
    'fail-on': Flags.string({description: 'Exit with a distinct code when findings of this severity or worse exist', options: ['error', 'warning', 'info', 'none'], default: 'error'}),
  }

  async run(): Promise<void> {
    // parseShared parses this command's own flags too (this.ctor is Analyze).
    const parsed = await this.parseShared()
    const flags = parsed.flags
    const own = parsed.flags as unknown as {local: boolean; 'fail-on': Severity | 'none'; 'cert-expiry-window': string}
    const findingOptions = {expiryWindowMs: parseExpiryWindow(own['cert-expiry-window'])}
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
    const cluster = !files || !own.local ? await loadSnapshot({connection: scope.connection, requests, defaultNamespace: scope.namespace}) : new Snapshot('files')
    for (const s of [cluster, files]) if (s) this.printWarnings(s)
    // Labels of the object a finding is about, for -l: one index per snapshot, not a scan per finding.
    const index = (s: Snapshot) => new Map(s.objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]))
    const lookup = (s: Snapshot) => {
      const byKey = index(s)
      return (f: Finding) => byKey.get(`${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`)
    }

    let failing: Finding[]
    if (files && !own.local) {
      const report = whatIf(cluster, files, findingOptions)
      const inFiles = lookup(files)
      const inCluster = lookup(cluster)
      const keep = (list: Finding[]) => list.filter((f) => inScope(f, (x) => inFiles(x) ?? inCluster(x)))
      const shown = {...report, introduced: keep(report.introduced), fixed: keep(report.fixed), unchanged: keep(report.unchanged)}
      if (format === 'json' || format === 'yaml') this.out((format === 'json' ? toJson : toYaml)(shown))
      else this.out(renderWhatIf(shown, {color: this.color()}))
      failing = shown.introduced
    } else {
      // --local lints the files alone; otherwise the cluster as it is.
      const subject = files ?? cluster
      const inSubject = lookup(subject)
      const findings = collectFindings(analyze(subject), findingOptions).filter((f) => inScope(f, inSubject))
      if (format === 'json' || format === 'yaml') this.out((format === 'json' ? toJson : toYaml)({findings}))
      else this.out((renderFindings(findings, {color: this.color()}) || 'No problems found.\n') + (findings.length ? `\n${countLine(findings)}\n` : ''))
      failing = findings
    }
    const failed = [files, cluster].some((s) => s && this.printErrors(s))
    if (failed) this.exit(1)
    const threshold = own['fail-on']
    if (threshold !== 'none' && failing.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold])) this.exit(FINDINGS_EXIT_CODE)
  }

  private color(): boolean {
    return process.stdout.isTTY === true && process.env.NO_COLOR === undefined
  }
}
