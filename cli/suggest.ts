// "Did you mean this?" for a mistyped command, as cobra (and so kubectl) decides it: a visible command
// within edit distance 2, or one the typed word is a prefix of.

import {editDistance} from '../src/graph/plausible.js'
import {escapeControl} from '../src/printers/escape.js'

export {editDistance}

export function suggestCommands(typed: string, commands: readonly string[]): string[] {
  return commands.filter((c) => editDistance(typed, c) <= 2 || (typed !== '' && c.toLowerCase().startsWith(typed.toLowerCase())))
}

/** cobra's unknown-command report, with `kubectl gw` as the root; exit code 1. */
export function unknownCommandLines(typed: string, commands: readonly string[]): string[] {
  // Quoted like Go's %q (JSON escapes C0 controls and quotes); escapeControl catches the C1 range.
  const lines = [`Error: unknown command ${escapeControl(JSON.stringify(typed))} for "kubectl gw"`]
  const near = suggestCommands(typed, commands)
  if (near.length > 0) lines.push('', 'Did you mean this?', ...near.map((c) => `\t${c}`))
  lines.push('', "Run 'kubectl gw --help' for usage.")
  return lines
}
