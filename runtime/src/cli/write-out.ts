import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeValue, type RunSnapshot } from '@coinlab/shared';
import type { RunResult } from '../engine';
import type { Store } from '../db';

const safe = (s: string) => s.replace(/[^A-Za-z0-9._ -]+/g, '_').slice(0, 120) || '_';

/** The run summary printed by `--json` and written as run.json. */
export function runSummary(result: RunResult, snap: RunSnapshot) {
  return {
    runId: result.runId,
    status: result.status,
    error: result.error,
    failedNode: result.failedNode,
    durationMs: result.durationMs,
    nodes: Object.fromEntries(
      Object.entries(snap.nodes).map(([id, n]) => [
        id,
        { status: n.status, durationMs: n.durationMs, attempts: n.attempts, cached: n.status === 'cached', error: n.error, skipReason: n.skipReason, signature: n.signature, outputs: n.outputs },
      ]),
    ),
  };
}

/**
 * `--out DIR`: run.json, every node output as DIR/nodes/<nodeId>/<port>.json (encoded with the
 * same NaN-safe codec as the API, so files compare equal to the API's outputs), and the run's
 * artifacts under DIR/artifacts/<nodeId>/.
 */
export async function writeRunOutputs(dir: string, result: RunResult, snap: RunSnapshot, store: Store): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'run.json'), `${JSON.stringify(runSummary(result, snap), null, 2)}\n`);
  for (const [nodeId, node] of result.nodes) {
    if (!node.outputs) continue;
    const nodeDir = path.join(dir, 'nodes', safe(nodeId));
    mkdirSync(nodeDir, { recursive: true });
    for (const [port, value] of Object.entries(node.outputs)) writeFileSync(path.join(nodeDir, `${safe(port)}.json`), encodeValue(value));
  }
  for (const a of await store.artifacts.listByRun(result.runId)) {
    const full = await store.artifacts.get(a.id);
    if (!full) continue;
    const artDir = path.join(dir, 'artifacts', safe(a.nodeId ?? 'run'));
    mkdirSync(artDir, { recursive: true });
    writeFileSync(path.join(artDir, safe(a.name)), full.content);
  }
}
