import {describe, expect, test} from 'vitest'
import type {SharedFlagValues} from '../../cli/flags.js'
import {resolveScope} from '../../cli/scope.js'
import {UserError} from '../../src/sources/request.js'

const base: SharedFlagValues = {'all-namespaces': false, 'request-timeout': '0', 'no-headers': false, 'show-labels': false}
const ctxNs = {resolveNamespace: () => 'team-a'}
const broken = {
  resolveNamespace: (): string => {
    throw new UserError('error: stat /nope: no such file or directory')
  },
}

describe('resolveScope', () => {
  test('-n wins; else the context namespace', () => {
    expect(resolveScope({...base, namespace: 'prod'}, ctxNs).namespace).toBe('prod')
    expect(resolveScope(base, ctxNs).namespace).toBe('team-a')
    expect(resolveScope(base, {resolveNamespace: () => ''}).namespace).toBe('default')
  })

  test('namespaceGiven says whether -n was typed, not where the namespace came from', () => {
    expect(resolveScope({...base, namespace: 'prod'}, ctxNs).namespaceGiven).toBe(true)
    expect(resolveScope(base, ctxNs).namespaceGiven).toBe(false)
    expect(resolveScope({...base, filename: ['x.yaml']}, broken).namespaceGiven).toBe(false)
  })

  test('-A is reported alongside the namespace (the caller lets it win)', () => {
    const s = resolveScope({...base, namespace: 'prod', 'all-namespaces': true}, ctxNs)
    expect(s.allNamespaces).toBe(true)
  })

  test('a broken kubeconfig does not stop -f, and gives `default`', () => {
    const s = resolveScope({...base, filename: ['x.yaml']}, broken)
    expect(s.files).toEqual(['x.yaml'])
    expect(s.namespace).toBe('default')
  })

  test('against a cluster the kubeconfig problem is the error', () => {
    expect(() => resolveScope(base, broken)).toThrow('error: stat /nope: no such file or directory')
  })

  test('connection options and request timeout', () => {
    const s = resolveScope({...base, kubeconfig: '/k', context: 'c', 'request-timeout': '5s'}, ctxNs)
    expect(s.connection).toEqual({kubeconfig: '/k', context: 'c', requestTimeoutMs: 5000})
    expect(s.files).toBeUndefined()
    expect(() => resolveScope({...base, 'request-timeout': 'soon'}, ctxNs)).toThrow('Invalid timeout value')
  })
})
