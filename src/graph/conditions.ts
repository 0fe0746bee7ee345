// Condition types and reasons, spelled exactly as the Gateway API Go constants (apis/v1/*_types.go,
// v1.1..v1.6), plus the constructor for computed conditions.
//
// Computed conditions carry `observedGeneration` = the object's current generation (what an up-to-date
// controller writes) and no `lastTransitionTime` (a time the engine cannot know).

import type {Condition} from '../model/types.js'
import {generationOf} from './access.js'

export const RouteReason = {
  Accepted: 'Accepted',
  NotAllowedByListeners: 'NotAllowedByListeners',
  NoMatchingListenerHostname: 'NoMatchingListenerHostname',
  NoMatchingParent: 'NoMatchingParent',
  UnsupportedValue: 'UnsupportedValue',
  Pending: 'Pending',
  ResolvedRefs: 'ResolvedRefs',
  RefNotPermitted: 'RefNotPermitted',
  InvalidKind: 'InvalidKind',
  BackendNotFound: 'BackendNotFound',
} as const

export const ListenerReason = {
  Accepted: 'Accepted',
  UnsupportedProtocol: 'UnsupportedProtocol',
  UnsupportedValue: 'UnsupportedValue',
  ResolvedRefs: 'ResolvedRefs',
  InvalidCertificateRef: 'InvalidCertificateRef',
  InvalidRouteKinds: 'InvalidRouteKinds',
  RefNotPermitted: 'RefNotPermitted',
  Programmed: 'Programmed',
  Invalid: 'Invalid',
  Pending: 'Pending',
  HostnameConflict: 'HostnameConflict',
  ProtocolConflict: 'ProtocolConflict',
  NoConflicts: 'NoConflicts',
  InvalidCACertificateRef: 'InvalidCACertificateRef',
  InvalidCACertificateKind: 'InvalidCACertificateKind',
  NoValidCACertificate: 'NoValidCACertificate',
} as const

export const GatewayReason = {
  Accepted: 'Accepted',
  ListenersNotValid: 'ListenersNotValid',
  InvalidParameters: 'InvalidParameters',
  Pending: 'Pending',
  Programmed: 'Programmed',
  Invalid: 'Invalid',
  ResolvedRefs: 'ResolvedRefs',
  ListenersNotResolved: 'ListenersNotResolved',
  RefNotPermitted: 'RefNotPermitted',
  InvalidClientCertificateRef: 'InvalidClientCertificateRef',
  ConfigurationChanged: 'ConfigurationChanged',
} as const

export const ListenerSetReason = {
  Accepted: 'Accepted',
  NotAllowed: 'NotAllowed',
  ParentNotAccepted: 'ParentNotAccepted',
  ParentNotProgrammed: 'ParentNotProgrammed',
  ListenersNotValid: 'ListenersNotValid',
  Programmed: 'Programmed',
  Pending: 'Pending',
} as const

export const GatewayClassReason = {
  Accepted: 'Accepted',
  InvalidParameters: 'InvalidParameters',
  Pending: 'Pending',
} as const

export type Status = 'True' | 'False' | 'Unknown'

export function condition(
  type: string,
  status: Status,
  reason: string,
  message: string,
  owner: {metadata?: unknown},
): Condition {
  const c: Condition = {type, status, reason, message}
  const g = generationOf(owner)
  if (g !== undefined) c.observedGeneration = g
  return c
}

/** The CRD default a controller never touched: Unknown/Pending "Waiting for controller". */
export function pending(type: string, message = 'Waiting for controller'): Condition {
  return {type, status: 'Unknown', reason: 'Pending', message}
}

export function isTrue(c: Condition | undefined): boolean {
  return c?.status === 'True'
}
