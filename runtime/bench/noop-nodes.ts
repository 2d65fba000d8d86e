import { z } from 'zod';
import { defineNode, eraseNode, port } from '@coinlab/nodes';
import type { GraphDocumentInput } from '@coinlab/shared';

/** The benchmark's unit of work: a node that does nothing, so only the engine is measured. */
export const noopNode = eraseNode(
  defineNode({
    type: 'bench.noop',
    version: 1,
    ui: { title: 'No-op', category: 'utility', description: 'Passes its input on unchanged (benchmarks).' },
    params: z.object({ i: z.number().default(0) }),
    inputs: { value: port.optional(port.json) },
    outputs: { value: port.json },
    cache: 'pure',
    async execute({ inputs, params }) {
      return { value: inputs.value ?? params.i };
    },
  }),
);

export function chainGraph(n: number): GraphDocumentInput {
  return {
    version: 2,
    name: `chain of ${n}`,
    nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'bench.noop', typeVersion: 1, params: { i }, position: { x: i * 10, y: 0 } })),
    edges: Array.from({ length: n - 1 }, (_, i) => ({ source: { node: `n${i}`, port: 'value' }, target: { node: `n${i + 1}`, port: 'value' } })),
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
