// Shell completion for `kubectl gw`: the words after `kubectl gw` (the last one being completed,
// possibly empty) in, candidates and a Cobra directive out. Pure apart from the injected NameSource,
// which reads object names, namespaces and contexts; whatever it fails on yields no candidates.

import {policyKindType, type ResourceType} from '../model/resources.js'
import type {PolicyKind} from '../model/snapshot.js'
import {policyKindNamed} from '../policy/kinds.js'
import {flagsInEffect, isOn, lastValue, readLine, type LineState} from './line.js'
import {Directive, NOTHING, type Candidate, type Completion} from './protocol.js'
import {registeredType, typeCandidates, typeListCandidates, typesOfList, type TypeResolver} from './resources.js'
import {outputFormats, type CommandSpec, type CompletionSpec, type FlagSpec} from './spec.js'

/** Where names come from, as given earlier on the command line. */
export interface CompletionScope {
  /** `-f` paths (comma lists split): names come from these files, not from a cluster. */
  files?: string[]
  /** `-n`; undefined = the kubeconfig context's namespace. */
  namespace?: string
  allNamespaces: boolean
  /** `-l`, as typed. */
  selector?: string
  kubeconfig?: string
  context?: string
  /** `--request-timeout`, as typed. */
  requestTimeout?: string
}

export interface NameSource {
  /** Names of the objects of a type in the scope (any order, repeats allowed). */
  names(type: ResourceType, scope: CompletionScope): Promise<string[]>
  namespaces(scope: CompletionScope): Promise<string[]>
  contexts(scope: CompletionScope): Promise<string[]>
  /**
   * The policy kinds served in the scope (GEP-713-labelled CRDs of the cluster, or of the files): offered
   * as types beside the registered ones. A source without it offers the registered types only.
   */
  policyKinds?(scope: CompletionScope): Promise<PolicyKind[]>
}

export interface CompletionDeps {
  source: NameSource
  /** How the commands read a type word (cli/resource-args.ts resolveType); default: registered names. */
  resolveType?: TypeResolver
}

interface Setup {
  spec: CompletionSpec
  source: NameSource
  resolve: TypeResolver
}

/** kubectl's `-f` completion: files with these extensions, and directories. */
export const MANIFEST_EXTENSIONS = ['json', 'yaml', 'yml']

function startingWith(values: Iterable<Candidate>, prefix: string): Candidate[] {
  const out: Candidate[] = []
  for (const c of values) if (c.value.startsWith(prefix)) out.push(c)
  return out
}

/** Strings as candidates; anything else a source might hand back is ignored. */
function plain(values: unknown): Candidate[] {
  const out: Candidate[] = []
  if (Array.isArray(values)) for (const v of values) if (typeof v === 'string') out.push({value: v})
  return out
}

const offer = (candidates: Candidate[], directive: number = Directive.NoFileComp): Completion => ({candidates, directive})

export function scopeOf(state: LineState): CompletionScope {
  const files = (state.values.get('filename') ?? []).flatMap((v) => v.split(',')).filter((f) => f !== '')
  return {
    files: files.length > 0 ? files : undefined,
    namespace: lastValue(state, 'namespace') || undefined,
    allNamespaces: isOn(state, 'all-namespaces'),
    selector: lastValue(state, 'selector') || undefined,
    kubeconfig: lastValue(state, 'kubeconfig') || undefined,
    context: lastValue(state, 'context') || undefined,
    requestTimeout: lastValue(state, 'request-timeout') || undefined,
  }
}

/** `--name` and `-c` forms matching the prefix, of the flags not used yet (or repeatable). */
function flagCandidates(state: LineState, flags: FlagSpec[], prefix: string): Candidate[] {
  const out: Candidate[] = []
  for (const f of flags) {
    if (state.values.has(f.name) && !f.multiple) continue
    const long = `--${f.name}`
    if (long.startsWith(prefix)) out.push({value: long, description: f.description})
    if (f.char !== undefined && `-${f.char}`.startsWith(prefix)) out.push({value: `-${f.char}`, description: f.description})
  }
  return out
}

async function flagValueCompletion(flag: FlagSpec, state: LineState, prefix: string, cx: Setup): Promise<Completion> {
  const scope = scopeOf(state)
  switch (flag.name) {
    case 'output': {
      const formats = startingWith(outputFormats(state.command?.id ?? ''), prefix)
      // `jsonpath=` and the like wait for their template: no space after them.
      const open = formats.length > 0 && formats.every((f) => f.value.endsWith('='))
      return offer(formats, open ? Directive.NoSpace | Directive.NoFileComp : Directive.NoFileComp)
    }
    case 'namespace':
      return offer(startingWith(plain(await cx.source.namespaces(scope)), prefix))
    case 'context':
      return offer(startingWith(plain(await cx.source.contexts(scope)), prefix))
    case 'filename':
      // Cobra's answer for kubectl's own -f: the extensions, for the shell to filter files by.
      return offer(plain(MANIFEST_EXTENSIONS), Directive.FilterFileExt)
    case 'kubeconfig':
      return offer([], Directive.Default)
    default:
      return offer(startingWith(plain(flag.options ?? []), prefix))
  }
}

/** Names of every type in `types`, sorted, without repeats and without those in `exclude`. */
async function namesOf(types: ResourceType[], state: LineState, cx: Setup, exclude: ReadonlySet<string>): Promise<string[]> {
  const scope = scopeOf(state)
  const lists: unknown[] = await Promise.all(types.map((t) => cx.source.names(t, scope)))
  const out = new Set<string>()
  for (const list of lists) for (const c of plain(list)) if (!exclude.has(c.value)) out.add(c.value)
  return [...out].sort()
}

/**
 * Type words as get and describe read them: registered types, else policy kinds of the cluster or the
 * files (asked for only when some word is not a registered type). Other words are no type.
 */
async function resolverFor(words: string[], state: LineState, cx: Setup): Promise<TypeResolver> {
  const kinds = words.some((w) => w !== '' && !cx.resolve(w)) ? await policyKindsOf(state, cx) : []
  return (w) => cx.resolve(w) ?? (kinds.some((pk) => policyKindNamed(pk, w)) ? policyKindType(w) : undefined)
}

/** The source's policy kinds; none when it has no such list or cannot read it (the registered types still complete). */
async function policyKindsOf(state: LineState, cx: Setup): Promise<PolicyKind[]> {
  try {
    const kinds: unknown = await cx.source.policyKinds?.(scopeOf(state))
    return Array.isArray(kinds) ? (kinds as PolicyKind[]).filter((k) => typeof k?.group === 'string' && typeof k.kind === 'string') : []
  } catch {
    return []
  }
}

/** `TYPE/NAME`: names of TYPE, each offered with the type word as typed. */
async function slashedNames(word: string, state: LineState, cx: Setup): Promise<Completion> {
  const slash = word.indexOf('/')
  const typeWord = word.slice(0, slash)
  const rest = word.slice(slash + 1)
  const type = typeWord.includes(',') ? undefined : (await resolverFor([typeWord], state, cx))(typeWord)
  if (!type || rest.includes('/')) return NOTHING
  const given = new Set(state.args.filter((a) => a.startsWith(`${typeWord}/`)).map((a) => a.slice(slash + 1)))
  const names = await namesOf([type], state, cx, given)
  return offer(startingWith(plain(names.map((n) => `${typeWord}/${n}`)), word))
}

/** Positional arguments of get and describe: TYPE[,TYPE...] [NAME...] | TYPE/NAME... */
async function resourceArgCompletion(state: LineState, word: string, cx: Setup): Promise<Completion> {
  const [first, ...names] = state.args
  if (first === undefined) {
    if (word.includes('/')) return slashedNames(word, state, cx)
    if (word.includes(',')) return offer(typeListCandidates(word, cx.resolve, await policyKindsOf(state, cx)))
    return offer(typeCandidates(word, new Set(), await policyKindsOf(state, cx)))
  }
  if (first.includes('/')) {
    // Once one argument is TYPE/NAME, all must be: offer `TYPE/` to continue with.
    if (word.includes('/')) return slashedNames(word, state, cx)
    const types = typeCandidates(word, new Set(), await policyKindsOf(state, cx))
    return offer(types.map((c) => ({...c, value: `${c.value}/`})), Directive.NoSpace | Directive.NoFileComp)
  }
  const types = typesOfList(first, await resolverFor(first.split(','), state, cx))
  if (types.length === 0) return NOTHING
  return offer(startingWith(plain(await namesOf(types, state, cx, new Set(names))), word))
}

function commandCandidates(spec: CompletionSpec, prefix: string): Candidate[] {
  const out: Candidate[] = []
  for (const c of spec.commands) {
    for (const name of [c.id, ...c.aliases]) if (name.startsWith(prefix)) out.push({value: name, description: c.description})
  }
  return out
}

async function completeWord(state: LineState, word: string, cx: Setup): Promise<Completion> {
  if (state.pending) return flagValueCompletion(state.pending, state, word, cx)
  const command: CommandSpec | undefined = state.command
  if (!state.afterDashDash && word.startsWith('-')) {
    const eq = word.indexOf('=')
    if (eq > 0) {
      // `--namespace=pr` or `-n=pr`: the shell keeps what precedes the `=`, candidates are bare values.
      const long = word.startsWith('--')
      const name = word.slice(long ? 2 : 1, eq)
      const all = flagsInEffect(cx.spec, command)
      const flag = long ? all.find((f) => f.name === name) : all.find((f) => f.char === name)
      return flag?.takesValue ? flagValueCompletion(flag, state, word.slice(eq + 1), cx) : NOTHING
    }
    return offer(flagCandidates(state, command ? command.flags : cx.spec.rootFlags, word))
  }
  if (state.unknownCommand) return NOTHING
  if (!command) return offer(commandCandidates(cx.spec, word))
  return command.resourceArgs ? resourceArgCompletion(state, word, cx) : NOTHING
}

/**
 * Candidates for the last of `words` (the words after `kubectl gw`; an empty list completes an empty
 * first word). Never throws: a failing NameSource (no cluster, 403, unreadable file) gives no
 * candidates and NoFileComp, which is what the shell should do with a word it cannot complete.
 */
export async function complete(words: readonly string[], spec: CompletionSpec, deps: CompletionDeps): Promise<Completion> {
  try {
    const list = Array.isArray(words) ? words.map((w) => (typeof w === 'string' ? w : '')) : []
    const word = list.length > 0 ? list[list.length - 1] : ''
    const state = readLine(spec, list.slice(0, -1))
    return await completeWord(state, word, {spec, source: deps.source, resolve: deps.resolveType ?? registeredType})
  } catch {
    return NOTHING
  }
}
