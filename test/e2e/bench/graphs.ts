import type { GraphDocumentInput } from '@coinlab/shared';

/**
 * Graphs for the editor benchmark, made of real node types so the runtime accepts them:
 * utility.wait (one optional input) and report.summary (takes many inputs).
 */

/**
 * `columns` × `rows` nodes in a layered DAG: every node after the first column is fed by its
 * left neighbour; summary nodes (every fifth row) take extra edges from the rows below their
 * left neighbour until there are `edges` edges in all. `wait` gives the wait nodes a duration
 * (seconds, varied a little by position) so that a run of the graph streams progress.
 */
export function largeGraph(columns = 20, rows = 50, edges = 1200, wait?: { min: number; spread: number }): GraphDocumentInput {
  const seconds = (c: number, r: number) => (wait ? Math.round((wait.min + (((c * 7 + r * 3) % 5) / 4) * wait.spread) * 100) / 100 : 0);
  const id = (c: number, r: number) => `n${c}_${r}`;
  const isSummary = (r: number) => r % 5 === 0;
  const nodes: GraphDocumentInput['nodes'] = [];
  for (let c = 0; c < columns; c++) {
    for (let r = 0; r < rows; r++) {
      nodes.push(
        isSummary(r)
          ? { id: id(c, r), type: 'report.summary', typeVersion: 1, params: { title: `Summary ${c}.${r}` }, position: { x: c * 300, y: r * 170 } }
          : { id: id(c, r), type: 'utility.wait', typeVersion: 1, params: { seconds: seconds(c, r) }, position: { x: c * 300, y: r * 170 } },
      );
    }
  }
  const out: GraphDocumentInput['edges'] = [];
  const port = (r: number) => (isSummary(r) ? 'report' : 'value');
  const input = (r: number) => (isSummary(r) ? 'items' : 'value');
  for (let c = 1; c < columns; c++) for (let r = 0; r < rows; r++) out.push({ source: { node: id(c - 1, r), port: port(r) }, target: { node: id(c, r), port: input(r) } });
  for (let extra = 1; extra < rows && out.length < edges; extra++) {
    for (let c = 1; c < columns && out.length < edges; c++) {
      for (let r = 0; r < rows && out.length < edges; r += 5) {
        const from = r + extra;
        if (from < rows) out.push({ source: { node: id(c - 1, from), port: port(from) }, target: { node: id(c, r), port: 'items' } });
      }
    }
  }
  return { version: 2, name: `Benchmark ${columns * rows} nodes`, nodes, edges: out };
}
