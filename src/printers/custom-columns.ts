// kubectl's `-o custom-columns=HEADER:EXPR,...` and `-o custom-columns-file=FILE`: one table row per
// object, each cell the values the column's JSONPath finds, joined with commas, `<none>` when it finds
// nothing. Headers print as written.

import type {K8sObject} from '../model/types.js'
import {UserError} from '../sources/request.js'
import {escapeControl} from './escape.js'
import {findResults, JsonPathError, parseTemplate, relaxedExpression, type Template} from './jsonpath.js'
import {goValue} from './jsonpath-print.js'
import {NONE, renderTable} from './table.js'

export interface CustomColumn {
  header: string
  /** The expression as kubectl normalises it: `{.metadata.name}`. */
  expression: string
  template: Template
}

function column(header: string, spec: string): CustomColumn {
  try {
    const expression = relaxedExpression(spec)
    return {header, expression, template: parseTemplate(expression)}
  } catch (e) {
    if (e instanceof JsonPathError) throw new UserError(`error: error parsing jsonpath ${escapeControl(spec)}, ${escapeControl(e.message)}`)
    throw e
  }
}

/** `NAME:.metadata.name,PORTS:.spec.listeners[*].port`. */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec === '') throw new UserError('error: custom-columns format specified but no custom columns given')
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':')
    if (colon < 0) throw new UserError(`error: unexpected custom-columns spec: ${escapeControl(part)}, expected <header>:<json-path-expr>`)
    return column(part.slice(0, colon), part.slice(colon + 1))
  })
}

const FILE_FORMAT = 'Expected format is one line of space separated headers, one line of space separated column specs.'

/** A custom-columns file: a line of headers, then a line of expressions, separated by whitespace. */
export function parseCustomColumnsFile(text: string): CustomColumn[] {
  const lines = text.split(/\r?\n/)
  if (lines.length < 1 || (lines.length === 1 && lines[0] === '')) throw new UserError(`error: invalid template, missing header line. ${FILE_FORMAT}`)
  if (lines.length < 2) throw new UserError(`error: invalid template, missing spec line. ${FILE_FORMAT}`)
  const words = (line: string) => line.split(/\s+/).filter((w) => w !== '')
  const headers = words(lines[0])
  const specs = words(lines[1])
  if (headers.length !== specs.length) {
    throw new UserError(`error: number of headers (${headers.length}) and field specifications (${specs.length}) don't match`)
  }
  return headers.map((h, i) => column(h, specs[i]))
}

/** One cell: every value found, as Go's %v, comma-joined; `<none>` when nothing is found. */
export function customCell(col: CustomColumn, obj: unknown): string {
  let results: unknown[][]
  try {
    results = findResults(col.template, obj, {allowMissingKeys: true})
  } catch (e) {
    if (e instanceof JsonPathError) throw new UserError(`error: ${escapeControl(e.message)}`)
    throw e
  }
  if (results.length === 0 || results[0].length === 0) return NONE
  return results.flatMap((values) => values.map(goValue)).join(',')
}

export function renderCustomColumns(columns: CustomColumn[], objects: K8sObject[], opts: {noHeaders?: boolean} = {}): string {
  const rows = objects.map((o) => columns.map((c) => customCell(c, o)))
  // Cells are final: an empty value stays empty (kubectl prints `<none>` only when nothing was found).
  return renderTable(
    columns.map((c) => escapeControl(c.header)),
    rows,
    {noHeaders: opts.noHeaders, keepEmpty: true},
  )
}
