// One resource type's table as `kubectl get` prints it: NAMESPACE first with -A, NAME (prefixed with
// `kind.group/` when several types print), the type's columns (wide ones only with -o wide), LABELS
// last with --show-labels.

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
  if (opts.showLabels) columns.push({header: 'LABELS', value: (o) => formatLabels(metadata(o).labels)})
  const rows = objects.map((o) => columns.map((c) => safeCell(c, o, ctx)))
  return renderTable(
    columns.map((c) => c.header),
    rows,
    {noHeaders: opts.noHeaders},
  )
}

// A column function that trips over a malformed object must not take the whole table down.
function safeCell(column: Column, obj: K8sObject, ctx: ColumnContext): string {
  try {
    return column.value(obj, ctx)
  } catch {
    return ''
  }
}
