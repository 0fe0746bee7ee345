// The hint of a route's Accepted=False finding: what to change, for the listener the route was most
// plausibly meant for (graph/plausible.ts, the ranking `describe` and the finding's message use), so
// that the advice is never "take the hostname of whichever listener decided the reason code", which
// would put the route on another application's site.

import {obj} from '../graph/access.js'
import {judgeListener, PROTOCOL_KINDS, routeHostnames} from '../graph/listeners.js'
import {closestListener, plausibility, rankVerdicts} from '../graph/plausible.js'
import {describeSelector} from '../graph/namespaces.js'
import {objText} from '../graph/refs.js'
import type {AttachmentGraph, ListenerAttachment, ListenerVerdict, ParentAttachment} from '../graph/types.js'
import type {Snapshot} from '../model/snapshot.js'
import type {Gateway, ListenerSet, Route} from '../model/types.js'

const q = (s: string) => JSON.stringify(s)

const listenerName = (l: ListenerAttachment) => `listener ${q(l.name)} of ${objText(l.owner)}`

/** A namespace name that can go into a shell command as it is (files may hold any string). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/** The hint for a parentRef whose Accepted condition is False (or rests on an unchecked admission). */
export function routeParentHint(p: ParentAttachment, route: Route, graph: AttachmentGraph, snapshot: Snapshot, reason: string): string {
  switch (reason) {
    case 'NoMatchingParent':
      return noMatchingParentHint(p, route, graph, snapshot)
    case 'NotAllowedByListeners':
    case 'NoMatchingListenerHostname':
      return p.unverified ? unverifiedHint(p, route, snapshot) : rejectedHint(p, route, snapshot)
    case 'UnsupportedValue':
      return 'Use only values the Gateway API defines for the fields named in the message.'
    default:
      return 'See kubectl gw describe for the listener verdicts.'
  }
}

/**
 * Every selected listener refused the route. Lead with the fix for the most plausible listener when its
 * hostname and protocol fit the route (the same test the message uses); otherwise the route's hostnames
 * or kind fit no listener, and the hint says so without proposing another listener's hostname, unless
 * the parentRef itself names that listener (sectionName or port): then the route is meant for it.
 */
function rejectedHint(p: ParentAttachment, route: Route, snapshot: Snapshot): string {
  const ranked = rankVerdicts(p.listenerVerdicts, route.kind)
  const best = ranked[0]
  if (!best) return 'See kubectl gw describe for the listener verdicts.'
  const [host, kind] = plausibility(best, route.kind)
  if (host > 0 && kind > 0 && best.failed !== 'hostname') return listenerFixes(best, route, snapshot).join(' ')
  if (!ranked.some((v) => plausibility(v, route.kind)[1] > 0)) {
    const carriers = Object.keys(PROTOCOL_KINDS).filter((x) => PROTOCOL_KINDS[x].includes(route.kind))
    const protocols = carriers.length > 0 ? carriers.join(' or ') : 'a suitable'
    return `No listener selected by parentRefs[${p.index}] has a protocol that carries ${route.kind}: attach the route to a ${protocols} listener, or add one to ${parentText(p)}.`
  }
  const hostnames = routeHostnames(route)
  const named = written(p, 'sectionName') !== undefined || written(p, 'port') !== undefined
  if (named && ranked.length === 1 && best.failed === 'hostname') {
    return `parentRefs[${p.index}] names ${listenerName(best.listener)}: change spec.hostnames to match its hostname ${best.listener.hostname}, or change the listener's hostname to cover ${hostnames.join(', ')}.`
  }
  return `No listener selected by parentRefs[${p.index}] that allows the route serves ${hostnames.join(', ') || "the route's hostnames"}: add a listener for ${hostnames.length === 1 ? 'it' : 'them'} to ${parentText(p)} (or widen a listener's hostname to cover ${hostnames.length === 1 ? 'it' : 'them'}), or correct spec.hostnames if ${hostnames.length === 1 ? 'it is' : 'they are'} wrong.`
}

/** Accepted only by assuming a namespace admission that could not be checked: what to check, and where. */
function unverifiedHint(p: ParentAttachment, route: Route, snapshot: Snapshot): string {
  const best = rankVerdicts(p.listenerVerdicts.filter((v) => v.attached && v.unverified), route.kind)[0]
  if (!best) return "Check that the listener's allowedRoutes.namespaces admits the route's namespace."
  const ns = route.metadata.namespace ?? ''
  const sel = best.listener.namespaces.selector
  const command = DNS_LABEL.test(ns) ? `: kubectl get namespace ${ns} --show-labels` : ''
  return `Check that namespace ${q(ns)} has the labels ${listenerName(best.listener)} selects (${sel ? describeSelector(sel) : 'allowedRoutes.namespaces'})${command}. ${namespaceFix(best, route, snapshot)}`
}

/** The parentRef selects no listener: name the one it most plausibly means, by the ranking the message uses. */
function noMatchingParentHint(p: ParentAttachment, route: Route, graph: AttachmentGraph, snapshot: Snapshot): string {
  const generic = `Fix parentRefs[${p.index}] sectionName/port to name an existing listener of the parent.`
  const listeners = p.parent ? (graph.gateways.get(p.parent as Gateway)?.listeners ?? graph.listenerSets.get(p.parent as ListenerSet)?.listeners) : undefined
  // As the message: only for parents with few listeners, so that the cost stays linear in the routes.
  if (!listeners || listeners.length === 0 || listeners.length > 20) return generic
  const hostnames = routeHostnames(route)
  const verdicts = listeners.map((l) => judgeListener(l, route, hostnames, snapshot))
  const l = closestListener(verdicts, route.kind, written(p, 'sectionName'), written(p, 'port'))
  if (!l) return generic
  const field = written(p, 'sectionName') === undefined && written(p, 'port') !== undefined && l.port !== undefined ? `port to ${l.port}` : `sectionName to ${q(l.name)}`
  return `Set parentRefs[${p.index}].${field} (${listenerName(l)}, the one this route most plausibly means), or name another existing listener.`
}

/** One imperative sentence per check the listener failed (kind, namespace); its hostname fits the route. */
function listenerFixes(v: ListenerVerdict, route: Route, snapshot: Snapshot): string[] {
  const out: string[] = []
  if (!v.kindAllowed) out.push(`Add ${route.kind} to allowedRoutes.kinds of ${listenerName(v.listener)}.`)
  if (!v.namespaceAllowed) out.push(namespaceFix(v, route, snapshot))
  return out
}

/** How to get the route's namespace admitted by the listener: the labels to add, when a label command does it. */
function namespaceFix(v: ListenerVerdict, route: Route, snapshot: Snapshot): string {
  const l = v.listener
  const ns = route.metadata.namespace ?? ''
  const owner = l.owner.metadata.namespace ?? ''
  const who = listenerName(l)
  const policy = l.namespaces
  if (policy.problem) return `Fix allowedRoutes.namespaces of ${who} (${policy.problem}).`
  if (policy.from === 'Same') return `Set allowedRoutes.namespaces.from of ${who} to Selector or All, or move the route to namespace ${q(owner)}.`
  if (policy.from !== 'Selector' || !policy.selector) return `Change allowedRoutes.namespaces of ${who} to admit namespace ${q(ns)}.`
  const selector = describeSelector(policy.selector)
  const pairs = Object.entries(policy.selector.matchLabels ?? {})
  const simple = DNS_LABEL.test(ns) && (policy.selector.matchExpressions ?? []).length === 0 && pairs.length > 0 && pairs.every(([k, x]) => /^[A-Za-z0-9_./-]+$/.test(k) && /^[A-Za-z0-9_.-]*$/.test(x))
  if (!simple) return `Give namespace ${q(ns)} labels that match ${selector} (allowedRoutes.namespaces.selector of ${who}), or change that selector.`
  const labels = snapshot.namespaceLabels(ns)
  const missing = pairs.filter(([k, x]) => labels[k] !== x)
  const overwrite = missing.some(([k]) => Object.prototype.hasOwnProperty.call(labels, k)) ? ' --overwrite' : ''
  const command = `kubectl label namespace ${ns} ${missing.map(([k, x]) => `${k}=${x}`).join(' ')}${overwrite}`
  return `Label namespace ${q(ns)} so that ${who} admits it: ${command} (or change that listener's allowedRoutes.namespaces).`
}

function parentText(p: ParentAttachment): string {
  return p.parent ? objText(p.parent) : 'the parent'
}

function written(p: ParentAttachment, field: 'sectionName' | 'port'): unknown {
  return obj(p.written)?.[field]
}
