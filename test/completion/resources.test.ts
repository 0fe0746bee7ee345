import {describe, expect, test} from 'vitest'
import {parseResourceArgs, resolveType} from '../../cli/resource-args.js'
import {typeCandidates, typeListCandidates, typesOfList} from '../../src/completion/resources.js'
import {RESOURCE_TYPES} from '../../src/model/resources.js'

const values = (prefix: string) => typeCandidates(prefix).map((c) => c.value)

describe('typeCandidates', () => {
  test('nothing typed: every type, as its plural', () => {
    expect(values('')).toEqual(RESOURCE_TYPES.map((t) => t.name))
  })

  test('a prefix of plurals lists the plurals only', () => {
    expect(values('gat').sort()).toEqual(['gatewayclasses', 'gateways'])
    expect(values('gateway').sort()).toEqual(['gatewayclasses', 'gateways'])
    expect(values('http')).toEqual(['httproutes'])
    // Aliases stand in for the plurals that do not match (xbackendtrafficpolicies, services).
    expect(values('backend')).toEqual(['backendtlspolicies', 'backendlbpolicies', 'backendtrafficpolicies', 'backends'])
  })

  test('a short name, singular or alias is offered when the plural does not match', () => {
    expect(values('gt')).toEqual(['gtw'])
    expect(values('sv')).toEqual(['svc'])
    expect(values('lse')).toEqual(['lset'])
    expect(values('xlist')).toEqual(['xlistenersets'])
    expect(values('refg')).toEqual(['refgrant'])
  })

  test('TYPE.GROUP once a dot is typed', () => {
    expect(values('gateways.')).toEqual(['gateways.gateway.networking.k8s.io'])
    expect(values('xlistenersets.g')).toEqual(['xlistenersets.gateway.networking.x-k8s.io'])
    // Core types have no group to qualify with.
    expect(values('services.')).toEqual([])
  })

  test('unknown prefixes offer nothing', () => {
    expect(values('pods')).toEqual([])
  })

  test('every candidate for every prefix of every name is a type the parser accepts, the same type', () => {
    for (const t of RESOURCE_TYPES) {
      for (const name of [t.name, t.singular, ...t.shortNames, ...t.aliases]) {
        for (let i = 0; i <= name.length; i++) {
          const cands = typeCandidates(name.slice(0, i))
          expect(cands.length, name.slice(0, i)).toBeGreaterThan(0)
          for (const c of cands) expect(() => parseResourceArgs([c.value])).not.toThrow()
          // The type being typed is always among them.
          expect(cands.some((c) => resolveType(c.value)?.name === t.name), `${name.slice(0, i)} -> ${t.name}`).toBe(true)
        }
      }
    }
  })

  test('descriptions name the kinds and short names', () => {
    const byValue = Object.fromEntries(typeCandidates('').map((c) => [c.value, c.description]))
    expect(byValue.gateways).toBe('Gateway (gtw)')
    expect(byValue.listenersets).toBe('ListenerSet, XListenerSet (lset)')
    expect(byValue.routes).toMatch(/^every route kind: httproutes/)
  })
})

describe('comma lists', () => {
  test('completes the last type, keeps the head, leaves out types already listed', () => {
    const v = typeListCandidates('gateways,gat', resolveType).map((c) => c.value)
    expect(v).toEqual(['gateways,gatewayclasses'])
    expect(typeListCandidates('httproutes,', resolveType).map((c) => c.value)).not.toContain('httproutes,httproutes')
    expect(typeListCandidates('gtw,', resolveType).map((c) => c.value)).not.toContain('gtw,gateways')
  })

  test('every candidate is a list the parser accepts', () => {
    for (const c of typeListCandidates('httproutes,', resolveType)) expect(() => parseResourceArgs([c.value])).not.toThrow()
  })

  test('typesOfList: distinct known types in order; unknown words dropped', () => {
    expect(typesOfList('gtw,gateways,httproutes,nosuch,', resolveType).map((t) => t.name)).toEqual(['gateways', 'httproutes'])
    // The parser's resolver narrows TYPE.GROUP to that group's refs.
    const [x] = typesOfList('listenersets.gateway.networking.x-k8s.io', resolveType)
    expect(x.refs.map((r) => r.kind)).toEqual(['XListenerSet'])
  })
})
