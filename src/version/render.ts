// `kubectl gw version` output, shaped like `kubectl version`: `Client Version: v0.1.0` and a line for
// the cluster's Gateway API release; -o json (two-space indent, as kubectl version writes it) and
// -o yaml carry the same facts.

import {UserError} from '../sources/request.js'
import {escapeControl} from '../printers/escape.js'
import {toYaml} from '../printers/serialize.js'
import {BUNDLE_VERSION_ANNOTATION, GATEWAY_CRD, type GatewayApiInstall} from './gateway-api.js'

export interface VersionInfo {
  /** `v0.1.0`. */
  clientVersion: string
  /** Undefined with --client, or when the cluster could not be asked. */
  gatewayApi?: GatewayApiInstall
}

export type VersionFormat = 'text' | 'json' | 'yaml'

export function parseVersionFormat(value: string | undefined): VersionFormat {
  if (value === undefined || value === '') return 'text'
  if (value === 'json' || value === 'yaml') return value
  throw new UserError("error: --output must be 'yaml' or 'json'")
}

function gatewayApiLine(g: GatewayApiInstall): string | undefined {
  switch (g.state) {
    case 'absent':
      return `Gateway API Version: not installed (no CustomResourceDefinition ${GATEWAY_CRD})`
    case 'unverified':
      return undefined
    case 'installed':
      if (!g.bundleVersion) return `Gateway API Version: unknown (CustomResourceDefinition ${GATEWAY_CRD} has no ${BUNDLE_VERSION_ANNOTATION} annotation)`
      return `Gateway API Version: ${g.bundleVersion}${g.channel ? ` (${g.channel})` : ''}`
  }
}

function document(info: VersionInfo): Record<string, unknown> {
  const doc: Record<string, unknown> = {clientVersion: {gitVersion: info.clientVersion}}
  const g = info.gatewayApi
  if (g?.state === 'installed') {
    doc.gatewayAPIVersion = {installed: true, ...(g.bundleVersion ? {bundleVersion: g.bundleVersion} : {}), ...(g.channel ? {channel: g.channel} : {})}
  } else if (g?.state === 'absent') {
    doc.gatewayAPIVersion = {installed: false}
  }
  return doc
}

/** Values from the cluster (annotations) have control characters escaped in every format. */
export function renderVersion(info: VersionInfo, format: VersionFormat): string {
  const safe: VersionInfo = {
    clientVersion: info.clientVersion,
    gatewayApi:
      info.gatewayApi?.state === 'installed'
        ? {
            state: 'installed',
            bundleVersion: info.gatewayApi.bundleVersion && escapeControl(info.gatewayApi.bundleVersion),
            channel: info.gatewayApi.channel && escapeControl(info.gatewayApi.channel),
          }
        : info.gatewayApi,
  }
  if (format === 'json') return `${JSON.stringify(document(safe), null, 2)}\n`
  if (format === 'yaml') return toYaml(document(safe))
  const lines = [`Client Version: ${safe.clientVersion}`]
  const g = safe.gatewayApi && gatewayApiLine(safe.gatewayApi)
  if (g) lines.push(g)
  return lines.map((l) => `${l}\n`).join('')
}
