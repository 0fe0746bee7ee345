// The bench's results and how they are printed: one table row per command and cluster size, then the
// ratios against kubectl and how time, memory and API requests grow with the cluster.

export interface RequestCounts {
  total: number
  /** /version, /api, /apis and group documents. */
  discovery: number
  /** First page of a list (one per resource type asked for). */
  lists: number
  /** `continue` pages: these grow with the number of objects (500 per page). */
  pages: number
  /** Gets of single objects (the referenced Secrets and ConfigMaps whose contents a check reads). */
  gets: number
  /** Bytes of the response bodies the server sent. */
  bytes: number
}

export interface Result {
  /** What was run, as a user would type it (the `--only` filter matches `name size`). */
  name: string
  /** `small`, `large 1x`, `large 2x`, ... */
  size: string
  scale?: number
  source: 'cluster' | 'files' | 'none'
  runs: number
  medianMs: number
  minMs: number
  maxMs: number
  /** Median CPU time (user + system) of the child, ms; undefined without GNU time. */
  cpuMs?: number
  /**
   * Median time the in-process test API server was busy answering during a run (cluster commands).
   * Part of the wall time; it pages in O(objects) per page, so it grows faster than linearly.
   */
  serverMs?: number
  /** Highest peak RSS over the runs, MB. */
  rssMb?: number
  /** Per run; undefined for commands that read no cluster. */
  requests?: RequestCounts
  /** False when the runs did not all make the same requests. */
  requestsStable?: boolean
  target?: string
  ok?: boolean
}

export interface Ratio {
  what: string
  value: number
  target?: number
  ok?: boolean
}

export interface Growth {
  name: string
  /** scale -> median time / median at 1x. */
  time: Record<string, number>
  /** The same with the server's busy time taken out of both (cluster commands). */
  clientTime: Record<string, number>
  rss: Record<string, number>
  /** discovery + lists at every scale (should be one number). */
  fixedRequests: Record<string, number>
  pages: Record<string, number>
  timeOk?: boolean
  requestsOk?: boolean
}

export const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`)
const mb = (v: number | undefined): string => (v === undefined ? '-' : `${Math.round(v)} MB`)
const verdict = (ok: boolean | undefined): string => (ok === undefined ? '' : ok ? 'ok' : 'OVER')

function requestsCell(r: Result): string {
  if (!r.requests) return r.source === 'files' ? '0' : '-'
  const {total, discovery, lists, pages, gets} = r.requests
  return `${total} = ${discovery}+${lists}+${pages}+${gets}${r.requestsStable === false ? ' (varied)' : ''}`
}

const received = (r: Result): string => (r.requests ? `${(r.requests.bytes / 1e6).toFixed(1)} MB` : '-')

/** Left-aligned columns separated by three spaces, kubectl style. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('   ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

export function resultsTable(results: Result[]): string {
  return formatTable(
    ['COMMAND', 'SIZE', 'MEDIAN', 'MIN', 'MAX', 'CPU', 'SERVER', 'RSS', 'REQUESTS', 'RECEIVED', 'TARGET', 'OK'],
    results.map((r) => [
      r.name,
      r.size,
      ms(r.medianMs),
      ms(r.minMs),
      ms(r.maxMs),
      r.cpuMs === undefined ? '-' : ms(r.cpuMs),
      r.serverMs === undefined ? '-' : ms(r.serverMs),
      mb(r.rssMb),
      requestsCell(r),
      received(r),
      r.target ?? '',
      verdict(r.ok),
    ]),
  )
}

export function ratiosTable(ratios: Ratio[]): string {
  return formatTable(
    ['RATIO', 'VALUE', 'TARGET', 'OK'],
    ratios.map((r) => [r.what, `${r.value.toFixed(2)}x`, r.target === undefined ? '' : `<= ${r.target}x`, verdict(r.ok)]),
  )
}

export function growthTable(growth: Growth[], scales: number[]): string {
  const others = scales.filter((s) => s !== 1)
  const x = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(2)}x`)
  const header = [
    'COMMAND',
    ...others.map((s) => `TIME ${s}x/1x`),
    ...others.map((s) => `W/O SERVER ${s}x/1x`),
    ...others.map((s) => `RSS ${s}x/1x`),
    'DISCOVERY+LISTS',
    'PAGES',
    'OK',
  ]
  const rows = growth.map((g) => [
    g.name,
    ...others.map((s) => x(g.time[s])),
    ...others.map((s) => x(g.clientTime[s])),
    ...others.map((s) => x(g.rss[s])),
    scales.map((s) => g.fixedRequests[s] ?? '-').join(' / '),
    scales.map((s) => g.pages[s] ?? '-').join(' / '),
    [g.timeOk, g.requestsOk].every((v) => v === undefined) ? '' : verdict(g.timeOk !== false && g.requestsOk !== false),
  ])
  return formatTable(header, rows)
}
