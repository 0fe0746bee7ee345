// Reads the example cluster (examples/*.yaml) for the tests, keeping where each object came from.
// Deliberately independent of src/sources/files.ts: these tests judge the YAML itself, so they must
// not inherit the loader's leniency (or its bugs).

import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseAllDocuments} from 'yaml'
import type {K8sObject} from '../../src/model/types.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const EXAMPLES_DIR = join(ROOT, 'examples')
export const SHARED_CRDS_DIR = join(ROOT, '..', 'shared', 'gateway-api-crds', 'v1.6.1', 'experimental')

export interface ExampleDoc {
  file: string
  /** 1-based position of the document in its file. */
  index: number
  object: K8sObject
}

export interface ExampleSet {
  files: string[]
  docs: ExampleDoc[]
  /** YAML errors and warnings, as `file#index: message`. */
  problems: string[]
}

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
}

/** Every document of every example file; empty documents (comment-only) are skipped. */
export function loadExamples(): ExampleSet {
  const files = exampleFiles()
  const docs: ExampleDoc[] = []
  const problems: string[] = []
  for (const file of files) {
    const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8')
    parseAllDocuments(text).forEach((doc, i) => {
      for (const e of [...doc.errors, ...doc.warnings]) problems.push(`${file}#${i + 1}: ${e.message}`)
      const value: unknown = doc.toJS()
      if (value === null || value === undefined) return
      docs.push({file, index: i + 1, object: value as K8sObject})
    })
  }
  return {files, docs, problems}
}

export function groupOfApiVersion(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''
}

export function versionOfApiVersion(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return ''
  return apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion
}

/** `group/Kind/namespace/name`, the identity used for uniqueness and look-ups. */
export function idOf(o: K8sObject): string {
  return `${groupOfApiVersion(o.apiVersion)}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`
}

/** Index of the examples by identity, for O(1) reference checks. */
export class ExampleIndex {
  private readonly byId = new Map<string, K8sObject>()
  private readonly byKind = new Map<string, K8sObject[]>()

  constructor(readonly docs: ExampleDoc[]) {
    for (const d of docs) {
      this.byId.set(idOf(d.object), d.object)
      const k = `${groupOfApiVersion(d.object.apiVersion)}/${d.object.kind}`
      const list = this.byKind.get(k) ?? []
      list.push(d.object)
      this.byKind.set(k, list)
    }
  }

  get<T extends K8sObject = K8sObject>(group: string, kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.byId.get(`${group}/${kind}/${namespace ?? ''}/${name}`) as T | undefined
  }

  list<T extends K8sObject = K8sObject>(group: string, kind: string): T[] {
    return (this.byKind.get(`${group}/${kind}`) ?? []) as T[]
  }
}

export const sharedCrdsAvailable = existsSync(SHARED_CRDS_DIR)
