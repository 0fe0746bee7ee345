// What every evaluation step shares: the snapshot and the ReferenceGrant index (which also collects
// grant usage as references are checked).

import type {Snapshot} from '../model/snapshot.js'
import {GrantIndex} from './referencegrants.js'

export interface Context {
  snapshot: Snapshot
  grants: GrantIndex
}

export function makeContext(snapshot: Snapshot): Context {
  return {snapshot, grants: new GrantIndex(snapshot)}
}
