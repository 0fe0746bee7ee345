// The column model shared by every resource type's table. A column is a pure function from an object
// (plus what the whole snapshot knows, in ColumnContext) to the raw text of one cell; the table printer
// escapes it and shows `<none>` for ''.

import {kindKey, type Snapshot} from '../../model/snapshot.js'
import {GATEWAY_GROUP, type Gateway, type K8sObject} from '../../model/types.js'
import {policyKindsOf} from '../../policy/kinds.js'
import {text} from '../fields.js'

export interface ColumnContext {
  /** Reference time for AGE. */
  now: Date
  /** Policy type per policy kind (kindKey), for POLICY TYPE. */
  policyTypes: ReadonlyMap<string, 'Direct' | 'Inherited'>
  /** How many Gateways name each GatewayClass, for GATEWAYS; undefined when Gateways were unreadable. */
  gatewaysPerClass?: ReadonlyMap<string, number>
  /**
   * Routes attached to a Gateway, computed by the attachment engine. The ATTACHED ROUTES column is
   * shown only when this is set: a reported-status count would disagree with what the engine finds.
   */
  attachedRoutes?: (gateway: Gateway) => string | undefined
  /** Computed attachment of a route, `N/M` (parentRefs Accepted / parentRefs), for ATTACHED. */
  routeAttached?: (route: K8sObject) => string | undefined
}

export interface Column {
  header: string
  /** Shown only with `-o wide`. */
  wide?: boolean
  value(obj: K8sObject, ctx: ColumnContext): string
}

/** A type's columns around NAME (NAMESPACE, NAME and LABELS are added by the table builder). */
export interface TypeColumns {
  /** Between NAMESPACE and NAME (the KIND column of `get routes`). */
  before: Column[]
  after: Column[]
}

/** What every table may need from the snapshot, computed once in one pass per kind. */
export function columnContext(snapshot: Snapshot, extra: Partial<Pick<ColumnContext, 'attachedRoutes' | 'routeAttached'>> = {}): ColumnContext {
  const policyTypes = new Map<string, 'Direct' | 'Inherited'>()
  for (const pk of policyKindsOf(snapshot)) policyTypes.set(kindKey(pk.group, pk.kind), pk.type)
  let gatewaysPerClass: Map<string, number> | undefined
  // After a 403 on Gateways a count of 0 would be a lie; the cell stays empty instead.
  if (snapshot.readable(GATEWAY_GROUP, 'Gateway')) {
    gatewaysPerClass = new Map()
    for (const gw of snapshot.gateways()) {
      const cls = text((gw.spec as {gatewayClassName?: unknown} | undefined)?.gatewayClassName)
      if (cls) gatewaysPerClass.set(cls, (gatewaysPerClass.get(cls) ?? 0) + 1)
    }
  }
  return {now: snapshot.now, policyTypes, gatewaysPerClass, ...extra}
}
