// Schema validation for commands that read -f input (analyze, validate): gathers the schemas in the
// documented order (CRDs in the input, the cluster's installed CRDs, --crds files), validates the
// input's objects, and gives the snapshot without the objects the server would refuse, for what-if.

import {Flags} from '@oclif/core'
import type {Finding} from '../src/analyze/findings.js'
import {groupOf} from '../src/model/resources.js'
import {objectKey, Snapshot} from '../src/model/snapshot.js'
import type {K8sObject} from '../src/model/types.js'
import {CRD_REF} from '../src/sources/cluster-targets.js'
import type {ListRequest} from '../src/sources/request.js'
import {isCrd, SchemaRegistry} from '../src/validate/registry.js'
import {readFileSync} from 'node:fs'
import {STDIN_NAME} from '../src/sources/inputs.js'
import {YamlLocator} from '../src/validate/locate.js'
import {validateSnapshot, type LocateField} from '../src/validate/objects.js'
import {summarize, type ValidationSummary} from '../src/validate/report.js'

export const crdsFlag = Flags.string({
  description: 'CRD files or directories to validate against when neither the -f input nor the cluster has the CRD of a kind',
  helpValue: 'PATH',
  multiple: true,
  delimiter: ',',
  multipleNonGreedy: true,
})

/**
 * The cluster's CRDs, for validation against exactly what the server will enforce: one list of every
 * CRD (a kind in the input may be any custom resource, and Gateway API CRDs carry no common label).
 */
export function crdRequests(): ListRequest[] {
  const type = {name: 'customresourcedefinitions', singular: 'customresourcedefinition', shortNames: [], aliases: [], refs: [CRD_REF], namespaced: false}
  return [{type, namespace: undefined, explicit: false}]
}

export interface InputValidation {
  findings: Finding[]
  summary: ValidationSummary
  /** The input without the objects the server would refuse. */
  accepted: Snapshot
  /** Problems reading --crds files (printed as errors; the command exits 1). */
  errors: string[]
}

export interface ValidateInputOptions {
  /** --crds paths. */
  crds?: string[]
  /** The cluster snapshot: its CRDs, and the stored objects for transition rules. */
  cluster?: Snapshot
  defaultNamespace: string
}

export async function validateInput(files: Snapshot, opts: ValidateInputOptions): Promise<InputValidation> {
  const registry = new SchemaRegistry()
  registry.add(files.objects.filter(isCrd), 'input')
  if (opts.cluster) registry.add(opts.cluster.objects.filter(isCrd), 'cluster')
  const errors: string[] = []
  if (opts.crds && opts.crds.length > 0) {
    const {loadFromFiles} = await import('../src/sources/files.js')
    const extra = await loadFromFiles(opts.crds, {defaultNamespace: opts.defaultNamespace, workers: false})
    errors.push(...extra.errors)
    registry.add(extra.objects.filter(isCrd), 'crds')
  }
  const cluster = opts.cluster
  const old = cluster ? (o: K8sObject) => cluster.find(groupOf(o.apiVersion), o.kind, o.metadata.namespace, o.metadata.name) : undefined
  const result = validateSnapshot(files, registry, old, fileLocator())
  const accepted = new Snapshot(files.source, files.now)
  for (const o of files.objects) if (!result.rejected.has(objectKey(o))) accepted.add(o, files.origin(o))
  accepted.policyKinds.push(...files.policyKinds)
  for (const k of files.unreadable) accepted.unreadable.add(k)
  return {findings: result.findings, summary: summarize(files, registry, result), accepted, errors}
}

/**
 * Field lines from the files themselves, read again (once each) only when an object of theirs has a
 * finding. Standard input was consumed and is not located; a file that cannot be read again is not
 * either (the finding keeps its document number).
 */
function fileLocator(): LocateField {
  const parsed = new Map<string, YamlLocator | undefined>()
  return (file, document, path) => {
    if (file === STDIN_NAME) return undefined
    if (!parsed.has(file)) {
      let locator: YamlLocator | undefined
      try {
        locator = new YamlLocator(readFileSync(file, 'utf8'))
      } catch {
        locator = undefined
      }
      parsed.set(file, locator)
    }
    return parsed.get(file)?.line(document, path)
  }
}
