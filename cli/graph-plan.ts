// What to load for commands that compute the attachment graph (describe, get -o dot|mermaid): every
// kind at cluster scope, without the label selector. A route's verdict depends on Gateways, Namespaces,
// ReferenceGrants and Services in other namespaces, so -n/-l narrow what is shown, never what is read.
// Still exactly one list request per resource type, except Secrets and ConfigMaps: only those the other
// kinds reference are read (their metadata where references point, the contents of those a check reads).

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
  const listed = RESOURCE_TYPES.filter((t) => !t.expandsTo).map((type) => ({type, namespace: undefined, explicit: named.has(type.name), lean: true}))
  const referenced = (['secrets', 'configmaps'] as const).map((n) => ({type: supportType(n), namespace: undefined, explicit: false, referencedOnly: true, lean: true}))
  return [...listed, ...referenced]
}
