// Gateway `spec.infrastructure.parametersRef` and GatewayClass `spec.parametersRef` (semantics.md §3.9;
// conformance gateway-invalid-parameters-ref [v1.6]): InvalidParameters only where absence is certain.

import {describe, expect, test} from 'vitest'
import {computeAttachments} from '../../src/graph/index.js'
import type {K8sObject} from '../../src/model/types.js'
import {cond, gateway, gatewayClass, GW, httpListener, snapshotOf} from './fixtures.js'

const invalidParams = {infrastructure: {parametersRef: {group: 'invalid.io', kind: 'InvalidParameters', name: 'invalid'}}}
const accepted = (graph: ReturnType<typeof computeAttachments>, gw: K8sObject) => cond(graph.gateways.get(gw as never)?.computedStatus.conditions.find((c) => c.type === 'Accepted'))

describe('Gateway infrastructure.parametersRef', () => {
  test('cluster: a kind the server does not serve is InvalidParameters (gateway-invalid-parameters-ref)', () => {
    const gw = gateway('gateway-with-invalid-parameters', 'infra', [httpListener('http')], invalidParams)
    const s = snapshotOf([gatewayClass(), gw])
    s.servesKind = (group) => group === GW
    const graph = computeAttachments(s)
    expect(accepted(graph, gw)).toBe('False/InvalidParameters')
    expect(graph.gateways.get(gw)?.infrastructureParameters?.message).toContain('InvalidParameters (group "invalid.io"), which the cluster does not serve')
  })

  test('files: a kind absent from the input is unverified (spelled as a plural a user reads)', () => {
    const gw = gateway('g', 'infra', [httpListener('http')], invalidParams)
    const graph = computeAttachments(snapshotOf([gatewayClass(), gw], 'files'))
    expect(accepted(graph, gw)).toBe('True/Accepted')
    const p = graph.gateways.get(gw)?.infrastructureParameters
    expect(p?.resolved).toBeUndefined()
    expect(p?.unverified).toBe('the input contains no InvalidParameters objects')
    expect(p?.message).toContain('invalidparameters/infra/invalid')
    expect(p?.message).not.toContain('invalidparameterss')
  })

  test('cluster: a served kind listed successfully in the namespace without the object is InvalidParameters; listed elsewhere only, unverified', () => {
    const ref = {infrastructure: {parametersRef: {group: 'example.com', kind: 'GatewayConfig', name: 'cfg'}}}
    const gw = gateway('g', 'infra', [httpListener('http')], ref)
    const s = snapshotOf([gatewayClass(), gw])
    s.servesKind = () => true
    s.recordListed('example.com', 'GatewayConfig', 'other')
    expect(accepted(computeAttachments(s), gw)).toBe('True/Accepted')
    s.recordListed('example.com', 'GatewayConfig', 'infra')
    expect(accepted(computeAttachments(s), gw)).toBe('False/InvalidParameters')
  })

  test('an existing parameters object resolves', () => {
    const gw = gateway('g', 'infra', [httpListener('http')], {infrastructure: {parametersRef: {group: '', kind: 'ConfigMap', name: 'cfg'}}})
    const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {namespace: 'infra', name: 'cfg'}}
    const graph = computeAttachments(snapshotOf([gatewayClass(), gw, cm]))
    expect(graph.gateways.get(gw)?.infrastructureParameters?.resolved).toBe(true)
    expect(accepted(graph, gw)).toBe('True/Accepted')
  })
})

describe('GatewayClass parametersRef', () => {
  const classAccepted = (graph: ReturnType<typeof computeAttachments>, gc: K8sObject) => cond(graph.gatewayClasses.get(gc as never)?.computedStatus.conditions[0])

  test('cluster: a kind not served is InvalidParameters', () => {
    const gc = gatewayClass('gc', 'none', {parametersRef: {group: 'invalid.io', kind: 'InvalidParameters', name: 'p'}})
    const s = snapshotOf([gc])
    s.servesKind = (group) => group === GW
    expect(classAccepted(computeAttachments(s), gc)).toBe('False/InvalidParameters')
  })

  test('a namespaced kind without a namespace is InvalidParameters: core kinds and CRDs in the input', () => {
    const crd = {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'configs.example.com'}, spec: {group: 'example.com', scope: 'Namespaced', names: {kind: 'Config', plural: 'configs'}}}
    const core = gatewayClass('core', 'none', {parametersRef: {group: '', kind: 'ConfigMap', name: 'p'}})
    const custom = gatewayClass('custom', 'none', {parametersRef: {group: 'example.com', kind: 'Config', name: 'p'}})
    const graph = computeAttachments(snapshotOf([crd, core, custom], 'files'))
    expect(classAccepted(graph, core)).toBe('False/InvalidParameters')
    expect(classAccepted(graph, custom)).toBe('False/InvalidParameters')
    expect(graph.gatewayClasses.get(custom as never)?.parametersRef?.message).toContain('Configs are namespaced')
  })

  test('files: a kind absent from the input leaves the class state to its reported status', () => {
    const gc = gatewayClass('gc', 'True', {parametersRef: {group: 'example.com', kind: 'Params', name: 'p'}})
    const graph = computeAttachments(snapshotOf([gc], 'files'))
    expect(classAccepted(graph, gc)).toBe('True/Accepted')
    expect(graph.gatewayClasses.get(gc as never)?.parametersRef?.unverified).toBe('the input contains no Params objects')
  })
})
