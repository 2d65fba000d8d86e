import type { Catalog, GraphDocument, PortType } from '@coinlab/shared';
import type { Store } from '../db';
import { readStoredOutputs } from '../runs/db-cache';

const DEFAULT_LIMIT = 2_000_000;

async function outputsOf(store: Store, runId: string, nodeId: string): Promise<Record<string, unknown> | null> {
  const nr = await store.nodeRuns.get(runId, nodeId);
  if (!nr?.signature || !['succeeded', 'cached'].includes(nr.status)) return null;
  const stored = await store.nodeOutputs.get(nr.signature);
  if (!stored || stored.outputs.length > DEFAULT_LIMIT * 10) return null;
  return (await readStoredOutputs(store, nr.signature)) ?? null;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What a session's run found, in the shape the session API promises: the best model, every
 * model with its metrics, the decision taken at the approval gate, the recommendation, the
 * backtest and the artifacts (reports, charts, models, transcripts). Nodes are picked by what
 * the catalog says they produce (port types, category), never by their type names, so a new
 * evaluation or backtest node shows up here without a change.
 */
export async function collectResults(store: Store, runId: string, document: GraphDocument, catalog: Catalog) {
  /** Each node that has an output of `portType` (or is of `category`), with that output's values. */
  const producing = async (select: { portType?: PortType; category?: string }): Promise<{ node: string; values: unknown[]; outputs: Rec }[]> => {
    const found: { node: string; values: unknown[]; outputs: Rec }[] = [];
    for (const n of document.nodes) {
      const entry = catalog.get(n.type);
      if (!entry) continue;
      const ports = Object.entries(entry.outputs).filter(([, spec]) => select.portType === undefined || spec.type === select.portType).map(([name]) => name);
      if (ports.length === 0 || (select.category !== undefined && entry.ui.category !== select.category)) continue;
      const o = await outputsOf(store, runId, n.id);
      if (o) found.push({ node: n.id, values: ports.map((p) => o[p]), outputs: o });
    }
    return found;
  };
  const comparisons: Rec[] = (await producing({ portType: 'comparison' })).flatMap((f) => f.values.filter(isRec));
  const metrics: Rec[] = [];
  for (const f of await producing({ portType: 'metrics' })) {
    for (const v of f.values.filter(isRec)) {
      const { curves: _c, charts: _ch, ...m } = v;
      metrics.push({ node: f.node, ...m });
    }
  }
  // A person's (or a policy's) decision: the json output of an approval node, its choice the text output.
  let decision: Rec | null = null;
  let chosen: string | null = null;
  for (const f of await producing({ category: 'approval' })) {
    const entry = catalog.get(document.nodes.find((n) => n.id === f.node)!.type)!;
    for (const [port, spec] of Object.entries(entry.outputs)) {
      const v = f.outputs[port];
      if (spec.type === 'json' && isRec(v) && typeof v.decision === 'string') decision = v;
      if (spec.type === 'text' && typeof v === 'string') chosen = v;
    }
  }
  const backtests: Rec[] = (await producing({ portType: 'backtest' })).flatMap((f) => f.values.filter(isRec).map((b) => ({ node: f.node, model: b.model, stats: b.stats, gate: b.gate ?? null })));
  const answers: Rec[] = (await producing({ portType: 'text', category: 'agent' })).flatMap((f) => f.values.filter((v): v is string => typeof v === 'string').map((answer) => ({ node: f.node, answer })));
  let report: Rec | null = null;
  for (const f of await producing({ portType: 'report' })) {
    for (const r of f.values.filter(isRec)) report = { node: f.node, title: r.title, markdown: r.markdown, artifacts: r.artifacts };
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
