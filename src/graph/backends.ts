// Route backendRefs and the route-wide ResolvedRefs condition (semantics.md §1.8, §2).
//
// Every backendRef counts: `rules[].backendRefs[]` and the backendRef of each RequestMirror filter, on a
// rule or on a backendRef. One bad reference anywhere makes ResolvedRefs False for the whole route
// (conformance httproute-partially-invalid-via-invalid-reference-grant).
//
// Per reference the checks run in the order InvalidKind, RefNotPermitted, BackendNotFound: a
// cross-namespace reference must not reveal whether its target exists unless a grant permits it.
// Across references the reason is chosen with the same precedence (the spec fixes none).
//
// ReferenceGrants unreadable (403): a cross-namespace reference no grant in the snapshot permits is
// not RefNotPermitted but unverified (`unverifiedProblem: RefNotPermitted`), and permission is assumed
// for what follows, like every other unverified fact. A missing Service is still a certain problem:
// the reference is broken whether or not a grant exists, only the reason is unknown.
//
// Mesh (GAMMA) parents: the standard rule is applied to them too, i.e. a cross-namespace backendRef
// needs a ReferenceGrant whatever the parent is. GEP-1426 lets mesh implementations skip that check
// ("a ReferenceGrant is not required in most mesh implementations") only if they document it; a
// spec-only tool cannot know which mesh runs, so the route-wide condition stays the standard one and
// the explanation notes the mesh exception.

import {GATEWAY_GROUP, type Condition, type Route, type Service, type ServicePort} from '../model/types.js'
import {arr, int, name, nsOf, obj, str} from './access.js'
import {condition, RouteReason} from './conditions.js'
import type {Context} from './context.js'
import {grantNeeded, type From} from './referencegrants.js'
import {objectRefText, objText} from './refs.js'
import type {BackendProblem, BackendResolution} from './types.js'
import {absenceProves, couldNotRead, grantAbsenceProves, unverifiedWhy} from './verify.js'

const SERVICE_IMPORT_GROUP = 'multicluster.x-k8s.io'

interface RawRef {
  raw: unknown
  ruleIndex: number
  ruleName?: string
  source: BackendResolution['source']
  field: string
}

/** Every backend reference of the route, in document order. */
function collect(route: Route): RawRef[] {
  const out: RawRef[] = []
  arr(obj(route.spec)?.rules).forEach((r, ruleIndex) => {
    const rule = obj(r)
    const ruleName = str(rule?.name)
    const base = `spec.rules[${ruleIndex}]`
    const mirrors = (filters: unknown, at: string) =>
      arr(filters).forEach((f, k) => {
        const fo = obj(f)
        if (fo?.type !== 'RequestMirror') return
        const b = obj(fo.requestMirror)?.backendRef
        if (b !== undefined) out.push({raw: b, ruleIndex, ruleName, source: 'mirror', field: `${at}.filters[${k}].requestMirror.backendRef`})
      })
    arr(rule?.backendRefs).forEach((b, j) => {
      const at = `${base}.backendRefs[${j}]`
      out.push({raw: b, ruleIndex, ruleName, source: 'backendRef', field: at})
      mirrors(obj(b)?.filters, at)
    })
    mirrors(rule?.filters, base)
  })
  return out
}

export function resolveBackends(route: Route, ctx: Context): BackendResolution[] {
  return collect(route).map((r) => resolveOne(route, r, ctx))
}

function resolveOne(route: Route, r: RawRef, ctx: Context): BackendResolution {
  const {snapshot, grants} = ctx
  const routeNs = nsOf(route)
  const o = obj(r.raw)
  const ref = {
    group: str(o?.group) ?? '',
    kind: str(o?.kind) ?? 'Service',
    namespace: name(o?.namespace) ?? routeNs,
    name: str(o?.name) ?? '',
    ...(int(o?.port) !== undefined ? {port: int(o?.port)} : {}),
  }
  const res: BackendResolution = {
    ruleIndex: r.ruleIndex,
    ...(r.ruleName !== undefined ? {ruleName: r.ruleName} : {}),
    source: r.source,
    field: r.field,
    ref,
    crossNamespace: ref.namespace !== routeNs,
    grantNearMisses: [],
    message: '',
    notes: [],
  }
  const fail = (problem: BackendProblem, message: string) => {
    res.problem = problem
    res.message = message
    return res
  }
  const text = objectRefText(ref)
  if (!o) return fail('BackendNotFound', `${r.field} is not an object. Write it as {name, port}.`)
  if (!ref.name) return fail('BackendNotFound', `${r.field} has no name. Set the name of the Service.`)
  const isService = ref.group === '' && ref.kind === 'Service'
  const isServiceImport = ref.group === SERVICE_IMPORT_GROUP && ref.kind === 'ServiceImport'
  if (!isService && !isServiceImport) {
    return fail(
      'InvalidKind',
      `${r.field} references ${text}, which is not a supported backend kind. Reference a Service (group "", kind Service).`,
    )
  }
  if (o.port !== undefined && ref.port === undefined) res.notes.push(`port ${JSON.stringify(o.port)} is not a number`)
  // Set when no grant was found but grants could not be read: permission is assumed, and said so.
  let grantUnknown: string | undefined
  if (res.crossNamespace) {
    const from: From = {group: GATEWAY_GROUP, kind: route.kind, namespace: routeNs}
    const match = grants.permit(from, ref)
    if (!match && grantAbsenceProves(snapshot)) {
      res.grantNearMisses = grants.nearMisses(from, ref)
      const near = res.grantNearMisses.length > 0 ? ` (${res.grantNearMisses.join('; ')})` : ''
      // Kept out of the message (it must not reveal existence), but known to the reader of the snapshot.
      if (isService) {
        const refused = snapshot.find<Service>('', 'Service', ref.namespace, ref.name)
        if (refused) res.refusedService = refused
      }
      return fail('RefNotPermitted', `${r.field} references ${text} in another namespace and no ReferenceGrant permits it${near}. Create ${grantNeeded(from, ref)}.`)
    }
    if (match) {
      res.grant = match.grant
      grants.record(match, {from: route, field: r.field, to: ref, target: snapshot.find(ref.group, ref.kind, ref.namespace, ref.name)})
    } else {
      grantUnknown = couldNotRead('ReferenceGrant')
    }
  }
  const permitted = res.grant ? `, permitted by ${objText(res.grant)}` : ''
  const unknownGrant = (port: string) => {
    res.unverified = grantUnknown
    res.unverifiedProblem = 'RefNotPermitted'
    res.message = `${r.field} references ${text}${port} in another namespace; whether a ReferenceGrant permits it could not be checked because ${grantUnknown}. Without one the reference is RefNotPermitted.`
  }
  if (isServiceImport) {
    if (grantUnknown) {
      unknownGrant('')
      return res
    }
    res.unverified = 'ServiceImports are not read'
    res.unverifiedProblem = 'BackendNotFound'
    res.message = `${r.field} references ${text}${permitted}; ServiceImports are not read, so its existence was not checked.`
    return res
  }
  const service = snapshot.find<Service>('', 'Service', ref.namespace, ref.name)
  if (!service) {
    const at = {namespace: ref.namespace, name: ref.name}
    if (!absenceProves(snapshot, '', 'Service', at)) {
      res.unverified = grantUnknown ? `${grantUnknown}; ${unverifiedWhy(snapshot, '', 'Service', at)}` : unverifiedWhy(snapshot, '', 'Service', at)
      res.unverifiedProblem = grantUnknown ? 'RefNotPermitted' : 'BackendNotFound'
      res.message = `${r.field} references ${text}${permitted}, which could not be checked because ${res.unverified}.`
      return res
    }
    // Broken whether or not a grant exists: the reason is RefNotPermitted without one, else BackendNotFound.
    const grantNote = grantUnknown ? ` (whether a ReferenceGrant permits the reference could not be checked because ${grantUnknown}; without one the reason is RefNotPermitted)` : ''
    return fail('BackendNotFound', `${r.field} references ${text}, which does not exist${grantNote}. Create the Service or fix the reference.`)
  }
  res.service = service
  res.port = checkPort(service, ref.port)
  const spec = obj(service.spec)
  if (spec?.type === 'ExternalName') res.notes.push(`${objText(service)} is an ExternalName Service; many implementations do not support it as a backend`)
  let portText = ''
  if (ref.port === undefined) {
    res.notes.push(`${r.field} has no port, which is required for Service backends; set its port`)
    portText = ' (no port given)'
  } else if (res.port.exists === false) {
    res.notes.push(`${objText(service)} has no port ${ref.port}`)
    portText = ` port ${ref.port}, which the Service does not expose`
  } else {
    portText = ` port ${ref.port}`
  }
  if (grantUnknown) unknownGrant(portText)
  else res.message = `${r.field} resolves to ${objText(service)}${portText}${permitted}.`
  return res
}

function checkPort(service: Service, port: number | undefined): NonNullable<BackendResolution['port']> {
  if (port === undefined) return {number: undefined, exists: undefined}
  const spec = obj(service.spec)
  if (spec?.type === 'ExternalName') return {number: port, exists: undefined}
  const ports = arr(spec?.ports).map(obj).filter((p) => p !== undefined)
  const found = ports.find((p) => p.port === port) as ServicePort | undefined
  return found ? {number: port, exists: true, servicePort: found} : {number: port, exists: false}
}

const PRECEDENCE: BackendProblem[] = ['InvalidKind', 'RefNotPermitted', 'BackendNotFound']

/** The route-wide ResolvedRefs condition. */
export function routeResolvedRefs(route: Route, backends: readonly BackendResolution[]): Condition {
  const bad = backends.filter((b) => b.problem)
  if (bad.length === 0) {
    const unverified = backends.filter((b) => b.unverified).length
    const msg = backends.length === 0
      ? 'The route has no backend references.'
      : unverified > 0
        ? `All backend references resolved or could not be checked (${unverified} unverified).`
        : 'All backend references resolved.'
    return condition('ResolvedRefs', 'True', RouteReason.ResolvedRefs, msg, route)
  }
  const reason = PRECEDENCE.find((p) => bad.some((b) => b.problem === p)) as BackendProblem
  const first = bad.find((b) => b.problem === reason) as BackendResolution
  const more = bad.length > 1 ? ` ${bad.length - 1} more backend reference${bad.length > 2 ? 's are' : ' is'} unresolved.` : ''
  return condition('ResolvedRefs', 'False', reason, first.message + more, route)
}
