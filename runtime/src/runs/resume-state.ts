import type { Store } from '../db';
import type { NodeResult, ResumeState } from '../engine';
import type { RunRecord } from '../db/records';

const KEPT_STATUSES = new Set<NodeResult['status']>(['succeeded', 'cached', 'failed', 'stopped', 'skipped']);

/**
 * What a run taken over after its process died had finished, read from its stored node rows:
 * the engine keeps those results (outputs read back by key, through the output cache, which
 * resolves what it stores by reference) and executes the rest.
 */
export async function resumeStateOf(store: Store, run: RunRecord, reason: string, loadOutputs: (key: string) => Promise<Record<string, unknown> | undefined>): Promise<ResumeState> {
  const finished = new Map<string, { status: NodeResult['status']; outputsKey: string | null; error: string | null }>();
  for (const n of await store.nodeRuns.listByRun(run.id)) {
    const status = n.status as NodeResult['status'];
    if (KEPT_STATUSES.has(status)) finished.set(n.nodeId, { status, outputsKey: n.signature, error: n.error });
  }
  return {
    reason,
    startedAt: run.startedAt?.getTime() ?? null,
    finished,
    loadOutputs,
  };
}
