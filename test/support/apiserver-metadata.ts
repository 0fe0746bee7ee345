// PartialObjectMetadata for the test API server, as the real one serves it: a client that accepts
// `application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1` (or `as=PartialObjectMetadata`
// for a get) receives every item as `meta.k8s.io/v1` PartialObjectMetadata carrying the object's whole
// metadata (labels, annotations, managedFields) and nothing else. A server told to refuse it answers
// 406 NotAcceptable, as one whose Accept negotiation fails does.

import type {K8sObject} from '../../src/model/types.js'
import {status} from './apiserver-docs.js'

export const META_API_VERSION = 'meta.k8s.io/v1'

/** Whether a media range list asks for the metadata form (`as` = PartialObjectMetadataList or PartialObjectMetadata, v1). */
export function wantsMetadata(accept: string | undefined, as: 'PartialObjectMetadataList' | 'PartialObjectMetadata'): boolean {
  return (accept ?? '').split(',').some((range) => {
    const params = new Map<string, string>()
    for (const p of range.split(';').slice(1)) {
      const eq = p.indexOf('=')
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim())
    }
    return params.get('as') === as && params.get('g') === 'meta.k8s.io' && params.get('v') === 'v1'
  })
}

/** Whether the range list also takes plain JSON (kubectl appends `,application/json`). */
export function acceptsPlainJson(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((s) => s.trim())
    return (type === 'application/json' || type === '*/*') && !params.some((p) => p.toLowerCase().startsWith('as='))
  })
}

export function partialObjectMetadata(obj: K8sObject): object {
  return {apiVersion: META_API_VERSION, kind: 'PartialObjectMetadata', metadata: obj.metadata}
}

export function partialObjectMetadataList(items: K8sObject[], metadata: Record<string, unknown>): object {
  return {apiVersion: META_API_VERSION, kind: 'PartialObjectMetadataList', metadata, items: items.map(partialObjectMetadata)}
}

export const METADATA_CONTENT_TYPE = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1'

export function notAcceptable(): object {
  return status(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf')
}
