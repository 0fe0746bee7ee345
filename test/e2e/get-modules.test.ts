// `get -f` and `--help` must not load @kubernetes/client-node (~0.7 s of startup): only the cluster
// source imports it, lazily. A module loader hook records every module URL the process resolves.

import {readFile} from 'node:fs/promises'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {fixture, requireBuild, run, type Fixture} from './get-helpers.js'
import {world} from './get-world.js'

let fx: Fixture
let file: string
let register: string

beforeAll(async () => {
  requireBuild()
  fx = await fixture()
  file = await fx.write('world.yaml', world())
  const hooks = await fx.write(
    'hooks.mjs',
    `import {appendFileSync} from 'node:fs'
let log
export function initialize(data) { log = data.log }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(log, result.url + '\\n')
  return result
}
`,
  )
  register = await fx.write(
    'register.mjs',
    `import {register} from 'node:module'
register(${JSON.stringify(pathToFileURL(hooks).href)}, {data: {log: process.env.GW_MODULE_LOG}})
`,
  )
})
afterAll(() => fx?.cleanup())

async function modulesLoadedBy(args: string[], name: string): Promise<{urls: string[]; code: number | null}> {
  const log = `${fx.dir}/${name}.log`
  const r = await run(args, {nodeArgs: ['--import', pathToFileURL(register).href], env: {GW_MODULE_LOG: log}})
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean)
  return {urls, code: r.code}
}

describe.concurrent('modules loaded', () => {
  test('get -f: the file source and yaml, never client-node', async () => {
    const {urls, code} = await modulesLoadedBy(['get', 'routes', '-A', '-f', file], 'get-f')
    expect(code).toBe(0)
    // The hook works: it saw the command, the file source and the yaml parser.
    expect(urls.some((u) => u.endsWith('/dist/commands/get.js'))).toBe(true)
    expect(urls.some((u) => u.endsWith('/dist/src/sources/files.js'))).toBe(true)
    expect(urls.some((u) => u.includes('/node_modules/yaml/'))).toBe(true)
    expect(urls.filter((u) => u.includes('@kubernetes/client-node'))).toEqual([])
    expect(urls.filter((u) => u.endsWith('/dist/src/sources/cluster.js'))).toEqual([])
  })

  test('get --help', async () => {
    const {urls, code} = await modulesLoadedBy(['get', '--help'], 'help')
    expect(code).toBe(0)
    expect(urls.some((u) => u.includes('@oclif/core'))).toBe(true)
    expect(urls.filter((u) => u.includes('@kubernetes/client-node'))).toEqual([])
  })
})
