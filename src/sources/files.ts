// The `-f` source: builds a Snapshot from manifest files, directories and standard input without
// contacting a cluster. It reads like kubectl (multi-document YAML, JSON streams, Lists, the default
// namespace for namespaced objects) and, unlike kubectl, keeps going past a bad document: each
// problem becomes one line in snapshot.errors and the rest of the input is still loaded.

import {groupOf} from '../model/resources.js'
import {objectKey, Snapshot} from '../model/snapshot.js'
import type {CustomResourceDefinition, K8sObject, ObjectMeta} from '../model/types.js'
import {filePolicyKinds} from './file-policies.js'
import {policyKindOfCrd} from '../policy/kinds.js'
import {defaultedObject} from './schema-defaults.js'
import {dropBookkeeping} from './bookkeeping.js'
import {expandPaths, readInput, STDIN_NAME} from './inputs.js'
import {collectObjects, type FoundObject} from './manifest-objects.js'
import {errorAt, formatPlace, oneLine} from './messages.js'
import {isNamespacedKind, noteCrdScope, type CrdScopes} from './scope.js'
import {invalidUtf8Offset} from './utf8.js'
import {parseManifestText, type ParsedFile} from './yaml-docs.js'
import {POOL_MIN_BYTES, poolSize, startYamlPool, type YamlPool} from './yaml-pool.js'

export interface FileLoadOptions {
  /** Namespace given to namespaced objects that carry none (kubectl's current namespace). */
  defaultNamespace: string
  /** Read for the path `-`; process.stdin when absent. */
  stdin?: NodeJS.ReadableStream
  /** Reference time for ages. */
  now?: Date
  /**
   * Nothing prints the objects whole (describe, analyze, trace): managedFields and the
   * last-applied-configuration annotation are dropped as documents are read, as the cluster source
   * drops them from lean lists. Without it the objects stay as the files have them (`get -o yaml`).
   */
  lean?: boolean
  /**
   * false: every file is parsed on the main thread. For a few MB of CRDs (--crds), two fresh workers
   * cost more than they save (measured: the v1.6.1 CRDs, 1.4 MB, 0.65 s here against 1.4-2.2 s).
   */
  workers?: boolean
}

function isCrd(obj: K8sObject): boolean {
  return obj.kind === 'CustomResourceDefinition' && groupOf(obj.apiVersion) === 'apiextensions.k8s.io'
}

/**
 * Metadata with the namespace the object lives in: `namespace` for namespaced kinds, none for
 * cluster-scoped ones. A new object is made whenever something changes, because YAML aliases can
 * share one metadata mapping between several objects.
 */
function withNamespace(meta: ObjectMeta, namespace: string | undefined): ObjectMeta {
  if (meta.namespace === namespace) return meta
  const out: Record<string, unknown> = {}
  let placed = false
  for (const [k, v] of Object.entries(meta)) {
    if (k === 'namespace') continue
    out[k] = v
    // Right after the name, where people (and kubectl's output) put it.
    if (k === 'name' && namespace !== undefined) {
      out.namespace = namespace
      placed = true
    }
  }
  if (namespace !== undefined && !placed) out.namespace = namespace
  return out as unknown as ObjectMeta
}

function describeObject(obj: K8sObject): string {
  const ns = obj.metadata.namespace
  return `${obj.kind} "${obj.metadata.name}"${ns === undefined ? '' : ` in namespace "${ns}"`}`
}

/**
 * The CRDs in the input that define policy kinds, by `group/kind`. A policy read from files gets its
 * CRD's schema defaults, as the API server would have stored it: its effective values must not depend
 * on where it was read. (The Gateway API kinds' own defaults are part of the rules in src/graph, with or
 * without their CRDs in the input; a policy CRD's defaults exist only in its schema.)
 */
function policyCrdsByKind(found: FoundObject[]): Map<string, CustomResourceDefinition> {
  const out = new Map<string, CustomResourceDefinition>()
  for (const f of found) {
    if (!isCrd(f.object)) continue
    const crd = f.object as CustomResourceDefinition
    const pk = policyKindOfCrd(crd)
    if (pk) out.set(`${pk.group}/${pk.kind}`, crd)
  }
  return out
}

/** Reads every document of every input into `found`; problems go to `errors`, in input order. */
async function readAll(paths: string[], stdin: () => NodeJS.ReadableStream, found: FoundObject[], errors: string[], lean: boolean, workers: boolean): Promise<void> {
  const expanded = await expandPaths(paths)
  for (const e of expanded.errors) errors.push(e)
  // Documents are taken in input order; a large file's YAML may be parsed by a worker meanwhile
  // (yaml-pool.ts), with at most IN_FLIGHT files read ahead.
  let pool: YamlPool | undefined
  let poolTried = !workers
  const queue: Array<Promise<ParsedInput>> = []
  const take = async () => {
    const parsed = await queue.shift()!
    for (const e of parsed.errors) errors.push(e)
    for (const doc of parsed.documents) {
      if ('error' in doc) errors.push(doc.error)
      else {
        const first = found.length
        collectObjects(doc.value, {file: parsed.file, document: doc.document}, found, errors)
        // Whatever the fast path did not drop (JSON, the precise reader), now, while only this file's
        // documents are held whole: a dump's last-applied copies would double the rest.
        if (lean) for (let k = first; k < found.length; k++) dropBookkeeping(found[k].object as unknown as Record<string, unknown>, true)
      }
    }
  }
  try {
    // The next input is read while this one is parsed (reading waits on the disk, parsing on the CPU).
    let next = expanded.inputs.length > 0 ? readInput(expanded.inputs[0], stdin) : undefined
    for (const [i, input] of expanded.inputs.entries()) {
      const file = input.kind === 'stdin' ? STDIN_NAME : input.path
      const read = await next!
      next = i + 1 < expanded.inputs.length ? readInput(expanded.inputs[i + 1], stdin) : undefined
      const bad = 'error' in read ? -1 : invalidUtf8Offset(read.bytes)
      if ('error' in read) {
        queue.push(Promise.resolve({file, errors: [read.error], documents: []}))
      } else if (bad >= 0) {
        queue.push(Promise.resolve({file, errors: [errorAt({file}, `not valid UTF-8 (byte offset ${bad})`)], documents: []}))
      } else {
        if (!poolTried && read.bytes.length >= POOL_MIN_BYTES) {
          poolTried = true
          pool = startYamlPool(poolSize())
        }
        queue.push(pool ? parseInWorker(pool, read.bytes, file, lean) : Promise.resolve(parseHere(read.bytes, file, lean)))
      }
      while (queue.length > IN_FLIGHT) await take()
    }
    while (queue.length > 0) await take()
  } finally {
    await pool?.close()
  }
}

/** Files read ahead of the one whose documents are being taken. */
const IN_FLIGHT = 3

interface ParsedInput {
  file: string
  errors: string[]
  documents: ParsedFile['documents']
}

function parseHere(bytes: Buffer, file: string, lean: boolean): ParsedInput {
  return {file, errors: [], documents: parseManifestText(bytes.toString('utf8'), file, lean).documents}
}

async function parseInWorker(pool: YamlPool, bytes: Buffer, file: string, lean: boolean): Promise<ParsedInput> {
  const json = await pool.parse(bytes, lean)
  if (json === undefined) return parseHere(bytes, file, lean)
  const documents = (JSON.parse(json) as Array<[number, unknown]>).map(([document, value]) => ({document, value}))
  return {file, errors: [], documents}
}

/**
 * Loads `-f` paths (files, directories, `-` for standard input) into a Snapshot. Throws a UserError
 * only for a path that does not exist; everything else that is wrong with the input is reported in
 * snapshot.errors (unusable documents and objects, skipped) and snapshot.warnings (duplicates).
 */
export async function loadFromFiles(paths: string[], opts: FileLoadOptions): Promise<Snapshot> {
  const snapshot = new Snapshot('files', opts.now)
  const defaultNamespace = typeof opts.defaultNamespace === 'string' && opts.defaultNamespace ? opts.defaultNamespace : 'default'
  const found: FoundObject[] = []
  await readAll(paths, () => opts.stdin ?? process.stdin, found, snapshot.errors, opts.lean === true, opts.workers !== false)

  // Scopes first: a CRD may come after the objects it defines.
  const crdScopes: CrdScopes = new Map()
  for (const f of found) if (isCrd(f.object)) noteCrdScope(crdScopes, f.object)

  // Later definitions win; a Map keeps the first one's position, as Snapshot.add would.
  const chosen = new Map<string, FoundObject>()
  const places = new Map<string, FoundObject[]>()
  for (const f of found) {
    const obj = f.object
    const namespaced = isNamespacedKind(groupOf(obj.apiVersion), obj.kind, crdScopes)
    const own = obj.metadata.namespace
    obj.metadata = withNamespace(obj.metadata, namespaced ? (typeof own === 'string' && own ? own : defaultNamespace) : undefined)
    const key = objectKey(obj)
    const previous = chosen.get(key)
    if (previous) {
      const defs = places.get(key)
      if (defs) defs.push(f)
      else places.set(key, [previous, f])
    }
    chosen.set(key, f)
  }
  for (const defs of places.values()) snapshot.warnings.push(...duplicateWarnings(defs))
  const policyCrds = policyCrdsByKind(found)
  for (const f of chosen.values()) {
    const crd = policyCrds.get(`${groupOf(f.object.apiVersion)}/${f.object.kind}`)
    snapshot.add(crd ? defaultedObject(f.object, crd) : f.object, {file: f.place.file, document: f.place.document})
  }

  snapshot.policyKinds.push(...filePolicyKinds(snapshot, crdScopes))
  return snapshot
}

/**
 * An object defined more than once: one warning per pair of definitions, naming both places (the
 * issue's wording), each saying which definition is used (the last). Quadratic in the definitions of
 * one object only, which are few.
 */
function duplicateWarnings(defs: readonly FoundObject[]): string[] {
  const what = describeObject(defs[defs.length - 1].object)
  if (defs.length === 2) return [oneLine(`${what} is defined twice: ${formatPlace(defs[0].place)} and ${formatPlace(defs[1].place)}; using the latter`)]
  const last = formatPlace(defs[defs.length - 1].place)
  const out: string[] = []
  for (let i = 0; i < defs.length; i++) {
    for (let j = i + 1; j < defs.length; j++) {
      out.push(oneLine(`${what} is defined in both ${formatPlace(defs[i].place)} and ${formatPlace(defs[j].place)} (${defs.length} definitions); using the last, ${last}`))
    }
  }
  return out
}
