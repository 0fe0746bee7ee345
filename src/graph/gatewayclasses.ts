// GatewayClass `Accepted` (semantics.md §1.1, §1.12, §4 step 4).
//
// Which controllers run is invisible to a spec-only tool, so acceptance cannot be computed in general.
// What can be known:
// - a `parametersRef` that provably does not resolve (or names a namespaced kind without a namespace)
//   makes any controller answer False/InvalidParameters;
// - otherwise the reported `Accepted` condition is the best evidence (True: accepted; False: rejected;
//   Unknown: nobody claimed the class, the CRD default "Waiting for controller");
// - with no status at all (typical of files) the state is Unknown: the computed condition stays at the
//   CRD default, but downstream (Gateways, routes) is evaluated as if the class were accepted, and the
//   notes say so. Treating it as rejected would make every file-based analysis empty.

import {GATEWAY_GROUP, type Condition, type Gateway, type GatewayClass} from '../model/types.js'
import {arr, generationOf, name, obj, str} from './access.js'
import {condition, GatewayClassReason, pending} from './conditions.js'
import type {Context} from './context.js'
import {objText, objectRefText} from './refs.js'
import type {ClassState, GatewayClassAttachment, ParametersResolution} from './types.js'
import {absenceProves, couldNotRead, kindPlural, unverifiedWhy} from './verify.js'

/** Core kinds a parametersRef may name whose scope we know. */
const NAMESPACED_CORE = new Set(['ConfigMap', 'Secret'])

/** Whether a kind is namespaced, as far as the snapshot shows (core kinds we know, CRDs that were read). */
function namespacedKind(ctx: Context, group: string, kind: string): boolean {
  if (group === '') return NAMESPACED_CORE.has(kind)
  const crd = ctx.snapshot.crds().find((c) => str(obj(c.spec)?.group) === group && str(obj(obj(c.spec)?.names)?.kind) === kind)
  return str(obj(crd?.spec)?.scope) === 'Namespaced'
}

export function resolveClassParameters(gc: GatewayClass, ctx: Context): ParametersResolution | undefined {
  const p = obj(obj(gc.spec)?.parametersRef)
  if (!p) return undefined
  const ref = {group: str(p.group) ?? '', kind: str(p.kind) ?? '', name: str(p.name) ?? '', namespace: name(p.namespace)}
  const who = objText(gc)
  if (!ref.kind || !ref.name) {
    return {ref, resolved: false, message: `${who} has a parametersRef without kind or name. Complete spec.parametersRef.`}
  }
  const text = objectRefText(ref)
  if (!ref.namespace && namespacedKind(ctx, ref.group, ref.kind)) {
    return {ref, resolved: false, message: `${who} references ${ref.kind} ${JSON.stringify(ref.name)} without a namespace, but ${kindPlural(ref.kind)} are namespaced. Set spec.parametersRef.namespace.`}
  }
  const target = ctx.snapshot.find(ref.group, ref.kind, ref.namespace, ref.name)
  if (target) return {ref, resolved: true, target, message: `${who} takes its parameters from ${text}.`}
  const at = {namespace: ref.namespace, name: ref.name}
  if (!absenceProves(ctx.snapshot, ref.group, ref.kind, at)) {
    const why = unverifiedWhy(ctx.snapshot, ref.group, ref.kind, at)
    return {ref, resolved: undefined, unverified: why, message: `${who} takes its parameters from ${text}, which could not be checked because ${why}.`}
  }
  if (ctx.snapshot.servesKind(ref.group, ref.kind) === false) {
    return {ref, resolved: false, message: `${who} references parameters of kind ${ref.kind} (group ${JSON.stringify(ref.group)}), which the cluster does not serve (no such CRD). Install the CRD or fix spec.parametersRef.`}
  }
  return {ref, resolved: false, message: `${who} references parameters ${text}, which do not exist. Create them or fix spec.parametersRef.`}
}

function reportedAccepted(gc: GatewayClass): Condition | undefined {
  return arr(obj(gc.status)?.conditions)
    .map(obj)
    .find((c) => c?.type === 'Accepted') as Condition | undefined
}

export function evaluateGatewayClass(gc: GatewayClass, gateways: Gateway[], ctx: Context): GatewayClassAttachment {
  const who = objText(gc)
  const controller = str(obj(gc.spec)?.controllerName) ?? ''
  const parametersRef = resolveClassParameters(gc, ctx)
  const notes: string[] = []
  const att = (state: ClassState, source: GatewayClassAttachment['source'], accepted: Condition): GatewayClassAttachment => ({
    gatewayClass: gc,
    gateways,
    state,
    source,
    ...(parametersRef ? {parametersRef} : {}),
    computedStatus: {conditions: [accepted]},
    notes,
  })
  if (!controller) notes.push(`${who} has no spec.controllerName, so no controller can claim it`)
  if (!ctx.snapshot.readable(GATEWAY_GROUP, 'Gateway')) notes.push(`The Gateways using it are a lower bound: ${couldNotRead('Gateway')}`)
  if (parametersRef?.resolved === false) {
    return att('Rejected', 'parametersRef', condition('Accepted', 'False', GatewayClassReason.InvalidParameters, parametersRef.message, gc))
  }
  const reported = reportedAccepted(gc)
  if (reported && (reported.status === 'True' || reported.status === 'False' || reported.status === 'Unknown')) {
    notes.push(`Which controllers run cannot be seen from the objects; the state comes from the status ${controller ? `that controller ${controller} reported` : 'reported on the object'}`)
    const state: ClassState = reported.status === 'True' ? 'Accepted' : reported.status === 'False' ? 'Rejected' : 'Pending'
    const c: Condition = {type: 'Accepted', status: reported.status, reason: str(reported.reason) ?? '', message: str(reported.message) ?? ''}
    if (typeof reported.observedGeneration === 'number') {
      c.observedGeneration = reported.observedGeneration
      const generation = generationOf(gc)
      if (generation !== undefined && reported.observedGeneration < generation) {
        notes.push(`The reported Accepted condition is from generation ${reported.observedGeneration}; the class is at generation ${generation}`)
      }
    }
    return att(state, 'reported', c)
  }
  notes.push(
    `${who} has no reported status and which controllers run cannot be seen from the objects, so its acceptance is unknown; its Gateways are evaluated as if ${controller ? `controller ${controller}` : 'a controller'} accepted it`,
  )
  return att('Unknown', 'none', pending('Accepted'))
}

/** Whether Gateways of a class in this state are reconciled (Unknown is assumed to be, see above). */
export function classReconciles(state: ClassState): boolean {
  return state === 'Accepted' || state === 'Unknown'
}

