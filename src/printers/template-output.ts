// The `-o` forms that carry a template: jsonpath=, jsonpath-file=, jsonpath-as-json=, custom-columns=
// and custom-columns-file=, parsed once before anything is read, and their output. As in kubectl, a
// JSONPath template sees the object itself when one object was asked for by name, otherwise a List.

import {readFileSync} from 'node:fs'
import type {K8sObject} from '../model/types.js'
import {UserError} from '../sources/request.js'
import {parseCustomColumns, parseCustomColumnsFile, renderCustomColumns, type CustomColumn} from './custom-columns.js'
import {escapeControl} from './escape.js'
import {JsonPathError, parseTemplate, type Template} from './jsonpath.js'
import {printTemplate} from './jsonpath-print.js'
import {listOf} from './output.js'

export const TEMPLATE_FORMATS = ['jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file'] as const
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number]

export type TemplateOutput = {kind: 'jsonpath'; template: Template; asJson: boolean} | {kind: 'custom-columns'; columns: CustomColumn[]}

/** Go's wording for the usual file errors (`open x: no such file or directory`). */
function fileProblem(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const why: Record<string, string> = {ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'is a directory'}
  return code && why[code] ? `open ${path}: ${why[code]}` : `${path}: ${(err as Error).message}`
}

function readTemplateFile(path: string, read: (path: string) => string): string {
  try {
    return read(path)
  } catch (e) {
    throw new UserError(`error: error reading --template ${escapeControl(path)}, ${escapeControl(fileProblem(path, e))}`)
  }
}

function jsonpathTemplate(text: string): Template {
  try {
    return parseTemplate(text)
  } catch (e) {
    if (e instanceof JsonPathError) throw new UserError(`error: error parsing jsonpath ${escapeControl(text)}, ${escapeControl(e.message)}`)
    throw e
  }
}

/**
 * Parses `-o` when it is one of the template forms; undefined for any other value. A form without its
 * template, an unreadable file or a template that does not parse is a UserError in kubectl's words.
 */
export function parseTemplateOutput(value: string | undefined, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): TemplateOutput | undefined {
  if (value === undefined) return undefined
  const eq = value.indexOf('=')
  const name = eq < 0 ? value : value.slice(0, eq)
  if (!(TEMPLATE_FORMATS as readonly string[]).includes(name)) return undefined
  const arg = eq < 0 ? '' : value.slice(eq + 1)
  const format = name as TemplateFormat
  if (format === 'custom-columns') return {kind: 'custom-columns', columns: parseCustomColumns(arg)}
  if (arg === '') throw new UserError('error: template format specified but no template given')
  if (format === 'custom-columns-file') return {kind: 'custom-columns', columns: parseCustomColumnsFile(readTemplateFile(arg, read))}
  const text = format === 'jsonpath-file' ? readTemplateFile(arg, read) : arg
  return {kind: 'jsonpath', template: jsonpathTemplate(text), asJson: format === 'jsonpath-as-json'}
}

/**
 * The output of a template form for the objects of a get. `single` is kubectl's "single item implied"
 * (the template sees the object, not a List). Missing keys print nothing, as `kubectl get` defaults
 * to --allow-missing-template-keys.
 */
export function renderTemplateOutput(out: TemplateOutput, objects: K8sObject[], opts: {single?: boolean; noHeaders?: boolean} = {}): string {
  if (out.kind === 'custom-columns') return renderCustomColumns(out.columns, objects, {noHeaders: opts.noHeaders})
  const data = opts.single && objects.length === 1 ? objects[0] : listOf(objects)
  try {
    return printTemplate(out.template, data, {allowMissingKeys: true, asJson: out.asJson})
  } catch (e) {
    if (e instanceof JsonPathError) {
      throw new UserError(`error: error executing jsonpath ${JSON.stringify(escapeControl(out.template.source))}: Error executing template: ${escapeControl(e.message)}.`)
    }
    throw e
  }
}
