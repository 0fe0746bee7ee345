// What real clusters carry besides the Gateway API: Helm release Secrets (one per release revision,
// a gzipped, base64-encoded release of ~200 kB), Grafana dashboards and other bundles in ConfigMaps
// (~100 kB), and on every object the bookkeeping the API server and kubectl keep in metadata:
// `managedFields` (server-side field ownership, one entry per manager) and, on objects written with
// `kubectl apply`, the `kubectl.kubernetes.io/last-applied-configuration` annotation (the applied
// manifest as JSON).
//
// Who wrote an object decides which it carries. Helm 3 creates and patches its objects itself, never
// through kubectl's client-side apply, so what it writes (its release Secrets, the dashboards of charts
// such as kube-prometheus-stack) has `managedFields` with manager `helm` and no last-applied
// annotation; so do the TLS Secrets cert-manager issues (they carry its `cert-manager.io/`
// annotations). Everything else here is taken to be kubectl-applied and carries both.
//
// The large payloads are one string each, shared by every object (the bytes on the wire are what
// count; the bench process need not hold 400 MB of distinct strings).

import type {K8sObject} from '../src/model/types.js'
import type {Random} from './random.js'

export const HELM_RELEASE_BYTES = 200_000
export const DASHBOARD_BYTES = 100_000
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'
/** Marks the objects only a live cluster holds: nobody keeps Helm releases in their manifest directory. */
export const CLUSTER_ONLY_LABEL = 'bench.kubectl-gw.example/cluster-only'

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function payload(rng: Random, length: number, alphabet: string): string {
  const chars: string[] = []
  for (let i = 0; i < length; i++) chars.push(alphabet[Math.floor(rng.next() * alphabet.length)])
  return chars.join('')
}

/**
 * FieldsV1 for a value, as the API server records ownership: `f:<field>` for map keys, `k:{...}` for
 * list items keyed by name, `.` for the node itself. Only the shape matters here (its size).
 */
function fieldsOf(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    const out: Record<string, unknown> = {}
    value.forEach((item, i) => {
      const name = typeof item === 'object' && item !== null && typeof (item as {name?: unknown}).name === 'string' ? (item as {name: string}).name : undefined
      out[name !== undefined ? `k:{"name":${JSON.stringify(name)}}` : `i:${i}`] = {'.': {}, ...fieldsOf(item)}
    })
    return out
  }
  if (typeof value !== 'object' || value === null) return {}
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[`f:${k}`] = fieldsOf(v)
  return out
}

function applied(o: K8sObject): string {
  const {status: _status, ...rest} = o as K8sObject & {status?: unknown}
  const {managedFields: _mf, creationTimestamp: _ct, generation: _g, resourceVersion: _rv, annotations, ...meta} = rest.metadata as unknown as Record<string, unknown>
  return JSON.stringify({...rest, metadata: {...meta, ...(annotations ? {annotations} : {})}})
}

/** Which client wrote an object, by the marks Helm and cert-manager leave. */
export function writerOf(o: K8sObject): 'helm' | 'cert-manager' | 'kubectl' {
  if (o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'Helm' || o.metadata.labels?.owner === 'helm') return 'helm'
  if (Object.keys(o.metadata.annotations ?? {}).some((k) => k.startsWith('cert-manager.io/'))) return 'cert-manager'
  return 'kubectl'
}

/** managedFields on every object; last-applied on every kubectl-applied one. */
export function addBookkeeping(objects: K8sObject[], time: string): void {
  for (const o of objects) {
    const writer = writerOf(o)
    const {apiVersion, kind: _kind, metadata, status, ...content} = o as K8sObject & {status?: unknown}
    const owned = {'f:metadata': {'f:labels': fieldsOf(metadata.labels ?? {}), ...(metadata.annotations ? {'f:annotations': fieldsOf(metadata.annotations)} : {})}, ...fieldsOf(content)}
    if (writer === 'kubectl') {
      metadata.annotations = {...metadata.annotations, [LAST_APPLIED]: `${applied(o)}\n`}
      ;(owned['f:metadata'] as Record<string, unknown>)['f:annotations'] = {'.': {}, [`f:${LAST_APPLIED}`]: {}}
    }
    const managedFields: Record<string, unknown>[] = [
      {manager: writer === 'kubectl' ? 'kubectl-client-side-apply' : writer, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: owned},
    ]
    if (status !== undefined) {
      managedFields.push({manager: 'bench-controller', operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {'f:status': fieldsOf(status)}, subresource: 'status'})
    }
    ;(metadata as {managedFields?: unknown}).managedFields = managedFields
  }
}

/** `count` Helm release Secrets and `dashboards` ConfigMaps, spread over the namespaces. */
export function clusterOnlyObjects(rng: Random, namespaces: readonly string[], releases: number, dashboards: number, meta: (name: string, namespace: string, labels: Record<string, string>) => K8sObject['metadata']): K8sObject[] {
  const out: K8sObject[] = []
  if (namespaces.length === 0) return out
  // gzip output in base64: incompressible text, as on the wire.
  const release = releases > 0 ? `H4sIAAAAAAAC/${payload(rng, HELM_RELEASE_BYTES - 13, BASE64)}` : ''
  const dashboard = dashboards > 0 ? JSON.stringify({title: 'bench dashboard', panels: [payload(rng, DASHBOARD_BYTES - 60, 'abcdefghijklmnopqrstuvwxyz ')]}) : ''
  for (let i = 0; i < releases; i++) {
    const namespace = namespaces[i % namespaces.length]
    const app = `app-${Math.floor(i / namespaces.length)}`
    const revision = String(1 + (i % 3))
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: meta(`sh.helm.release.v1.${app}.v${revision}`, namespace, {name: app, owner: 'helm', status: 'deployed', version: revision, [CLUSTER_ONLY_LABEL]: 'true'}),
      data: {release},
    } as K8sObject)
  }
  for (let i = 0; i < dashboards; i++) {
    const namespace = namespaces[(i * 7) % namespaces.length]
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`grafana-dashboard-${i}`, namespace, {grafana_dashboard: '1', 'app.kubernetes.io/managed-by': 'Helm', [CLUSTER_ONLY_LABEL]: 'true'}),
      data: {'dashboard.json': dashboard},
    })
  }
  return out
}

export const isClusterOnly = (o: K8sObject): boolean => o.metadata.labels?.[CLUSTER_ONLY_LABEL] === 'true'
