#!/usr/bin/env node
// Build step after tsc: the CommonJS bundles the start-up paths load through V8's code cache
// (cli/code-cache.ts). dist/fast/complete.cjs is the completion entry (cli/complete-main.ts) with
// what it uses of dist/: one file to read and compile instead of some twenty ES modules, and no oclif.
// The code that reads object names from a cluster stays out (it is imported from dist/ when needed).

import {build} from 'esbuild'
import {randomUUID} from 'node:crypto'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {basename, dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')

const COMMAND_EXTERNALS = ['@hpcc-js/wasm-graphviz', 'typescript', 'ts-node', 'source-map-support']
const fastMain = join(dist, 'cli', 'fast-main.js')
const commandIds = readdirSync(join(dist, 'commands'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -3))
  .sort()

// One bundle per command (oclif and that command's modules), one of oclif alone, and completion.
const entries = [
  {entry: join(dist, 'cli', 'complete-main.js'), out: join(dist, 'fast', 'complete.cjs')},
  {
    contents: `export {main} from ${JSON.stringify(fastMain)}`,
    out: join(dist, 'fast', 'oclif.cjs'),
    external: COMMAND_EXTERNALS,
  },
  ...commandIds.map((id) => ({
    contents: [
      `import {main as run} from ${JSON.stringify(fastMain)}`,
      `import Command from ${JSON.stringify(join(dist, 'commands', `${id}.js`))}`,
      `export const main = (argv, root) => run(argv, root, {${JSON.stringify(id)}: Command})`,
    ].join('\n'),
    out: join(dist, 'fast', `command-${id}.cjs`),
    external: COMMAND_EXTERNALS,
  })),
]

// Two rewrites of the modules going into a bundle:
// - `import.meta.url` is empty in CommonJS: each module of dist/ gets the URL of its own file,
//   worked out from the bundle's location at run time (so the installed tree can move).
// - a dynamic import() of a module left out of the bundle (oclif's hooks and plugins, Graphviz's
//   WebAssembly build) cannot run in code that vm.Script compiled: it goes through __gwImport (see
//   IMPORT_KEY in cli/code-cache.ts). Imports esbuild can follow (a literal relative path in dist/,
//   a literal package name in a dependency) are bundled and stay as they are.
const COMPUTED_IMPORT = /(?<![\w$.'"`])import\((?=\s*(?:\/\*[^]*?\*\/\s*)?[^\s)'"`/])/g
const PACKAGE_IMPORT = /(?<![\w$.'"`])import\((?=\s*['"][^./'"])/g

// oclif's index checks the running Node against its own `engines` with semver: loading semver costs
// more than the rest of oclif's start, and in a bundle the check cannot find oclif's package.json,
// so it is silently skipped anyway. It is replaced by the same check on the major version (oclif 4
// asks for Node >= 18), the same warning, the same opt-out.
const OCLIF_INDEX = join('node_modules', '@oclif', 'core', 'lib', 'index.js')
function lightEngineCheck(text) {
  const call = /^checkNodeVersion\(\);$/m
  if (!call.test(text)) throw new Error(`bundle-startup: checkNodeVersion(); not found in ${OCLIF_INDEX} (oclif changed?)`)
  const engines = JSON.parse(readFileSync(join(root, 'node_modules', '@oclif', 'core', 'package.json'), 'utf8')).engines.node
  const major = /^>=(\d+)(\.0)*$/.exec(engines)?.[1]
  if (major === undefined) throw new Error(`bundle-startup: oclif's engines.node ${engines} is not a plain >=N`)
  return text.replace(
    call,
    `if (!(process.env.OCLIF_DISABLE_ENGINE_WARNING && (0, util_1.isTruthy)(process.env.OCLIF_DISABLE_ENGINE_WARNING)) && Number(process.versions.node.split('.')[0]) < ${major}) process.emitWarning(${JSON.stringify(`Node version must be ${engines} to use this CLI. Current node version: `)} + process.versions.node);`,
  )
}

function rewrites(outDir, external) {
  return {
    name: 'startup-rewrites',
    setup(b) {
      b.onLoad({filter: /\.js$/}, (args) => {
        const original = readFileSync(args.path, 'utf8')
        let text = original
        const own = args.path.startsWith(dist) && !args.path.includes('/node_modules/')
        if (own && text.includes('import.meta.url')) {
          text = text.replaceAll('import.meta.url', `__gwModuleUrl(${JSON.stringify(relative(outDir, args.path))})`)
        }
        text = text.replace(COMPUTED_IMPORT, '__gwImport(')
        if (own) {
          text = text.replace(PACKAGE_IMPORT, (m, offset) => {
            const name = /^\s*['"]([^'"]+)/.exec(text.slice(offset + m.length))?.[1] ?? ''
            return external.some((e) => name === e || name.startsWith(`${e}/`)) ? '__gwImport(' : m
          })
        }
        if (args.path.endsWith(OCLIF_INDEX)) text = lightEngineCheck(text)
        return text === original ? undefined : {contents: text, loader: 'js'}
      })
    },
  }
}

for (const {entry, contents, out, external = []} of entries) {
  if (!existsSync(entry ?? fastMain)) {
    console.error(`bundle-startup: ${entry} is missing; run tsc first`)
    process.exit(1)
  }
  await build({
    ...(entry ? {entryPoints: [entry]} : {stdin: {contents, resolveDir: dist, sourcefile: `${basename(out)}.js`}}),
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'eof',
    // Less to read and parse on every start; names kept (errors are told apart by name).
    minify: process.env.GW_NO_MINIFY !== '1',
    keepNames: true,
    external,
    plugins: [rewrites(dirname(out), external)],
    banner: {
      js: [
        // First line: the build id the code cache is keyed by (cli/code-cache.ts buildIdOf).
        `/* kubectl-gw build ${randomUUID()} */`,
        "const __gwModuleUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;",
        "const __gwImport = (specifier) => (globalThis[Symbol.for('kubectl-gw.import')] ?? ((s) => import(s)))(specifier);",
      ].join('\n'),
    },
    logLevel: 'warning',
  })
}
