// Which columns each `get` type prints (by ResourceType.name).

import type {ResourceType} from '../../model/resources.js'
import {genericColumns, namespaceColumns, referenceGrantColumns, serviceColumns} from './core.js'
import {gatewayClassColumns, gatewayColumns, listenerSetColumns} from './gateways.js'
import {policyColumns, policyCrdColumns} from './policies.js'
import {routeColumns} from './routes.js'
import type {ColumnContext, TypeColumns} from './types.js'

export type {Column, ColumnContext, TypeColumns} from './types.js'
export {columnContext} from './types.js'

const ROUTE_TYPES: ReadonlySet<string> = new Set(['httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'udproutes'])
const POLICY_TYPES: ReadonlySet<string> = new Set(['backendtlspolicies', 'backendlbpolicies', 'xbackendtrafficpolicies'])

/**
 * The columns of a type's table. The groupings (`routes`, `policies`) hold several kinds and so
 * get a KIND column; a single kind's table does not.
 */
export function columnsFor(type: ResourceType, ctx: ColumnContext): TypeColumns {
  const name = type.name
  if (name === 'routes') return routeColumns({kindColumn: true}, ctx)
  if (ROUTE_TYPES.has(name)) return routeColumns({kindColumn: false}, ctx)
  if (type.policyKind !== undefined) return policyColumns({kindColumn: false, values: true})
  if (name === 'policies') return policyColumns({kindColumn: true})
  if (POLICY_TYPES.has(name)) return policyColumns({kindColumn: false})
  switch (name) {
    case 'gatewayclasses':
      return gatewayClassColumns()
    case 'gateways':
      return gatewayColumns(ctx)
    case 'listenersets':
      return listenerSetColumns()
    case 'referencegrants':
      return referenceGrantColumns()
    case 'namespaces':
      return namespaceColumns()
    case 'services':
      return serviceColumns()
    case 'policycrds':
      return policyCrdColumns()
    default:
      return genericColumns()
  }
}
