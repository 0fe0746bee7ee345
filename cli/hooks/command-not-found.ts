// oclif's own answer to an unknown command is `Error: command foo not found` with exit code 2; a kubectl
// plugin answers like kubectl does (cobra's wording, suggestions, exit code 1).

import type {Hook} from '@oclif/core'
import {unknownCommandLines} from '../suggest.js'

const hook: Hook.CommandNotFound = async function (opts) {
  const visible = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id)
  // With a space as topic separator oclif joins the words it could not place (`gt gateways` ->
  // `gt:gateways`); cobra names only the first.
  const typed = opts.id.split(':')[0]
  process.stderr.write(`${unknownCommandLines(typed, visible).join('\n')}\n`)
  this.exit(1)
}

export default hook
