// The one shape test every reader of untyped input needs (parsed YAML/JSON, API answers, kubeconfig):
// a plain mapping, not null, not a list. Free of imports, so that the lightest modules can use it.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
