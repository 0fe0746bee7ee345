// Human explanations of the engine's results, as lists of sentences (printers indent and escape them).
// The condition messages themselves are written where the conditions are decided; this module strings
// them together per object, adding the per-listener verdicts, reference resolutions and notes.

import {listenerText, objText, objectRefText} from './refs.js'
import type {
  GatewayAttachment,
  GatewayClassAttachment,
  GrantUsage,
  ListenerAttachment,
  ListenerSetAttachment,
  ParentAttachment,
  RouteAttachment,
} from './types.js'

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`)

/** Why a parentRef did or did not attach: outcome first, then each selected listener, then notes. */
export function explainParent(p: ParentAttachment): string[] {
  if (p.noStatusReason) return [sentence(p.noStatusMessage ?? p.noStatusReason), ...p.notes.map(sentence)]
  const out: string[] = []
  if (p.accepted) out.push(sentence(`Accepted ${p.accepted.status} (${p.accepted.reason}): ${p.accepted.message ?? ''}`))
  if (p.listenerVerdicts.length > 1 || (p.listenerVerdicts.length === 1 && p.accepted?.message !== p.listenerVerdicts[0].message)) {
    for (const v of p.listenerVerdicts) out.push(sentence(v.message))
  }
  out.push(...p.notes.map(sentence))
  return out
}

export function explainRoute(ra: RouteAttachment): string[] {
  const out: string[] = []
  ra.parents.forEach((p) => {
    out.push(...explainParent(p))
  })
  out.push(sentence(`ResolvedRefs ${ra.resolvedRefs.status} (${ra.resolvedRefs.reason}): ${ra.resolvedRefs.message ?? ''}`))
  for (const b of ra.backends) {
    if ((b.problem || b.unverified) && !(ra.resolvedRefs.message ?? '').startsWith(b.message.replace(/\.$/, ''))) out.push(sentence(b.message))
    out.push(...b.grantNearMisses.map((n) => sentence(`Near miss: ${n}`)))
    out.push(...b.notes.map(sentence))
  }
  out.push(...ra.notes.map(sentence))
  return out
}

export function explainListener(l: ListenerAttachment): string[] {
  const out: string[] = []
  if (!l.inScope) out.push(sentence(`${listenerText(l)} gets no status (${l.noStatusReason ?? 'out of scope'})`))
  const {accepted, resolvedRefs, conflicted} = l.conditions
  const problems = [accepted, resolvedRefs].filter((c) => c.status !== 'True')
  if (conflicted.status === 'True' && !problems.some((c) => c.message === conflicted.message)) problems.push(conflicted)
  for (const c of problems) out.push(sentence(`${c.type} ${c.status} (${c.reason}): ${c.message ?? ''}`))
  for (const c of l.certificates) if (c.message !== l.conditions.resolvedRefs.message) out.push(sentence(c.message))
  const n = l.attachedRoutes.length
  out.push(`${listenerText(l)} has ${n} attached route${n === 1 ? '' : 's'}${n > 0 ? `: ${l.attachedRoutes.map(objText).join(', ')}` : ''}.`)
  out.push(...l.notes.map(sentence))
  return out
}

export function explainGateway(ga: GatewayAttachment): string[] {
  const out: string[] = []
  if (!ga.inScope) out.push(sentence(ga.noStatusMessage ?? 'No controller reconciles this Gateway'))
  for (const c of ga.computedStatus.conditions) {
    if (c.status !== 'True') out.push(sentence(`${c.type} ${c.status} (${c.reason}): ${c.message ?? ''}`))
  }
  if (ga.infrastructureParameters) out.push(sentence(ga.infrastructureParameters.message))
  for (const la of ga.listenerSets) {
    out.push(sentence(la.allowed ? `${objText(la.listenerSet)} is attached` : (la.noStatusMessage ?? `${objText(la.listenerSet)} is not attached`)))
  }
  out.push(...ga.notes.map(sentence))
  return out
}

export function explainListenerSet(la: ListenerSetAttachment): string[] {
  const out: string[] = []
  if (la.noStatusMessage) out.push(sentence(la.noStatusMessage))
  for (const c of la.computedStatus.conditions) if (c.status !== 'True' && c.message !== la.noStatusMessage) out.push(sentence(c.message ?? ''))
  out.push(...la.notes.map(sentence))
  return out
}

export function explainGatewayClass(ca: GatewayClassAttachment): string[] {
  const out: string[] = []
  const accepted = ca.computedStatus.conditions[0]
  out.push(sentence(`Accepted ${accepted.status} (${accepted.reason})${accepted.message ? `: ${accepted.message}` : ''}`))
  if (ca.parametersRef) out.push(sentence(ca.parametersRef.message))
  out.push(`${ca.gateways.length} Gateway${ca.gateways.length === 1 ? '' : 's'} use${ca.gateways.length === 1 ? 's' : ''} it${ca.gateways.length > 0 ? `: ${ca.gateways.map(objText).join(', ')}` : ''}.`)
  out.push(...ca.notes.map(sentence))
  return out
}

export function explainGrant(gu: GrantUsage): string[] {
  if (gu.permits.length === 0) return [`${objText(gu.grant)} permits no reference that is in use.`]
  return gu.permits.map((p) => `${objText(p.from)} ${p.field} → ${objectRefText(p.to)}${p.target ? '' : ' (not in the input)'}.`)
}

