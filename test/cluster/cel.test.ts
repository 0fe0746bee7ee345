// Broken objects that cannot exist on a cluster: the Gateway API CRDs' validation (CEL rules, list-map
// keys) refuses them, in every release tested, with the messages below. (examples/ has none: its broken objects are all ones a server accepts.) Applied with
// --dry-run=server, so validation runs in full and nothing is stored.

import {describe, expect, test} from 'vitest'
import {stringify} from 'yaml'
import {cluster, kc} from './support/cli.js'

const gateway = (name: string, listeners: Record<string, unknown>[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: {name, namespace: 'default'},
  spec: {gatewayClassName: 'edge', listeners},
})

const CASES: {object: ReturnType<typeof gateway>; message: string}[] = [
  {
    object: gateway('dup-listener-names', [{name: 'http', port: 80, protocol: 'HTTP'}, {name: 'http', port: 8080, protocol: 'HTTP'}]),
    // Server-side apply merges listeners by name, so the duplicate is refused before the CEL rule
    // ("Listener name must be unique within the Gateway") runs.
    message: 'Error from server: failed to create typed patch object (default/dup-listener-names; gateway.networking.k8s.io/v1, Kind=Gateway): .spec.listeners: duplicate entries for key [name="http"]',
  },
  {
    object: gateway('tls-on-http', [{name: 'http', port: 80, protocol: 'HTTP', tls: {certificateRefs: [{name: 'cert'}]}}]),
    message: 'The Gateway "tls-on-http" is invalid: spec.listeners: Invalid value: tls must not be specified for protocols [\'HTTP\', \'TCP\', \'UDP\']',
  },
  {
    object: gateway('tcp-hostname', [{name: 'tcp', port: 5432, protocol: 'TCP', hostname: 'db.example.com'}]),
    message: 'The Gateway "tcp-hostname" is invalid: spec.listeners: Invalid value: hostname must not be specified for protocols [\'TCP\', \'UDP\']',
  },
]

describe(`objects the CRDs' validation refuses (${cluster().crds})`, () => {
  test.each(CASES.map((c) => [c.object.metadata.name, c] as const))('%s', async (name, c) => {
    const r = await kc(['apply', '--server-side', '--dry-run=server', '-f', '-'], 'admin', stringify(c.object))
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toBe(c.message)
    const stored = await kc(['get', 'gateways.gateway.networking.k8s.io', name, '-n', 'default', '--ignore-not-found', '-o', 'name'])
    expect(stored.stdout).toBe('')
  })
})
