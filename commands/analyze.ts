// kubectl gw analyze: every problem in a cluster (or in files), and with -f, what applying the files
// would introduce and fix.

import {Flags} from '@oclif/core'
import {analyze} from '../src/analysis.js'
import {collectFindings, SEVERITY_RANK, type Finding, type Severity} from '../src/analyze/findings.js'
import {renderReport, renderWhatIf} from '../src/analyze/render.js'
import {analyzedObjects, changeScope, filterFindings, IGNORE_ANNOTATION, missingInputs, namespaceMismatch, objectLookup, parseIgnore, scopeText, type AnalyzeScope} from '../src/analyze/report.js'
import {whatIf} from '../src/analyze/whatif.js'
import {loadSnapshot} from '../src/load.js'
import {Snapshot} from '../src/model/snapshot.js'
import {COMMAND_OUTPUT_FORMATS, parseOutputFormat} from '../src/printers/output.js'
import {toJson, toYaml} from '../src/printers/serialize.js'
import {UserError} from '../src/sources/request.js'
import {GwCommand} from '../cli/base.js'
import {graphRequests} from '../cli/graph-plan.js'
import {crdRequests, crdsFlag, schemaChannelFlag, validateInput} from '../cli/validation.js'
import {summaryLines} from '../src/validate/report.js'
import type {SchemaChannel} from '../src/validate/bundle.js'
import {parseUserSelector} from '../cli/get-plan.js'
import {parseExpiryWindow} from '../cli/expiry-window.js'

/** Exit code when findings at or above --fail-on exist; 1 stays for operational errors. */
export const FINDINGS_EXIT_CODE = 3

export default class Analyze extends GwCommand {
  static override description = `Report every problem the engines know: routes not attached (per parentRef, with the reason and the fix), unresolved backends, missing GatewayClasses, Gateways, Services, Secrets and parameters, cross-namespace references without a ReferenceGrant, unused ReferenceGrants, listener conflicts and invalid route kinds, policies with missing targets or in conflict, reported status that disagrees with the computed one or is stale, GatewayClasses no controller accepted, older API versions, and routes that overlap on one listener.

With -f, the files are laid over the cluster in memory (nothing is written) and the report says which issues the change introduces, fixes and leaves. Without -n/-A its scope is what the change touches: introduced and fixed issues wherever they are (a ReferenceGrant in one namespace fixes a route in another), unchanged ones in the files' namespaces. --local analyzes the files alone (lint mode: no cluster, plain findings), all of them unless -n narrows it; a GatewayClass the files lack is reported once and assumed accepted, so listeners and routes are still checked. With -n, an object in the files that names another namespace is an error, as in kubectl apply.

The report says what it analyzed, and when some input could not be read it says the analysis is incomplete and what it lacks. --ignore CODE,... (or the annotation ${IGNORE_ANNOTATION}: CODE,... on an object) suppresses accepted findings; they are counted, not shown.

Exit codes: 0 no findings at or above --fail-on; ${FINDINGS_EXIT_CODE} findings at or above --fail-on (with -f against a cluster: introduced ones); 1 operational error (bad input, unreachable cluster). Finding codes are listed in docs/findings.md.`

  static override examples = [
    {description: 'What is wrong in the cluster?', command: 'kubectl gw analyze -A'},
    {description: 'What would applying these manifests break or fix?', command: 'kubectl gw analyze -f manifests/'},
    {description: 'Lint files in CI without a cluster; fail on warnings too', command: 'kubectl gw analyze --local -f examples/ --fail-on warning'},
    {description: 'Lint, accepting unused ReferenceGrants', command: 'kubectl gw analyze --local -f manifests/ --ignore ReferenceGrantUnused'},
  ]

  static override flags = {
    local: Flags.boolean({description: 'With -f: analyze the files alone, without contacting a cluster'}),
    'cert-expiry-window': Flags.string({description: 'Report certificates that expire within this time as CertificateExpiresSoon: a number of days, or a number with d, h or m', default: '21d'}),
    ignore: Flags.string({
      description: `Finding codes to suppress, comma-separated (also per object: annotation ${IGNORE_ANNOTATION}: CODE,...); suppressed findings are counted, not shown, and never fail the run`,
      helpValue: 'CODE[,CODE]',
      multiple: true,
    }),
    crds: crdsFlag,
    'schema-channel': schemaChannelFlag,
    'fail-on': Flags.string({description: 'Exit with a distinct code when findings of this severity or worse exist', options: ['error', 'warning', 'info', 'none'], default: 'error'}),
  }

  async run(): Promise<void> {
    // parseShared parses this command's own flags too (this.ctor is Analyze).
    const parsed = await this.parseShared()
    const flags = parsed.flags
    const own = parsed.flags as unknown as {local: boolean; 'fail-on': Severity | 'none'; ignore?: string[]; 'cert-expiry-window': string; crds?: string[]; 'schema-channel': SchemaChannel}
    const findingOptions = {expiryWindowMs: parseExpiryWindow(own['cert-expiry-window'])}
    const format = parseOutputFormat(flags.output, COMMAND_OUTPUT_FORMATS.analyze)
    if (own.local && !flags.filename?.length) throw new UserError('error: --local needs -f: there is nothing to analyze without a cluster')
    const scope = this.scope(flags)
    const selector = parseUserSelector(scope.selector)
    const ignore = parseIgnore(own.ignore)
    const requests = graphRequests([])
    const files = scope.files ? await loadSnapshot({files: scope.files, connection: scope.connection, requests, defaultNamespace: scope.namespace}) : undefined
    // kubectl apply refuses files whose objects name another namespace than an explicit -n.
    const mismatch = files && scope.namespaceGiven && !scope.allNamespaces ? namespaceMismatch(files, scope.namespace) : undefined
    if (mismatch) throw new UserError(mismatch)
    // What-if also reads the cluster's CRDs: the input is validated against what the server enforces.
    const clusterRequests = files ? [...requests, ...crdRequests()] : requests
    const cluster = !files || !own.local ? await loadSnapshot({connection: scope.connection, requests: clusterRequests, defaultNamespace: scope.namespace}) : new Snapshot('files')
    for (const s of [cluster, files]) if (s) this.printWarnings(s)
    const incomplete = missingInputs(files, cluster)
    // -f input is validated against its CRDs' schemas first (src/validate); refused objects stay out of the what-if graph.
    const validation = files && (await validateInput(files, {crds: own.crds, channel: own['schema-channel'], cluster: own.local ? undefined : cluster, defaultNamespace: scope.namespace}))
    const checked = validation ? {validation: validation.summary} : {}
    const note = validation ? `\n${summaryLines(validation.summary, !own.local).join('\n')}\n` : ''

    let failing: Finding[]
    if (files && validation && !own.local) {
      const report = whatIf(cluster, validation.accepted, findingOptions)
      report.introduced.unshift(...validation.findings)
      // Without -n/-A the scope is what the change touches (report.ts).
      const where: AnalyzeScope = scope.allNamespaces ? {kind: 'all'} : scope.namespaceGiven ? {kind: 'namespace', namespace: scope.namespace} : changeScope(files)
      const objectOf = objectLookup(files, cluster)
      const pick = (list: Finding[], changed: boolean) => filterFindings(list, {scope: where, changed, selector, ignore, objectOf})
      const introduced = pick(report.introduced, true)
      const fixed = pick(report.fixed, true)
      const unchanged = pick(report.unchanged, false)
      const suppressed = {introduced: introduced.suppressed, fixed: fixed.suppressed, unchanged: unchanged.suppressed}
      const shown = {...report, introduced: introduced.shown, fixed: fixed.shown, unchanged: unchanged.shown}
      const changedWhere = scopeText(where.kind === 'change' ? {kind: 'all'} : where)
      if (format === 'json' || format === 'yaml') {
        this.out((format === 'json' ? toJson : toYaml)({...shown, suppressed, scope: {introducedAndFixed: changedWhere, unchanged: scopeText(where)}, incomplete, ...checked}))
      } else {
        const count = introduced.suppressed.length + fixed.suppressed.length + unchanged.suppressed.length
        this.out(renderWhatIf(shown, {color: this.color()}, {where: scopeText(where), changedWhere, incomplete, suppressed: count}) + note)
      }
      failing = shown.introduced
    } else {
      // --local lints the files alone (everything in them unless -n narrows it); otherwise the cluster as it is.
      const subject = files ?? cluster
      const where: AnalyzeScope = scope.allNamespaces || (files && !scope.namespaceGiven) ? {kind: 'all'} : {kind: 'namespace', namespace: scope.namespace}
      const all = [...(validation?.findings ?? []), ...collectFindings(analyze(subject), findingOptions)]
      const {shown, suppressed} = filterFindings(all, {scope: where, selector, ignore, objectOf: objectLookup(subject)})
      const analyzed = analyzedObjects(subject, where, selector)
      if (format === 'json' || format === 'yaml') {
        this.out((format === 'json' ? toJson : toYaml)({findings: shown, suppressed, analyzed: {objects: analyzed, scope: scopeText(where)}, incomplete, ...checked}))
      } else {
        this.out(renderReport(shown, {analyzed, where: scopeText(where), incomplete, suppressed: suppressed.length}, {color: this.color()}) + note)
      }
      failing = shown
    }
    for (const e of validation ? validation.errors : []) this.err(e)
    // Both sources' errors are printed, not just the first one's.
    const failed = [files, cluster].filter((s) => s && this.printErrors(s)).length > 0 || (validation ? validation.errors.length > 0 : false)
    if (failed) this.exit(1)
    const threshold = own['fail-on']
    if (threshold !== 'none' && failing.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold])) this.exit(FINDINGS_EXIT_CODE)
  }

  private color(): boolean {
    return process.stdout.isTTY === true && process.env.NO_COLOR === undefined
  }
}
