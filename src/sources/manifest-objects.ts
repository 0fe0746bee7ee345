// Turns parsed documents into Kubernetes objects: unwraps Lists (kubectl's `kind: List` and any
// `FooList` carrying `items`), and checks the few fields every object must have before the engines
// may rely on them. Anything else about an object stays as found: engines cope with bad fields.

import {isRecord} from '../model/guards.js'
import {groupOf, RESOURCE_TYPES, SUPPORT_REFS, versionOf} from '../model/resources.js'
import {kindKey, type Snapshot} from '../model/snapshot.js'
import {GATEWAY_GROUP, GATEWAY_X_GROUP, ROUTE_KINDS, type K8sObject} from '../model/types.js'
import {policyKindsOf} from '../policy/kinds.js'
import {escapeControl} from '../printers/escape.js'
import {isList, MAX_LIST_DEPTH} from './lists.js'
import {errorAt, formatPlace, type Place} from './messages.js'

export interface FoundObject {
  object: K8sObject
  place: Place
}

export {isRecord}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'nothing'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'an object'
  return `a ${typeof v}`
}

/** `HTTPRoute "web"`, `HTTPRoute`, `object "web"` or `object`: whatever is known of the object. */
function subject(obj: Record<string, unknown>): string {
  const kind = typeof obj.kind === 'string' && obj.kind ? obj.kind : 'object'
  const meta = obj.metadata
  const name = isRecord(meta) && typeof meta.name === 'string' && meta.name ? meta.name : undefined
  return name === undefined ? kind : `${kind} "${name}"`
}

/** What is wrong with a field that must be a non-empty string, if anything. */
function stringProblem(value: unknown, field: string): string | undefined {
  if (typeof value === 'string') return value === '' ? `has an empty ${field}` : undefined
  if (value === undefined || value === null) return `has no ${field}`
  return `has ${typeName(value)} as ${field}, not a string`
}

/** The first reason `value` cannot be used as an object, or undefined when it can. */
export function objectProblem(value: Record<string, unknown>): string | undefined {
  const meta = value.metadata
  const problem =
    stringProblem(value.kind, 'kind') ??
    stringProblem(value.apiVersion, 'apiVersion') ??
    (meta !== undefined && meta !== null && !isRecord(meta) ? `has ${typeName(meta)} as metadata, not an object` : undefined) ??
    stringProblem(isRecord(meta) ? meta.name : undefined, 'metadata.name') ??
    (isRecord(meta) && meta.namespace !== undefined && meta.namespace !== null && typeof meta.namespace !== 'string'
      ? `has ${typeName(meta.namespace)} as metadata.namespace, not a string`
      : undefined)
  return problem === undefined ? undefined : `${subject(value)} ${problem}`
}

/**
 * Appends the usable objects in one document's value to `found` and a one-line error per unusable
 * one to `errors`.
 */
export function collectObjects(value: unknown, place: Place, found: FoundObject[], errors: string[], depth = 0): void {
  if (!isRecord(value)) {
    errors.push(errorAt(place, `expected a Kubernetes object, found ${typeName(value)}`))
    return
  }
  if (isList(value)) {
    const items = value.items
    // kubectl prints an empty `kind: List` as `items: null`; that is a list of nothing.
    if (items === undefined || items === null) return
    if (!Array.isArray(items)) {
      errors.push(errorAt(place, `${subject(value)} has ${typeName(items)} as items, not a list`))
      return
    }
    if (depth >= MAX_LIST_DEPTH) {
      errors.push(errorAt(place, `Lists nested more than ${MAX_LIST_DEPTH} deep`))
      return
    }
    const prefix = place.item ? `${place.item}.` : ''
    items.forEach((item, j) => {
      collectObjects(item, {...place, item: `${prefix}items[${j}]`}, found, errors, depth + 1)
    })
    return
  }
  const problem = objectProblem(value)
  if (problem !== undefined) {
    errors.push(errorAt(place, problem))
    return
  }
  found.push({object: value as K8sObject, place})
}

// ---------------------------------------------------------------------------------------------
// Notes on usable objects: fields of the wrong type, kinds and versions kubectl-gw does not read.
// None of these stops the object from being used (the engines read every field defensively); each
// becomes one warning line naming where the object came from and the field, so that a verdict such as
// "listener has no valid port" can be traced to `spec.listeners[0].port is a string`.

/** What a field must hold: a type, the fields of an object, a list of either, or a map of them. */
type Shape = 'string' | 'integer' | 'object' | {fields: Record<string, Shape>} | {list: Shape} | {map: Shape}

const LISTENER: Shape = {
  fields: {name: 'string', port: 'integer', protocol: 'string', hostname: 'string', tls: 'object', allowedRoutes: 'object'},
}
const REF_FIELDS = {group: 'string', kind: 'string', name: 'string', namespace: 'string'} as const
const PARENT_REF: Shape = {fields: {...REF_FIELDS, sectionName: 'string', port: 'integer'}}
const BACKEND_REF: Shape = {fields: {...REF_FIELDS, port: 'integer', weight: 'integer', filters: {list: 'object'}}}
const TARGET_REF: Shape = {fields: {...REF_FIELDS, sectionName: 'string'}}
const ROUTE: Record<string, Shape> = {
  parentRefs: {list: PARENT_REF},
  hostnames: {list: 'string'},
  rules: {list: {fields: {name: 'string', matches: {list: 'object'}, filters: {list: 'object'}, backendRefs: {list: BACKEND_REF}}}},
}
const LISTENER_SET: Record<string, Shape> = {parentRef: {fields: REF_FIELDS}, listeners: {list: LISTENER}}

/** `spec` shapes by `group/Kind`, for the kinds whose fields the engines rely on. */
const SPECS: Record<string, Record<string, Shape>> = {
  [`${GATEWAY_GROUP}/GatewayClass`]: {controllerName: 'string', parametersRef: {fields: REF_FIELDS}},
  [`${GATEWAY_GROUP}/Gateway`]: {gatewayClassName: 'string', listeners: {list: LISTENER}, addresses: {list: 'object'}},
  [`${GATEWAY_GROUP}/ListenerSet`]: LISTENER_SET,
  [`${GATEWAY_X_GROUP}/XListenerSet`]: LISTENER_SET,
  ...Object.fromEntries(ROUTE_KINDS.map((k) => [`${GATEWAY_GROUP}/${k}`, ROUTE])),
  [`${GATEWAY_GROUP}/ReferenceGrant`]: {from: {list: 'object'}, to: {list: 'object'}},
  '/Service': {ports: {list: {fields: {name: 'string', port: 'integer'}}}},
}
const POLICY_SPEC: Record<string, Shape> = {targetRef: TARGET_REF, targetRefs: {list: TARGET_REF}}

/** At most this many field notes per object; a hostile object could otherwise print thousands. */
const NOTES_PER_OBJECT = 5

function expected(shape: Shape): string {
  if (shape === 'integer') return 'an integer'
  if (shape === 'string') return 'a string'
  return typeof shape === 'object' && 'list' in shape ? 'a list' : 'an object'
}

/** Every object's string maps: kubectl refuses an object whose label or annotation value is not a string. */
const METADATA: Record<string, Shape> = {labels: {map: 'string'}, annotations: {map: 'string'}}

// kubectl reads an unquoted yes, no, on, off, y or n as a boolean too (YAML 1.1, as sigs.k8s.io/yaml).
const QUOTE_IT = ': quote it (kubectl reads an unquoted true, yes, on, y, false, no, off or n as a boolean)'

function preview(v: unknown): string {
  const text = JSON.stringify(v) ?? ''
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** Appends `field is X, not Y` for `value` and, within it, for every field of the wrong type. */
function checkShape(value: unknown, shape: Shape, path: string, out: string[]): void {
  // Kubernetes drops null fields: null is "not set", as absence is.
  if (value === undefined || value === null) return
  const wrong = (): void => {
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    const what = scalar ? `${typeName(value)} (${preview(value)})` : typeName(value)
    out.push(`${path} is ${what}, not ${expected(shape)}${shape === 'string' && typeof value === 'boolean' ? QUOTE_IT : ''}`)
  }
  if (shape === 'string') {
    if (typeof value !== 'string') wrong()
  } else if (shape === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) wrong()
  } else if (shape === 'object') {
    if (!isRecord(value)) wrong()
  } else if ('list' in shape) {
    if (!Array.isArray(value)) wrong()
    else value.forEach((item, i) => checkShape(item, shape.list, `${path}[${i}]`, out))
  } else if ('map' in shape) {
    if (!isRecord(value)) wrong()
    else for (const [k, v] of Object.entries(value)) checkShape(v, shape.map, `${path}.${k}`, out)
  } else if (!isRecord(value)) {
    wrong()
  } else {
    for (const [field, s] of Object.entries(shape.fields)) checkShape(value[field], s, `${path}.${field}`, out)
  }
}

/** Kinds kubectl-gw reads (`group/Kind`), and the versions it knows of each. */
const KNOWN = new Map<string, string[]>()
for (const ref of [...RESOURCE_TYPES.flatMap((t) => t.refs), ...Object.values(SUPPORT_REFS)]) KNOWN.set(kindKey(ref.group, ref.kind), ref.versions)

/** `Gateway "web" in namespace "infra"` plus where it was read: `examples/gw.yaml (document 2): ...`. */
function where(snapshot: Snapshot, obj: K8sObject): string {
  const ns = obj.metadata.namespace
  const subject = `${obj.kind} "${obj.metadata.name}"${ns ? ` in namespace "${ns}"` : ''}`
  const origin = snapshot.origin(obj)
  return origin?.file !== undefined ? `${formatPlace({file: origin.file, document: origin.document})}: ${subject}` : subject
}

/**
 * One line per thing worth knowing about the objects of a snapshot that does not make them unusable:
 * a kind kubectl-gw does not read (the object is ignored), an apiVersion it does not know for a kind it
 * reads (the object is read as if it were a known version), fields the engines rely on that have
 * the wrong type (each engine then treats the field as not set, or the entry as unusable), and label
 * or annotation values that are not strings (kubectl would refuse the object). For
 * snapshot.warnings; every line is safe to print (escapeControl: also line separators and bidi
 * controls, which messages.ts's oneLine leaves).
 */
export function inputNotes(snapshot: Snapshot): string[] {
  const policyKinds = new Set(policyKindsOf(snapshot).map((pk) => kindKey(pk.group, pk.kind)))
  const out: string[] = []
  // A directory of manifests holds Deployments and ConfigMaps by the hundred: one note per kind.
  const ignored = new Map<string, {first: string; more: number}>()
  for (const obj of snapshot.objects) {
    const group = groupOf(obj.apiVersion)
    const key = kindKey(group, obj.kind)
    const versions = KNOWN.get(key)
    const isPolicy = policyKinds.has(key)
    if (versions === undefined && !isPolicy && key !== kindKey('apiextensions.k8s.io', 'CustomResourceDefinition')) {
      const seen = ignored.get(key)
      if (seen) seen.more++
      else ignored.set(key, {first: `${where(snapshot, obj)} (${obj.apiVersion})`, more: 0})
      continue
    }
    const version = versionOf(obj.apiVersion)
    if (versions !== undefined && !versions.includes(version)) {
      out.push(escapeControl(`${where(snapshot, obj)} has apiVersion ${obj.apiVersion}, a version kubectl-gw does not know (it knows ${versions.join(', ')}); read as ${versions[0]}`))
    }
    const spec = isPolicy ? POLICY_SPEC : SPECS[key]
    const problems: string[] = []
    checkShape(obj.metadata, {fields: METADATA}, 'metadata', problems)
    if (spec !== undefined) checkShape(obj.spec, {fields: spec}, 'spec', problems)
    for (const p of problems.slice(0, NOTES_PER_OBJECT)) out.push(escapeControl(`${where(snapshot, obj)}: ${p}`))
    if (problems.length > NOTES_PER_OBJECT) out.push(escapeControl(`${where(snapshot, obj)}: ${problems.length - NOTES_PER_OBJECT} more fields of the wrong type`))
  }
  for (const {first, more} of ignored.values()) {
    out.push(escapeControl(`${first} is not a kind kubectl-gw reads; ignored${more > 0 ? ` (and ${more} more of that kind)` : ''}`))
  }
  return out
}
