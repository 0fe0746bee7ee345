// What a command asks a source for. Commands decide which types they need and at which scope; a
// source answers with one Snapshot. The cluster source turns each ListRequest into exactly one list
// call (plus `continue` pages); the file source reads everything and filters the same way.

import type {ResourceType} from '../model/resources.js'

export interface ListRequest {
  type: ResourceType
  /** Namespace to list in; undefined = all namespaces (or cluster-scoped). */
  namespace?: string
  /** kubectl `-l` syntax, already validated; sent to the server as is. */
  labelSelector?: string
  /** kubectl --field-selector (metadata.name, metadata.namespace), already validated; sent as is. */
  fieldSelector?: string
  /** The user named this type: a server that lacks it is an error, not a silent skip. */
  explicit: boolean
  /**
   * Only the objects the other requests' objects reference (Secrets, ConfigMaps behind certificate,
   * CA bundle and parameters references): the cluster source reads their metadata where references
   * point and the contents of those a check reads; files are read whole anyway.
   */
  referencedOnly?: boolean
  /**
   * Only the engine reads these objects (describe, analyze), nothing prints them whole: kubectl's
   * last-applied-configuration annotation, a copy of each object, is dropped as the lists arrive
   * (bookkeeping.ts); files are read lean when every request is.
   */
  lean?: boolean
}

export interface ConnectionOptions {
  kubeconfig?: string
  context?: string
  /** Milliseconds; 0 or undefined = no timeout. */
  requestTimeoutMs?: number
}

/** A failure the user must see as one line (kubectl style), exit 1. Never a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'UserError'
  }
}
