// What completion knows about the CLI: its commands and their flags, read from oclif's command
// manifest (the same data `--help` prints, so a new flag is completed without touching this code),
// plus the few facts the manifest does not carry: the `-o` formats each command accepts.

import {isRecord} from '../printers/fields.js'
import {COMMAND_OUTPUT_FORMATS, type OutputFormat} from '../printers/output.js'
import {TEMPLATE_FORMATS, type TemplateFormat} from '../printers/template-output.js'

export interface FlagSpec {
  /** Long name, without the dashes. */
  name: string
  /** One-letter short name, if any. */
  char?: string
  takesValue: boolean
  /** May be given more than once (so it stays on offer after use). */
  multiple: boolean
  /** Fixed set of values, if the flag declares one. */
  options?: string[]
  description?: string
}

export interface CommandSpec {
  id: string
  aliases: string[]
  description?: string
  flags: FlagSpec[]
  /** Positional arguments are resources: `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME...` (get, describe). */
  resourceArgs: boolean
}

export interface CompletionSpec {
  commands: CommandSpec[]
  /** Flags accepted before any command. */
  rootFlags: FlagSpec[]
}

export interface FormatSpec {
  value: string
  description: string
}

/** What completion shows beside each `-o` value; the values themselves are the commands' own list. */
const FORMAT_DESCRIPTIONS: Readonly<Record<OutputFormat, string>> = {
  table: 'table (the default)',
  wide: 'table with computed attachment columns',
  json: 'JSON',
  yaml: 'YAML',
  name: 'resource/name only',
  dot: 'attachment graph (Graphviz)',
  graph: 'attachment graph (Graphviz), alias of dot',
  mermaid: 'attachment graph (Mermaid flowchart)',
  svg: 'attachment graph rendered to SVG (no Graphviz needed)',
}

const TEMPLATE_DESCRIPTIONS: Readonly<Record<TemplateFormat, string>> = {
  jsonpath: 'kubectl JSONPath template: jsonpath={.items[*].metadata.name}',
  'jsonpath-file': 'JSONPath template read from a file',
  'jsonpath-as-json': 'JSONPath results as a JSON array',
  'custom-columns': 'columns of JSONPath expressions: custom-columns=NAME:.metadata.name',
  'custom-columns-file': 'custom columns read from a file (headers line, expressions line)',
}

/** The `-o` values a command accepts (none for a command without `-o`); template forms end in `=`. */
export function outputFormats(commandId: string): FormatSpec[] {
  if (!Object.hasOwn(COMMAND_OUTPUT_FORMATS, commandId)) return []
  const plain = COMMAND_OUTPUT_FORMATS[commandId as keyof typeof COMMAND_OUTPUT_FORMATS].map((value) => ({value, description: FORMAT_DESCRIPTIONS[value]}))
  if (commandId !== 'get') return plain
  return [...plain, ...TEMPLATE_FORMATS.map((f) => ({value: `${f}=`, description: TEMPLATE_DESCRIPTIONS[f]}))]
}

// oclif adds --help to every command (and -h through additionalHelpFlags); the manifest omits it.
const HELP: FlagSpec = {name: 'help', char: 'h', takesValue: false, multiple: false, description: 'Show help'}
const VERSION: FlagSpec = {name: 'version', takesValue: false, multiple: false, description: 'Show the version'}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

const SUMMARY_MAX = 80

/** A one-line summary for a shell menu: the first sentence, or clause, of the first line, kept short. */
function summary(text: string | undefined): string | undefined {
  let line = text?.split('\n', 1)[0].trim() ?? ''
  let depth = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === '(') depth++
    else if (c === ')') depth = Math.max(0, depth - 1)
    else if (depth === 0 && (c === '.' || c === ':' || c === ';') && (i + 1 === line.length || line[i + 1] === ' ')) {
      line = line.slice(0, i)
      break
    }
  }
  if (line.length > SUMMARY_MAX) {
    const cut = line.lastIndexOf(' ', SUMMARY_MAX - 3)
    line = `${line.slice(0, cut > 0 ? cut : SUMMARY_MAX - 3).trimEnd()}...`
  }
  return line || undefined
}

function flagOf(key: string, raw: unknown): FlagSpec | undefined {
  if (!isRecord(raw) || raw.hidden === true) return undefined
  const name = str(raw.name) ?? key
  if (!/^[A-Za-z0-9][-A-Za-z0-9_]*$/.test(name)) return undefined
  const char = str(raw.char)
  const options = Array.isArray(raw.options) ? raw.options.filter((o): o is string => typeof o === 'string' && o !== '') : undefined
  return {
    name,
    char: char !== undefined && char.length === 1 ? char : undefined,
    takesValue: raw.type === 'option',
    multiple: raw.multiple === true,
    options: options && options.length > 0 ? options : undefined,
    description: summary(str(raw.description) ?? str(raw.summary)),
  }
}

function commandOf(raw: unknown): CommandSpec | undefined {
  if (!isRecord(raw) || raw.hidden === true) return undefined
  const id = str(raw.id)
  if (id === undefined) return undefined
  const flags = isRecord(raw.flags)
    ? Object.entries(raw.flags).flatMap(([k, f]) => flagOf(k, f) ?? [])
    : []
  if (!flags.some((f) => f.name === HELP.name)) flags.push(HELP)
  const aliases = Array.isArray(raw.aliases) ? raw.aliases.filter((a): a is string => typeof a === 'string' && a !== '') : []
  return {
    id,
    aliases,
    description: summary(str(raw.summary) ?? str(raw.description)),
    flags,
    resourceArgs: isRecord(raw.args) && Object.hasOwn(raw.args, 'type'),
  }
}

/**
 * The spec from oclif's loaded commands (or the `commands` values of oclif.manifest.json). Hidden
 * commands and flags are left out, and so are ids with a topic (`a:b`, typed `a b`), which no
 * command has yet.
 * Malformed entries are skipped, never fatal.
 */
export function specFromManifest(commands: unknown): CompletionSpec {
  const list = Array.isArray(commands) ? commands : isRecord(commands) ? Object.values(commands) : []
  const out: CommandSpec[] = []
  for (const raw of list) {
    const c = commandOf(raw)
    if (c && !c.id.includes(':')) out.push(c)
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return {commands: out, rootFlags: [HELP, VERSION]}
}
