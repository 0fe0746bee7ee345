#!/usr/bin/env node
// Builds the krew release of kubectl-gw: an archive that runs without npm at install time, and the
// krew plugin manifest for it.
//
//   node scripts/release.mjs [--uri URL] [--homepage URL] [--out DIR] [--build] [--online]
//
// 1. `npm pack --ignore-scripts`: the package exactly as npm would publish it, from the tree as built.
//    Without --build the tree must already be built (dist/, oclif.manifest.json): the script never
//    rebuilds dist/ behind the back of whoever is using it. --build runs `npm run build` and
//    `oclif manifest` first (what `prepack` does).
// 2. The packed package is unpacked into a staging directory and its production dependencies are
//    installed there with `npm ci --omit=dev --ignore-scripts`, pinned by the repository's
//    package-lock.json, from the npm cache (--offline; --online lets npm fetch what is missing).
//    The Gateway API schemas the build bundled (dist/schemas/gateway-api) go with it; when the build
//    had none, KUBECTL_GW_SCHEMAS_FROM (a Gateway API release's CRD files) bundles them into the stage.
// 3. The staging directory becomes DIR/kubectl-gw-vX.Y.Z.tar.gz with one top-level directory,
//    kubectl-gw/, so the manifest's `bin` is kubectl-gw/bin/run.js. The archive is reproducible
//    where GNU tar is available (sorted entries, fixed times and owners; gzip without a timestamp).
// 4. krew/gw.yaml.tmpl is filled with the version, the archive's sha256 and --uri (default: a file://
//    URL of the archive, for `kubectl krew install --manifest=DIR/gw.yaml --archive=...`) into DIR/gw.yaml.
//
// DIR defaults to dist-release/. Prints the archive path, its sha256 and the manifest path.

import {execFile} from 'node:child_process'
import {createHash} from 'node:crypto'
import {createReadStream, createWriteStream, existsSync} from 'node:fs'
import {copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {pipeline} from 'node:stream/promises'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {promisify} from 'node:util'
import {createGzip} from 'node:zlib'
import {parse} from 'yaml'

const exec = promisify(execFile)
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const TEMPLATE = join(ROOT, 'krew', 'gw.yaml.tmpl')
const PLACEHOLDER = /\{\{([A-Z0-9_]+)\}\}/g

function usage(message) {
  if (message) process.stderr.write(`release: ${message}\n`)
  process.stderr.write('usage: node scripts/release.mjs [--uri URL] [--homepage URL] [--out DIR] [--build] [--online]\n')
  process.exit(2)
}

function parseArgs(argv) {
  const opts = {build: false, online: false, out: join(ROOT, 'dist-release')}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(0, eq) : arg
    const value = () => {
      if (eq > 0) return arg.slice(eq + 1)
      if (i + 1 >= argv.length) usage(`${name} needs a value`)
      return argv[++i]
    }
    if (name === '--build') opts.build = true
    else if (name === '--online') opts.online = true
    else if (name === '--uri') opts.uri = value()
    else if (name === '--homepage') opts.homepage = value()
    else if (name === '--out') opts.out = resolve(value())
    else if (name === '--help' || name === '-h') usage()
    else usage(`unknown argument ${arg}`)
  }
  return opts
}

async function run(cmd, args, cwd) {
  try {
    return await exec(cmd, args, {cwd, maxBuffer: 64 * 1024 * 1024})
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stderr || e.message}`)
  }
}

async function ensureBuilt(build) {
  if (build) {
    await run('npm', ['run', 'build'], ROOT)
    await run('npx', ['oclif', 'manifest'], ROOT)
  }
  for (const p of ['dist/commands/get.js', 'oclif.manifest.json']) {
    if (!existsSync(join(ROOT, p))) throw new Error(`${p} is missing: build first (npm run build && npx oclif manifest) or pass --build`)
  }
}

/** The package as npm publishes it, unpacked into stage/kubectl-gw with its production dependencies. */
async function stagePackage(work, online) {
  const {stdout} = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT)
  const packed = JSON.parse(stdout)[0]
  const stage = join(work, 'stage')
  await mkdir(stage)
  await run('tar', ['-xzf', join(work, packed.filename), '-C', stage], work)
  const app = join(stage, 'kubectl-gw')
  await rename(join(stage, 'package'), app)
  // The lock pins the dependency versions the tests ran with; npm ci refuses a lock out of step.
  await copyFile(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'))
  await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', online ? '--prefer-offline' : '--offline'], app)
  await bundleSchemas(app)
  return {stage, version: packed.version}
}

/**
 * The Gateway API schemas in the archive: those the build bundled, else those KUBECTL_GW_SCHEMAS_FROM
 * names now (scripts/gateway-api-schemas.mjs); a release without them is said in one line.
 */
async function bundleSchemas(app) {
  const out = join(app, 'dist', 'schemas', 'gateway-api')
  if (existsSync(join(out, 'bundle.json'))) return
  if (process.env.KUBECTL_GW_SCHEMAS_FROM) {
    const {main: schemas} = await import('./gateway-api-schemas.mjs')
    if (schemas({out})) return
    throw new Error('KUBECTL_GW_SCHEMAS_FROM is set but the schemas could not be bundled (see the line above)')
  }
  process.stderr.write('release: warning: no bundled Gateway API schemas (set KUBECTL_GW_SCHEMAS_FROM to a Gateway API release\'s CRDs): validate will need --crds, CRDs in -f, or a cluster\n')
}

async function isGnuTar() {
  try {
    return (await exec('tar', ['--version'])).stdout.includes('GNU tar')
  } catch {
    return false
  }
}

async function archive(stage, work, target) {
  const tarFile = join(work, 'release.tar')
  const reproducible = (await isGnuTar()) ? ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner'] : []
  await run('tar', [...reproducible, '-cf', tarFile, 'kubectl-gw'], stage)
  // zlib writes no file name and a zero timestamp in the gzip header.
  await pipeline(createReadStream(tarFile), createGzip({level: 9}), createWriteStream(target))
}

async function sha256(file) {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

function fill(template, values) {
  const lines = template.split('\n')
  // The template's header comment describes the template, not the result.
  while (lines.length > 0 && lines[0].startsWith('#')) lines.shift()
  // A value-less optional line (homepage) is dropped rather than left as a placeholder.
  const kept = lines.filter((line) => ![...line.matchAll(PLACEHOLDER)].some((m) => values[m[1]] === ''))
  const body = kept.join('\n').replace(PLACEHOLDER, (whole, key) => {
    if (!Object.hasOwn(values, key)) throw new Error(`krew/gw.yaml.tmpl: unknown placeholder ${whole}`)
    return values[key]
  })
  return `# Generated by scripts/release.mjs from krew/gw.yaml.tmpl.\n${body}`
}

function checkManifest(text, expect) {
  const doc = parse(text)
  const platform = doc?.spec?.platforms?.[0]
  const problems = []
  if (doc?.kind !== 'Plugin' || doc?.metadata?.name !== 'gw') problems.push('not a Plugin named gw')
  if (doc?.spec?.version !== expect.version) problems.push(`spec.version is ${doc?.spec?.version}`)
  if (platform?.sha256 !== expect.sha256) problems.push('platform sha256 differs from the archive')
  if (platform?.uri !== expect.uri) problems.push('platform uri differs')
  if (platform?.bin !== 'kubectl-gw/bin/run.js') problems.push(`platform bin is ${platform?.bin}`)
  if (!/^[a-f0-9]{64}$/.test(String(platform?.sha256))) problems.push('sha256 is not 64 lower-case hex digits, as krew requires')
  if (!/^v\d+\.\d+\.\d+/.test(String(doc?.spec?.version))) problems.push('spec.version is not vX.Y.Z')
  if (problems.length > 0) throw new Error(`generated manifest is wrong: ${problems.join('; ')}`)
}

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  await ensureBuilt(opts.build)
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))
  const work = await mkdtemp(join(tmpdir(), 'kubectl-gw-release-'))
  try {
    const {stage, version} = await stagePackage(work, opts.online)
    const tag = `v${version}`
    await mkdir(opts.out, {recursive: true})
    const target = join(opts.out, `kubectl-gw-${tag}.tar.gz`)
    await archive(stage, work, target)
    const digest = await sha256(target)
    const uri = opts.uri ?? pathToFileURL(target).href
    const homepage = opts.homepage ?? (typeof pkg.homepage === 'string' ? pkg.homepage : '')
    const manifest = fill(await readFile(TEMPLATE, 'utf8'), {VERSION: tag, URI: uri, SHA256: digest, HOMEPAGE: homepage})
    checkManifest(manifest, {version: tag, sha256: digest, uri})
    const manifestPath = join(opts.out, 'gw.yaml')
    await writeFile(manifestPath, manifest)
    process.stdout.write(`archive:  ${target}\nsha256:   ${digest}\nmanifest: ${manifestPath}\n`)
  } finally {
    await rm(work, {recursive: true, force: true})
  }
}

main().catch((e) => {
  process.stderr.write(`release: ${e.message}\n`)
  process.exit(1)
})
