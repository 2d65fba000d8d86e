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

type ApiClient = { api(path: string, init?: { method?: string; json?: unknown }): Promise<Response> };

/** An approval gate on the wait node of gatedGraph. */
function approvalGate(id: string, params: Record<string, unknown>, label?: string) {
  return { id, type: 'approval.gate', typeVersion: 1, params, ...(label ? { label } : {}) };
}

function gatedGraph(gates: ReturnType<typeof approvalGate>[]): GraphDocumentInput {
  return {
    version: 2,
    name: 'gated',
    nodes: [{ id: 'wait', type: 'utility.wait', typeVersion: 1, params: { seconds: 0 } }, ...gates],
    edges: gates.map((g) => ({ source: { node: 'wait', port: 'value' }, target: { node: g.id, port: 'value' } })),
  };
}

/**
 * A saved graph for the unattended-run warnings. Version 1: two gates that need a person —
 * "approve" (labelled "Publish?") and "deadline" (stops its branch unless answered within
 * 600 s) — and three that do not (automatic, optional, a timeout that continues). Version 2,
 * the latest: only gates that decide by themselves. Returns the graph's id.
 */
export async function saveGatedGraph(server: ApiClient): Promise<string> {
  const created = await server.api('/graphs', {
    method: 'POST',
    json: {
      document: gatedGraph([
        approvalGate('approve', {}, 'Publish?'),
        approvalGate('deadline', { mode: 'required', timeoutSeconds: 600, defaultAction: 'stop' }),
        approvalGate('auto', { mode: 'automatic' }),
        approvalGate('review', { mode: 'optional' }),
        approvalGate('grace', { mode: 'required', timeoutSeconds: 60, defaultAction: 'continue' }),
      ]),
    },
  });
  if (created.status !== 201) throw new Error(`saving the gated graph: ${created.status} ${await created.text()}`);
  const id = ((await created.json()) as { graph: { id: string } }).graph.id;
  const saved = await server.api(`/graphs/${id}`, { method: 'PUT', json: { document: gatedGraph([approvalGate('approve', { mode: 'automatic' }), approvalGate('review', { mode: 'optional' })]) } });
  if (saved.status !== 200) throw new Error(`saving version 2 of the gated graph: ${saved.status} ${await saved.text()}`);
  return id;
}
