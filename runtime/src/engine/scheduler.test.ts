import { describe, expect, it } from 'vitest';
import type { AnyNodeDefinition } from '@coinlab/nodes';
import type { ExecutionPlan, PlannedNode } from './plan';
import { schedule } from './scheduler';

/** A plan of `ids` in this topological order; `edges` as [from, to]. */
function plan(ids: string[], edges: [string, string][], offThread: string[] = []): ExecutionPlan {
  const nodes = new Map<string, PlannedNode>();
  for (const id of ids) {
    const def = { type: `test.${id}`, ...(offThread.includes(id) ? { offThread: true } : {}) } as unknown as AnyNodeDefinition;
    nodes.set(id, { node: { id, type: def.type, typeVersion: 1, params: {}, position: { x: 0, y: 0 } }, def, inputs: {}, dependents: [], blockers: 0 });
  }
  for (const [from, to] of edges) {
    nodes.get(from)!.dependents.push(to);
    nodes.get(to)!.blockers++;
  }
  return { graph: { version: 2, name: 't', nodes: [], edges: [] } as unknown as ExecutionPlan['graph'], nodes, order: ids };
}

async function startOrder(p: ExecutionPlan, concurrency: number): Promise<string[]> {
  const started: string[] = [];
  await schedule(p, {
    run: async (id) => {
      started.push(id);
      await new Promise((r) => setTimeout(r, 1));
      return 'succeeded';
    },
    skip: () => {},
    cancel: () => {},
  }, { concurrency, signal: new AbortController().signal });
  return started;
}

describe('scheduler', () => {
  it('starts ready nodes in topological order', async () => {
    expect(await startOrder(plan(['split', 'lr', 'rf', 'report'], [['split', 'lr'], ['split', 'rf'], ['lr', 'report'], ['rf', 'report']]), 4)).toEqual(['split', 'lr', 'rf', 'report']);
  });

  it('starts a node whose work runs on other threads first among those ready together', async () => {
    const p = plan(['split', 'lr', 'rf', 'report'], [['split', 'lr'], ['split', 'rf'], ['lr', 'report'], ['rf', 'report']], ['rf']);
    expect(await startOrder(p, 4)).toEqual(['split', 'rf', 'lr', 'report']);
    // Not before its own inputs: it still waits for what it depends on.
    expect(await startOrder(plan(['a', 'rf'], [['a', 'rf']], ['rf']), 4)).toEqual(['a', 'rf']);
    // With one slot, it takes the slot first.
    expect(await startOrder(plan(['x', 'y', 'rf'], [], ['rf']), 1)).toEqual(['rf', 'x', 'y']);
  });
});
