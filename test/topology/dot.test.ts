import {execFileSync, spawnSync} from 'node:child_process'
import {describe, expect, test} from 'vitest'
import {dotString, renderDot} from '../../src/topology/dot.js'
import type {Topology} from '../../src/topology/model.js'
import {sample} from './sample.js'

const hasDot = spawnSync('dot', ['-V']).status === 0

describe('renderDot', () => {
  test('namespaces are clusters, rejected edges dashed with the reason', () => {
    const out = renderDot(sample)
    expect(out).toMatch(/subgraph cluster_\d+ \{\n\s+label="namespace infra";/)
    expect(out).toContain('label="NotAllowedByListeners", style=dashed, color=red')
    // Cluster-scoped objects sit outside every cluster.
    expect(out.indexOf('"GatewayClass/edge" [')).toBeLessThan(out.indexOf('subgraph'))
  })

  test('is deterministic whatever the input order', () => {
    const shuffled: Topology = {nodes: [...sample.nodes].reverse(), edges: [...sample.edges].reverse()}
    expect(renderDot(shuffled)).toBe(renderDot(sample))
  })

  test('edges to unknown nodes are dropped instead of inventing nodes', () => {
    expect(renderDot(sample)).not.toContain('Service/nowhere/x')
  })

  test('hostile names cannot escape strings or carry control characters', () => {
    const out = renderDot(sample)
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/)
    expect(dotString('a"b\\c\n')).toBe('"a\\"b\\\\c\\\\x0a"')
  })

  test.skipIf(!hasDot)('graphviz accepts the output', () => {
    const svg = execFileSync('dot', ['-Tsvg'], {input: renderDot(sample)}).toString()
    expect(svg).toContain('<svg')
    expect(svg).toContain('NotAllowedByListeners')
  })
})
