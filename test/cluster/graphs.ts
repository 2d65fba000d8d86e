import type { GraphDocumentInput } from '@coinlab/shared';

/**
 * The cluster test's run: wait nodes of 0.3–1 s (varied per run, so runs drift apart and
 * kills land mid-node) in two branches that meet again:
 *
 *   start ─ a1 ─ a2 ─ a3 ─┐
 *        └─ b1 ─ b2 ──────┴─ join ─ end
 *
 * `join` is a summary report (a wait node takes one input); it stores an artifact, so a run
 * also writes outside its events. Start runs with noCache: the report's inputs are the same
 * in every run, and a cached node would not emit node.succeeded.
 */
export const BRANCHED_NODE_IDS = ['start', 'a1', 'a2', 'a3', 'b1', 'b2', 'join', 'end'];

const EDGES: [string, string][] = [
  ['start', 'a1'],
  ['a1', 'a2'],
  ['a2', 'a3'],
  ['start', 'b1'],
  ['b1', 'b2'],
  ['a3', 'join'],
  ['b2', 'join'],
  ['join', 'end'],
];

export function branchedWaits(run: number): GraphDocumentInput {
  return {
    version: 2,
    name: `cluster run ${run}`,
    nodes: BRANCHED_NODE_IDS.map((id, i) =>
      id === 'join'
        ? { id, type: 'report.summary', typeVersion: 1, params: { title: `cluster run ${run}` }, position: { x: i * 160, y: 0 } }
        : // 0.3–1.0 s, a different mix for every run.
          { id, type: 'utility.wait', typeVersion: 1, params: { seconds: 0.3 + ((run * 7 + i * 3) % 8) / 10 }, position: { x: i * 160, y: 0 } },
    ),
    edges: EDGES.map(([s, t]) => ({ source: { node: s, port: s === 'join' ? 'report' : 'value' }, target: { node: t, port: t === 'join' ? 'items' : 'value' } })),
  };
}

/** The soak's run: a chain of three wait nodes of 0.5–1 s (cheap: the soak measures the runtime, not nodes). */
export function shortChain(run: number): GraphDocumentInput {
  const ids = ['w0', 'w1', 'w2'];
  return {
    version: 2,
    name: `soak run ${run}`,
    nodes: ids.map((id, i) => ({ id, type: 'utility.wait', typeVersion: 1, params: { seconds: 0.5 + ((run + i) % 6) / 10 }, position: { x: i * 160, y: 0 } })),
    edges: ids.slice(1).map((id, i) => ({ source: { node: ids[i]!, port: 'value' }, target: { node: id, port: 'value' } })),
  };
}
