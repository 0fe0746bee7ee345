// The line of a field in the YAML text an object came from, for findings printed as compilers print
// them (`routes.yaml:14: spec.rules[0]...`). Used only for objects that fail validation: the file is
// parsed again with source positions then (once per file), so reading files stays as fast as it is.

import type {Document, LineCounter} from 'yaml'
import {KUBECTL_PLAIN_TAG} from '../sources/yaml-scalars.js'
import {yaml} from '../yaml-libraries.js'

/** The path of a violation (`spec.rules[0].matches[0].path.type`, `spec.labels[a.b/c]`) as keys and indices. */
export function pathSegments(path: string): string[] {
  if (path === '' || path === '<root>') return []
  const out: string[] = []
  const re = /\.?([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[([^\]]*)\]/gy
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[1] ?? m[2] ?? m[3])
  return out
}

interface Node {
  range?: [number, number, number] | null
  items?: unknown[]
}

const isPair = (x: unknown): x is {key: {value?: unknown; range?: [number, number, number]} | null; value: unknown} =>
  typeof x === 'object' && x !== null && 'key' in x && 'value' in x

/**
 * The 1-based line of the deepest part of `path` present in document `document` (1-based, counting
 * empty documents, as the readers do) of `text`: the field's key when it is there, else the nearest
 * enclosing object's. Undefined when the text has no such document (a JSON stream, a changed file).
 */
export class YamlLocator {
  private readonly docs: Document[]
  private readonly lines: LineCounter

  constructor(text: string) {
    const {LineCounter, parseAllDocuments} = yaml()
    this.lines = new LineCounter()
    // Keys resolved as the readers resolve them (`on:` is the key "true"), so that paths find them.
    const parsed = parseAllDocuments(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, {lineCounter: this.lines, merge: true, customTags: (tags) => [KUBECTL_PLAIN_TAG, ...tags]})
    this.docs = Array.isArray(parsed) ? parsed : []
  }

  line(document: number, path: string): number | undefined {
    const doc = this.docs[document - 1]
    const root = doc?.contents as Node | null | undefined
    // A document the parser stumbled on (a JSON stream of several values is not YAML) is not trusted.
    if (!root?.range || doc.errors.length > 0) return undefined
    let node: Node = root
    let at = root.range[0]
    for (const seg of pathSegments(path)) {
      const items = node.items
      if (!Array.isArray(items)) break
      let next: Node | undefined
      let start: number | undefined
      if (items.length > 0 && isPair(items[0])) {
        const pair = items.find((p) => isPair(p) && p.key !== null && String(p.key.value) === seg) as {key: {range?: [number, number, number]}; value: Node} | undefined
        next = pair?.value ?? undefined
        start = pair?.key.range?.[0]
      } else if (/^\d+$/.test(seg)) {
        next = items[Number(seg)] as Node | undefined
        start = next?.range?.[0]
      }
      if (start === undefined) break
      at = start
      if (!next || typeof next !== 'object') break
      node = next
    }
    return this.lines.linePos(at).line
  }
}
