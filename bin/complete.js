#!/usr/bin/env node
// kubectl_complete-gw: kubectl (>= 1.26) runs this with the words after `kubectl gw`, the one being
// completed last, and relays the candidates it prints to the shell. Answered from the manifest
// without oclif (dist/cli/startup.js); oclif's hidden __complete command only when that cannot run.
import {completeFast} from '../dist/cli/startup.js'

const words = process.argv.slice(2)
if (!(await completeFast(words))) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url, args: ['__complete', '--', ...words]})
}
