// One resource type's table as `kubectl get` prints it: NAMESPACE first with -A, NAME (prefixed with
// `kind.group/` when several types print), the type's columns (wide ones only with -o wide), LABELS
// last with --show-labels; before it, one column per -L label key.

import type {K8sObject} from '../model/types.js'
import {columnsFor, type Column, type ColumnContext} from './columns/index.js'
import type {ResourceType} from '../model/resources.js'
import {metadata, nameOf, namespaceOf} from './fields.js'
import {qualifiedName} from './names.js'
import {formatLabels, renderTable} from './table.js'

export interface ResourceTableOptions {
  /** A NAMESPACE column first (kubectl: -A, namespaced types only). */
  namespaceColumn?: boolean
  wide?: boolean
  showLabels?: boolean
  /** kubectl -L: label keys shown as columns, headed by the key's last `/` segment upper-cased. */
  labelColumns?: readonly string[]
  noHeaders?: boolean
  /** NAME as `kind.group/name`, as kubectl does when several types are printed. */
  withKind?: boolean
}

export function renderResourceTable(type: ResourceType, objects: K8sObject[], ctx: ColumnContext, opts: ResourceTableOptions = {}): string {
  const tc = columnsFor(type, ctx)
  const pick = (cols: Column[]): Column[] => cols.filter((c) => opts.wide || !c.wide)
  const columns: Column[] = []
  if (opts.namespaceColumn) columns.push({header: 'NAMESPACE', value: (o) => namespaceOf(o)})
  columns.push(...pick(tc.before))
  // qualifiedName is already escaped; escaping it again is harmless (its output has no controls).
  columns.push({header: 'NAME', value: (o) => (opts.withKind ? qualifiedName(o) : nameOf(o))})
  columns.push(...pick(tc.after))
  const blank = new Set<number>()
  for (const key of opts.labelColumns ?? []) {
    // kubectl prints nothing, not <none>, for an object without the label.
    blank.add(columns.length)
    columns.push({header: labelHeader(key), value: (o) => labelValue(metadata(o).labels, key)})
  }
  if (opts.showLabels) columns.push({header: 'LABELS', value: (o) => formatLabels(metadata(o).labels)})
  const rows = objects.map((o) => columns.map((c) => safeCell(c, o, ctx)))
  return renderTable(
    columns.map((c) => c.header),
    rows,
    {noHeaders: opts.noHeaders, keepEmpty: blank},
  )
}

/** `app.kubernetes.io/name` -> `NAME`, as kubectl heads -L columns. */
export function labelHeader(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).toUpperCase()
}

function labelValue(labels: unknown, key: string): string {
  if (typeof labels !== 'object' || labels === null || !Object.hasOwn(labels, key)) return ''
  const v = (labels as Record<string, unknown>)[key]
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''
}

// A column function that trips over a malformed object must not take the whole table down.
function safeCell(column: Column, obj: K8sObject, ctx: ColumnContext): string {
  try {
    return column.value(obj, ctx)
  } catch {
    return ''
  }
}
