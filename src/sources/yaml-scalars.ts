// Plain (unquoted) YAML scalars as kubectl reads them. kubectl decodes manifests with sigs.k8s.io/yaml,
// which parses with goyaml.v2 (YAML 1.1 resolution) and converts the result to JSON; kubectl-gw's
// YAML libraries speak YAML 1.2. The differences matter: `value: yes` in a header modifier is the
// string "yes" to YAML 1.2 and the boolean true to kubectl (the API server then refuses it), and
// `mode: 0755` is 755 to one and 493 to the other. These are goyaml.v2's rules (resolve.go), by the
// first character of the scalar:
// - the exact words y Y yes Yes YES true True TRUE on On ON are true, n N no No NO false False FALSE
//   off Off OFF are false, "" ~ null Null NULL are null, .nan .NaN .NAN .inf .Inf .INF (+/-) the
//   float specials; any other word starting with one of those letters is a string;
// - starting with `.`: a decimal float (`.5`, `.5e3`, `.5_0`), else a string;
// - starting with a digit or a sign: with every `_` removed, an integer in Go's base-prefix syntax
//   (`0x1F`, `0o17`, `0b101`, and a leading 0 is octal: `0755` is 493) within 64 bits, else a decimal
//   float (`1.`, `1e3`, `08`), else a string. Timestamps stay strings (goyaml.v2 keeps the text when
//   decoding into an interface, and a timestamp cannot read as a number).
// Quoted and block scalars are always strings, as in YAML 1.2. Map keys resolve the same way and are
// then written as JSON strings (`yes:` is the key "true", `0755:` the key "493").

/** Returned for a plain scalar that stays a string. */
export const PLAIN_STRING: unique symbol = Symbol('plain string')

const WORDS = new Map<string, unknown>()
for (const [value, words] of [
  [true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, ['', '~', 'null', 'Null', 'NULL']],
  [Number.NaN, ['.nan', '.NaN', '.NAN']],
  [Number.POSITIVE_INFINITY, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [Number.NEGATIVE_INFINITY, ['-.inf', '-.Inf', '-.INF']],
] as const) {
  for (const w of words) WORDS.set(w, value)
}

/** The first characters after which a plain scalar can be something other than a string. */
export const RESOLVABLE_FIRST_CHARS: readonly string[] = ['', ...'+-0123456789.yYnNtTfFoO~']

/** Go's ParseFloat on text starting with `.`: decimal digits, `_` allowed between two digits. */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/
/** Go's integer syntax with base prefix (strconv.ParseInt/ParseUint with base 0), underscores removed. */
const GO_INT = /^([-+]?)(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]+)|([1-9][0-9]*|0))$/

const INT64_MIN = -(2n ** 63n)
const UINT64_MAX = 2n ** 64n - 1n

/** A finite float as Go's ParseFloat reads it: overflow is an error (then the text stays a string). */
function finite(text: string): number | typeof PLAIN_STRING {
  const n = Number(text)
  return Number.isFinite(n) ? n : PLAIN_STRING
}

function goInteger(plain: string): number | undefined {
  const m = GO_INT.exec(plain)
  if (!m) return undefined
  const [, sign, hex, oct, bin, leadingZeroOctal, dec] = m
  const magnitude = hex !== undefined ? BigInt(`0x${hex}`) : oct !== undefined ? BigInt(`0o${oct}`) : bin !== undefined ? BigInt(`0b${bin}`) : leadingZeroOctal !== undefined ? BigInt(`0o${leadingZeroOctal}`) : BigInt(dec)
  const value = sign === '-' ? -magnitude : magnitude
  // int64 (signed), else uint64 (no sign allowed), as goyaml.v2 tries them.
  if (value >= INT64_MIN && value < 2n ** 63n) return Number(value)
  if (sign === '' && value <= UINT64_MAX) return Number(value)
  return undefined
}

/** The value kubectl reads for a plain scalar, or PLAIN_STRING when it is the text itself. */
export function resolvePlainScalar(text: string): unknown {
  if (WORDS.has(text)) return WORDS.get(text)
  const c = text.charCodeAt(0)
  if (c === 0x2e) return DOT_FLOAT.test(text) ? finite(text.replaceAll('_', '')) : PLAIN_STRING
  // A digit, + or -.
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d)) return PLAIN_STRING
  const plain = text.includes('_') ? text.replaceAll('_', '') : text
  const integer = goInteger(plain)
  if (integer !== undefined) return integer
  return YAML_STYLE_FLOAT.test(plain) ? finite(plain) : PLAIN_STRING
}

let jsYamlSchema: import('js-yaml').Schema | undefined

/**
 * js-yaml's schema for manifests: YAML 1.2's failsafe tags (strings, sequences, mappings) and one
 * implicit tag that resolves plain scalars as kubectl does. Explicit tags are not known to it: text
 * with tags goes to the precise reader (yaml-docs.ts).
 */
export function kubectlJsYamlSchema(lib: typeof import('js-yaml')): import('js-yaml').Schema {
  if (jsYamlSchema) return jsYamlSchema
  const plain = lib.defineScalarTag('tag:kubectl-gw,2026:plain', {
    implicit: true,
    implicitFirstChars: RESOLVABLE_FIRST_CHARS,
    resolve: (source: string, explicit: boolean) => {
      if (explicit) return lib.NOT_RESOLVED
      const v = resolvePlainScalar(source)
      return v === PLAIN_STRING ? lib.NOT_RESOLVED : v
    },
    identify: () => false,
  })
  return (jsYamlSchema = lib.FAILSAFE_SCHEMA.withTags(plain))
}

/** The `yaml` package's equivalent: a default tag tried first on every plain scalar that may resolve. */
export const KUBECTL_PLAIN_TAG = {
  tag: 'tag:kubectl-gw,2026:plain',
  default: true,
  test: /^(?:[-+0-9.yYnNtTfFoO~]|$)/,
  resolve: (source: string) => {
    const v = resolvePlainScalar(source)
    return v === PLAIN_STRING ? source : v
  },
}
