// Property: whatever the input, every printed output is well-formed and safe on a terminal: no raw
// control characters except the layout's own newlines, JSON/YAML that parse back to the input,
// balanced DOT and Mermaid, one table row per object.

import fc from 'fast-check'
import {describe, expect, test} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {renderFindings} from '../../src/analyze/render.js'
import {toJson, toYaml} from '../../src/printers/serialize.js'
import {inputNotes} from '../../src/sources/manifest-objects.js'
import {snapshotOf, world} from './arbitraries.js'
import {rawControl, runAll} from './pipeline.js'

/** Strips DOT double-quoted strings (with their escapes), leaving the syntax around them. */
function dotSyntax(dot: string): string {
  return dot.replace(/"(?:[^"\\]|\\.)*"/g, '""')
}

/** Strips Mermaid quoted labels and edge texts. */
function mermaidSyntax(text: string): string {
  return text.replace(/"[^"]*"/g, '""')
}

function noRawControl(text: string, what: string): void {
  const raw = rawControl(text)
  expect(raw, `${what}: raw control character ${raw}`).toBeUndefined()
}

/** JSON's view of a value: what a round trip through text must give back. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v))

describe('printed output over random input', () => {
  test('describe and analyze text is escaped', () => {
    fc.assert(
      fc.property(world, (w) => {
        const out = runAll(snapshotOf(w))
        for (const {what, text} of out.texts) noRawControl(text, what)
        // Coloured analyze output: only the renderer's own SGR sequences may be raw.
        const coloured = renderFindings(out.findings, {color: true}).replace(/\u001b\[(?:0|3[136])m/g, '')
        noRawControl(coloured, 'analyze --color')
      }),
    )
  })

  test('analyze -o json and the input notes: parse back, one line each, escaped', () => {
    fc.assert(
      fc.property(world, (w) => {
        const snapshot = snapshotOf(w)
        const {findings} = runAll(snapshot)
        const json = toJson(findings)
        noRawControl(json, 'analyze -o json')
        expect(JSON.parse(json)).toEqual(plain(findings))
        for (const note of inputNotes(snapshot)) {
          noRawControl(note, 'input note')
          expect(note).not.toContain('\n')
        }
      }),
    )
  })

  test('describe -o json|yaml entries parse back to themselves', () => {
    fc.assert(
      fc.property(world, (w) => {
        const {entries} = runAll(snapshotOf(w))
        const json = toJson(entries)
        noRawControl(json, 'describe -o json')
        expect(JSON.parse(json)).toEqual(plain(entries))
        const yaml = toYaml(entries)
        noRawControl(yaml, 'describe -o yaml')
        // Through JSON as well: YAML keeps -0, which JSON writes as 0.
        expect(plain(parseYaml(yaml, {maxAliasCount: -1}))).toEqual(plain(entries))
      }),
    )
  })

  test('DOT and Mermaid: escaped, balanced, every edge between declared nodes', () => {
    fc.assert(
      fc.property(world, (w) => {
        const {dot, mermaid} = runAll(snapshotOf(w))
        noRawControl(dot, 'dot')
        noRawControl(mermaid, 'mermaid')

        const syntax = dotSyntax(dot)
        expect(syntax.split('{').length).toBe(syntax.split('}').length)
        expect(syntax.split('[').length).toBe(syntax.split(']').length)
        expect(syntax.startsWith('digraph "" {\n')).toBe(true)
        expect(syntax.endsWith('}\n')).toBe(true)
        // Every line is a statement of its own: a label cannot smuggle in a line break.
        for (const line of syntax.split('\n').slice(1, -2)) expect(line, line).toMatch(/^ {2,4}(\S.*[;{]|\})$/)

        const ms = mermaidSyntax(mermaid)
        expect(ms.match(/^\s*subgraph /gm)?.length ?? 0).toBe(ms.match(/^\s*end$/gm)?.length ?? 0)
        const declared = new Set([...ms.matchAll(/^\s*(n\d+)[[({>]/gm)].map((m) => m[1]))
        for (const m of ms.matchAll(/^\s*(n\d+) -\.?->(?:\|""\|)? (n\d+)$/gm)) {
          expect(declared.has(m[1]) && declared.has(m[2]), m[0]).toBe(true)
        }
        // Lines are node declarations, edges, subgraph markers or styling; nothing else.
        for (const line of ms.split('\n').slice(1, -1)) {
          expect(line, line).toMatch(/^\s*(n\d+\S*""\S*|n\d+ -\.?->(\|""\|)? n\d+|subgraph ns\d+\[""\]|end|linkStyle \d+ .*|classDef .*|class [n\d,]+ problem)$/)
        }
      }),
    )
  })

  test('get tables and -o json|yaml|name, for every type', () => {
    fc.assert(
      fc.property(world, (w) => {
        const {listings} = runAll(snapshotOf(w))
        for (const {type, format, objects, text} of listings) {
          const what = `get ${type.name} -o ${format}`
          noRawControl(text, what)
          const lines = text.split('\n')
          expect(lines.pop(), what).toBe('')
          if (format === 'table' || format === 'wide') {
            // A header and exactly one row per object: no cell can add a line.
            expect(lines, what).toHaveLength(objects.length + 1)
            // Every row has the header's columns: a value cannot shift the layout.
            expect(lines[0].startsWith('NAMESPACE'), what).toBe(type.namespaced)
          } else if (format === 'name') {
            expect(lines, what).toHaveLength(objects.length)
          } else {
            const parsed = format === 'json' ? JSON.parse(text) : parseYaml(text, {maxAliasCount: -1})
            expect(plain(parsed.items), what).toEqual(plain(objects))
          }
        }
      }),
    )
  })
})
