// Shared fixtures for the completion tests: the CLI's real command spec (from the committed oclif
// manifest) and a NameSource that answers from fixed data and records what it was asked.

import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {resolveType} from '../../cli/resource-args.js'
import {complete, type CompletionScope, type NameSource} from '../../src/completion/complete.js'
import type {Completion} from '../../src/completion/protocol.js'
import type {PolicyKind} from '../../src/model/snapshot.js'
import {specFromManifest, type CompletionSpec} from '../../src/completion/spec.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')

export function manifestCommands(): unknown {
  return JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')).commands
}

export const SPEC: CompletionSpec = specFromManifest(manifestCommands())

export interface Call {
  what: 'names' | 'namespaces' | 'contexts' | 'policyKinds'
  type?: string
  scope: CompletionScope
}

export interface FakeSource extends NameSource {
  calls: Call[]
}

/** With `policyKinds`, the source also lists policy kinds (a failing one when `failPolicyKinds`). */
export function fakeSource(
  data: {names?: Record<string, string[]>; namespaces?: string[]; contexts?: string[]; fail?: boolean; policyKinds?: PolicyKind[]; failPolicyKinds?: boolean} = {},
): FakeSource {
  const calls: Call[] = []
  const answer = async <T>(call: Call, value: T): Promise<T> => {
    calls.push(call)
    if (data.fail) throw new Error('connection refused')
    return value
  }
  return {
    calls,
    names: (type, scope) => answer({what: 'names', type: type.name, scope}, data.names?.[type.name] ?? []),
    namespaces: (scope) => answer({what: 'namespaces', scope}, data.namespaces ?? []),
    contexts: (scope) => answer({what: 'contexts', scope}, data.contexts ?? []),
    ...(data.policyKinds
      ? {
          policyKinds: async (scope: CompletionScope) => {
            const kinds = await answer({what: 'policyKinds', scope}, data.policyKinds ?? [])
            if (data.failPolicyKinds) throw new Error('forbidden')
            return kinds
          },
        }
      : {}),
  }
}

/** Completes `words` with the real spec and the commands' type parser. */
export function run(words: string[], source: NameSource = fakeSource()): Promise<Completion> {
  return complete(words, SPEC, {source, resolveType})
}

export const values = (c: Completion): string[] => c.candidates.map((x) => x.value)
