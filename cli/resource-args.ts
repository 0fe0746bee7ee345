// The positional arguments of `get` (and later `describe`), read the way kubectl's resource builder
// reads them:
//   TYPE[,TYPE...] [NAME...]        names apply to every type (`a,b x` means a/x and b/x)
//   TYPE/NAME [TYPE/NAME...]        every argument in this form, or none
// TYPE is any name lookupType() knows (plural, singular, short name, Kind, case-insensitive), optionally
// qualified with its API group (`listenersets.gateway.networking.x-k8s.io`) or version and group; any
// other name is taken for a policy kind found at run time (model/resources.ts policyKindType).

import {lookupType, policyKindType, type ResourceType} from '../src/model/resources.js'
import {escapeControl} from '../src/printers/escape.js'
import {UserError} from '../src/sources/request.js'

export interface TypeSelection {
  /** The type, narrowed to the refs of the group the user named, if any. */
  type: ResourceType
  /** Names asked for, in order, without repeats; empty = all. */
  names: string[]
}

/** kubectl's SplitResourceArgument: comma-separated, empties and repeats dropped. */
function splitTypes(arg: string): string[] {
  return [...new Set(arg.split(',').filter((s) => s !== ''))]
}

/**
 * Resolves one TYPE argument; undefined when unknown. `TYPE.GROUP` and `TYPE.VERSION.GROUP` keep only
 * the refs of that group, so `xlistenersets.gateway.networking.x-k8s.io` lists XListenerSets alone.
 */
export function resolveType(arg: string): ResourceType | undefined {
  const dot = arg.indexOf('.')
  if (dot > 0) {
    const base = lookupType(arg.slice(0, dot))
    const rest = arg.slice(dot + 1).toLowerCase()
    if (base && base.refs.length > 0) {
      const refs = base.refs.filter((r) => r.group === rest || r.versions.some((v) => `${v}.${r.group}` === rest))
      if (refs.length === base.refs.length) return base
      if (refs.length > 0) return {...base, refs}
    }
  }
  return lookupType(arg)
}

export function unknownType(arg: string): UserError {
  return new UserError(`error: the server doesn't have a resource type "${escapeControl(arg)}"`)
}

/** kubectl's normalisation: `a,b x y` becomes `a/x a/y b/x b/y`. */
function normalize(args: string[]): string[] {
  if (args.length < 2) return args
  const types = splitTypes(args[0])
  if (types.length < 2) return args
  return types.flatMap((t) => args.slice(1).map((n) => `${t}/${n}`))
}

function selectionKey(t: ResourceType): string {
  return `${t.name}|${t.refs.map((r) => `${r.group}/${r.kind}`).join(',')}`
}

/**
 * Parses the arguments into one selection per type, in the order types first appear. Throws a
 * UserError with kubectl's message for malformed arguments or an unknown type. Returns [] for no
 * arguments (the caller decides what "no type" means).
 */
export function parseResourceArgs(rawArgs: string[], command = 'kubectl gw'): TypeSelection[] {
  const args = normalize(rawArgs)
  const slashed = args.filter((a) => a.includes('/')).length
  const selections = new Map<string, TypeSelection>()
  const add = (typeArg: string, name: string | undefined): void => {
    // Any other name may be a policy kind the cluster or the files define (a vendor CRD): whether it
    // is one is known only once they are read, which then fails with the same message.
    const type = resolveType(typeArg) ?? policyKindType(typeArg)
    if (!type) throw unknownType(typeArg)
    const key = selectionKey(type)
    let sel = selections.get(key)
    if (!sel) selections.set(key, (sel = {type, names: []}))
    if (name === '') throw new UserError('error: resource name may not be empty')
    if (name !== undefined && !sel.names.includes(name)) sel.names.push(name)
  }
  if (slashed > 0 && slashed !== args.length) {
    throw new UserError(
      `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '${command} get resource/<resource_name>' instead of '${command} get resource resource/<resource_name>')`,
    )
  }
  if (slashed > 0) {
    for (const a of args) {
      const parts = a.split('/')
      if (parts.length !== 2) throw new UserError('error: arguments in resource/name form may not have more than one slash')
      const [typeArg, name] = parts
      if (typeArg === '' || name === '' || splitTypes(typeArg).length !== 1) {
        throw new UserError('error: arguments in resource/name form must have a single resource and name')
      }
      add(typeArg, name)
    }
    return [...selections.values()]
  }
  if (args.length === 0) return []
  const types = splitTypes(args[0])
  if (types.length === 0) throw new UserError('error: arguments must consist of a resource or a resource and name')
  const names = args.slice(1)
  for (const t of types) {
    add(t, undefined)
    for (const n of names) add(t, n)
  }
  return [...selections.values()]
}
