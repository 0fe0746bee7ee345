// Cobra's `__complete` protocol, which kubectl (>= 1.26) expects from a `kubectl_complete-<plugin>`
// executable and relays to the shell script it generated: one candidate per line, optionally
// `value<TAB>description`, then `:<directive>` on the last line. The directive is a bit set telling
// the shell what to do besides offering the candidates.

/** Cobra's ShellCompDirective bits. */
export const Directive = {
  /** Let the shell complete file names. */
  Default: 0,
  /** Something failed: offer nothing, not even files. */
  Error: 1,
  /** Do not add a space after the candidate (it is a prefix, such as `gateways/`). */
  NoSpace: 2,
  /** Offer no file names when there are no candidates. */
  NoFileComp: 4,
  /** The candidates are file extensions: complete files with these (and directories). */
  FilterFileExt: 8,
  /** Complete directories only (candidates, if any, name the directory to start from). */
  FilterDirs: 16,
  /** Keep the candidates in the order given. */
  KeepOrder: 32,
} as const

export interface Candidate {
  value: string
  description?: string
}

export interface Completion {
  candidates: Candidate[]
  directive: number
}

/** What to answer when there is nothing to offer, or when finding candidates failed. */
export const NOTHING: Completion = Object.freeze({candidates: [], directive: Directive.NoFileComp}) as Completion

// A value is one line of the protocol and one word of the shell: control characters and whitespace
// would split it or corrupt the line, and such a name could not be typed back anyway.
const UNSAFE_VALUE = /[\s\u0000-\u001f\u007f-\u009f]/
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g

/** The text kubectl reads from the completion executable's stdout. */
export function formatCompletion(c: Completion): string {
  const lines: string[] = []
  const seen = new Set<string>()
  for (const cand of c.candidates) {
    if (typeof cand?.value !== 'string' || cand.value === '' || UNSAFE_VALUE.test(cand.value) || seen.has(cand.value)) continue
    seen.add(cand.value)
    const description = typeof cand.description === 'string' ? cand.description.replace(CONTROL, ' ').trim() : ''
    lines.push(description ? `${cand.value}\t${description}` : cand.value)
  }
  const directive = Number.isInteger(c.directive) && c.directive >= 0 ? c.directive : Directive.NoFileComp
  lines.push(`:${directive}`)
  return `${lines.join('\n')}\n`
}
