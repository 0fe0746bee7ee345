import {expect, test} from 'vitest'
import {normalizeArgv} from '../../cli/argv.js'

test.each([
  [['get', 'gtw', '--all-namespaces=true'], ['get', 'gtw', '--all-namespaces']],
  [['get', 'gtw', '-A=true'], ['get', 'gtw', '--all-namespaces']],
  [['get', 'gtw', '-A=false'], ['get', 'gtw']],
  [['get', 'gtw', '--show-labels=false', '--no-headers=1'], ['get', 'gtw', '--no-headers']],
  // Not a boolean flag, or not a boolean value: left for the parser.
  [['get', 'gtw', '--namespace=true'], ['get', 'gtw', '--namespace=true']],
  [['get', 'gtw', '-A=maybe'], ['get', 'gtw', '-A=maybe']],
  [['get', '--', '--all-namespaces=true'], ['get', '--', '--all-namespaces=true']],
  [['get', 'gtw', '-A'], ['get', 'gtw', '-A']],
  // A boolean that defaults to true: false must reach oclif as its --no- form.
  [['describe', 'gtw', '--show-events=false'], ['describe', 'gtw', '--no-show-events']],
  [['describe', 'gtw', '--show-events=true'], ['describe', 'gtw', '--show-events']],
  [['describe', 'gtw', '--show-events=maybe'], ['describe', 'gtw', '--show-events=maybe']],
])('%j -> %j', (input, expected) => {
  expect(normalizeArgv(input)).toEqual(expected)
})
