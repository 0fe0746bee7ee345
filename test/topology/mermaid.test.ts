import {describe, expect, test} from 'vitest'
import {mermaidText, renderMermaid} from '../../src/topology/mermaid.js'
import {sample} from './sample.js'

describe('renderMermaid', () => {
  test('flowchart with namespace subgraphs and dotted rejected edges', () => {
    const out = renderMermaid(sample)
    expect(out.startsWith('flowchart LR\n')).toBe(true)
    expect(out).toMatch(/subgraph ns\d+\["namespace shop"\]/)
    expect(out).toMatch(/n\d+ -\.->\|"NotAllowedByListeners"\| n\d+/)
    // linkStyle points at the rejected edge's position among written edges.
    const lines = out.split('\n')
    const edgeLines = lines.filter((l) => /^ {2}n\d+ -/.test(l))
    const styled = lines.find((l) => l.includes('linkStyle'))!
    const idx = Number(styled.match(/linkStyle (\d+)/)![1])
    expect(edgeLines[idx]).toContain('-.->')
  })

  test('labels escape quotes, markup and control characters', () => {
    expect(mermaidText('a"<b>|#\u001b')).toBe('a#quot;#lt;b#gt;#124;#35;\\x1b')
    expect(renderMermaid(sample)).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/)
  })

  test('is deterministic', () => {
    expect(renderMermaid({nodes: [...sample.nodes].reverse(), edges: [...sample.edges].reverse()})).toBe(renderMermaid(sample))
  })
})
