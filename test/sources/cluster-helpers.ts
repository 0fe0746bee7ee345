// A test API server plus a kubeconfig for it, and ListRequests built the way commands build them.

import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {typeByName} from '../../src/model/resources.js'
import type {K8sObject} from '../../src/model/types.js'
import {expect} from 'vitest'
import {UserError, type ConnectionOptions, type ListRequest} from '../../src/sources/request.js'
import {startApiServer, type ApiServer, type ApiServerOptions} from '../support/apiserver.js'

export const GW = 'gateway.networking.k8s.io'

export interface Cluster {
  server: ApiServer
  dir: string
  conn: ConnectionOptions
  close(): Promise<void>
}

export async function cluster(opts: ApiServerOptions, kubeconfig?: {namespace?: string; token?: string}): Promise<Cluster> {
  const server = await startApiServer(opts)
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-gw-cluster-'))
  return {
    server,
    dir,
    conn: {kubeconfig: server.writeKubeconfig(dir, kubeconfig)},
    async close() {
      await server.close()
      await rm(dir, {recursive: true, force: true})
    },
  }
}

export function req(type: string, opts: Partial<Omit<ListRequest, 'type'>> = {}): ListRequest {
  return {type: typeByName(type), explicit: true, ...opts}
}

export function gateway(namespace: string, name: string, labels?: Record<string, string>): K8sObject {
  return {apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: {name, namespace, labels}, spec: {gatewayClassName: 'gc'}}
}

export function route(kind: string, namespace: string, name: string, apiVersion = `${GW}/v1`): K8sObject {
  return {apiVersion, kind, metadata: {name, namespace}, spec: {parentRefs: [{name: 'gw'}]}}
}

export function names(objects: K8sObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
}

/** The list calls a server received (discovery and gets left out). */
export function listCalls(server: ApiServer, from = 0) {
  return server.requests.slice(from).filter((r) => r.query.limit !== undefined)
}

/** The UserError a promise rejects with (the test fails if it resolves or rejects with anything else). */
export async function failure(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(UserError)
  return e as UserError
}
