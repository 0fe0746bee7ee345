// The kubectl flags every kubectl-gw command takes, with kubectl's names, short forms and defaults.

import {Flags} from '@oclif/core'

export const sharedFlags = {
  namespace: Flags.string({char: 'n', description: 'If present, the namespace scope for this CLI request', helpValue: 'NS'}),
  'all-namespaces': Flags.boolean({
    char: 'A',
    description: 'List the requested objects across all namespaces (wins over --namespace)',
  }),
  selector: Flags.string({
    char: 'l',
    description: "Label selector to filter on: 'k=v', 'k!=v', 'k in (a,b)', 'k notin (a)', 'k', '!k', comma-separated (AND)",
    helpValue: 'SELECTOR',
  }),
  output: Flags.string({
    char: 'o',
    description:
      'Output format (get: json, yaml, name, wide, dot, graph, mermaid, svg, jsonpath=TEMPLATE, jsonpath-file=FILE, jsonpath-as-json=TEMPLATE, custom-columns=SPEC, custom-columns-file=FILE; describe and analyze: json, yaml; trace: text, json, yaml, dot, mermaid, svg)',
    helpValue: 'FORMAT',
  }),
  filename: Flags.string({
    char: 'f',
    description: 'Read objects from these files, directories (recursively) or - (stdin) instead of a cluster',
    helpValue: 'PATH',
    multiple: true,
    // kubectl's -f is a string slice: `-f a.yaml,b.yaml` and repeated -f both work. Non-greedy so that
    // `-f x.yaml gateways` keeps `gateways` as an argument.
    delimiter: ',',
    multipleNonGreedy: true,
  }),
  kubeconfig: Flags.string({description: 'Path to the kubeconfig file to use for CLI requests', helpValue: 'FILE'}),
  context: Flags.string({description: 'The name of the kubeconfig context to use', helpValue: 'NAME'}),
  'request-timeout': Flags.string({
    description: "Time to wait for each server request: a number of seconds or a duration such as 5s, 2m, 1h ('0' = no timeout)",
    default: '0',
    helpValue: 'DURATION',
  }),
  'no-headers': Flags.boolean({description: 'Print tables without the header line'}),
  'show-labels': Flags.boolean({description: 'Print all labels as the last column of tables'}),
}

export interface SharedFlagValues {
  namespace?: string
  'all-namespaces': boolean
  selector?: string
  output?: string
  filename?: string[]
  kubeconfig?: string
  context?: string
  'request-timeout': string
  'no-headers': boolean
  'show-labels': boolean
}

/**
 * Boolean flags (sharedFlags' and version's --client), for the argv normalisation kubectl's pflag
 * makes unnecessary. A command without the flag still rejects it as unknown.
 */
export const BOOLEAN_FLAGS: Readonly<Record<string, string>> = {
  'all-namespaces': 'A',
  'no-headers': '',
  'show-labels': '',
  client: '',
}
