// What to load for commands that compute the attachment graph (describe, get -o dot|mermaid): every
// kind at cluster scope, without the label selector. A route's verdict depends on Gateways, Namespaces,
// ReferenceGrants and Services in other namespaces, so -n/-l narrow what is shown, never what is read.
// Still exactly one list request per resource type.

import {RESOURCE_TYPES, SUPPORT_REFS, type ResourceType} from '../src/model/resources.js'
import type {ListRequest} from '../src/sources/request.js'

const supportType = (name: 'secrets' | 'configmaps'): ResourceType => ({
  name,
  singular: name.slice(0, -1),
  shortNames: [],
  aliases: [],
  refs: [SUPPORT_REFS[name]],
  namespaced: true,
})

/** Load requests for the whole graph; types in `explicit` keep their "the user named it" flag. */
export function graphRequests(explicit: readonly ListRequest[]): ListRequest[] {
  const named = new Set(explicit.filter((r) => r.explicit).map((r) => r.type.name))
  const types = [...RESOURCE_TYPES.filter((t) => !t.expandsTo), supportType('secrets'), supportType('configmaps')]
  return types.map((type) => ({type, namespace: undefined, explicit: named.has(type.name)}))
}
