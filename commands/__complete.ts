// kubectl gw __complete WORDS...: shell completion in Cobra's protocol, for kubectl's plugin
// completion (kubectl >= 1.26 runs `kubectl_complete-gw`, i.e. bin/complete.js, which lands here).
// Hidden from help. It never fails: whatever goes wrong, the shell gets no candidates and a directive.

import {Command} from '@oclif/core'
import {resolveType} from '../cli/resource-args.js'
import {complete} from '../src/completion/complete.js'
import {liveNameSource} from '../src/completion/live-source.js'
import {formatCompletion, NOTHING} from '../src/completion/protocol.js'
import {specFromManifest} from '../src/completion/spec.js'

export default class Complete extends Command {
  static override hidden = true
  static override strict = false
  static override description = 'Shell completion for kubectl (Cobra __complete protocol)'

  async run(): Promise<void> {
    let out = formatCompletion(NOTHING)
    try {
      // bin/complete.js puts `--` first so that oclif does not take a `-h` on the line for a help request.
      const words = this.argv[0] === '--' ? this.argv.slice(1) : this.argv
      // The commands oclif knows, from the manifest: flags as --help shows them, no command module loaded.
      out = formatCompletion(await complete(words, specFromManifest(this.config.commands), {source: liveNameSource, resolveType}))
    } catch {
      // Already the empty answer.
    }
    process.stdout.write(out)
  }
}
