// Resource type words as `get` and `describe` accept them (see cli/resource-args.ts): every name of
// every type in the registry, a comma-separated list of them, and `TYPE/NAME`. Plurals are what is
// offered; a singular, short name or alias is offered only when the plural does not match what was
// typed, because shells drop candidates that do not start with the typed word.

import {lookupType, RESOURCE_TYPES, typeForKind, type ResourceType} from '../model/resources.js'
import type {PolicyKind} from '../model/snapshot.js'
import {policyKindNames} from '../policy/kinds.js'
import type {Candidate} from './protocol.js'

function describeType(t: ResourceType): string {
  const what = t.dynamic === 'policies'
    ? 'every policy kind found'
    : t.expandsTo
      ? `every route kind: ${t.expandsTo.join(', ')}`
      : [...new Set(t.refs.map((r) => r.kind))].join(', ')
  return t.shortNames.length > 0 ? `${what} (${t.shortNames.join(', ')})` : what
}

/** The word to offer for a type given what was typed, or undefined when no name of it matches. */
function matchingName(t: ResourceType, prefix: string): string | undefined {
  const p = prefix.toLowerCase()
  for (const n of [t.name, t.singular, ...t.shortNames, ...t.aliases]) if (n.startsWith(p)) return n
  // `TYPE.GROUP`, which kubectl also accepts, once the user has started to type the group.
  if (p.includes('.')) {
    for (const r of t.refs) {
      const qualified = `${r.resource}.${r.group}`
      if (r.group !== '' && qualified.startsWith(p)) return qualified
    }
  }
  return undefined
}

/** Reads a type word (`gtw`, `gateways.gateway.networking.k8s.io`) as the commands do. */
export type TypeResolver = (word: string) => ResourceType | undefined

/** Registered names only; the commands inject their parser's resolver, which also reads `TYPE.GROUP` forms. */
export const registeredType: TypeResolver = (word) => (typeof word === 'string' && word !== '' ? lookupType(word) : undefined)

/** Types whose names start with `prefix`, leaving out `exclude` (types already in a comma list). */
export function typeCandidates(prefix: string, exclude: ReadonlySet<ResourceType> = new Set(), policyKinds: readonly PolicyKind[] = [], excludeWords: ReadonlySet<string> = new Set()): Candidate[] {
  const out: Candidate[] = []
  for (const t of RESOURCE_TYPES) {
    if (exclude.has(t)) continue
    const value = matchingName(t, prefix)
    if (value !== undefined) out.push({value, description: describeType(t)})
  }
  return [...out, ...policyKindCandidates(prefix, policyKinds, excludeWords)]
}

/**
 * The policy kinds a cluster or the files serve beyond the registered types (vendor CRDs), offered as
 * kubectl offers resource types: the plural, or `plural.group` when the plural alone would name another
 * type too (two groups with one plural, or a registered type's name) or once a `.` has been typed.
 * Like the registered types, a singular, Kind or short name only when the plural does not match.
 */
export function policyKindCandidates(prefix: string, kinds: readonly PolicyKind[], exclude: ReadonlySet<string> = new Set()): Candidate[] {
  const p = prefix.toLowerCase()
  const vendor = kinds.filter((pk) => typeForKind(pk.group, pk.kind) === undefined && policyKindNames(pk).plural !== '')
  const plurals = new Map<string, number>()
  for (const pk of vendor) {
    const plural = policyKindNames(pk).plural
    plurals.set(plural, (plurals.get(plural) ?? 0) + 1)
  }
  const out: Candidate[] = []
  const seen = new Set<string>()
  for (const pk of vendor) {
    const {plural, kind, singular, shortNames} = policyKindNames(pk)
    const qualified = `${plural}.${pk.group.toLowerCase()}`
    if (exclude.has(plural) || exclude.has(qualified)) continue
    const ambiguous = (plurals.get(plural) ?? 0) > 1 || lookupType(plural) !== undefined
    const value = p.includes('.') || ambiguous
      ? qualified.startsWith(p) ? qualified : undefined
      : [plural, singular, kind, ...shortNames].find((n) => n !== '' && n.startsWith(p))
    if (value === undefined || seen.has(value)) continue
    seen.add(value)
    const short = shortNames.length > 0 ? ` (${shortNames.join(', ')})` : ''
    out.push({value, description: `${pk.kind}.${pk.group}, ${pk.type} policy${short}`})
  }
  return out
}

/**
 * Completes the first resource argument when it is a comma list: `httproutes,gr` offers
 * `httproutes,grpcroutes`. Types already listed are not offered again.
 */
export function typeListCandidates(word: string, resolve: TypeResolver = registeredType, policyKinds: readonly PolicyKind[] = []): Candidate[] {
  const comma = word.lastIndexOf(',')
  const head = word.slice(0, comma + 1)
  // By name: a resolver may narrow a type (TYPE.GROUP) into a new object.
  const listed = new Set(head.split(',').flatMap((w) => resolve(w)?.name ?? []))
  const exclude = new Set(RESOURCE_TYPES.filter((t) => listed.has(t.name)))
  const words = new Set(head.split(',').map((w) => w.toLowerCase()))
  return typeCandidates(word.slice(comma + 1), exclude, policyKinds, words).map((c) => ({...c, value: `${head}${c.value}`}))
}

/** The distinct types of a comma list (unknown words dropped). */
export function typesOfList(word: string, resolve: TypeResolver = registeredType): ResourceType[] {
  const out = new Map<string, ResourceType>()
  for (const w of word.split(',')) {
    const t = resolve(w)
    if (t && !out.has(t.name)) out.set(t.name, t)
  }
  return [...out.values()]
}
