// kubectl's borderless table. kubectl writes cells separated by tabs through Go's text/tabwriter with
// minwidth 6, padding 3 and a space as pad character: a column is as wide as its widest cell plus three
// spaces (six at least), every cell is left-aligned, and the last cell of a line is not padded, so no
// line ends in spaces. Widths count code points, as tabwriter counts runes: wide characters misalign
// exactly as they do in kubectl.

import {escapeControl} from './escape.js'

const MIN_WIDTH = 6
const PADDING = 3

export const NONE = '<none>'

export interface TableOptions {
  /** kubectl --no-headers. */
  noHeaders?: boolean
  /**
   * Empty cells stay empty instead of `<none>`: in every column (true) or in those given. kubectl's
   * -L label columns and custom-columns print an empty value as nothing.
   */
  keepEmpty?: boolean | ReadonlySet<number>
}

function width(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** A cell as printed: control characters made visible, `<none>` for an empty value. */
export function displayCell(value: string): string {
  return value === '' ? NONE : escapeControl(value)
}

/**
 * Lays out a table. `rows` hold raw values (anything read from objects); each goes through
 * displayCell. Headers are printed as given. Returns the lines, each ending in a newline.
 */
export function renderTable(headers: string[], rows: string[][], opts: TableOptions = {}): string {
  if (headers.length === 0) return ''
  const lines: string[][] = []
  if (!opts.noHeaders) lines.push(headers)
  const keep = (i: number) => opts.keepEmpty === true || (opts.keepEmpty instanceof Set && opts.keepEmpty.has(i))
  for (const row of rows) lines.push(headers.map((_, i) => (keep(i) ? escapeControl(row[i] ?? '') : displayCell(row[i] ?? ''))))
  if (lines.length === 0) return ''
  const columns = headers.length
  const widths: number[] = []
  for (let c = 0; c < columns - 1; c++) {
    let w = MIN_WIDTH
    for (const line of lines) w = Math.max(w, width(line[c]) + PADDING)
    widths.push(w)
  }
  let out = ''
  for (const line of lines) {
    let text = ''
    for (let c = 0; c < columns - 1; c++) text += line[c] + ' '.repeat(widths[c] - width(line[c]))
    text += line[columns - 1] ?? ''
    out += text + '\n'
  }
  return out
}

/** kubectl's LABELS cell: `k=v` pairs sorted by key, joined with commas (`<none>` once displayed). */
export function formatLabels(labels: unknown): string {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return ''
  const pairs: [string, string][] = []
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') pairs.push([k, String(v)])
  }
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return pairs.map(([k, v]) => `${k}=${v}`).join(',')
}
