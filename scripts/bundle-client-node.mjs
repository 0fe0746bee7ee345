#!/usr/bin/env node
// Build step after tsc: replaces dist/src/sources/client-node.js (a re-export of
// @kubernetes/client-node) with a tree-shaken bundle of what it exports. Why: importing the package
// loads all of its generated API classes (about 0.5 s on every command that contacts a cluster); the
// bundle holds only the kubeconfig and authentication code and loads in about 0.1 s.
// The package stays a runtime dependency: its license and notices ship with it, and a tsc-only build
// (no bundle) still works, only slower.

import {build} from 'esbuild'
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const target = join(root, 'dist', 'src', 'sources', 'client-node.js')
if (!existsSync(target)) {
  console.error(`bundle-client-node: ${target} is missing; run tsc first`)
  process.exit(1)
}

await build({
  entryPoints: [target],
  outfile: target,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // client-node and its dependencies are CommonJS and call require() for Node built-ins.
  banner: {js: "import {createRequire as __gwCreateRequire} from 'node:module'; const require = __gwCreateRequire(import.meta.url);"},
  legalComments: 'eof',
  logLevel: 'warning',
})
