// An unknown command is answered as kubectl answers one (cobra's words, exit 1), not oclif's
// `command foo not found` with exit 2: the command_not_found hook in package.json does it.

import {beforeAll, expect, test} from 'vitest'
import {requireBuild, run} from './get-helpers.js'

beforeAll(() => requireBuild())

test('a mistyped command gets a suggestion and exit code 1', async () => {
  const r = await run(['gt', 'gateways'])
  expect(r.code).toBe(1)
  expect(r.stdout).toBe('')
  expect(r.stderr).toBe('Error: unknown command "gt" for "kubectl gw"\n\nDid you mean this?\n\tget\n\nRun \'kubectl gw --help\' for usage.\n')
})

test('a command far from any has no suggestion; hidden commands are never suggested', async () => {
  const r = await run(['__complet'])
  expect(r.code).toBe(1)
  expect(r.stderr).toBe('Error: unknown command "__complet" for "kubectl gw"\n\nRun \'kubectl gw --help\' for usage.\n')
})
