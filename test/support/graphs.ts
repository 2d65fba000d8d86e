import type { GraphDocumentInput } from '@coinlab/shared';

/** A chain of wait nodes: a run that lasts long enough to join, cancel or interrupt it. */
export function waitChain(n: number, seconds: number): GraphDocumentInput {
  return {
    version: 2,
    name: `wait chain ${n}x${seconds}s`,
    nodes: Array.from({ length: n }, (_, i) => ({ id: `w${i}`, type: 'utility.wait', typeVersion: 1, params: { seconds }, position: { x: i * 200, y: 0 } })),
    edges: Array.from({ length: n - 1 }, (_, i) => ({ source: { node: `w${i}`, port: 'value' }, target: { node: `w${i + 1}`, port: 'value' } })),
  };
}
