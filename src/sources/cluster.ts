// The cluster source: one Snapshot from a live API server. Discovery first (one aggregated round), then
// exactly one paged list call per (request, served resource), all concurrently; never a call per
// object, except the gets of the Secrets and ConfigMaps that references name and checks read
// (referenced-reads.ts: bounded by the references, after their metadata lists). The only module that reaches @kubernetes/client-node (api-client.ts, through client-node.ts); src/load.ts
// imports it lazily so commands reading files never pay for loading it.

import {isRecord} from '../model/guards.js'
import {expandTypes, SUPPORT_REFS} from '../model/resources.js'
import {kindKey, Snapshot, type PolicyKind} from '../model/snapshot.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP, POLICY_LABEL, type CustomResourceDefinition, type K8sObject, type Origin} from '../model/types.js'
import {policyKindNamed, policyKindsFromCrds} from '../policy/kinds.js'
import {matches, parseSelector, type Selector} from '../selectors/labels.js'
import type {RetryOptions} from './api-client.js'
import {getJson, type ApiClient} from './api-json.js'
import {ApiError, IncompleteResponseError, isServerFailure, statusLineFor, userErrorOf} from './cluster-errors.js'
import {
  builtinPolicyKinds,
  CRD_REF,
  isGatewayApiType,
  isPolicyCrdType,
  mergePolicyKinds,
  policyTarget,
  servedResource,
  targetOf,
  targetsForType,
  wantedGroups,
} from './cluster-targets.js'
import {discover, type Discovery} from './discovery.js'
import {NO_SERVER_MESSAGE, resolveKubeconfig} from './kubeconfig.js'
import {listAll, listPath, qualifiedResource, toObjects, type ListTarget} from './list-pages.js'
import {oneLine} from './messages.js'
import type {ReferencedKind} from './referenced.js'
import {METADATA_ACCEPT, readReferenced, type GetOutcome, type ReferencedReader} from './referenced-reads.js'
import {UserError, type ConnectionOptions, type ListRequest} from './request.js'
import {sharedApiClient} from './shared-client.js'

export interface ListOutcome {
  target: ListTarget
  items: K8sObject[]
  /** The Status message of a 403: the list is unreadable, the rest of the snapshot is not. */
  forbidden?: string
  /**
   * The error line for a server failure that outlasted the retries (429, 5xx, a body cut short):
   * handled as a 403 is, since this type's list is unknown while the rest of the snapshot is sound.
   */
  failed?: string
  /** A 404 on a resource discovery listed: it went away in between. */
  missing?: boolean
  /** Items the server sent that are not objects with a name. */
  dropped: number
  /** Items that came as PartialObjectMetadata: their existence is known, not their contents. */
  partial?: Set<K8sObject>
}

interface RequestResult {
  /** Undefined for the referenced-object phase, which no request names. */
  request?: ListRequest
  outcomes: ListOutcome[]
  policyKinds: PolicyKind[]
}

export const GATEWAY_API_MISSING = oneLine(
  `error: the server does not serve the Gateway API (API group "${GATEWAY_GROUP}" not found); install the Gateway API CRDs: https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api`,
)

const notServed = (request: ListRequest) => new UserError(oneLine(`error: the server doesn't have a resource type "${request.type.name}"`))

/** Reads lists for the requests of one load; the same list asked for twice is fetched once. */
class ClusterReader {
  private readonly lists = new Map<string, Promise<ListOutcome>>()

  constructor(
    private readonly client: ApiClient,
    private readonly discovery: Discovery,
  ) {}

  list(t: ListTarget, metadata = false): Promise<ListOutcome> {
    const key = `${listPath(t)}?${t.labelSelector ?? ''}&${t.fieldSelector ?? ''}${metadata ? '#metadata' : ''}${t.lean ? '#lean' : ''}`
    let p = this.lists.get(key)
    if (!p) this.lists.set(key, (p = this.fetch(t, metadata)))
    return p
  }

  /** A list as PartialObjectMetadataList; the full list only where the server refuses that (406). */
  private async listMetadata(t: ListTarget): Promise<ListOutcome> {
    let raw: unknown[]
    try {
      raw = await listAll(this.client, t, METADATA_ACCEPT)
    } catch (e) {
      if (e instanceof ApiError && e.code === 406) return {target: t, ...toObjects(await listAll(this.client, t), t)}
      throw e
    }
    // Judged per item: whatever answered with full objects (a proxy rewriting Accept) gave their contents.
    const partial = new Set(raw.filter((i) => isRecord(i) && i.kind === 'PartialObjectMetadata'))
    const {items, dropped} = toObjects(raw, t)
    return {target: t, items, dropped, partial: new Set(items.filter((i) => partial.has(i)))}
  }

  private async fetch(t: ListTarget, metadata: boolean): Promise<ListOutcome> {
    try {
      if (metadata) return await this.listMetadata(t)
      return {target: t, ...toObjects(await listAll(this.client, t), t)}
    } catch (e) {
      if (e instanceof ApiError && e.code === 403) return {target: t, items: [], forbidden: e.message, dropped: 0}
      if (e instanceof ApiError && e.code === 404) return {target: t, items: [], missing: true, dropped: 0}
      const failed = failureLine(e, 'list', t)
      if (failed !== undefined) return {target: t, items: [], failed, dropped: 0}
      throw e
    }
  }

  private crdTarget(labelSelector: string): ListTarget | undefined {
    const r = servedResource(CRD_REF, this.discovery)
    return r && targetOf(r, {labelSelector})
  }

  /** One object by name, for the referenced-object phase. */
  async get(t: ListTarget, name: string): Promise<GetOutcome> {
    try {
      const doc = await getJson(this.client, `${listPath(t)}/${encodeURIComponent(name)}`, {}, undefined, `get ${qualifiedResource(t)}`)
      const object = toObjects([doc], t).items[0]
      return object ? {object} : {missing: true}
    } catch (e) {
      if (e instanceof ApiError && e.code === 403) return {refused: e.message}
      if (e instanceof ApiError && e.code === 404) return {missing: true}
      const failed = failureLine(e, 'get', t)
      if (failed !== undefined) return {refused: failed}
      throw e
    }
  }

  /** One CRD by name; nothing when it is absent or refused (it only completes a list), the line when the server failed. */
  private async getCrd(t: ListTarget, name: string): Promise<{crd?: K8sObject; failed?: string}> {
    try {
      const doc = await getJson(this.client, `${listPath(t)}/${encodeURIComponent(name)}`, {}, undefined, `get ${qualifiedResource(t)}`)
      return {crd: toObjects([doc], t).items[0]}
    } catch (e) {
      if (e instanceof ApiError && (e.code === 403 || e.code === 404)) return {}
      const failed = failureLine(e, 'get', t)
      if (failed !== undefined) return {failed}
      throw e
    }
  }

  async load(request: ListRequest): Promise<RequestResult> {
    if (request.type.dynamic === 'policies') return this.loadPolicies(request)
    if (isPolicyCrdType(request.type)) return this.loadPolicyCrds(request)
    const outcomes = await Promise.all(targetsForType(request, this.discovery).map((t) => this.list(t)))
    if (request.explicit && outcomes.length > 0 && outcomes.every((o) => o.missing)) throw notServed(request)
    return {request, outcomes, policyKinds: []}
  }

  /** Policy kinds from the labelled CRDs (one list) and the built-in kinds, then one list per kind. */
  private async loadPolicies(request: ListRequest): Promise<RequestResult> {
    const crdTarget = this.crdTarget(POLICY_LABEL)
    const crdOutcome = crdTarget && (await this.list(crdTarget))
    const crds = (crdOutcome?.items ?? []) as CustomResourceDefinition[]
    const all = mergePolicyKinds(policyKindsFromCrds(crds), builtinPolicyKinds(this.discovery))
    // One policy kind by name (`get timeoutpolicies`): only its instances are listed. None matching is
    // the caller's "doesn't have a resource type" (cli/get-plan.ts collectGet), as for files.
    const named = request.type.policyKind
    const kinds = named === undefined ? all : all.filter((pk) => policyKindNamed(pk, named))
    const targets = kinds.flatMap((pk) => policyTarget(pk, this.discovery, request) ?? [])
    const outcomes = await Promise.all(targets.map((t) => this.list(t)))
    return {request, outcomes: crdOutcome ? [crdOutcome, ...outcomes] : outcomes, policyKinds: kinds}
  }

  /**
   * The policy CRDs: those with the label (one list, with the user's selector too), plus the built-in
   * policy kinds' CRDs that lack it (BackendLBPolicy never had it), fetched by name, at most three.
   */
  private async loadPolicyCrds(request: ListRequest): Promise<RequestResult> {
    const selector = request.labelSelector ? `${POLICY_LABEL},${request.labelSelector}` : POLICY_LABEL
    const target = this.crdTarget(selector)
    if (!target) return {request, outcomes: [], policyKinds: []}
    const listed = await this.list(target)
    const builtins = builtinPolicyKinds(this.discovery)
    let extra: K8sObject[] = []
    let failed: string | undefined
    if (listed.forbidden === undefined && listed.failed === undefined) {
      const have = new Set(listed.items.map((c) => c.metadata.name))
      let wanted: Selector = []
      try {
        wanted = parseSelector(request.labelSelector ?? '')
      } catch {
        // Validated by the command; a selector the server accepted but we cannot read filters nothing here.
      }
      const fetched = await Promise.all(
        builtins.map((pk) => `${pk.resource}.${pk.group}`).filter((n) => !have.has(n)).map((n) => this.getCrd(target, n)),
      )
      extra = fetched.flatMap((f) => (f.crd !== undefined && matches(wanted, f.crd.metadata.labels) ? [f.crd] : []))
      failed = fetched.find((f) => f.failed !== undefined)?.failed
    }
    const crds = [...listed.items, ...extra] as CustomResourceDefinition[]
    return {
      request,
      outcomes: listed.forbidden !== undefined || listed.failed !== undefined ? [listed] : [listed, {target, items: extra, failed, dropped: 0}],
      policyKinds: mergePolicyKinds(policyKindsFromCrds(crds), builtins),
    }
  }
}

/**
 * The line for a failure of the server on one list or get, or undefined when the error is of another
 * kind (ours, the network's, the credentials'), which stays fatal.
 */
function failureLine(e: unknown, verb: 'list' | 'get', t: ListTarget): string | undefined {
  const resource = qualifiedResource(t)
  if (e instanceof ApiError && isServerFailure(e)) return statusLineFor(e, `${verb} ${resource}`, resource)
  if (e instanceof IncompleteResponseError) return e.message
  return undefined
}

/** Concrete types only: a grouping type (`routes`) stands for its members, none of them explicit. */
function concreteRequests(requests: ListRequest[]): ListRequest[] {
  return requests.flatMap((r) => (r.type.expandsTo ? expandTypes([r.type]).map((type) => ({...r, type, explicit: false})) : [r]))
}

/** Fails, before any list call, for what cannot be answered at all. */
function checkServed(requests: ListRequest[], d: Discovery): void {
  for (const r of requests) {
    if (r.type.dynamic || isPolicyCrdType(r.type)) continue
    if (isGatewayApiType(r.type) && !d.hasGroup(GATEWAY_GROUP) && !r.type.refs.some((ref) => d.hasGroup(ref.group))) {
      throw new UserError(GATEWAY_API_MISSING)
    }
  }
  for (const r of requests) {
    if (r.explicit && !r.type.dynamic && !isPolicyCrdType(r.type) && targetsForType(r, d).length === 0) throw notServed(r)
  }
}

function assemble(snapshot: Snapshot, results: RequestResult[], origin: Origin): void {
  const warned = new Set(snapshot.warnings)
  const warn = (w: string) => {
    if (!warned.has(w)) {
      warned.add(w)
      snapshot.warnings.push(w)
    }
  }
  const done = new Set<ListOutcome>()
  for (const {outcomes} of results) {
    for (const o of outcomes) {
      if (done.has(o)) continue
      done.add(o)
      const unread = o.forbidden ?? o.failed
      if (unread !== undefined) {
        warn(unread)
        snapshot.unreadable.add(kindKey(o.target.group, o.target.kind))
      }
      // A complete, unfiltered list (or a resource gone since discovery) proves absence where it looked.
      else if (!o.target.labelSelector && !o.target.fieldSelector) snapshot.recordListed(o.target.group, o.target.kind, o.target.namespaced ? o.target.namespace : undefined)
      if (o.dropped > 0) warn(`ignored ${o.dropped} item(s) without a name in the list of ${qualifiedResource(o.target)}`)
      for (const item of o.items) {
        snapshot.add(item, origin)
        if (o.partial?.has(item)) snapshot.markMetadataOnly(item)
      }
    }
  }
  snapshot.policyKinds.push(...mergePolicyKinds(...results.map((r) => r.policyKinds)))
}

/**
 * kubectl fails a `get` whose every named type was refused; the same for us when nothing asked for was
 * readable (refused, or failed on the server's side).
 */
function checkUnreadable(results: RequestResult[]): void {
  const explicit = results.filter((r) => r.request?.explicit)
  const unread = (r: RequestResult) => r.outcomes.length > 0 && r.outcomes.every((o) => o.forbidden !== undefined || o.failed !== undefined)
  if (explicit.length > 0 && explicit.every(unread)) {
    const first = explicit[0].outcomes[0]
    throw new UserError(first.forbidden !== undefined ? oneLine(`Error from server (Forbidden): ${first.forbidden}`) : (first.failed ?? ''))
  }
}

/** What versions of each Gateway API kind the server serves, when discovery read the whole group. */
function recordServedVersions(snapshot: Snapshot, d: Discovery): void {
  for (const group of [GATEWAY_GROUP, GATEWAY_X_GROUP]) {
    if (!d.knowsResourcesOf(group)) continue
    for (const r of d.resourcesOf(group)) {
      const key = kindKey(group, r.kind)
      if (!snapshot.servedVersions.has(key)) snapshot.servedVersions.set(key, d.versionsOf(group, r.resource))
    }
  }
}

async function read(client: ApiClient, requests: ListRequest[], snapshot: Snapshot, origin: Origin): Promise<Snapshot> {
  const wanted = wantedGroups(requests)
  const discovery = await discover(client, (g) => wanted.has(g))
  for (const w of discovery.warnings) snapshot.warnings.push(w)
  checkServed(requests, discovery)
  snapshot.servesKind = (group, kind) => discovery.servesKind(group, kind)
  recordServedVersions(snapshot, discovery)
  const reader = new ClusterReader(client, discovery)
  const results = await Promise.all(requests.filter((r) => !r.referencedOnly).map((r) => reader.load(r)))
  checkUnreadable(results)
  assemble(snapshot, results, origin)
  const referenced = referencedKinds(requests)
  if (referenced.length > 0) await readReferenced(referencedReader(reader, discovery, snapshot, origin), snapshot, referenced)
  return snapshot
}

/**
 * The per-namespace metadata lists of one kind refused in several namespaces: one warning naming them
 * all, in kubectl's words for the first, rather than one line per namespace (the user lacks one
 * permission, not several).
 */
export function withOneRefusal(outcomes: ListOutcome[]): ListOutcome[] {
  const refused = outcomes.filter((o) => o.forbidden !== undefined && o.target.namespace !== undefined)
  if (refused.length < 2) return outcomes
  const byResource = new Map<string, ListOutcome[]>()
  for (const o of refused) byResource.set(o.target.resource, [...(byResource.get(o.target.resource) ?? []), o])
  const merged = new Map<ListOutcome, string>()
  for (const group of byResource.values()) {
    if (group.length < 2) continue
    const rest = group.slice(1).map((o) => `"${o.target.namespace}"`).join(', ')
    const line = `${group[0].forbidden} (and in the namespace${group.length > 2 ? 's' : ''} ${rest})`
    for (const o of group) merged.set(o, line)
  }
  return outcomes.map((o) => (merged.has(o) ? {...o, forbidden: merged.get(o)} : o))
}

/** The kinds read only where the other kinds reference them (Secrets, ConfigMaps for the graph). */
function referencedKinds(requests: ListRequest[]): ReferencedKind[] {
  const kinds = new Set<ReferencedKind>()
  for (const r of requests) {
    if (!r.referencedOnly) continue
    for (const ref of r.type.refs) if (ref.group === '' && (ref.kind === 'Secret' || ref.kind === 'ConfigMap')) kinds.add(ref.kind)
  }
  return [...kinds]
}

function referencedReader(reader: ClusterReader, discovery: Discovery, snapshot: Snapshot, origin: Origin): ReferencedReader {
  const served = {
    Secret: servedResource(SUPPORT_REFS.secrets, discovery),
    ConfigMap: servedResource(SUPPORT_REFS.configmaps, discovery),
  }
  return {
    target(kind, namespace) {
      const r = served[kind]
      return r && targetOf(r, {namespace, lean: true})
    },
    async listMetadata(targets) {
      const outcomes = await Promise.all(targets.map((t) => reader.list(t, true)))
      assemble(snapshot, [{request: undefined, outcomes: withOneRefusal(outcomes), policyKinds: []}], origin)
    },
    async listContents(targets) {
      const outcomes = await Promise.all(targets.map((t) => reader.list(t)))
      return outcomes.every((o) => o.forbidden === undefined && o.failed === undefined && !o.missing) ? outcomes.flatMap((o) => o.items) : undefined
    },
    get: (t, name) => reader.get(t, name),
  }
}

/**
 * Reads what the requests ask for from the cluster of the kubeconfig context. Everything a user must see
 * fails as a one-line UserError in kubectl's words; a 403 on some of the types only warns (the kind
 * goes to snapshot.unreadable), and so does a 429, a 5xx or a cut-off body that outlasted the retries,
 * unless every type the user named was unreadable. `retry` is for tests (a clock that does not sleep).
 */
export async function loadFromCluster(conn: ConnectionOptions, requests: ListRequest[], now?: Date, retry?: RetryOptions): Promise<Snapshot> {
  const snapshot = new Snapshot('cluster', now ?? new Date())
  const concrete = concreteRequests(requests)
  if (concrete.length === 0) return snapshot
  const resolved = resolveKubeconfig({kubeconfig: conn.kubeconfig, context: conn.context})
  if (resolved.server === undefined) throw new UserError(NO_SERVER_MESSAGE)
  const client = sharedApiClient(resolved.config, resolved.server, conn.requestTimeoutMs ?? 0, retry)
  try {
    return await read(client, concrete, snapshot, {cluster: resolved.context || resolved.server})
  } catch (e) {
    if (e instanceof ApiError) throw userErrorOf(e)
    throw e
  }
}
