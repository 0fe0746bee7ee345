// The entry point of the CommonJS bundles bin/run.js loads through V8's code cache
// (scripts/bundle-startup.mjs): dist/fast/oclif.cjs is oclif alone (help, --version, an unknown
// command), dist/fast/command-<id>.cjs is oclif with one command. A start then compiles nothing it
// has compiled before, resolves no module paths and evaluates no other command's modules. oclif still
// does all it does under `execute()` (config from package.json and the manifest, --version, --help,
// hooks, parsing, error handling); only the loading of the command module is replaced, by the
// bundled copy of the same module.

import {Config, flush, handle, run, type Command} from '@oclif/core'

/**
 * Makes the given commands of this CLI load from the bundle; any other command (one not bundled
 * here, or of another plugin) loads from its module as usual. Returns how many were replaced.
 */
export function useBundledCommands(config: Config, commands: Readonly<Record<string, Command.Class>>): number {
  let replaced = 0
  for (const c of config.commands) {
    const cls = Object.hasOwn(commands, c.id) ? commands[c.id] : undefined
    if (cls === undefined || c.pluginName !== config.name) continue
    c.load = async () => cls
    replaced++
  }
  return replaced
}

/** oclif's execute(), with the config loaded from `root` and the given commands taken from the bundle. */
export async function main(argv: string[], root: string, commands: Readonly<Record<string, Command.Class>> = {}): Promise<unknown> {
  try {
    const config = await Config.load(root)
    useBundledCommands(config, commands)
    const result = await run(argv, config)
    flush()
    return result
  } catch (error) {
    return handle(error as Error)
  }
}
