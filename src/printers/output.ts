// `-o` formats and the non-table outputs: kubectl's List wrapping for json/yaml and `-o name`.

import type {K8sObject} from '../model/types.js'
import {UserError} from '../sources/request.js'
import {escapeControl} from './escape.js'
import {qualifiedName} from './names.js'
import {toJson, toYaml} from './serialize.js'

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml' | 'name' | 'dot' | 'graph' | 'mermaid' | 'svg'

// In the order completion offers them; error messages sort them.
const FORMATS: readonly OutputFormat[] = ['wide', 'json', 'yaml', 'name', 'dot', 'graph', 'mermaid', 'svg']

/** The `-o` values each command accepts: what the command validates and what completion offers. */
export const COMMAND_OUTPUT_FORMATS: Readonly<Record<'get' | 'describe' | 'analyze' | 'trace' | 'validate' | 'version', readonly OutputFormat[]>> = {
  get: FORMATS,
  describe: ['json', 'yaml'],
  analyze: ['json', 'yaml'],
  // trace also takes `text`, its default (commands/trace.ts).
  trace: ['json', 'yaml', 'dot', 'mermaid', 'svg'],
  version: ['json', 'yaml'],
  validate: ['json', 'yaml'],
}

/** Formats that draw the attachment graph around the selected objects instead of listing them. */
export function isGraphFormat(f: OutputFormat): f is 'dot' | 'graph' | 'mermaid' | 'svg' {
  return f === 'dot' || f === 'graph' || f === 'mermaid' || f === 'svg'
}

/**
 * Parses `-o`; an unknown format gets kubectl's message, listing `listed` (what this command supports,
 * template forms included) or else `allowed`.
 */
export function parseOutputFormat(value: string | undefined, allowed: readonly string[] = FORMATS, listed: readonly string[] = allowed): OutputFormat {
  if (value === undefined || value === '') return 'table'
  if (allowed.includes(value)) return value as OutputFormat
  throw new UserError(
    `error: unable to match a printer suitable for the output format "${escapeControl(value)}", allowed formats are: ${[...listed].sort().join(',')}`,
  )
}

/** kubectl's wrapper around several objects (also around none). */
export function listOf(objects: K8sObject[]): Record<string, unknown> {
  return {apiVersion: 'v1', items: objects, kind: 'List', metadata: {resourceVersion: ''}}
}

/**
 * `-o json|yaml|name` of a result. `single` is kubectl's "single item implied" (one type and one
 * name were asked for): the object prints by itself rather than in a List.
 */
export function formatObjects(objects: K8sObject[], format: 'json' | 'yaml' | 'name', single = false): string {
  if (format === 'name') return objects.map((o) => `${qualifiedName(o)}\n`).join('')
  const value = single && objects.length === 1 ? objects[0] : listOf(objects)
  return format === 'json' ? toJson(value) : toYaml(value)
}
