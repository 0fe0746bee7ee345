// Fills the real cluster as a user would, with the real kubectl: the Gateway API CRDs of one release
// and channel, RBAC for the restricted identity, then `examples/` (objects first, then their status
// through the status subresource, since a create drops `.status`). What the server refused is kept
// with its message; what it accepted is read back, so the tests can compare the cluster with the same
// objects read from files.

import {mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {stringify} from 'yaml'
import {RESOURCE_TYPES, SUPPORT_REFS} from '../../../src/model/resources.js'
import type {K8sObject} from '../../../src/model/types.js'
import {loadExamples} from '../../examples/load.js'
import {RESTRICTED_USER} from './pki.js'
import {kubectl, kubectlOk} from './kubectl.js'

/** An example object as `Kind namespace/name` (`Kind name` when cluster-scoped). */
export type ObjectId = string

export interface Refusal {
  id: ObjectId
  file: string
  /** kubectl's error for it, one line. */
  message: string
}

export interface Population {
  /** Example objects the server stored (ids), in file order. */
  accepted: ObjectId[]
  /** Example objects the server refused, with its message. */
  refused: Refusal[]
  /** Accepted objects whose `.status` the server refused (the object stays, without status). */
  statusRefused: Refusal[]
  /** A directory holding the accepted objects as written in examples/, for `-f`. */
  filesDir: string
}

export function objectId(o: K8sObject): ObjectId {
  const ns = o.metadata?.namespace
  return `${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name}`
}

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '')

/** Least privilege for a read-only user of kubectl-gw, minus Secrets and ReferenceGrants. */
function restrictedRbac(): string {
  const byGroup = new Map<string, Set<string>>()
  const add = (g: string, r: string) => byGroup.set(g, (byGroup.get(g) ?? new Set()).add(r))
  for (const t of RESOURCE_TYPES) for (const r of t.refs) if (r.resource !== 'referencegrants') add(r.group, r.resource)
  add('', SUPPORT_REFS.configmaps.resource)
  add('', 'events')
  const rules: Record<string, unknown>[] = [...byGroup].map(([g, rs]) => ({apiGroups: [g], resources: [...rs].sort(), verbs: ['get', 'list', 'watch']}))
  // The policy CRDs' own group (examples/60-policy-crds.yaml): every resource in it.
  rules.push({apiGroups: ['policies.kubectl-gw.example'], resources: ['*'], verbs: ['get', 'list', 'watch']})
  const role = {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name: 'kubectl-gw-restricted'}, rules}
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {name: 'kubectl-gw-restricted'},
    roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubectl-gw-restricted'},
    subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: RESTRICTED_USER}],
  }
  return `${stringify(role)}---\n${stringify(binding)}`
}

/**
 * Why the server refused one object: the same apply again for that object alone, so the message is
 * unambiguously its own (kubectl's bulk output does not always name the object). One line, with the
 * scratch file's path replaced by the example's.
 */
async function refusal(env: NodeJS.ProcessEnv, path: string, example: string): Promise<string> {
  const r = await kubectl(env, ['apply', '--server-side', '--field-manager=kubectl-gw-tests', '-f', path])
  if (r.code === 0) throw new Error(`${example}: refused in the bulk apply but accepted alone: ${r.stdout}`)
  return r.stderr
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('Warning:'))
    .map((l) => l.trim())
    .join(' ')
    .replaceAll(path, example)
    .replace(/^\[(.*)\]$/, '$1')
}

/**
 * Writes each object to its own numbered file. JSON, not YAML: kubectl reads YAML 1.1, where a string
 * such as `yes` or `on` written unquoted by a YAML 1.2 writer would become a boolean.
 */
function writeObjects(dir: string, objects: {object: K8sObject; file: string}[]): void {
  mkdirSync(dir, {recursive: true})
  for (const {object, file} of objects) writeFileSync(join(dir, file), `${JSON.stringify(object, null, 1)}\n`)
}

const fileName = (i: number, o: K8sObject) =>
  `${String(i).padStart(3, '0')}-${o.kind}-${o.metadata?.namespace ?? '_'}-${o.metadata?.name}.json`.toLowerCase()

export async function installCrds(env: NodeJS.ProcessEnv, crdDir: string): Promise<void> {
  // CRDs only: the release's ValidatingAdmissionPolicy (safe-upgrades) is not part of the object model.
  const files = readdirSync(crdDir).filter((f) => f.endsWith('.yaml') && !f.includes('_vap_')).sort()
  await kubectlOk(env, ['apply', '--server-side', ...files.flatMap((f) => ['-f', join(crdDir, f)])])
  await kubectlOk(env, ['wait', '--for=condition=Established', '--timeout=120s', 'crd', '--all'])
}

export async function populate(env: NodeJS.ProcessEnv, workDir: string): Promise<Population> {
  await kubectlOk(env, ['apply', '--server-side', '-f', '-'], restrictedRbac())

  const docs = loadExamples().docs.map((d, i) => ({...d, name: fileName(i, d.object)}))
  const first = docs.filter((d) => d.object.kind === 'Namespace' || d.object.kind === 'CustomResourceDefinition')
  const rest = docs.filter((d) => !first.includes(d))
  // Namespaces and CRDs first: the objects in them cannot be created before.
  writeObjects(join(workDir, 'apply-1'), first.map((d) => ({object: d.object, file: d.name})))
  await kubectl(env, ['apply', '--server-side', '--field-manager=kubectl-gw-tests', '-f', join(workDir, 'apply-1')])
  await kubectlOk(env, ['wait', '--for=condition=Established', '--timeout=120s', 'crd', '--all'])
  const specOnly = (o: K8sObject): K8sObject => {
    const {status: _status, ...rest} = o as K8sObject & {status?: unknown}
    return rest
  }
  writeObjects(join(workDir, 'apply-2'), rest.map((d) => ({object: specOnly(d.object), file: d.name})))
  await kubectl(env, ['apply', '--server-side', '--field-manager=kubectl-gw-tests', '-f', join(workDir, 'apply-2')])

  // What the server holds, one list per kind of the examples (a kind without a CRD lists nothing).
  const stored = new Map<ObjectId, K8sObject>()
  const kinds = [...new Set(docs.map((d) => `${d.object.kind}.${group(d.object.apiVersion)}`.replace(/\.$/, '')))]
  for (const k of kinds) {
    const r = await kubectl(env, ['get', k, '-A', '-o', 'json'])
    if (r.code !== 0) continue
    for (const o of (JSON.parse(r.stdout) as {items: K8sObject[]}).items) stored.set(objectId(o), o)
  }
  const accepted = docs.filter((d) => stored.has(objectId(d.object)))
  const refused: Refusal[] = []
  for (const d of docs.filter((x) => !stored.has(objectId(x.object)))) {
    const file = `examples/${d.file}#${d.index}`
    const path = join(workDir, first.includes(d) ? 'apply-1' : 'apply-2', d.name)
    refused.push({id: objectId(d.object), file, message: await refusal(env, path, file)})
  }

  // Status through the status subresource, as a controller writes it.
  const withStatus = accepted.filter((d) => (d.object as {status?: unknown}).status !== undefined)
  writeObjects(join(workDir, 'status'), withStatus.map((d) => ({object: d.object, file: d.name})))
  const st = withStatus.length > 0
    ? await kubectl(env, ['apply', '--server-side', '--field-manager=kubectl-gw-tests-status', '--subresource=status', '-f', join(workDir, 'status')])
    : {stderr: '', code: 0}
  const statusRefused: Refusal[] = []
  if (st.code !== 0) {
    // Which status the server refused: the status each stored object now has, against the file's.
    for (const d of withStatus) {
      const r = await kubectl(env, ['apply', '--server-side', '--field-manager=kubectl-gw-tests-status', '--subresource=status', '-f', join(workDir, 'status', d.name)])
      if (r.code !== 0) {
        const file = `examples/${d.file}#${d.index}`
        statusRefused.push({id: objectId(d.object), file, message: r.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('Warning:')).join(' ').replaceAll(join(workDir, 'status', d.name), file)})
      }
    }
  }

  // The same accepted objects read from files: spec as examples/ wrote it (no schema defaults), with
  // the metadata only a server assigns (generation, creation time) taken from the server. Where the
  // file has no status, or the server refused it, the server holds its CRD's default status
  // (GatewayClass and Gateway: Unknown "Waiting for controller"), which says what a file without status
  // cannot: no controller has written anything. That status is taken from the server too. Any verdict
  // that still differs is then the spec's schema defaults' doing.
  const filesDir = join(workDir, 'files')
  const refusedStatus = new Set(statusRefused.map((r) => r.id))
  writeObjects(filesDir, accepted.map((d) => {
    const live = stored.get(objectId(d.object))! as K8sObject & {status?: unknown}
    const o = structuredClone(d.object) as K8sObject & {status?: unknown}
    o.metadata = {...o.metadata, generation: live.metadata?.generation, creationTimestamp: live.metadata?.creationTimestamp}
    if (o.metadata.generation === undefined) delete o.metadata.generation
    if (o.status === undefined || refusedStatus.has(objectId(o))) {
      if (live.status === undefined || o.kind === 'Service' || o.kind === 'Namespace') delete o.status
      else o.status = live.status
    }
    return {object: o, file: d.name}
  }))
  return {accepted: accepted.map((d) => objectId(d.object)), refused, statusRefused, filesDir}
}
