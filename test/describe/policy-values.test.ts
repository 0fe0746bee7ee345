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
