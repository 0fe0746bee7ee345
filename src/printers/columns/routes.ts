// Routes of every kind share one layout, so `get routes` can print them in one table with a KIND
// column.

import {conditionStatus, isRecord, list, namespaceOf, shortKind, spec, status, text, unique} from '../fields.js'
import {AGE, formatParentRef} from './common.js'
import type {Column, ColumnContext, TypeColumns} from './types.js'
import type {K8sObject} from '../../model/types.js'

/** `N/M`: N parent entries reported Accepted=True out of M parentRefs; '' without reported status. */
export function acceptedParents(route: K8sObject): string {
  const parents = list(status(route).parents)
  if (parents.length === 0) return ''
  const accepted = parents.filter((p) => isRecord(p) && conditionStatus(p.conditions, 'Accepted') === 'True').length
  return `${accepted}/${list(spec(route).parentRefs).length}`
}

/** `ns/name:port` per backendRef of every rule, in order, without repeats. */
export function backendsOf(route: K8sObject): string[] {
  const own = namespaceOf(route)
  const out: string[] = []
  for (const rule of list(spec(route).rules)) {
    if (!isRecord(rule)) continue
    for (const ref of list(rule.backendRefs)) {
      if (!isRecord(ref)) continue
      const name = text(ref.name)
      if (!name) continue
      const group = text(ref.group)
      const kind = text(ref.kind) || 'Service'
      const prefix = group === '' && kind === 'Service' ? '' : `${shortKind(group, kind)}/`
      const port = text(ref.port)
      out.push(`${prefix}${text(ref.namespace) || own}/${name}${port ? `:${port}` : ''}`)
    }
  }
  return unique(out)
}

export function routeColumns(opts: {kindColumn: boolean}, ctx?: ColumnContext): TypeColumns {
  const before: Column[] = opts.kindColumn ? [{header: 'KIND', value: (o) => text(o.kind)}] : []
  return {
    before,
    after: [
      {header: 'HOSTNAMES', value: (o) => unique(list(spec(o).hostnames).map(text)).join(',')},
      {
        header: 'PARENTS',
        value: (o) => unique(list(spec(o).parentRefs).map((r) => formatParentRef(r, namespaceOf(o)))).join(','),
      },
      {header: 'ACCEPTED', value: acceptedParents},
      AGE,
      {header: 'BACKENDS', wide: true, value: (o) => backendsOf(o).join(',')},
      ...(ctx?.routeAttached ? [{header: 'ATTACHED', wide: true, value: (o: K8sObject) => ctx.routeAttached!(o) ?? ''}] : []),
    ],
  }
}
