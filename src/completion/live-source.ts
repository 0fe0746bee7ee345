// The NameSource completion uses for real: object names from the `-f` files given on the line, else
// from the cluster of the kubeconfig (honouring --kubeconfig, --context, -n, -A and -l), through the
// same loader as the commands with a single ListRequest, so one completion costs one discovery round
// and the list call(s) of one type. Contexts come from the kubeconfig alone.

import {loadSnapshot} from '../load.js'
import {typeByName, type ResourceType} from '../model/resources.js'
import type {PolicyKind} from '../model/snapshot.js'
import {policyKindsOf} from '../policy/kinds.js'
import {parseSelector} from '../selectors/labels.js'
import {selectObjects} from '../sources/filter.js'
import {parseRequestTimeout, resolveKubeconfig} from '../sources/kubeconfig.js'
import type {ListRequest} from '../sources/request.js'
import type {CompletionScope, NameSource} from './complete.js'

/**
 * A shell waits for completion with the terminal blocked: without a --request-timeout on the line,
 * a request that hangs is abandoned after this long.
 */
export const DEFAULT_COMPLETION_TIMEOUT_MS = 5_000

function timeoutOf(scope: CompletionScope): number {
  if (scope.requestTimeout === undefined) return DEFAULT_COMPLETION_TIMEOUT_MS
  try {
    return parseRequestTimeout(scope.requestTimeout)
  } catch {
    return DEFAULT_COMPLETION_TIMEOUT_MS
  }
}

/** A selector the server would reject is dropped: better all names than none. */
function usableSelector(selector: string | undefined): string | undefined {
  if (selector === undefined) return undefined
  try {
    parseSelector(selector)
    return selector
  } catch {
    return undefined
  }
}

/** Standard input is the terminal while completing: `-f -` cannot be read. */
function readableFiles(scope: CompletionScope): string[] | undefined {
  return scope.files?.filter((f) => f !== '-')
}

function contextNamespace(scope: CompletionScope): string {
  try {
    return resolveKubeconfig({kubeconfig: scope.kubeconfig, context: scope.context}).namespace
  } catch {
    return 'default'
  }
}

async function listNames(type: ResourceType, scope: CompletionScope): Promise<string[]> {
  const files = readableFiles(scope)
  if (files !== undefined && files.length === 0) return []
  const defaultNamespace = scope.namespace ?? contextNamespace(scope)
  const request: ListRequest = {
    type,
    namespace: scope.allNamespaces || !type.namespaced ? undefined : defaultNamespace,
    labelSelector: usableSelector(scope.selector),
    // Not explicit: a type the server lacks is simply empty, not an error.
    explicit: false,
  }
  const snapshot = await loadSnapshot({
    files,
    connection: {kubeconfig: scope.kubeconfig, context: scope.context, requestTimeoutMs: timeoutOf(scope)},
    requests: [request],
    defaultNamespace,
  })
  return selectObjects(snapshot, request).map((o) => o.metadata?.name)
}

async function listNamespaces(scope: CompletionScope): Promise<string[]> {
  const files = readableFiles(scope)
  if (files === undefined) return listNames(typeByName('namespaces'), {...scope, allNamespaces: true, selector: undefined})
  if (files.length === 0) return []
  // In files, a namespace exists by being used, with or without a Namespace object.
  const snapshot = await loadSnapshot({files, connection: {}, requests: [], defaultNamespace: scope.namespace ?? contextNamespace(scope)})
  return snapshot.namespaceNames()
}

/**
 * The policy kinds: from the cluster, one list of the GEP-713-labelled CRDs (kubectl's type completion
 * asks discovery for every resource type; only the policy kinds are not already in the registry); from
 * files, the CRDs and policy instances in them. No instance of any kind is listed.
 */
async function listPolicyKinds(scope: CompletionScope): Promise<PolicyKind[]> {
  const files = readableFiles(scope)
  if (files !== undefined && files.length === 0) return []
  const request: ListRequest = {type: typeByName('policycrds'), namespace: undefined, explicit: false}
  const snapshot = await loadSnapshot({
    files,
    connection: {kubeconfig: scope.kubeconfig, context: scope.context, requestTimeoutMs: timeoutOf(scope)},
    requests: [request],
    defaultNamespace: scope.namespace ?? contextNamespace(scope),
  })
  return policyKindsOf(snapshot)
}

async function listContexts(scope: CompletionScope): Promise<string[]> {
  return resolveKubeconfig({kubeconfig: scope.kubeconfig}).config.contexts.map((c) => c.name)
}

export const liveNameSource: NameSource = {
  names: listNames,
  namespaces: listNamespaces,
  contexts: listContexts,
  policyKinds: listPolicyKinds,
}
