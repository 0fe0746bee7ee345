// describe prints each effective policy value from its source entry: keys that the dotted path
// writes as `["example.com/option"]` used to print as undefined.

import {expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {describeText} from '../../src/describe/text.js'
import {gateway, gatewayClass, kindOf, policy, ref, snapshotOf} from '../policy/fixtures.js'

test('a value under a key with dots and slashes prints with its value', () => {
  const gw = gateway('infra', 'g', 'gc')
  const p = policy('OptionsPolicy', 'opts', {targetRef: ref('Gateway', 'g'), options: {'example.com/option': 'on', plain: 3}}, {namespace: 'infra'})
  const snapshot = snapshotOf([gatewayClass('gc'), gw, p], [kindOf('OptionsPolicy', 'Direct')])
  const text = describeText(analyze(snapshot), gw)
  expect(text).toContain('options["example.com/option"] = on  <- direct from infra/opts (Gateway)')
  expect(text).toContain('options.plain = 3  <- direct from infra/opts (Gateway)')
})

test('a policy\'s own Values read the same whatever order its file wrote the fields in (an API server keeps none)', async () => {
  const {policySettings} = await import('../../src/describe/policy-reach.js')
  const written = policy('TimeoutPolicy', 't', {targetRef: ref('Gateway', 'g'), default: {request: '60s', backendRequest: '50s', idle: '5m'}, override: {idle: '10m'}}, {namespace: 'infra'})
  const sorted = policy('TimeoutPolicy', 't', {override: {idle: '10m'}, default: {backendRequest: '50s', idle: '5m', request: '60s'}, targetRef: ref('Gateway', 'g')}, {namespace: 'infra'})
  const expected = [
    {path: 'backendRequest', type: 'default', value: '50s'},
    {path: 'idle', type: 'default', value: '5m'},
    {path: 'request', type: 'default', value: '60s'},
    {path: 'idle', type: 'override', value: '10m'},
  ]
  expect(policySettings(written as never, 'Inherited')).toEqual(expected)
  expect(policySettings(sorted as never, 'Inherited')).toEqual(expected)
})
