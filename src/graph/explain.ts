// Human explanations of the engine's results, as lists of sentences (printers indent and escape them).
// The condition messages themselves are written where the conditions are decided; this module strings
// them together per object, adding the per-listener verdicts, reference resolutions and notes.

import type {Route} from '../model/types.js'
import {arr, int, obj} from './access.js'
import {rankVerdicts} from './plausible.js'
import {listenerText, objText, objectRefText} from './refs.js'
import type {
  BackendResolution,
  GatewayAttachment,
  GatewayClassAttachment,
  GrantUsage,
  ListenerAttachment,
  ListenerSetAttachment,
  ParentAttachment,
  RouteAttachment,
} from './types.js'

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`)

/**
 * Why a parentRef did or did not attach: outcome first, then each selected listener (the ones the route
 * was most plausibly meant for first), then notes. A listener's sentence already in the outcome is not
 * repeated.
 */
export function explainParent(p: ParentAttachment, routeKind = ''): string[] {
  if (p.noStatusReason) return [sentence(p.noStatusMessage ?? p.noStatusReason), ...p.notes.map(sentence)]
  const out: string[] = []
  const said = p.accepted?.message ?? ''
  if (p.accepted) out.push(sentence(`Accepted ${p.accepted.status} (${p.accepted.reason}): ${said}`))
  for (const v of rankVerdicts(p.listenerVerdicts, routeKind)) {
    if (v.message !== '' && !said.includes(v.message)) out.push(sentence(v.message))
  }
  for (const n of p.notes.map(sentence)) if (!out.includes(n)) out.push(n)
  return out
}


export function explainRoute(ra: RouteAttachment): string[] {
  const out: string[] = []
  for (const p of ra.parents) out.push(...explainParent(p, ra.route.kind))
  out.push(sentence(`ResolvedRefs ${ra.resolvedRefs.status} (${ra.resolvedRefs.reason}): ${ra.resolvedRefs.message ?? ''}`))
  for (const b of ra.backends) {
    if ((b.problem || b.unverified) && !(ra.resolvedRefs.message ?? '').startsWith(b.message.replace(/\.$/, ''))) out.push(sentence(b.message))
    const effect = trafficEffect(ra.route, b)
    if (effect) out.push(effect)
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


/**
 * What an unusable backendRef (InvalidKind, RefNotPermitted, BackendNotFound) does to traffic, so the
 * reader sees why it matters: the route stays Accepted, but the share of requests the reference's weight
 * gives it fails. HTTPRoute: "500 status codes MUST be returned for requests that would have otherwise
 * been routed to an invalid backend" (HTTPRouteRule.backendRefs); GRPCRoute: `UNAVAILABLE`; TLSRoute
 * (and TCP/UDP): the connection is rejected, respecting weight (TLSRouteRule.backendRefs). A mirror's
 * copy is simply not sent. Undefined for references that resolved or could not be checked.
 */
export function trafficEffect(route: Route, b: BackendResolution): string | undefined {
  if (!b.problem) return undefined
  if (b.source === 'mirror') return 'Requests are not mirrored to it; the responses clients get do not change.'
  const refs = arr(obj(arr(obj(route.spec)?.rules)[b.ruleIndex])?.backendRefs)
  const index = Number(/backendRefs\[(\d+)\]$/.exec(b.field)?.[1] ?? -1)
  const weightOf = (r: unknown) => int(obj(r)?.weight) ?? 1
  const total = refs.reduce<number>((sum, r) => sum + Math.max(0, weightOf(r)), 0)
  const weight = index >= 0 && index < refs.length ? Math.max(0, weightOf(refs[index])) : undefined
  if (weight === 0) return 'It has weight 0, so no traffic is sent to it.'
  const rule = `spec.rules[${b.ruleIndex}]`
  const unit = route.kind === 'HTTPRoute' || route.kind === 'GRPCRoute' ? 'request' : 'connection'
  const all = weight === total
  const share =
    weight === undefined || total <= 0 ? `the ${unit}s of ${rule} sent to it` : all ? `every ${unit} matching ${rule}` : `${pct(weight, total)} of the ${unit}s matching ${rule} (weight ${weight} of ${total})`
  const one = all && weight !== undefined
  const tail = 'the route itself stays Accepted.'
  switch (route.kind) {
    case 'HTTPRoute':
      return `Traffic: ${share} ${one ? 'gets' : 'get'} HTTP 500, as the spec requires for requests routed to an invalid backend; ${tail}`
    case 'GRPCRoute':
      return `Traffic: ${share} ${one ? 'gets' : 'get'} gRPC status UNAVAILABLE, as the spec requires for an invalid backend; ${tail}`
    default:
      return `Traffic: ${share} ${one ? 'is' : 'are'} rejected, as the spec requires for an invalid backend; ${tail}`
  }
}

function pct(part: number, whole: number): string {
  const p = (100 * part) / whole
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`
}
