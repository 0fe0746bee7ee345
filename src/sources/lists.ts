// What counts as a List in manifests, shared by the file source (manifest-objects.ts) and the parsing
// workers (bookkeeping.ts, which must stay light enough to load in a worker).

// Real Lists nest one or two deep; the bound keeps a hostile document from exhausting the stack.
export const MAX_LIST_DEPTH = 64

/** kubectl's `kind: List` and any `FooList` carrying `items`; a custom kind may merely end in "List" (an AllowList). */
export function isList(value: Record<string, unknown>): boolean {
  if (typeof value.kind !== 'string' || !value.kind.endsWith('List')) return false
  return value.kind === 'List' || Array.isArray(value.items)
}
