// GatewayClasses, Gateways and ListenerSets. Status columns show what controllers reported
// (conditions as written in .status), not what kubectl-gw computes.

import type {Gateway} from '../../model/types.js'
import {conditionStatus, isRecord, list, namespaceOf, spec, status, text, unique} from '../fields.js'
import {AGE, formatParentRef} from './common.js'
import type {Column, ColumnContext, TypeColumns} from './types.js'

function listenerNames(listeners: unknown): string {
  return unique(list(listeners).map((l) => (isRecord(l) ? text(l.name) : ''))).join(',')
}

export function gatewayClassColumns(): TypeColumns {
  return {
    before: [],
    after: [
      {header: 'CONTROLLER', value: (o) => text(spec(o).controllerName)},
      {header: 'ACCEPTED', value: (o) => conditionStatus(status(o).conditions, 'Accepted')},
      AGE,
      {
        header: 'GATEWAYS',
        wide: true,
        value: (o, ctx) => (ctx.gatewaysPerClass ? String(ctx.gatewaysPerClass.get(text(o.metadata?.name)) ?? 0) : ''),
      },
      {header: 'DESCRIPTION', wide: true, value: (o) => text(spec(o).description)},
    ],
  }
}

export function gatewayColumns(ctx: ColumnContext): TypeColumns {
  const after: Column[] = [
    {header: 'CLASS', value: (o) => text(spec(o).gatewayClassName)},
    {
      header: 'ADDRESSES',
      value: (o) => unique(list(status(o).addresses).map((a) => (isRecord(a) ? text(a.value) : ''))).join(','),
    },
    // Two listeners on one port (HTTPS with different hostnames) are one port to the reader.
    {header: 'PORTS', value: (o) => unique(list(spec(o).listeners).map((l) => (isRecord(l) ? text(l.port) : ''))).join(',')},
    {header: 'PROGRAMMED', value: (o) => conditionStatus(status(o).conditions, 'Programmed')},
    AGE,
    {header: 'LISTENERS', wide: true, value: (o) => listenerNames(spec(o).listeners)},
  ]
  const attached = ctx.attachedRoutes
  if (attached) {
    after.push({
      header: 'ATTACHED ROUTES',
      wide: true,
      value: (o) => attached(o as Gateway) ?? '',
    })
  }
  return {before: [], after}
}

export function listenerSetColumns(): TypeColumns {
  return {
    before: [],
    after: [
      {header: 'PARENT', value: (o) => formatParentRef(spec(o).parentRef, namespaceOf(o))},
      {header: 'LISTENERS', value: (o) => listenerNames(spec(o).listeners)},
      {header: 'ACCEPTED', value: (o) => conditionStatus(status(o).conditions, 'Accepted')},
      AGE,
    ],
  }
}
