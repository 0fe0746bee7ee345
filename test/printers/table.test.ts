import {describe, expect, test} from 'vitest'
import {displayCell, formatLabels, renderTable} from '../../src/printers/table.js'

describe('renderTable (kubectl tabwriter: minwidth 6, padding 3)', () => {
  test('columns padded to the widest cell plus three, last column unpadded', () => {
    const out = renderTable(
      ['NAME', 'STATUS', 'AGE'],
      [
        ['default', 'Active', '5d'],
        ['kube-system', 'Active', '12d'],
      ],
    )
    expect(out).toBe(
      'NAME          STATUS   AGE\n' + //
        'default       Active   5d\n' +
        'kube-system   Active   12d\n',
    )
  })

  test('no line ends in a space', () => {
    const out = renderTable(['A', 'LONG HEADER'], [['x', ''], ['yy', 'z']])
    for (const line of out.split('\n')) expect(line).not.toMatch(/ $/)
  })

  test('a column is six wide at least', () => {
    expect(renderTable(['A', 'B'], [['x', 'y']])).toBe('A     B\nx     y\n')
    expect(renderTable(['A', 'B'], [['x', 'y']], {noHeaders: true})).toBe('x     y\n')
  })

  test('empty cells print <none>', () => {
    expect(renderTable(['NAME', 'CLASS', 'AGE'], [['gw', '', '1d']])).toBe('NAME   CLASS    AGE\ngw     <none>   1d\n')
  })

  test('--no-headers drops the header line and its width', () => {
    const out = renderTable(['NAMESPACE', 'NAME'], [['a', 'b']], {noHeaders: true})
    expect(out).toBe('a     b\n')
  })

  test('no rows: the header alone, or nothing without headers', () => {
    expect(renderTable(['NAME', 'AGE'], [])).toBe('NAME   AGE\n')
    expect(renderTable(['NAME', 'AGE'], [], {noHeaders: true})).toBe('')
  })

  test('cells are escaped before widths are measured', () => {
    const out = renderTable(['NAME', 'AGE'], [['a\nb', '1s'], ['c', '2s']])
    expect(out).toBe('NAME   AGE\na\\nb   1s\nc      2s\n')
    expect(out.split('\n')).toHaveLength(4)
  })

  test('widths count code points, as tabwriter counts runes', () => {
    expect(renderTable(['N', 'X'], [['日本語日本語', 'y'], ['🚀', 'z']], {noHeaders: true})).toBe('日本語日本語   y\n🚀        z\n')
  })

  test('rows shorter than the header are filled with <none>', () => {
    expect(renderTable(['A', 'B', 'C'], [['1']])).toBe('A     B        C\n1     <none>   <none>\n')
  })

  test('displayCell', () => {
    expect(displayCell('')).toBe('<none>')
    expect(displayCell('\x1b')).toBe('\\x1b')
  })
})

describe('formatLabels (kubectl LABELS)', () => {
  test('sorted by key, k=v, comma-joined', () => {
    expect(formatLabels({tier: 'edge', app: 'web', 'app.kubernetes.io/name': 'x'})).toBe('app=web,app.kubernetes.io/name=x,tier=edge')
  })
  test('empty, missing or malformed labels give an empty cell', () => {
    expect(formatLabels({})).toBe('')
    expect(formatLabels(undefined)).toBe('')
    expect(formatLabels(['a'])).toBe('')
    expect(formatLabels('a=b')).toBe('')
  })
  test('scalar values as written, nested values dropped', () => {
    expect(formatLabels({n: 1, b: true, o: {x: 1}, e: ''})).toBe('b=true,e=,n=1')
  })
})
