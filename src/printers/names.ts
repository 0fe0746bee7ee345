// kubectl's `kind.group/name` notation, used by `-o name` and to prefix NAME when several types print.

import type {K8sObject} from '../model/types.js'
import {escapeControl} from './escape.js'
import {groupOfObject, nameOf, text} from './fields.js'

/** `gateway.gateway.networking.k8s.io/web`, `service/web` (the core group has no suffix). Escaped. */
export function qualifiedName(obj: K8sObject): string {
  const kind = text(obj.kind).toLowerCase()
  const group = groupOfObject(obj)
  return escapeControl(`${group ? `${kind}.${group}` : kind}/${nameOf(obj)}`)
}
