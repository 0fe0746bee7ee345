// The committed oclif.manifest.json lets oclif start without importing every command module. A stale
// manifest silently hides new flags or commands, so it must equal what `oclif manifest` would write now
// (same call as the oclif CLI makes, against the built dist/).
import {Plugin} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {expect, test} from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

test('oclif.manifest.json is in sync with the commands (run `npx oclif manifest` after changing flags)', async () => {
  const plugin = new Plugin({ignoreManifest: true, respectNoCacheDefault: true, root, type: 'core', errorOnManifestCreate: true})
  await plugin.load()
  const committed = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
  expect(committed).toEqual(JSON.parse(JSON.stringify(plugin.manifest)))
})
