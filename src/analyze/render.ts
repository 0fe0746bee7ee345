// Human output of `analyze`: findings grouped by severity, then by object; colour only on a terminal
// and never when NO_COLOR is set. Everything from the input is escaped.

import {escapeControl} from '../printers/escape.js'
import type {Finding, Severity} from './findings.js'
import type {WhatIfReport} from './whatif.js'

const COLORS: Record<Severity, string> = {error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m'}

export interface RenderOptions {
  color: boolean
}

function paint(s: string, sev: Severity, o: RenderOptions): string {
  return o.color ? `${COLORS[sev]}${s}\x1b[0m` : s
}

function objectText(f: Finding): string {
  return escapeControl(`${f.object.kind} ${f.object.namespace ? f.object.namespace + '/' : ''}${f.object.name}`)
}

/** Findings grouped by severity (errors first) and object, each with its code, message and hint. */
export function renderFindings(findings: readonly Finding[], o: RenderOptions, indent = ''): string {
  const lines: string[] = []
  for (const sev of ['error', 'warning', 'info'] as const) {
    const group = findings.filter((f) => f.severity === sev)
    if (group.length === 0) continue
    lines.push(`${indent}${paint(`${sev.toUpperCase()} (${group.length})`, sev, o)}`)
    let last = ''
    for (const f of group) {
      const obj = objectText(f)
      if (obj !== last) lines.push(`${indent}  ${obj}`)
      last = obj
      const unverified = f.unverified ? ` (unverified: ${escapeControl(f.unverified)})` : ''
      lines.push(`${indent}    ${paint(f.code, sev, o)}${unverified}: ${escapeControl(f.message)}`)
      lines.push(`${indent}      hint: ${escapeControl(f.hint)}`)
    }
  }
  return lines.length ? lines.join('\n') + '\n' : ''
}

export function countLine(findings: readonly Finding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`
  const unverified = findings.filter((f) => f.unverified).length
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'info')}${unverified > 0 ? ` (${unverified} unverified)` : ''}`
}

export function renderWhatIf(r: WhatIfReport, o: RenderOptions): string {
  const out: string[] = []
  out.push(`Summary: ${r.summary.created.length} created, ${r.summary.updated.length} updated, ${r.summary.unchanged.length} unchanged`)
  for (const [title, list] of [
    ['Issues introduced', r.introduced],
    ['Issues fixed', r.fixed],
    ['Issues unchanged', r.unchanged],
  ] as const) {
    out.push('', `${title} (${list.length}):`)
    const body = renderFindings(list, o, '  ')
    out.push(body ? body.trimEnd() : '  none')
  }
  return out.join('\n') + '\n'
}
