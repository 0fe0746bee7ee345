// `trace` as text: per Gateway, the request's path in one line, then what the winning rule does
// (filters, backends, policies), the candidates that lost and why, and those that did not apply.

import {escapeControl} from '../printers/escape.js'
import type {TraceCandidate, TraceReport, TraceResult} from './trace.js'

/** Not-matched candidates shown per Gateway in text; -o json lists all. */
const NOT_MATCHED_SHOWN = 10

function requestLine(r: TraceReport['request']): string {
  const portless = (r.scheme === 'http' || r.scheme === 'grpc') ? r.port === 80 : r.port === 443
  const q = r.query.length ? `?${r.query.map((x) => `${x.name}=${x.value}`).join('&')}` : ''
  const target = `${r.scheme}://${r.host}${portless && r.scheme !== 'tcp' && r.scheme !== 'udp' ? '' : `:${r.port}`}${r.method ? `${r.path}${q}` : ''}`
  const headers = r.headers.length ? ` with ${r.headers.map((h) => `${h.name}: ${h.value}`).join(', ')}` : ''
  return `Request: ${r.method ? `${r.method} ` : ''}${target}${headers}`
}

function candidateText(c: TraceCandidate): string {
  const where = `${c.route.kind} ${c.route.namespace}/${c.route.name}${c.rule !== null ? ` rule ${c.rule}${c.ruleName ? ` (${c.ruleName})` : ''}` : ''}${c.match !== null ? ` match ${c.match}` : ''}`
  return `${where}${c.matchText ? ` [${c.matchText}]` : ''}: ${c.reason}`
}

export function pathLine(r: TraceResult): string {
  const gw = `Gateway ${r.gateway.namespace}/${r.gateway.name}${r.preferred ? ' (addressed)' : ''}`
  if (!r.listener) return `${gw} -> no listener`
  const listener = `listener ${r.listener}${r.listenerSet ? ` (ListenerSet ${r.listenerSet.namespace}/${r.listenerSet.name})` : ''}`
  if (!r.route) return `${gw} -> ${listener} -> no route${r.status ? ` (${r.status})` : ''}`
  const route = `${r.route.kind} ${r.route.namespace}/${r.route.name} rule ${r.rule}${r.ruleName ? ` (${r.ruleName})` : ''}${r.match !== null ? ` match ${r.match}` : ''}`
  const end =
    r.redirect !== null
      ? `redirect ${r.redirect.status} ${r.redirect.location}`
      : r.backends.length === 0
        ? `no backends${r.status ? ` (${r.status})` : ''}`
        : r.backends.map((b) => `${b.kind} ${b.namespace}/${b.name}${b.port !== null ? `:${b.port}` : ''} (weight ${b.weight}${b.resolved ? '' : ', unresolved'})`).join(', ')
  return `${gw} -> ${listener} -> ${route} -> ${end}`
}

function policyText(p: TraceResult['effectivePolicies'][number]): string {
  const from = [...new Set(p.sources.map((s) => `${s.policy} (${s.level})`))].join(', ')
  return `${p.kind} on ${p.appliesTo}: ${JSON.stringify(p.effective)}${from ? ` from ${from}` : ''}`
}

export function renderTrace(report: TraceReport): string {
  const lines: string[] = [requestLine(report.request)]
  if (report.results.length === 0) lines.push('', 'No Gateway to trace on.')
  for (const r of report.results) {
    lines.push('', pathLine(r), `  Outcome:   ${r.outcome}${r.status !== null ? ` (${r.status})` : ''}: ${r.message}`)
    if (r.matchText) lines.push(`  Match:     ${r.matchText}`)
    if (r.filters.length) {
      lines.push('  Filters:')
      r.filters.forEach((f, i) => lines.push(`    ${i + 1}. ${f.type}: ${f.summary}`))
    }
    for (const b of r.backends) {
      if (b.problem) lines.push(`  Backend ${b.namespace}/${b.name}: ${b.problem}`)
      for (const f of b.filters ?? []) lines.push(`  Backend ${b.namespace}/${b.name} filter ${f.type}: ${f.summary}`)
    }
    if (r.effectivePolicies.length) {
      lines.push('  Policies:')
      for (const p of r.effectivePolicies) lines.push(`    ${policyText(p)}`)
    }
    const by = (result: TraceCandidate['result']) => r.candidates.filter((c) => c.result === result)
    const lost = by('lost')
    if (lost.length) {
      lines.push('  Lost:')
      for (const c of lost) lines.push(`    ${candidateText(c)}`)
    }
    const notMatched = by('not-matched')
    if (notMatched.length) {
      lines.push('  Did not apply:')
      for (const c of notMatched.slice(0, NOT_MATCHED_SHOWN)) lines.push(`    ${candidateText(c)}`)
      if (notMatched.length > NOT_MATCHED_SHOWN) lines.push(`    ... and ${notMatched.length - NOT_MATCHED_SHOWN} more (-o json lists all)`)
    }
    const unattached = by('not-attached')
    if (unattached.length) {
      lines.push('  Not attached:')
      for (const c of unattached) lines.push(`    ${candidateText(c)}`)
    }
    for (const n of r.notes) lines.push(`  Note: ${n}`)
  }
  // Names, hostnames and header values come from the cluster or the user: escaped line by line.
  return `${lines.map(escapeControl).join('\n')}\n`
}
