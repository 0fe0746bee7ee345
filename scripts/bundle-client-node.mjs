#!/usr/bin/env node
// Build step after tsc: replaces dist/src/sources/client-node.js (a re-export of
// @kubernetes/client-node) with a tree-shaken bundle of what it exports. Why: importing the package
// loads all of its generated API classes (about 0.5 s on every command that contacts a cluster); the
// bundle holds only the kubeconfig and authentication code and loads in about 30 ms.
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

const CLIENT_NODE_DIST = `${join('node_modules', '@kubernetes', 'client-node', 'dist')}`

// Two things keep the bundle small (1.8 MB -> 0.5 MB; import 100 ms -> 30 ms, measured on this
// project's machine):
// - client-node declares no `sideEffects`, so esbuild keeps every module its index re-exports (all
//   575 kB of generated models). Its modules have no import-time effects (no bare `import './x'`),
//   so they are marked side-effect free and unused ones drop out.
// - node-fetch v2 imports whatwg-url (and its 300 kB tr46 table) only as a fallback for Node's own
//   URL (`Url.URL || whatwgUrl.URL`), which Node 20 always has.
const slim = {
  name: 'slim-client-node',
  setup(b) {
    b.onResolve({filter: /^whatwg-url$/}, () => ({path: 'whatwg-url', namespace: 'node-url'}))
    b.onLoad({filter: /.*/, namespace: 'node-url'}, () => ({
      contents: 'export default {URL: globalThis.URL, URLSearchParams: globalThis.URLSearchParams}',
      loader: 'js',
    }))
    b.onResolve({filter: /.*/}, async (args) => {
      if (args.pluginData === slim) return undefined
      const r = await b.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        importer: args.importer,
        pluginData: slim,
      })
      if (r.errors.length > 0 || !r.path.includes(CLIENT_NODE_DIST)) return undefined
      return {path: r.path, sideEffects: false}
    })
  },
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
  plugins: [slim],
  logLevel: 'warning',
})
