// The verdicts kubectl-gw computes from a real cluster are the ones it computes from the same objects
// read from files. The cluster side holds what the API server made of examples/: the CRDs' schema
// defaults applied (allowedRoutes, parentRef group/kind, path matches, weights, ...), versions
// converted, server metadata added. The file side holds the accepted objects as examples/ writes them
// (support/populate.ts). A difference would be a verdict changed by defaulting.

import {describe, expect, test} from 'vitest'
import {cluster, gw, gwFiles, parseJson} from './support/cli.js'

interface Entry {
  kind: string
  namespace?: string
  name: string
  [k: string]: unknown
}

const key = (e: Entry) => `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`

// Objects a real API server has that no file holds: its own Namespaces and the `kubernetes` Service.
const SERVER_OWN = new Set([
  'Namespace default',
  'Namespace kube-system',
  'Namespace kube-public',
  'Namespace kube-node-lease',
  'Service default/kubernetes',
])

const TYPES = ['gatewayclasses', 'gateways', 'listenersets', 'httproutes', 'grpcroutes', 'tlsroutes', 'tcproutes', 'udproutes', 'referencegrants', 'services', 'namespaces', 'policies', 'backendtlspolicies']

/**
 * What differs between a cluster and files for reasons that are not verdicts, made equal:
 * - apiVersion: the server converts between served versions, so an object written as v1beta1 is read
 *   at the version asked for (the group stays);
 * - a Service's reported status: the server defaults it to `{loadBalancer: {}}` for every Service.
 */
function normalize(e: Entry): Entry {
  const out: Entry = {...e}
  if (typeof out.apiVersion === 'string') out.apiVersion = out.apiVersion.includes('/') ? out.apiVersion.split('/')[0] : ''
  if (out.kind === 'Service' && JSON.stringify(out.reportedStatus) === '{"loadBalancer":{}}') out.reportedStatus = null
  return out
}

async function both(args: string[]): Promise<{live: Entry[]; files: Entry[]; liveCode: number | null; filesCode: number | null}> {
  const live = await gw(args)
  const files = await gwFiles(args, cluster().population.filesDir)
  const parse = (r: typeof live, what: string): Entry[] => (r.stdout.trim() === '' ? [] : parseJson<Entry[]>(r, what))
  return {live: parse(live, `cluster: ${args.join(' ')}`).map(withoutEvents), files: parse(files, `files: ${args.join(' ')}`), liveCode: live.code, filesCode: files.code}
}

/**
 * Events exist only on a cluster: `describe -o json` from one carries `events` (a list, empty here, as
 * no controller runs), files have none. They are no verdict, so they leave the comparison (and
 * events.test.ts checks them).
 */
function withoutEvents(e: Entry): Entry {
  expect(Array.isArray(e.events), `${key(e)}: events`).toBe(true)
  const {events: _, ...rest} = e
  return rest as Entry
}

describe(`describe and analyze: cluster = files (${cluster().crds})`, () => {
  test.each(TYPES)('describe %s -A -o json', async (type) => {
    const {live, files, liveCode, filesCode} = await both(['describe', type, '-A', '-o', 'json'])
    if (live.length === 0 && files.length === 0) {
      // A type this release's CRDs lack: the cluster says so (exit 1), the files have none (exit 0).
      expect(liveCode === 1 || liveCode === 0).toBe(true)
      return
    }
    expect(liveCode).toBe(0)
    expect(filesCode).toBe(0)
    const fromFiles = new Map(files.map((e) => [key(e), e]))
    const extra = live.filter((e) => !fromFiles.has(key(e))).map(key)
    expect(extra.filter((k) => !SERVER_OWN.has(k))).toEqual([])
    for (const e of live) {
      if (SERVER_OWN.has(key(e))) continue
      expect(normalize(e), key(e)).toEqual(normalize(fromFiles.get(key(e))!))
    }
    expect(live.length - extra.length).toBe(files.length)
  })

  test('analyze -A finds what analyze --local -A finds in the same objects\' files', async () => {
    const live = await gw(['analyze', '-A', '-o', 'json'])
    const files = await gwFiles(['analyze', '--local', '-A', '-o', 'json'], cluster().population.filesDir)
    expect(live.code, live.stderr).toBe(files.code)
    type Findings = {findings: {code?: string; object: {kind: string; namespace?: string; name: string}}[]}
    const l = parseJson<Findings>(live, 'analyze -A').findings
    const f = parseJson<Findings>(files, 'analyze --local -A').findings
    expect(l.length).toBeGreaterThan(0)
    // Findings on the server's own objects (kube-system, the kubernetes Service), if any, are extra.
    const own = (x: Findings['findings'][number]) => SERVER_OWN.has(`${x.object.kind} ${x.object.namespace ? `${x.object.namespace}/` : ''}${x.object.name}`)
    // DeprecatedApiVersion is about the apiVersion an object is read at: the files' as written, the
    // cluster's the newest it serves (an old version it converts from is not seen). So the cluster's are
    // a subset of the files' (v1.1.0 serves ReferenceGrant only as v1beta1: both report it there).
    const deprecated = (x: {code?: string}) => x.code === 'DeprecatedApiVersion'
    expect(f).toEqual(expect.arrayContaining(l.filter(deprecated)))
    expect(l.filter((x) => !own(x) && !deprecated(x))).toEqual(f.filter((x) => !deprecated(x)))
  })
})
