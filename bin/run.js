#!/usr/bin/env node
// kubectl-gw. Completion (`__complete`, what krew's kubectl_complete-gw wrapper runs) is answered from
// the manifest without oclif; everything else runs oclif from the code-cached bundle of the CLI
// (dist/cli/startup.js). A build without the bundles runs oclif from its modules.
import {completeFast, runFast} from '../dist/cli/startup.js'

const argv = process.argv.slice(2)
const done = argv[0] === '__complete' ? await completeFast(argv.slice(1)) : await runFast(argv)
if (!done) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}
