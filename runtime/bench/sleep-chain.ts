import { z } from 'zod';
import { defineNode, eraseNode, port } from '@coinlab/nodes';

/** A node that only waits: the benchmarks measure the runtime around nodes, not node work. */
export const sleepNode = eraseNode(
  defineNode({
    type: 'bench.sleep',
    version: 1,
    ui: { title: 'Sleep', category: 'utility', description: 'Waits a few milliseconds (benchmarks).' },
    params: z.object({ ms: z.number().default(20), i: z.number().default(0) }),
    inputs: { value: port.optional(port.json) },
    outputs: { value: port.json },
    cache: 'never',
    async execute({ params, progress }) {
      progress(0.5);
      await new Promise((r) => setTimeout(r, params.ms));
      return { value: params.i };
    },
  }),
);

/** A graph document: a chain of `length` sleep nodes of `ms` each (register sleepNode as an extra node). */
export function sleepChain(name: string, length: number, ms: number) {
  return {
    version: 2,
    name,
    nodes: Array.from({ length }, (_, i) => ({ id: `s${i}`, type: 'bench.sleep', typeVersion: 1, params: { ms, i }, position: { x: 0, y: 0 } })),
    edges: Array.from({ length: length - 1 }, (_, i) => ({ source: { node: `s${i}`, port: 'value' }, target: { node: `s${i + 1}`, port: 'value' } })),
  };
}
