// Listener distinctness within a Gateway and its attached ListenerSets (semantics.md §1.11;
// GatewaySpec.listeners godoc; ListenerSetSpec.listeners godoc).
//
// Rules used:
// - Listeners on different ports never conflict. UDP shares no port space with the TCP-based protocols.
// - On one TCP port the protocols fall into three incompatible families: plain TCP, cleartext HTTP, and
//   SNI-routed TLS (HTTPS and TLS may share a port: both are told apart by SNI). Two families on one port
//   ⇒ ProtocolConflict ("all the Listeners that share a port with the TCP Listener are not distinct").
// - Within a family, listeners must differ in hostname (HTTP, HTTPS, TLS) or may not share the port at
//   all (TCP, UDP) ⇒ HostnameConflict.
// - Inside one object (the Gateway, or one ListenerSet) "the implementation MUST NOT pick one conflicting
//   Listener as the winner": every listener of a conflicting group is Conflicted.
// - Across objects the merge precedence decides: the parent Gateway first, then ListenerSets oldest first,
//   then by `namespace/name`; a listener that collides with one already merged is the one Conflicted, and
//   a listener that lost to an earlier object does not block later ones. This is what conformance listenerset-hostname-conflict
//   and listenerset-protocol-conflict assert (the TCP listener of a ListenerSet loses against the Gateway's
//   HTTP listeners on port 80, and its HTTP siblings on port 80 stay Accepted).
//
// Listeners with an unsupported protocol or without a numeric port take no part.
//
// Cost: Map lookups per listener; no pairwise scans.

import type {ListenerAttachment, ListenerConflictReason} from './types.js'

type Family = 'tcp' | 'http' | 'tls' | 'udp'

function familyOf(protocol: string): Family | undefined {
  switch (protocol) {
    case 'HTTP':
      return 'http'
    case 'HTTPS':
    case 'TLS':
      return 'tls'
    case 'TCP':
      return 'tcp'
    case 'UDP':
      return 'udp'
  }
  return undefined
}

const transportOf = (f: Family) => (f === 'udp' ? 'udp' : 'tcp')
const hostKey = (l: ListenerAttachment, f: Family) => `${l.port}/${f}/${f === 'tcp' || f === 'udp' ? '' : (l.hostname ?? '')}`

/** Listeners already merged: family claims per transport port, and occupied hostname slots. */
class Merged {
  readonly families = new Map<string, Map<Family, ListenerAttachment[]>>()
  readonly slots = new Map<string, ListenerAttachment[]>()

  add(l: ListenerAttachment, f: Family): void {
    const portKey = `${transportOf(f)}/${l.port}`
    let fams = this.families.get(portKey)
    if (!fams) this.families.set(portKey, (fams = new Map()))
    push(fams, f, l)
    push(this.slots, hostKey(l, f), l)
  }

  /** The conflict `l` would have with what is merged, if any. */
  clash(l: ListenerAttachment, f: Family): {reason: ListenerConflictReason; with: ListenerAttachment[]} | undefined {
    const fams = this.families.get(`${transportOf(f)}/${l.port}`)
    if (fams) {
      const others = [...fams.entries()].filter(([g]) => g !== f).flatMap(([, ls]) => ls)
      if (others.length > 0) return {reason: 'ProtocolConflict', with: others}
    }
    const same = this.slots.get(hostKey(l, f))
    if (same && same.length > 0) return {reason: 'HostnameConflict', with: [...same]}
    return undefined
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k)
  if (l) l.push(v)
  else m.set(k, [v])
}

/**
 * Marks `conflict` on listeners. `groups` are the listener lists of the Gateway and its attached
 * ListenerSets, in merge precedence order.
 */
export function detectConflicts(groups: readonly (readonly ListenerAttachment[])[]): void {
  const merged = new Merged()
  for (const group of groups) {
    const eligible: [ListenerAttachment, Family][] = []
    for (const l of group) {
      const f = familyOf(l.protocol)
      if (!f || l.port === undefined) continue
      const clash = merged.clash(l, f)
      if (clash) l.conflict = clash
      else eligible.push([l, f])
    }
    // Conflicts inside this object: every member of a colliding group loses.
    const local = new Merged()
    for (const [l, f] of eligible) local.add(l, f)
    for (const [l, f] of eligible) {
      const fams = local.families.get(`${transportOf(f)}/${l.port}`)
      const others = fams ? [...fams.entries()].filter(([g]) => g !== f).flatMap(([, ls]) => ls) : []
      if (others.length > 0) {
        l.conflict = {reason: 'ProtocolConflict', with: others}
        continue
      }
      const same = (local.slots.get(hostKey(l, f)) ?? []).filter((x) => x !== l)
      if (same.length > 0) l.conflict = {reason: 'HostnameConflict', with: same}
    }
    // Listeners that lost only inside their own object still occupy their slot: a later object's listener
    // with the same slot is just as indistinct from them.
    for (const [l, f] of eligible) merged.add(l, f)
  }
}
