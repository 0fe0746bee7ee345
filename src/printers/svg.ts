// `-o svg`: a DOT graph rendered to SVG without a Graphviz installation, by Graphviz compiled to
// WebAssembly (@hpcc-js/wasm-graphviz). The module (about 1 MB of WebAssembly) is loaded only for this
// format, so every other command starts as fast as before.

export async function dotToSvg(dot: string): Promise<string> {
  const {Graphviz} = await import('@hpcc-js/wasm-graphviz')
  const graphviz = await Graphviz.load()
  const svg = graphviz.dot(dot, 'svg')
  return svg.endsWith('\n') ? svg : `${svg}\n`
}
