import type { GraphDocumentInput } from '@coinlab/shared';

/**
 * Graphs for the editor benchmark, made of real node types so the runtime accepts them:
 * utility.wait (one optional input) and report.summary (takes many inputs).
 */

/**
 * `columns` × `rows` nodes in a layered DAG: every node after the first column is fed by its
 * left neighbour; summary nodes (every fifth row) take extra edges from the rows below their
 * left neighbour until there are `edges` edges in all.
 */
export function largeGraph(columns = 20, rows = 50, edges = 1200): GraphDocumentInput {
  const id = (c: number, r: number) => `n${c}_${r}`;
  const isSummary = (r: number) => r % 5 === 0;
  const nodes: GraphDocumentInput['nodes'] = [];
  for (let c = 0; c < columns; c++) {
    for (let r = 0; r < rows; r++) {
      nodes.push(
        isSummary(r)
          ? { id: id(c, r), type: 'report.summary', typeVersion: 1, params: { title: `Summary ${c}.${r}` }, position: { x: c * 300, y: r * 170 } }
          : { id: id(c, r), type: 'utility.wait', typeVersion: 1, params: { seconds: 0 }, position: { x: c * 300, y: r * 170 } },
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

/** 100 wait nodes in 10 chains of 10; each waits a little and reports progress while it does. */
export function runGraph(chains = 10, length = 10): GraphDocumentInput {
  const nodes: GraphDocumentInput['nodes'] = [];
  const edges: GraphDocumentInput['edges'] = [];
  for (let r = 0; r < chains; r++) {
    for (let c = 0; c < length; c++) {
      const id = `w${r}_${c}`;
      nodes.push({ id, type: 'utility.wait', typeVersion: 1, params: { seconds: 0.3 + ((r * 7 + c * 3) % 5) / 10 }, position: { x: c * 290, y: r * 160 } });
      if (c > 0) edges.push({ source: { node: `w${r}_${c - 1}`, port: 'value' }, target: { node: id, port: 'value' } });
    }
  }
  return { version: 2, name: 'Benchmark run (100 nodes)', nodes, edges };
}
