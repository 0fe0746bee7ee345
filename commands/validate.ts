// kubectl gw validate: the schema and CEL-rule part of analyze alone. Would the API server accept
// these manifests? Checked before `kubectl apply`, every error at once.

import {Flags} from '@oclif/core'
import {SEVERITY_RANK, type Severity} from '../src/analyze/findings.js'
import {countLine, renderFindings} from '../src/analyze/render.js'
import {loadSnapshot} from '../src/load.js'
import {COMMAND_OUTPUT_FORMATS, parseOutputFormat} from '../src/printers/output.js'
import {toJson, toYaml} from '../src/printers/serialize.js'
import {UserError} from '../src/sources/request.js'
import {isCrd} from '../src/validate/registry.js'
import {summaryLines} from '../src/validate/report.js'
import type {SchemaChannel} from '../src/validate/bundle.js'
import {GwCommand} from '../cli/base.js'
import {crdRequests, crdsFlag, schemaChannelFlag, storedObjectRequests, validateInput} from '../cli/validation.js'
import {FINDINGS_EXIT_CODE} from './analyze.js'

export default class Validate extends GwCommand {
  static override description = `Validate manifests against their CRDs' OpenAPI schemas and x-kubernetes-validations (CEL) rules, as the API server would on kubectl apply: types, required fields, enums, patterns, formats, lengths and item counts, list uniqueness, defaults (applied before the rules, as the server does), unknown fields (pruned by the server: a warning), and every CEL rule with the CRD's own message.

Schemas come from, in order: CRDs in the -f input, the cluster's installed CRDs (unless --local), --crds PATH, then for Gateway API kinds none of those has, the Gateway API release's own CRDs bundled with kubectl-gw (--schema-channel picks standard or experimental). A cluster whose CRDs were read is never contradicted: a kind it lacks is not validated. An object the bundled release does not serve is reported (NotInBundledSchemas): it may come from a newer release.

With a cluster, an object that already exists is validated as an update, as the server would: transition rules (oldSelf) run, and errors in parts left as stored are not reported (validation ratcheting).

Exit codes: 0 no findings at or above --fail-on; ${FINDINGS_EXIT_CODE} findings at or above --fail-on; 1 operational error (bad input, no schemas, unreachable cluster). Finding codes are listed in docs/findings.md.`

  static override examples = [
    {description: 'Would the API server accept these manifests? (no cluster; CRDs from a directory)', command: 'kubectl gw validate --local -f manifests/ --crds gateway-api-crds/'},
    {description: "Against the cluster's installed CRDs", command: 'kubectl gw validate -f route.yaml'},
    {description: 'No cluster, no CRDs: the bundled Gateway API schemas (experimental channel)', command: 'kubectl gw validate --local -f manifests/ --schema-channel experimental'},
  ]

  static override flags = {
    local: Flags.boolean({description: "Do not contact a cluster (its installed CRDs are then not used)"}),
    crds: crdsFlag,
    'schema-channel': schemaChannelFlag,
    'fail-on': Flags.string({description: 'Exit with a distinct code when findings of this severity or worse exist', options: ['error', 'warning', 'info', 'none'], default: 'error'}),
  }

  async run(): Promise<void> {
    const parsed = await this.parseShared()
    const flags = parsed.flags
    const own = parsed.flags as unknown as {local: boolean; 'fail-on': Severity | 'none'; crds?: string[]; 'schema-channel': SchemaChannel}
    const format = parseOutputFormat(flags.output, COMMAND_OUTPUT_FORMATS.validate)
    const scope = this.scope(flags)
    if (!scope.files) throw new UserError('error: validate needs -f: the files to validate')
    const files = await loadSnapshot({files: scope.files, connection: scope.connection, requests: [], defaultNamespace: scope.namespace})
    this.printWarnings(files)
    let cluster
    let stored
    if (!own.local) {
      cluster = await loadSnapshot({connection: scope.connection, requests: crdRequests(), defaultNamespace: scope.namespace})
      this.printWarnings(cluster)
      // Then the stored objects: one that exists is validated as an update (transition rules, ratcheting).
      const requests = storedObjectRequests(files, cluster.objects.filter(isCrd))
      if (requests.length > 0) {
        stored = await loadSnapshot({connection: scope.connection, requests, defaultNamespace: scope.namespace})
        this.printWarnings(stored)
      }
    }
    const validation = await validateInput(files, {crds: own.crds, channel: own['schema-channel'], cluster, stored, defaultNamespace: scope.namespace})
    const findings = validation.findings
    const note = summaryLines(validation.summary, false)
    // Nothing validated for want of schemas is not "no problems": said, and exit 1.
    const notRun = validation.summary.schemas.length === 0 && validation.summary.notValidatedObjects > 0
    if (format === 'json' || format === 'yaml') this.out((format === 'json' ? toJson : toYaml)({findings, validation: validation.summary}))
    else if (notRun && findings.length === 0) this.out(`${note.join('\n')}\n`)
    else this.out((renderFindings(findings, {color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined}) || 'No problems found.\n') + (findings.length ? `\n${countLine(findings)}\n` : '') + `\n${note.join('\n')}\n`)
    for (const e of validation.errors) this.err(e)
    const failed = [files, cluster, stored].some((s) => s && this.printErrors(s)) || validation.errors.length > 0
    if (failed) this.exit(1)
    const missing = validation.summary.notValidatedKinds
    if (missing.length > 0) {
      this.err(`error: no schemas for ${missing.join(', ')}: ${notRun ? 'validation not run' : 'those objects were not validated'}; give the CRDs with --crds PATH, in the -f input, or through a cluster`)
      this.exit(1)
    }
    const threshold = own['fail-on']
    if (threshold !== 'none' && findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold])) this.exit(FINDINGS_EXIT_CODE)
  }
}
