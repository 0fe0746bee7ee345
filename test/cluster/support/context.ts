// What the cluster tier's global setup hands to its tests, and where things are.

import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Population} from './populate.js'

export const CLUSTER_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** `v1.6.1/experimental` -> ../shared/gateway-api-crds/v1.6.1/experimental, next to the checkout. */
export function crdsDir(crds: string): string {
  return join(CLUSTER_ROOT, '..', 'shared', 'gateway-api-crds', crds)
}

export interface ClusterContext {
  /** The Gateway API release and channel installed, e.g. `v1.1.0/standard`. */
  crds: string
  kubeconfig: string
  url: string
  auditLog: string
  workDir: string
  binDir: string
  population: Population
  logs: {etcd: string; apiserver: string}
}
