// ReferenceGrant checks (semantics.md §2).
//
// A reference from (group gF, kind kF, namespace nF) to (group gT, kind kT, namespace nT != nF, name t)
// is permitted iff some ReferenceGrant in nT has a `from` entry {gF, kF, nF} and a `to` entry {gT, kT}
// whose `name` is unset or t. Exact string comparison; the grant's own name is irrelevant; grants are
// additive.
//
// Every (from, to) pair of every grant is indexed once under its full shape and target name, so each
// check is a couple of Map lookups however many grants there are.

import type {Snapshot} from '../model/snapshot.js'
import type {K8sObject, ReferenceGrant} from '../model/types.js'
import {arr, nameOf, nsOf, obj, specOf, str} from './access.js'
import {objText} from './refs.js'
import type {GrantedReference, GrantUsage, ObjectRef} from './types.js'

export interface GrantMatch {
  grant: ReferenceGrant
  fromIndex: number
  toIndex: number
}

interface Entry extends GrantMatch {
  /** undefined: every object of that group/kind in the grant's namespace. */
  toName: string | undefined
}

export interface From {
  group: string
  kind: string
  namespace: string
}

const SEP = '\u0000'
const shapeKey = (f: From, toGroup: string, toKind: string) => [f.group, f.kind, f.namespace, toGroup, toKind].join(SEP)

export class GrantIndex {
  /** Full shape incl. target namespace -> entries for every name, and entries by `to.name`. */
  private readonly byTarget = new Map<string, {any: Entry[]; named: Map<string, Entry[]>}>()
  private readonly byShape = new Map<string, Entry[]>()
  private readonly byNamespace = new Map<string, ReferenceGrant[]>()
  readonly usage = new Map<ReferenceGrant, GrantUsage>()

  constructor(snapshot: Snapshot) {
    const grants = [...snapshot.referenceGrants()].sort((a, b) => nameOf(a).localeCompare(nameOf(b)))
    for (const grant of grants) {
      this.usage.set(grant, {grant, permits: []})
      const ns = nsOf(grant)
      let inNs = this.byNamespace.get(ns)
      if (!inNs) this.byNamespace.set(ns, (inNs = []))
      inNs.push(grant)
      const spec = specOf(grant)
      arr(spec.from).forEach((fromRaw, fromIndex) => {
        const f = obj(fromRaw)
        const from = f && {group: str(f.group), kind: str(f.kind), namespace: str(f.namespace)}
        if (!from || from.group === undefined || !from.kind || !from.namespace) return
        arr(spec.to).forEach((toRaw, toIndex) => {
          const t = obj(toRaw)
          const toGroup = str(t?.group)
          const toKind = str(t?.kind)
          if (toGroup === undefined || !toKind) return
          const toName = str(t?.name) || undefined
          const entry: Entry = {grant, fromIndex, toIndex, toName}
          const shape = shapeKey(from as From, toGroup, toKind)
          const key = ns + SEP + shape
          let slot = this.byTarget.get(key)
          if (!slot) this.byTarget.set(key, (slot = {any: [], named: new Map()}))
          if (toName === undefined) slot.any.push(entry)
          else push(slot.named, toName, entry)
          push(this.byShape, shape, entry)
        })
      })
    }
  }

  /** The first grant (by name) that permits the reference, or undefined. */
  permit(from: From, to: ObjectRef): GrantMatch | undefined {
    const slot = this.byTarget.get((to.namespace ?? '') + SEP + shapeKey(from, to.group, to.kind))
    if (!slot) return undefined
    // Grants are additive; report the first by grant name whichever way it matched.
    const candidates = [slot.any[0], slot.named.get(to.name)?.[0]].filter((e) => e !== undefined)
    return candidates.sort((a, b) => nameOf(a.grant).localeCompare(nameOf(b.grant)))[0]
  }

  /** Records that `match` permitted a reference in use (for `describe referencegrant`). */
  record(match: GrantMatch, ref: Omit<GrantedReference, 'fromIndex' | 'toIndex'>): void {
    this.usage.get(match.grant)?.permits.push({...ref, fromIndex: match.fromIndex, toIndex: match.toIndex})
  }

  /**
   * Why the grants that come close do not permit the reference, one clause each (at most `limit`):
   * grants in the target namespace with one field off, and grants of the right shape placed in
   * another namespace. Messages never say whether the target exists (§2).
   */
  nearMisses(from: From, to: ObjectRef, limit = 3): string[] {
    const out: string[] = []
    const targetNs = to.namespace ?? ''
    for (const grant of this.byNamespace.get(targetNs) ?? []) {
      const why = mismatch(grant, from, to)
      if (why) out.push(`${objText(grant)} ${why}`)
      if (out.length >= limit) return out
    }
    for (const e of this.byShape.get(shapeKey(from, to.group, to.kind)) ?? []) {
      if (nsOf(e.grant) === targetNs || (e.toName !== undefined && e.toName !== to.name)) continue
      out.push(`${objText(e.grant)} would permit it but is in namespace ${JSON.stringify(nsOf(e.grant))}; a ReferenceGrant must be in the target's namespace ${JSON.stringify(targetNs)}`)
      if (out.length >= limit) break
    }
    return out
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k)
  if (l) l.push(v)
  else m.set(k, [v])
}

const q = (s: unknown) => JSON.stringify(str(s) ?? null)

/** The first field of a same-namespace grant that keeps it from permitting the reference. */
function mismatch(grant: ReferenceGrant, from: From, to: ObjectRef): string | undefined {
  const spec = specOf(grant)
  const froms = arr(spec.from).map(obj).filter((f) => f !== undefined)
  const tos = arr(spec.to).map(obj).filter((t) => t !== undefined)
  if (froms.length === 0 || tos.length === 0) return 'has no usable from/to entries'
  const fromOk = froms.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace)
  if (!fromOk) {
    const f = froms.find((f) => f.kind === from.kind && f.namespace === from.namespace) ??
      froms.find((f) => f.group === from.group && f.namespace === from.namespace) ??
      froms.find((f) => f.group === from.group && f.kind === from.kind) ??
      froms[0]
    if (f.group !== from.group) return `admits from.group ${q(f.group)}, not ${JSON.stringify(from.group)}`
    if (f.kind !== from.kind) return `admits from.kind ${q(f.kind)}, not ${JSON.stringify(from.kind)}`
    return `admits ${from.kind}s from namespace ${q(f.namespace)}, not ${JSON.stringify(from.namespace)}`
  }
  const t = tos.find((t) => t.group === to.group && t.kind === to.kind) ??
    tos.find((t) => t.kind === to.kind) ??
    tos.find((t) => t.group === to.group) ??
    tos[0]
  if (t.group !== to.group) return `grants to.group ${q(t.group)}, not ${JSON.stringify(to.group)}`
  if (t.kind !== to.kind) return `grants to.kind ${q(t.kind)}, not ${JSON.stringify(to.kind)}`
  return `grants only the ${to.kind} named ${q(t.name)}, not ${JSON.stringify(to.name)}`
}

/** What a missing grant would have to say, as a sentence fragment for "what to change". */
export function grantNeeded(from: From, to: ObjectRef): string {
  const toName = to.name ? `, name: ${to.name}` : ''
  return `a ReferenceGrant in namespace ${JSON.stringify(to.namespace ?? '')} with from {group: ${JSON.stringify(from.group)}, kind: ${from.kind}, namespace: ${from.namespace}} and to {group: ${JSON.stringify(to.group)}, kind: ${to.kind}${toName}}`
}

/** The `From` triple for an object that makes references. */
export function fromOf(o: K8sObject, group: string): From {
  return {group, kind: String(o.kind), namespace: nsOf(o)}
}

