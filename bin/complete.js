#!/usr/bin/env node
// kubectl_complete-gw: kubectl (>= 1.26) runs this with the words after `kubectl gw`, the one being
// completed last, and relays the candidates it prints to the shell.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url, args: ['__complete', '--', ...process.argv.slice(2)]})
