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

export function countLine(findings: readonly Finding[], suppressed = 0): string {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`
  const unverified = findings.filter((f) => f.unverified).length
  return `${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info'), 'info')}${unverified > 0 ? ` (${unverified} unverified)` : ''}${suppressed > 0 ? `, ${suppressed} suppressed` : ''}`
}

/** What a plain (not what-if) report says besides its findings. */
export interface ReportFacts {
  /** Gateway API objects (and policies) in scope. */
  analyzed: number
  /** `in namespace shop`, `in all namespaces`. */
  where: string
  /** Input that could not be read, one line each: the verdict covers only the rest. */
  incomplete: readonly string[]
  suppressed: number
}

/** The lines that open a report whose input was not all read: never followed by a clean verdict. */
function incompleteHead(incomplete: readonly string[]): string[] {
  if (incomplete.length === 0) return []
  const n = incomplete.length
  return [`Analysis incomplete: ${n} input problem${n === 1 ? '' : 's'} left objects out of the analysis:`, ...incomplete.map((e) => `  ${escapeControl(e)}`)]
}

const objectsText = (n: number) => `${n} Gateway API object${n === 1 ? '' : 's'}`

/** Findings, their count, and what was analyzed; an empty scope or incomplete input says so. */
export function renderReport(findings: readonly Finding[], facts: ReportFacts, o: RenderOptions): string {
  const out = incompleteHead(facts.incomplete)
  const where = escapeControl(facts.where)
  const suppressed = facts.suppressed > 0 ? ` (${facts.suppressed} finding${facts.suppressed === 1 ? '' : 's'} suppressed)` : ''
  if (findings.length > 0) {
    out.push(renderFindings(findings, o).trimEnd(), '', countLine(findings, facts.suppressed), `Analyzed ${objectsText(facts.analyzed)} ${where}${facts.incomplete.length ? ' that could be read' : ''}.`)
  } else if (facts.incomplete.length > 0) {
    out.push(`Nothing found in the ${objectsText(facts.analyzed)} that could be read ${where}${suppressed}; no verdict on the input that could not be read.`)
  } else if (facts.analyzed === 0) {
    out.push(`No Gateway API objects to analyze: 0 objects ${where}${suppressed}.`)
  } else {
    out.push(`No problems found in ${objectsText(facts.analyzed)} ${where}${suppressed}.`)
  }
  return out.join('\n') + '\n'
}

export interface WhatIfFacts {
  /** Where unchanged issues are shown (introduced and fixed: see `changedWhere`). */
  where: string
  /** Where introduced and fixed issues are shown. */
  changedWhere: string
  incomplete: readonly string[]
  suppressed: number
}

export function renderWhatIf(r: WhatIfReport, o: RenderOptions, facts: WhatIfFacts = {where: 'in all namespaces', changedWhere: 'in all namespaces', incomplete: [], suppressed: 0}): string {
  const out = incompleteHead(facts.incomplete)
  out.push(`Summary: ${r.summary.created.length} created, ${r.summary.updated.length} updated, ${r.summary.unchanged.length} unchanged`)
  const scope = facts.where === facts.changedWhere ? escapeControl(facts.where) : `introduced and fixed ${escapeControl(facts.changedWhere)}, unchanged ${escapeControl(facts.where)}`
  out.push(`Scope: ${scope}${facts.suppressed > 0 ? `; ${facts.suppressed} finding${facts.suppressed === 1 ? '' : 's'} suppressed` : ''}`)
  for (const [title, list] of [
    ['Issues introduced', r.introduced],
    ['Issues fixed', r.fixed],
    ['Issues unchanged', r.unchanged],
  ] as const) {
    out.push('', `${title} (${list.length}):`)
    const body = renderFindings(list, o, '  ')
    out.push(body ? body.trimEnd() : facts.incomplete.length ? '  none found in what could be read' : '  none')
  }
  return out.join('\n') + '\n'
}
