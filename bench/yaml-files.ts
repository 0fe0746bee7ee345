// Generated objects as files for `kubectl gw ... -f DIR`: multi-document YAML, as a dump of a cluster
// or a directory of manifests would be.

import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {dump} from 'js-yaml'
import type {K8sObject} from '../src/model/types.js'

/**
 * Writes objects as multi-document YAML files under `dir`, one kind per file and at most `perFile`
 * documents each (`30-httproute-0001.yaml`), in the order the objects come. Returns files and bytes.
 */
export async function writeClusterFiles(objects: K8sObject[], dir: string, perFile = 500): Promise<{files: number; bytes: number}> {
  await mkdir(dir, {recursive: true})
  const byKind = new Map<string, K8sObject[]>()
  for (const o of objects) {
    let list = byKind.get(o.kind)
    if (!list) byKind.set(o.kind, (list = []))
    list.push(o)
  }
  let files = 0
  let bytes = 0
  let order = 0
  for (const [kind, list] of byKind) {
    order++
    for (let start = 0, chunk = 1; start < list.length; start += perFile, chunk++) {
      // noRefs: an anchor/alias would send the reader down its slow, precise path.
      const text = list
        .slice(start, start + perFile)
        .map((o) => dump(o, {noRefs: true, lineWidth: -1}))
        .join('---\n')
      const file = join(dir, `${String(order).padStart(2, '0')}-${kind.toLowerCase()}-${String(chunk).padStart(4, '0')}.yaml`)
      await writeFile(file, text)
      files++
      bytes += Buffer.byteLength(text)
    }
  }
  return {files, bytes}
}
