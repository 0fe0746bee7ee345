// The whole output of a `get`: one table per type (separated by a blank line, as kubectl separates
// resource groups), or all objects together for -o json|yaml|name.

import type {ResourceType} from '../model/resources.js'
import type {K8sObject} from '../model/types.js'
import type {ColumnContext} from './columns/index.js'
import {formatObjects, type OutputFormat} from './output.js'
import {renderResourceTable} from './resource-table.js'

export interface ListingGroup {
  type: ResourceType
  objects: K8sObject[]
}

export interface ListingOptions {
  format: OutputFormat
  allNamespaces?: boolean
  showLabels?: boolean
  labelColumns?: readonly string[]
  noHeaders?: boolean
  /** kubectl's "single item implied": one type and one name; json/yaml print the bare object. */
  single?: boolean
}

/** Types whose one table holds several kinds and so carries a KIND column instead of prefixed names. */
function isGrouping(type: ResourceType): boolean {
  return type.expandsTo !== undefined || (type.dynamic !== undefined && type.policyKind === undefined)
}

export function renderListing(groups: ListingGroup[], ctx: ColumnContext, opts: ListingOptions): string {
  if (opts.format === 'json' || opts.format === 'yaml' || opts.format === 'name') {
    return formatObjects(
      groups.flatMap((g) => g.objects),
      opts.format,
      opts.single,
    )
  }
  const shown = groups.filter((g) => g.objects.length > 0)
  // kubectl prefixes names with their kind once more than one kind is printed.
  const withKind = shown.length > 1
  const tables = shown.map((g) =>
    renderResourceTable(g.type, g.objects, ctx, {
      namespaceColumn: opts.allNamespaces === true && g.type.namespaced,
      wide: opts.format === 'wide',
      showLabels: opts.showLabels,
      labelColumns: opts.labelColumns,
      noHeaders: opts.noHeaders,
      withKind: withKind && !isGrouping(g.type),
    }),
  )
  // The blank line separates header blocks; without headers kubectl prints the tables back to back.
  return tables.join(opts.noHeaders ? '' : '\n')
}
