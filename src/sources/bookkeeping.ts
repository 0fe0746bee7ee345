// What no command reads: `managedFields` (kubectl hides them too unless --show-managed-fields) and, for
// lean loads (describe, analyze, trace: nothing prints objects whole), kubectl's
// last-applied-configuration annotation, a second copy of each object that doubles what a large
// cluster (or a `kubectl get -o yaml` dump of it) keeps in memory. Both sources drop them as objects
// arrive: the cluster source page by page, the file source document by document.

import {isRecord} from '../model/guards.js'
import {isList, MAX_LIST_DEPTH} from './lists.js'

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

/**
 * The object with its metadata replaced by one without the bookkeeping (`managedFields` always, the
 * last-applied annotation when `lean`); an object without either is left as it is. New objects rather
 * than `delete`: V8 turns an object that loses a property into a slower dictionary that takes more
 * memory (measured: 11 MB more on the large bench cluster), and YAML aliases may share one metadata
 * mapping between several objects, which must not change under the others.
 */
export function dropBookkeeping(item: Record<string, unknown>, lean: boolean | undefined): void {
  const meta = item.metadata
  if (!isRecord(meta)) return
  const annotations = meta.annotations
  const dropApplied = lean === true && isRecord(annotations) && Object.hasOwn(annotations, LAST_APPLIED)
  if (!Object.hasOwn(meta, 'managedFields') && !dropApplied) return
  // fromEntries defines data properties (a `__proto__` key from JSON stays a plain key) in the order found.
  const others = dropApplied ? Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== LAST_APPLIED)) : annotations
  item.metadata = Object.fromEntries(
    Object.entries(meta).flatMap(([k, v]): Array<[string, unknown]> => {
      if (k === 'managedFields') return []
      if (k === 'annotations' && dropApplied) return Object.keys(others as object).length > 0 ? [[k, others]] : []
      return [[k, v]]
    }),
  )
}

/**
 * dropBookkeeping (lean) for every object of a parsed manifest document: the document itself, or the
 * items of a List (nested Lists too, as deep as the file source unwraps them). Anything that is not an
 * object is left for the file source to report.
 */
export function dropDocumentBookkeeping(value: unknown, depth = 0): void {
  if (!isRecord(value)) return
  if (!isList(value)) return dropBookkeeping(value, true)
  if (!Array.isArray(value.items) || depth >= MAX_LIST_DEPTH) return
  for (const item of value.items) dropDocumentBookkeeping(item, depth + 1)
}
