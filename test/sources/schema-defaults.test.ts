import {afterEach, describe, expect, test} from 'vitest'
import {analyze} from '../../src/analysis.js'
import {describeEntry} from '../../src/describe/entries.js'
import type {CustomResourceDefinition, K8sObject} from '../../src/model/types.js'
import {loadFromFiles} from '../../src/sources/files.js'
import {defaultedObject, withSchemaDefaults} from '../../src/sources/schema-defaults.js'
import {tempTree, type TempTree} from './files-helpers.js'
import {objectSchema} from '../support/apiserver-crds.js'

describe('withSchemaDefaults (the API server\'s structural defaulting)', () => {
  const schema = {
    type: 'object',
    properties: {
      a: {type: 'string', default: 'x'},
      b: {type: 'integer', default: 2},
      nested: {type: 'object', properties: {c: {type: 'string', default: 'c'}}},
      withDefault: {type: 'object', default: {}, properties: {d: {type: 'integer', default: 4}}},
      list: {type: 'array', items: {type: 'object', properties: {w: {type: 'integer', default: 1}}}},
      map: {type: 'object', additionalProperties: {type: 'object', properties: {m: {type: 'boolean', default: true}}}},
      nullable: {type: 'string', nullable: true, default: 'n'},
    },
  }

  test('fills absent properties at every level where the parent is present', () => {
    const input = {a: 'set', nested: {}, list: [{}, {w: 5}], map: {k: {}}}
    expect(withSchemaDefaults(input, schema)).toEqual({
      a: 'set',
      b: 2,
      nested: {c: 'c'},
      // A default is defaulted further down, as the server does.
      withDefault: {d: 4},
      list: [{w: 1}, {w: 5}],
      map: {k: {m: true}},
      nullable: 'n',
    })
  })

  test('does not create an absent parent that has no default of its own', () => {
    expect(withSchemaDefaults({}, schema)).not.toHaveProperty('nested')
    expect(withSchemaDefaults({}, schema)).not.toHaveProperty('list')
  })

  test('null is absent unless the schema allows null', () => {
    expect(withSchemaDefaults({a: null, nullable: null}, schema)).toMatchObject({a: 'x', nullable: null})
  })

  test('never mutates its input, and returns it when nothing was missing', () => {
    const shared = {c: 'mine'}
    const input = {a: 'a', b: 1, nested: shared, withDefault: {d: 0}, nullable: 'v', list: [{w: 2}], map: {k: {m: false}}}
    const frozen = JSON.stringify(input)
    expect(withSchemaDefaults(input, schema)).toBe(input)
    const partial = {nested: shared}
    const out = withSchemaDefaults(partial, schema) as Record<string, unknown>
    expect(out).not.toBe(partial)
    expect(out.nested).toBe(shared)
    expect(partial).toEqual({nested: shared})
    expect(JSON.stringify(input)).toBe(frozen)
  })
})

// A Direct policy CRD with defaults, like examples/60-policy-crds.yaml's HealthCheckPolicy.
const crd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {name: 'probes.example.test', labels: {'gateway.networking.k8s.io/policy': 'Direct'}},
  spec: {
    group: 'example.test',
    names: {kind: 'ProbePolicy', plural: 'probes'},
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: objectSchema({
            spec: {
              type: 'object',
              properties: {
                targetRefs: {type: 'array', items: {type: 'object', properties: {group: {type: 'string'}, kind: {type: 'string'}, name: {type: 'string'}}}},
                interval: {type: 'string', default: '10s'},
                timeout: {type: 'string', default: '2s'},
              },
            },
          }),
        },
      },
    ],
  },
}

const service: K8sObject = {apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'app'}, spec: {ports: [{name: 'http', port: 80}]}} as K8sObject
const policy = (spec: Record<string, unknown>): K8sObject =>
  ({apiVersion: 'example.test/v1', kind: 'ProbePolicy', metadata: {name: 'probe', namespace: 'app', creationTimestamp: '2026-01-01T00:00:00Z'}, spec: {targetRefs: [{group: '', kind: 'Service', name: 'web'}], ...spec}}) as K8sObject

describe('policies read from files get their CRD\'s schema defaults', () => {
  let tree: TempTree | undefined
  afterEach(async () => {
    await tree?.cleanup()
    tree = undefined
  })

  test('defaultedObject fills spec from the version the object is written in, never metadata', () => {
    const p = policy({interval: '5s'})
    const d = defaultedObject(p, crd)
    expect(d.spec).toEqual({targetRefs: [{group: '', kind: 'Service', name: 'web'}], interval: '5s', timeout: '2s'})
    expect(d.metadata).toBe(p.metadata)
    expect(defaultedObject({...p, apiVersion: 'example.test/v9'}, crd)).toEqual({...p, apiVersion: 'example.test/v9'})
  })

  test('the effective values from files equal those of the object as the server stores it', async () => {
    tree = await tempTree()
    const stream = (objs: unknown[]) => objs.map((o) => JSON.stringify(o)).join('\n')
    const [asWritten, asStored] = await tree.write({
      'written.yaml': stream([crd, service, policy({interval: '5s'})]),
      'stored.yaml': stream([crd, service, policy({interval: '5s', timeout: '2s'})]),
    })
    const entry = async (file: string) => {
      const snap = await loadFromFiles([file], {defaultNamespace: 'default'})
      expect(snap.errors).toEqual([])
      const svc = snap.list('', 'Service')[0]
      return describeEntry(analyze(snap), svc)
    }
    const written = await entry(asWritten)
    expect(written).toEqual(await entry(asStored))
    expect(JSON.stringify(written)).toContain('"timeout":"2s"')
  })

  test('without the CRD in the input nothing is invented', async () => {
    tree = await tempTree()
    const [file] = await tree.write({'p.yaml': JSON.stringify(policy({interval: '5s'}))})
    const snap = await loadFromFiles([file], {defaultNamespace: 'default'})
    expect(snap.list('example.test', 'ProbePolicy')[0].spec).toEqual({targetRefs: [{group: '', kind: 'Service', name: 'web'}], interval: '5s'})
  })
})
