// Validation of every object of a snapshot whose kind has a known CRD, as findings: SchemaViolation
// and ValidationRuleFailed (errors: the server would refuse the object), UnknownField (a warning: the
// server drops the field and accepts the object) and ValidationRuleNotChecked (once per rule the
// evaluator cannot compile). Each message starts with where the object was read.

import type {Finding, FindingObject} from '../analyze/findings.js'
import {objectKey, type Snapshot} from '../model/snapshot.js'
import type {K8sObject} from '../model/types.js'
import {versionOf} from '../model/resources.js'
import {formatPlace} from '../sources/messages.js'
import type {KindSchemas, SchemaRegistry} from './registry.js'
import {schemaHasPath} from './bundle.js'
import type {JSONSchemaProps} from './schema.js'
import {NOT_CHECKED_BECAUSE_INVALID, validateValue, type Violation} from './validate.js'

export const VALIDATION_CODES = ['SchemaViolation', 'ValidationRuleFailed', 'UnknownField', 'ValidationRuleNotChecked', 'RulesNotEvaluated', 'NotInBundledSchemas'] as const

export interface ObjectValidation {
  object: K8sObject
  violations: Violation[]
  defaulted: string[]
}

export interface SnapshotValidation {
  findings: Finding[]
  /** Objects the server would refuse (objectKey): in what-if mode they take no part in the graph. */
  rejected: Set<string>
  /** Objects validated, and those of kinds without a CRD (not validated). */
  validated: number
  notValidated: number
  defaults: number
  /** Objects validated as updates of the stored version (transition rules run, unchanged parts ratcheted). */
  updates: number
  results: ObjectValidation[]
}

const objOf = (o: K8sObject): FindingObject => ({kind: o.kind, ...(o.metadata.namespace ? {namespace: o.metadata.namespace} : {}), name: o.metadata.name})

/**
 * The line of a field of an object read from a file (`<root>` for the object itself): see
 * locate.ts. Undefined when it cannot be found (standard input, a JSON stream).
 */
export type LocateField = (file: string, document: number, path: string) => number | undefined

/**
 * Where the object came from, as compilers print it: `examples/route.yaml:14: ` at the field's line
 * (or the enclosing object's, for a field that is missing), else `examples/route.yaml (document 2): `.
 */
function placeOf(snapshot: Snapshot, o: K8sObject, path: string, locate?: LocateField): string {
  const origin = snapshot.origin(o)
  if (origin?.file === undefined) return ''
  const line = locate && origin.document !== undefined ? locate(origin.file, origin.document, path) : undefined
  return line !== undefined ? `${origin.file}:${line}: ` : `${formatPlace({file: origin.file, document: origin.document})}: `
}

/**
 * Validates the snapshot's objects against the registry's schemas. `old` gives the stored version of
 * an object (what-if against a cluster) so that transition rules run as on an update.
 */
export function validateSnapshot(
  snapshot: Snapshot,
  registry: SchemaRegistry,
  old?: (o: K8sObject) => K8sObject | undefined,
  locate?: LocateField,
): SnapshotValidation {
  const out: SnapshotValidation = {findings: [], rejected: new Set(), validated: 0, notValidated: 0, defaults: 0, updates: 0, results: []}
  const reportedRules = new Set<string>()
  for (const o of snapshot.objects) {
    const found = registry.lookup(o)
    // Objects that pass, nearly all of them, are never located.
    const place = (path = '<root>') => placeOf(snapshot, o, path, locate)
    if (!found || (!found.found && !found.proven)) {
      out.notValidated++
      // Not in the bundled release: said, since the object may be of a newer one (not refused).
      if (found) out.findings.push({code: 'NotInBundledSchemas', severity: 'warning', object: objOf(o), subject: o.apiVersion, message: `${place('apiVersion')}${found.reason}.`, hint: found.hint ?? ''})
      continue
    }
    out.validated++
    if (!found.found) {
      out.rejected.add(objectKey(o))
      out.findings.push({
        code: 'SchemaViolation',
        severity: 'error',
        object: objOf(o),
        subject: 'apiVersion',
        message: `${place('apiVersion')}${found.reason}: the API server would refuse the object.`,
        hint: `Use a served version of ${o.kind}, or install the Gateway API release that serves ${o.apiVersion}.`,
      })
      continue
    }
    const previous = old?.(o)
    if (previous) out.updates++
    const result = validateValue(o, found.schema, {skipRootFields: found.skipRootFields, ...(previous ? {old: previous} : {})})
    out.results.push({object: o, violations: result.violations, defaulted: result.defaulted})
    out.defaults += result.defaulted.length
    const experimental = found.from.origin === 'bundle' ? experimentalSchema(found.from, o) : undefined
    for (const v of result.violations) {
      if (v.message.endsWith(NOT_CHECKED_BECAUSE_INVALID)) {
        out.findings.push({
          code: 'RulesNotEvaluated',
          severity: 'info',
          object: objOf(o),
          message: `${place()}the CRD's CEL rules were not evaluated: the API server checks them only once the schema errors above are fixed.`,
          hint: 'Fix the schema errors, then validate again to see the rules this object breaks.',
        })
        continue
      }
      const rule = v.source === 'rule'
      if (v.source !== 'unknown') out.rejected.add(objectKey(o))
      out.findings.push({
        code: rule ? 'ValidationRuleFailed' : v.source === 'unknown' ? 'UnknownField' : 'SchemaViolation',
        severity: v.source === 'unknown' ? 'warning' : 'error',
        object: objOf(o),
        subject: rule ? `${v.path} ${v.rule}` : v.message,
        message:
          v.source === 'unknown'
            ? `${place(v.path)}${v.message}: the API server drops it.`
            : `${place(v.path)}${v.message}`,
        hint:
          v.source === 'unknown'
            ? experimental && schemaHasPath(experimental, v.path)
              ? `The field is in the experimental channel of ${found.from.bundleVersion}, not in its ${found.from.channel} channel: pass --schema-channel experimental if the cluster runs the experimental channel; otherwise the server prunes it.`
              : 'Remove the field or fix its spelling; the server prunes fields its schema does not define.'
            : rule
              ? 'Change the object to satisfy the CRD rule named in the message; kubectl apply would refuse it.'
              : 'Fix the field named in the message to match the CRD schema; kubectl apply would refuse the object.',
      })
    }
    for (const u of result.unchecked) {
      if (reportedRules.has(u.rule)) continue
      reportedRules.add(u.rule)
      out.findings.push({
        code: 'ValidationRuleNotChecked',
        severity: 'warning',
        object: objOf(o),
        subject: u.rule,
        message: `${place()}CEL rule not checked (${u.reason}): ${u.rule.trim()}`,
        hint: 'Check this rule by applying the object with kubectl apply --dry-run=server.',
      })
    }
  }
  return out
}

/** The experimental channel's schema of the object's version, when the bundle's standard channel validated it. */
function experimentalSchema(from: KindSchemas, o: K8sObject): JSONSchemaProps | undefined {
  const v = from.experimental?.spec.versions.find((x) => x.name === versionOf(o.apiVersion))
  return v?.schema?.openAPIV3Schema as JSONSchemaProps | undefined
}
