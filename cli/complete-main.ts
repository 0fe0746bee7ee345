// The completion entry point without oclif: `kubectl_complete-gw WORDS...` (bin/complete.js) and
// `kubectl-gw __complete [--] WORDS...` (bin/run.js, what krew's wrapper runs) land here. Commands,
// flags, types and `-o` values come from oclif.manifest.json and the type registry; no command module
// and no oclif code is loaded, so a TAB costs little more than starting node. Object names, namespaces
// and contexts need the cluster (or -f files): the code reading them is imported only then.
// Built into dist/fast/complete.cjs (scripts/bundle-startup.mjs); never throws: whatever goes wrong,
// the shell gets no candidates and a directive, as from commands/__complete.ts.

import {readFileSync} from 'node:fs'
import {complete, type NameSource} from '../src/completion/complete.js'
import {formatCompletion, NOTHING} from '../src/completion/protocol.js'
import {specFromManifest} from '../src/completion/spec.js'
import {isRecord} from '../src/model/guards.js'
import {cachedPolicyKinds} from './policy-kind-cache.js'
import {resolveType} from './resource-args.js'

/** Loads the real NameSource (src/completion/live-source.js) when a candidate needs one. */
export type NameSourceLoader = () => Promise<NameSource>

/** Defers to the loaded source on first use, so completing a command or a type imports nothing. */
export function lazyNameSource(load: NameSourceLoader): NameSource {
  let loaded: Promise<NameSource> | undefined
  const source = () => (loaded ??= load())
  return {
    names: async (type, scope) => (await source()).names(type, scope),
    namespaces: async (scope) => (await source()).namespaces(scope),
    contexts: async (scope) => (await source()).contexts(scope),
    policyKinds: (scope) => cachedPolicyKinds(scope, async () => (await source()).policyKinds?.(scope) ?? []),
  }
}

/** The words to complete: a leading `--` (kept from oclif's __complete, which needs it) is dropped. */
export function completionWords(argv: readonly string[]): string[] {
  return argv[0] === '--' ? argv.slice(1) : [...argv]
}

/** The protocol text for `words`, the spec read from the manifest file at `manifestPath`. */
export async function completionOutput(words: readonly string[], manifestPath: string, load: NameSourceLoader): Promise<string> {
  try {
    const manifest: unknown = JSON.parse(readFileSync(manifestPath, 'utf8'))
    const commands = isRecord(manifest) ? manifest.commands : undefined
    return formatCompletion(await complete(completionWords(words), specFromManifest(commands), {source: lazyNameSource(load), resolveType}))
  } catch {
    return formatCompletion(NOTHING)
  }
}
