// The engine against the hand-written oracle for the example cluster (examples/*.yaml,
// test/examples/oracle.ts): every route parent, listener, class, Gateway and ListenerSet expectation,
// and the oracle's "status in file" verdicts against compareRouteStatus.

import {describe, expect, it} from 'vitest'
import {compareRouteStatus, computeAttachments, listenerId} from '../../src/graph/index.js'
import type {ListenerAttachment} from '../../src/graph/index.js'
import {deriveContentFacts} from '../../src/model/content-facts.js'
import {Snapshot} from '../../src/model/snapshot.js'
import type {K8sObject} from '../../src/model/types.js'
import {loadExamples} from '../examples/load.js'
import {
  EXPECTED_GATEWAY_CLASSES,
  EXPECTED_GATEWAYS,
  EXPECTED_LISTENER_SETS,
  EXPECTED_LISTENERS,
  EXPECTED_ROUTES,
  routeId,
} from '../examples/oracle.js'

function build(extra: K8sObject[] = []) {
  const snapshot = new Snapshot('files', new Date('2026-03-01T00:00:00Z'))
  for (const d of loadExamples().docs) snapshot.add(d.object)
  for (const o of extra) snapshot.add(o)
  // As load.ts does: the certificates are judged from these facts.
  deriveContentFacts(snapshot)
  return {snapshot, graph: computeAttachments(snapshot)}
}

it('the malformed example Secret is InvalidCertificateRef once a ReferenceGrant permits it', () => {
  const grant = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'ReferenceGrant',
    metadata: {namespace: 'payments', name: 'allow-edge'},
    spec: {from: [{group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra'}], to: [{group: '', kind: 'Secret'}]},
  } as K8sObject
  const l = [...build([grant]).graph.gateways.values()].flatMap((ga) => ga.listeners).find((x) => x.name === 'https-payments')
  expect(`${l?.conditions.resolvedRefs.status}/${l?.conditions.resolvedRefs.reason}`).toBe('False/InvalidCertificateRef')
  expect(l?.conditions.resolvedRefs.message).toContain('tls.crt holds a PEM block that is not a valid X.509 certificate')
})

const {graph} = build()
const routeById = new Map([...graph.routes.values()].map((ra) => [`${ra.route.kind} ${ra.route.metadata.namespace}/${ra.route.metadata.name}`, ra]))
const listeners = new Map<string, ListenerAttachment>()
for (const ga of graph.gateways.values()) for (const l of ga.listeners) listeners.set(listenerId(l), l)
for (const la of graph.listenerSets.values()) for (const l of la.listeners) listeners.set(listenerId(l), l)

describe('example cluster: routes', () => {
  for (const exp of EXPECTED_ROUTES) {
    it(routeId(exp), () => {
      const ra = routeById.get(routeId(exp))
      expect(ra).toBeDefined()
      expect(ra!.parents).toHaveLength(exp.parents.length)
      exp.parents.forEach((ep, i) => {
        const p = ra!.parents[i]
        expect(p.parentRef).toMatchObject(ep.ref)
        if (!ep.accepted) {
          expect(p.noStatusReason).toBeDefined()
          expect(p.status).toBeUndefined()
        } else {
          expect(p.noStatusReason).toBeUndefined()
          expect({status: p.accepted?.status, reason: p.accepted?.reason}).toEqual(ep.accepted)
          expect({status: p.resolvedRefs?.status, reason: p.resolvedRefs?.reason}).toEqual(ep.resolvedRefs)
        }
        expect(p.attachedListeners.map(listenerId).sort()).toEqual([...ep.attachedTo].sort())
      })
    })
    it(`${routeId(exp)}: status in file is ${exp.statusInFile}`, () => {
      const verdict = compareRouteStatus(routeById.get(routeId(exp))!).verdict
      expect(verdict).toBe(exp.statusInFile)
    })
  }
})

describe('example cluster: listeners', () => {
  for (const exp of EXPECTED_LISTENERS) {
    it(exp.id, () => {
      const l = listeners.get(exp.id)
      expect(l).toBeDefined()
      expect(l!.supportedKinds.map((k) => k.kind)).toEqual(exp.supportedKinds)
      expect(l!.status.attachedRoutes).toBe(exp.attachedRoutes)
      expect({status: l!.conditions.resolvedRefs.status, reason: l!.conditions.resolvedRefs.reason}).toEqual(exp.resolvedRefs)
      expect(l!.inScope).toBe(exp.noStatus === undefined)
    })
  }
})

describe('example cluster: classes, Gateways, ListenerSets', () => {
  const byId = new Map<string, {status: string; reason?: string}[]>()
  for (const ca of graph.gatewayClasses.values()) byId.set(`GatewayClass ${ca.gatewayClass.metadata.name}`, ca.computedStatus.conditions)
  for (const ga of graph.gateways.values()) byId.set(`Gateway ${ga.gateway.metadata.namespace}/${ga.gateway.metadata.name}`, ga.computedStatus.conditions as never)
  for (const la of graph.listenerSets.values()) byId.set(`ListenerSet ${la.listenerSet.metadata.namespace}/${la.listenerSet.metadata.name}`, la.computedStatus.conditions as never)
  for (const exp of [...EXPECTED_GATEWAY_CLASSES, ...EXPECTED_GATEWAYS, ...EXPECTED_LISTENER_SETS]) {
    it(`${exp.id}: ${exp.why}`, () => {
      const conds = byId.get(exp.id) as {type: string; status: string; reason?: string}[] | undefined
      expect(conds).toBeDefined()
      const accepted = conds!.find((c) => c.type === 'Accepted')
      if (exp.accepted) expect({status: accepted?.status, reason: accepted?.reason}).toEqual(exp.accepted)
      else expect({status: accepted?.status, reason: accepted?.reason}).toEqual({status: 'Unknown', reason: 'Pending'})
    })
  }
})
