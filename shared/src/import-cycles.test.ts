import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { importCycles, importGraph, type ImportGraph } from './import-graph.test-helper';

/**
 * No import cycles in the sources of shared, nodes, runtime and the editor: modules in a loop
 * load in an order that depends on who imports first (a value read before it is set), and
 * cannot be moved or tested one without the other. Type-only imports count too. Imports are
 * read and resolved by TypeScript itself (import-graph.test-helper.ts), as `tsc -b` sees them.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIRS = ['shared/src', 'nodes/src', 'runtime/src', 'editor/src'];

it('finds no import cycle in shared, nodes, runtime and editor sources', () => {
  const graph = importGraph(ROOT, DIRS);
  // The graph is the real one: hundreds of modules, workspace packages and type imports resolved.
  expect(graph.size).toBeGreaterThan(300);
  expect(graph.get('runtime/src/realtime/session-room.ts')).toContain('shared/src/index.ts');
  expect(graph.get('nodes/src/testing/modeling-fixtures.ts')).toContain('nodes/src/testing/fixture-builder.ts');
  // a workspace package's sub-path export, resolved through its package.json exports
  expect(graph.get('runtime/src/planner/dry-run.ts')).toContain('nodes/src/offline/index.ts');
  expect(importCycles(graph).map((loop) => loop.join(' -> '))).toEqual([]);
});

it('names each cycle as a loop of imports', () => {
  const graph: ImportGraph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts', 'x.ts']],
    ['c.ts', ['a.ts']],
    ['x.ts', []],
    ['self.ts', ['self.ts']],
    ['p.ts', ['q.ts']],
    ['q.ts', ['p.ts']],
  ]);
  expect(importCycles(graph).map((l) => l.join(' -> ')).sort()).toEqual(['a.ts -> b.ts -> c.ts -> a.ts', 'p.ts -> q.ts -> p.ts', 'self.ts -> self.ts']);
  expect(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
});
