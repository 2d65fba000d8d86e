import { decodeValue, type GraphDocument } from '@coinlab/shared';
import type { Store } from '../db';

const DEFAULT_LIMIT = 2_000_000;

async function outputsOf(store: Store, runId: string, nodeId: string): Promise<Record<string, unknown> | null> {
  const nr = await store.nodeRuns.get(runId, nodeId);
  if (!nr?.signature || !['succeeded', 'cached'].includes(nr.status)) return null;
  const stored = await store.nodeOutputs.get(nr.signature);
  if (!stored || stored.outputs.length > DEFAULT_LIMIT * 10) return null;
  return decodeValue(stored.outputs) as Record<string, unknown>;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What a session's run found, in the shape the session API promises: the best model, every
 * model with its metrics, the decision taken at the approval gate, the recommendation, the
 * backtest and the artifacts (reports, charts, models, transcripts).
 */
export async function collectResults(store: Store, runId: string, document: GraphDocument) {
  const byType = (prefix: string) => document.nodes.filter((n) => n.type === prefix || n.type.startsWith(`${prefix}.`));
  const comparisons: Rec[] = [];
  for (const n of byType('evaluate.compare')) {
    const o = await outputsOf(store, runId, n.id);
    if (isRec(o?.comparison)) comparisons.push(o.comparison);
  }
  const metrics: Rec[] = [];
  for (const n of byType('evaluate.metrics')) {
    const o = await outputsOf(store, runId, n.id);
    if (isRec(o?.metrics)) {
      const { curves: _c, charts: _ch, ...m } = o.metrics;
      metrics.push({ node: n.id, ...m });
    }
  }
  let decision: Rec | null = null;
  let chosen: string | null = null;
  for (const n of byType('approval.model_choice')) {
    const o = await outputsOf(store, runId, n.id);
    if (isRec(o?.decision)) decision = o.decision;
    if (typeof o?.choice === 'string') chosen = o.choice;
  }
  const backtests: Rec[] = [];
  for (const n of byType('backtest')) {
    const o = await outputsOf(store, runId, n.id);
    if (isRec(o?.backtest)) backtests.push({ node: n.id, model: o.backtest.model, stats: o.backtest.stats, gate: o.backtest.gate ?? null });
  }
  const answers: Rec[] = [];
  for (const n of byType('agent')) {
    const o = await outputsOf(store, runId, n.id);
    if (typeof o?.answer === 'string') answers.push({ node: n.id, answer: o.answer });
  }
  let report: Rec | null = null;
  for (const n of byType('report')) {
    const o = await outputsOf(store, runId, n.id);
    if (isRec(o?.report)) report = { node: n.id, title: o.report.title, markdown: o.report.markdown, artifacts: o.report.artifacts };
  }
  // Branches a person (or a gate) stopped: not failures, but the results say where and why.
  const stopped = (await store.nodeRuns.listByRun(runId)).filter((n) => n.status === 'stopped').map((n) => ({ node: n.nodeId, reason: n.error }));
  const comparison = comparisons[0] ?? null;
  const rows = Array.isArray(comparison?.rows) ? (comparison.rows as Rec[]) : [];
  const best = typeof comparison?.best === 'string' ? comparison.best : null;
  const artifacts = (await store.artifacts.listByRun(runId)).map((a) => ({ id: a.id, node_id: a.nodeId, kind: a.kind, name: a.name, content_type: a.contentType, size_bytes: a.sizeBytes, url: `/api/v1/artifacts/${a.id}` }));
  // A comparison where every model is at chance recommends none (evaluate.compare says why).
  const noneBeatsChance = typeof comparison?.noneBeatsChance === 'string' ? comparison.noneBeatsChance : null;
  const recommendation = noneBeatsChance
    ? `No model is recommended: ${noneBeatsChance}.`
    : best
    ? `${chosen && chosen !== best ? `${chosen} was chosen (${String(decision?.by ?? 'someone')} overrode the recommendation ${best}${decision?.reason ? `: ${String(decision.reason)}` : ''}).` : `${best} is recommended: ${String(comparison?.reason ?? '')}`}`.trim()
    : answers[0]
      ? String(answers[0].answer)
      : null;
  return {
    best_model: best,
    chosen_model: chosen ?? best,
    decision,
    metric: typeof comparison?.metric === 'string' ? comparison.metric : null,
    all_models: rows.map((r) => ({ model: r.model, algorithm: r.algorithm, metrics: r.metrics })),
    metrics,
    recommendation,
    backtests,
    agent_answers: answers,
    stopped,
    report,
    artifacts,
  };
}
