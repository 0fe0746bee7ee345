import {describe, expect, it} from 'vitest'
import {detectConflicts} from '../../src/graph/conflicts.js'
import {readListeners} from '../../src/graph/listeners.js'
import {gateway, listenerSet} from './fixtures.js'

type L = {name: string; port: number; protocol: string; hostname?: string}
const conflicts = (...groups: L[][]) => {
  const ls = groups.map((g, i) => readListeners(i === 0 ? gateway('g', 'ns', g) : listenerSet(`ls${i}`, 'ns', {name: 'g'}, g)))
  detectConflicts(ls)
  return ls.map((g) => g.map((l) => l.conflict?.reason ?? '-'))
}

describe('listener conflicts within one Gateway (no winner)', () => {
  it.each<[string, L[], string[]]>([
    ['same port, protocol and hostname', [{name: 'a', port: 80, protocol: 'HTTP', hostname: 'x.com'}, {name: 'b', port: 80, protocol: 'HTTP', hostname: 'x.com'}], ['HostnameConflict', 'HostnameConflict']],
    ['hostnames differ', [{name: 'a', port: 80, protocol: 'HTTP', hostname: 'x.com'}, {name: 'b', port: 80, protocol: 'HTTP', hostname: 'y.com'}], ['-', '-']],
    ['both without hostname', [{name: 'a', port: 80, protocol: 'HTTP'}, {name: 'b', port: 80, protocol: 'HTTP'}], ['HostnameConflict', 'HostnameConflict']],
    ['ports differ', [{name: 'a', port: 80, protocol: 'HTTP'}, {name: 'b', port: 81, protocol: 'HTTP'}], ['-', '-']],
    ['TCP shares a port with HTTP: all of them', [{name: 'a', port: 80, protocol: 'HTTP', hostname: 'x.com'}, {name: 'b', port: 80, protocol: 'HTTP', hostname: 'y.com'}, {name: 't', port: 80, protocol: 'TCP'}], ['ProtocolConflict', 'ProtocolConflict', 'ProtocolConflict']],
    ['two TCP listeners on a port', [{name: 'a', port: 5000, protocol: 'TCP'}, {name: 'b', port: 5000, protocol: 'TCP'}], ['HostnameConflict', 'HostnameConflict']],
    ['HTTP and HTTPS on one port', [{name: 'a', port: 8443, protocol: 'HTTP'}, {name: 'b', port: 8443, protocol: 'HTTPS'}], ['ProtocolConflict', 'ProtocolConflict']],
    ['HTTPS and TLS share a port by SNI', [{name: 'a', port: 443, protocol: 'HTTPS', hostname: 'a.com'}, {name: 'b', port: 443, protocol: 'TLS', hostname: 'b.com'}], ['-', '-']],
    ['HTTPS and TLS with the same hostname', [{name: 'a', port: 443, protocol: 'HTTPS', hostname: 'a.com'}, {name: 'b', port: 443, protocol: 'TLS', hostname: 'a.com'}], ['HostnameConflict', 'HostnameConflict']],
    ['UDP and TCP on the same number', [{name: 'a', port: 53, protocol: 'UDP'}, {name: 'b', port: 53, protocol: 'TCP'}], ['-', '-']],
    ['unsupported protocols take no part', [{name: 'a', port: 80, protocol: 'INVALID'}, {name: 'b', port: 80, protocol: 'HTTP'}], ['-', '-']],
  ])('%s', (_why, listeners, expected) => {
    expect(conflicts(listeners)[0]).toEqual(expected)
  })
})

describe('listener conflicts across a Gateway and its ListenerSets (merge order)', () => {
  it('the later listener loses; a loser does not block later ones', () => {
    const result = conflicts(
      [{name: 'g', port: 80, protocol: 'HTTP', hostname: 'a.com'}],
      [{name: 't', port: 80, protocol: 'TCP'}, {name: 'h', port: 80, protocol: 'HTTP', hostname: 'b.com'}],
      [{name: 'h2', port: 80, protocol: 'HTTP', hostname: 'b.com'}],
    )
    expect(result).toEqual([['-'], ['ProtocolConflict', '-'], ['HostnameConflict']])
  })
  it('a later object colliding with two Gateway listeners that conflict with each other also loses', () => {
    const result = conflicts(
      [{name: 'a', port: 80, protocol: 'HTTP'}, {name: 'b', port: 80, protocol: 'HTTP'}],
      [{name: 'c', port: 80, protocol: 'HTTP'}],
    )
    expect(result).toEqual([['HostnameConflict', 'HostnameConflict'], ['HostnameConflict']])
  })
  it('records whom it conflicts with', () => {
    const gw = readListeners(gateway('g', 'ns', [{name: 'g', port: 80, protocol: 'HTTP'}]))
    const ls = readListeners(listenerSet('s', 'ns', {name: 'g'}, [{name: 's', port: 80, protocol: 'HTTP'}]))
    detectConflicts([gw, ls])
    expect(ls[0].conflict?.with).toEqual([gw[0]])
  })
})
