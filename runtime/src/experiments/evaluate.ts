import type { Store } from '../db';
import type { RunManager } from '../runs/run-manager';
import { readStoredOutputs } from '../runs/db-cache';
import { meanStats, readOutcome, type Outcome } from './objective';
import type { Evaluation, Objective } from '@coinlab/shared';
import type { DateWindow } from './windows';

export interface WindowsResult {
  runIds: string[];
  /** One per window, in order; all present when `error` is null. */
  objectives: number[];
  /** Mean of each statistic over the windows. */
  stats: Record<string, number>;
  objective: number | null;
  error: string | null;
}

export interface EvaluateDeps {
  store: Store;
  manager: Pick<RunManager, 'start' | 'eventsStored'>;
  ownerId: string;
}

/** One window's run and what its objective node output, read from the result or the store. */
async function runWindow(deps: EvaluateDeps, o: { document: unknown; graphId: string; graphVersion: number; trigger: string; overrides: Record<string, Record<string, unknown>>; objective: Objective; noCache: boolean }): Promise<{ runId?: string; outcome?: Outcome; error?: string }> {
  let started: Awaited<ReturnType<EvaluateDeps['manager']['start']>>;
  try {
    started = await deps.manager.start({ document: o.document, graphId: o.graphId, graphVersion: o.graphVersion, ownerId: deps.ownerId, trigger: o.trigger, paramOverrides: o.overrides, noCache: o.noCache });
  } catch (err) {
    // Refused before it was stored (params that pass alone but break a cross-field rule): the iteration fails, the loop goes on.
    return { error: `the graph with these params was refused: ${err instanceof Error ? err.message : String(err)}` };
  }
  const result = await started.done;
  const node = result.nodes.get(o.objective.node);
  if (result.status !== 'succeeded' || !node || (node.status !== 'succeeded' && node.status !== 'cached')) {
    const why = node?.error ?? result.error ?? `node "${o.objective.node}" ${node?.status ?? 'did not run'}`;
    return { runId: started.runId, error: `run ${started.runId} ${result.status}: ${why}` };
  }
  let outputs = node.outputs;
  if (!outputs && node.signature) {
    // Executed elsewhere (a cluster worker): the outputs are in the store under their signature.
    await deps.manager.eventsStored();
    outputs = await readStoredOutputs(deps.store, node.signature);
  }
  const port = outputs && Object.values(outputs).find((v) => typeof v === 'object' && v !== null && ['backtest', 'metrics'].includes((v as { kind?: unknown }).kind as string));
  try {
    return { runId: started.runId, outcome: readOutcome(port, o.objective) };
  } catch (err) {
    return { runId: started.runId, error: (err as Error).message };
  }
}

/**
 * Runs the graph with `overrides` once per window (the data node's from/to set to it), one
 * after the other: the content cache answers every node upstream of a changed param, so only
 * what the params touch executes again. The score is the mean over the windows.
 */
export async function evaluateWindows(
  deps: EvaluateDeps,
  o: { document: unknown; graphId: string; graphVersion: number; trigger: string; overrides: Record<string, Record<string, unknown>>; objective: Objective; evaluation: Evaluation; windows: DateWindow[]; noCache?: boolean },
): Promise<WindowsResult> {
  const runIds: string[] = [];
  const objectives: number[] = [];
  const all: Record<string, number>[] = [];
  for (const [i, w] of o.windows.entries()) {
    const overrides = { ...o.overrides, [o.evaluation.dataNode]: { ...o.overrides[o.evaluation.dataNode], from: w.from, to: w.to } };
    const trigger = o.windows.length > 1 ? `${o.trigger} window ${i + 1}/${o.windows.length} ${w.from}..${w.to}` : `${o.trigger} ${w.from}..${w.to}`;
    const r = await runWindow(deps, { document: o.document, graphId: o.graphId, graphVersion: o.graphVersion, trigger, overrides, objective: o.objective, noCache: o.noCache ?? false });
    if (r.runId) runIds.push(r.runId);
    if (!r.outcome) return { runIds, objectives, stats: meanStats(all), objective: null, error: r.error ?? 'no outcome' };
    objectives.push(r.outcome.objective);
    all.push(r.outcome.stats);
  }
  return { runIds, objectives, stats: meanStats(all), objective: objectives.reduce((a, b) => a + b, 0) / objectives.length, error: null };
}
