// Runs every public engine and printer entry point over one snapshot, the way the commands do, and
// collects what they print. The property tests then check the results.

import fc from 'fast-check'
import {analyze, type Analysis} from '../../src/analysis.js'
import {collectFindings, type Finding} from '../../src/analyze/findings.js'
import {renderFindings} from '../../src/analyze/render.js'
import {describeEntry, type DescribeEntry} from '../../src/describe/entries.js'
import {describeText} from '../../src/describe/text.js'
import {explainGateway, explainGatewayClass, explainGrant, explainListenerSet, explainRoute} from '../../src/graph/index.js'
import {groupOf, RESOURCE_TYPES, type ResourceType} from '../../src/model/resources.js'
import type {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject, Route} from '../../src/model/types.js'
import {describePolicyCrds} from '../../src/policy/crds.js'
import {policyReports} from '../../src/policy/engine.js'
import {columnContext, type ColumnContext} from '../../src/printers/columns/index.js'
import {renderListing} from '../../src/printers/listing.js'
import type {OutputFormat} from '../../src/printers/output.js'
import {buildTopology} from '../../src/topology/build.js'
import {renderDot} from '../../src/topology/dot.js'
import {renderMermaid} from '../../src/topology/mermaid.js'

// Every run uses the same seed unless FC_SEED says otherwise (a number, or `random`); a failure
// prints its seed and path, which FC_SEED and fast-check's `path` reproduce.
const seedEnv = process.env.FC_SEED
const seed = seedEnv === 'random' ? undefined : seedEnv !== undefined && seedEnv !== '' ? Number(seedEnv) : 20260301
fc.configureGlobal({numRuns: Number(process.env.FC_RUNS ?? 100), ...(seed !== undefined ? {seed} : {}), endOnFailure: false})

/** Column context with the attachment engine's counts, as `get -o wide` builds it. */
export function computedColumns(a: Analysis): ColumnContext {
  return columnContext(a.snapshot, {
    attachedRoutes: (gw) => a.graph.gateways.get(gw)?.listeners.map((l) => `${l.name}=${l.attachedRoutes.length}`).join(','),
    routeAttached: (route) => {
      const ra = a.graph.routes.get(route as Route)
      return ra ? `${ra.parents.filter((p) => p.accepted?.status === 'True').length}/${ra.parents.length}` : undefined
    },
  })
}

/** The objects `get TYPE -A` lists for a type (groupings by their members' kinds). */
export function objectsOfType(snapshot: Snapshot, type: ResourceType): K8sObject[] {
  if (type.dynamic === 'policies') return snapshot.policies()
  const names = new Set(type.expandsTo ?? [type.name])
  const refs = RESOURCE_TYPES.filter((t) => names.has(t.name)).flatMap((t) => t.refs)
  return snapshot.objects.filter((o) => refs.some((r) => r.group === groupOf(o.apiVersion) && r.kind === o.kind))
}

export const LISTING_FORMATS: OutputFormat[] = ['table', 'wide', 'json', 'yaml', 'name']

export interface Outputs {
  analysis: Analysis
  findings: Finding[]
  entries: DescribeEntry[]
  /** Human text per object (describe), per finding set (analyze), per type and format (get). */
  texts: {what: string; text: string}[]
  dot: string
  mermaid: string
  /** `get TYPE -A -o FORMAT` per type and format. */
  listings: {type: ResourceType; format: OutputFormat; objects: K8sObject[]; text: string}[]
}

export function runAll(snapshot: Snapshot): Outputs {
  const analysis = analyze(snapshot)
  const findings = collectFindings(analysis)
  const texts: Outputs['texts'] = []
  const entries = snapshot.objects.map((o) => describeEntry(analysis, o))
  for (const o of snapshot.objects) texts.push({what: `describe ${o.kind}`, text: describeText(analysis, o)})
  texts.push({what: 'analyze', text: renderFindings(findings, {color: false})})
  // Explanations are raw sentences (printers escape them); they only have to be strings.
  const sentences = [
    ...[...analysis.graph.routes.values()].flatMap(explainRoute),
    ...[...analysis.graph.gateways.values()].flatMap(explainGateway),
    ...[...analysis.graph.listenerSets.values()].flatMap(explainListenerSet),
    ...[...analysis.graph.gatewayClasses.values()].flatMap(explainGatewayClass),
    ...[...analysis.graph.referenceGrants.values()].flatMap(explainGrant),
  ]
  if (!sentences.every((s) => typeof s === 'string')) throw new Error('an explanation is not a string')
  policyReports(analysis.policies)
  describePolicyCrds(snapshot)

  const topology = buildTopology(analysis.graph)
  // One object's neighbourhood, as `get TYPE NAME -o dot` draws it.
  for (const o of snapshot.objects) buildTopology(analysis.graph, [o])
  const dot = renderDot(topology)
  const mermaid = renderMermaid(topology)

  const listings: Outputs['listings'] = []
  const ctx = computedColumns(analysis)
  const plain = columnContext(snapshot)
  for (const type of RESOURCE_TYPES) {
    const objects = objectsOfType(snapshot, type)
    if (objects.length === 0) continue
    for (const format of LISTING_FORMATS) {
      const text = renderListing([{type, objects}], format === 'wide' ? ctx : plain, {format, allNamespaces: true, showLabels: true})
      listings.push({type, format, objects, text})
    }
  }
  return {analysis, findings, entries, texts, dot, mermaid, listings}
}

/**
 * Characters a terminal acts on (C0 but newline, DEL, C1), bidi controls, line separators and unpaired
 * surrogates: what src/printers/escape.ts makes visible.
 */
export const RAW_CONTROL =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** The first raw control character in `s`, shown with some context, or undefined. */
export function rawControl(s: string): string | undefined {
  const m = RAW_CONTROL.exec(s)
  if (!m) return undefined
  return `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(s.slice(Math.max(0, m.index - 40), m.index + 40))}`
}
