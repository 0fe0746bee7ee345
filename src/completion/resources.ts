// Resource type words as `get` and `describe` accept them (see cli/resource-args.ts): every name of
// every type in the registry, a comma-separated list of them, and `TYPE/NAME`. Plurals are what is
// offered; a singular, short name or alias is offered only when the plural does not match what was
// typed, because shells drop candidates that do not start with the typed word.

import {lookupType, RESOURCE_TYPES, type ResourceType} from '../model/resources.js'
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
export function typeCandidates(prefix: string, exclude: ReadonlySet<ResourceType> = new Set()): Candidate[] {
  const out: Candidate[] = []
  for (const t of RESOURCE_TYPES) {
    if (exclude.has(t)) continue
    const value = matchingName(t, prefix)
    if (value !== undefined) out.push({value, description: describeType(t)})
  }
  return out
}

/**
 * Completes the first resource argument when it is a comma list: `httproutes,gr` offers
 * `httproutes,grpcroutes`. Types already listed are not offered again.
 */
export function typeListCandidates(word: string, resolve: TypeResolver = registeredType): Candidate[] {
  const comma = word.lastIndexOf(',')
  const head = word.slice(0, comma + 1)
  // By name: a resolver may narrow a type (TYPE.GROUP) into a new object.
  const listed = new Set(head.split(',').flatMap((w) => resolve(w)?.name ?? []))
  const exclude = new Set(RESOURCE_TYPES.filter((t) => listed.has(t.name)))
  return typeCandidates(word.slice(comma + 1), exclude).map((c) => ({...c, value: `${head}${c.value}`}))
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
