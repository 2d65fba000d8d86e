import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import type { ComparisonValue, PredictionsValue } from '../port-values';
import { approvalParams, approvalPause, approvalUi, decide } from './policy';
import { metricKind } from '../evaluate/metric-names';

function fmt(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '-' : Number(x.toPrecision(4)).toString();
}

/** The comparison as the approver sees it: a small table, the recommendation and why. */
export function comparisonContext(c: ComparisonValue) {
  const metrics = [...new Set(c.rows.flatMap((r) => Object.keys(r.metrics)))].slice(0, 8);
  return {
    metric: c.metric,
    higherIsBetter: c.higherIsBetter,
    // At chance level nothing is recommended: the key is left out and the verdict says why.
    ...(c.noneBeatsChance ? { noneBeatsChance: c.noneBeatsChance } : { recommended: c.best }),
    reason: c.noneBeatsChance ?? c.reason,
    choices: c.rows.map((r) => r.model),
    columns: ['model', 'algorithm', ...metrics],
    /** How each metric column reads (the shared quantity formatter's kinds). */
    kinds: Object.fromEntries(metrics.map((m) => [m, metricKind(m)])),
    rows: c.rows.map((r) => ({ model: r.model, algorithm: r.algorithm, metrics: Object.fromEntries(metrics.map((m) => [m, r.metrics[m] ?? null])) })),
    markdown: [
      `| model | algorithm | ${metrics.join(' | ')} |`,
      `|---|---|${metrics.map(() => '---:').join('|')}|`,
      ...c.rows.map((r) => `| ${r.model}${r.model === c.best && !c.noneBeatsChance ? ' (recommended)' : ''} | ${r.algorithm} | ${metrics.map((m) => fmt(r.metrics[m])).join(' | ')} |`),
    ].join('\n'),
  };
}

/**
 * The model-selection gate: shows the comparison table with the recommended model, and
 * lets a person approve it, override it with another compared model (with a reason) or
 * reject (the branch stops). The chosen model's predictions flow downstream, so a
 * backtest or report below works on what the person decided.
 */
export default defineNode({
  type: 'approval.model_choice',
  version: 1,
  ui: {
    title: 'Approve model choice',
    category: 'approval',
    description: 'Shows the model comparison and waits for a person to approve the recommended model, pick another one with a reason, or reject. Outputs the chosen model\'s predictions and the decision.',
    params: approvalUi,
  },
  params: z.object(approvalParams),
  inputs: { comparison: port.comparison, predictions: port.many(port.predictions, 'Predictions of the compared models') },
  outputs: { predictions: port.predictions, choice: port.text, decision: port.json, comparison: port.comparison },
  cache: 'never',
  approvalPause,
  timeoutMs: 0,
  async execute({ params, inputs, services, signal, log }) {
    const { comparison, predictions } = inputs;
    if (predictions.length === 0) throw new NodeInputError('inputs.predictions', 'connect the predictions of the compared models, so the chosen one can flow on');
    const context = comparisonContext(comparison);
    const decision = await decide(
      params,
      {
        title: params.title || (comparison.noneBeatsChance ? 'No model beats chance' : `Approve model ${comparison.best}`),
        message:
          params.message ||
          (comparison.noneBeatsChance
            ? `Nothing to recommend: ${comparison.noneBeatsChance}. Reject to stop this branch, or continue with a model (${comparison.best} ranks first, by a margin that means nothing) to inspect its backtest.`
            : `${comparison.best} is recommended: ${comparison.reason} Approve it, pick another model (override, with a reason), or reject to stop this branch.`),
        context,
        approveLabel: `Use ${comparison.best}`,
        allowOverride: true,
      },
      services,
      signal,
      (m) => log('info', m),
    );
    let choice = comparison.best;
    if (decision.decision === 'override') {
      const picked = typeof decision.value === 'string' ? decision.value : typeof (decision.value as { model?: unknown } | undefined)?.model === 'string' ? (decision.value as { model: string }).model : '';
      if (!context.choices.includes(picked)) throw new NodeInputError('decision.value', `"${picked}" is not one of the compared models (${context.choices.join(', ')})`);
      choice = picked;
      log('info', `override by ${decision.by}: ${picked} instead of ${comparison.best}${decision.reason ? ` (${decision.reason})` : ''}`);
    }
    const chosen = pickPredictions(predictions, comparison, choice);
    // Downstream (the report) reads the person's choice as the comparison's pick, with why.
    const decided = choice === comparison.best ? comparison : { ...comparison, best: choice, reason: `chosen by ${decision.by} over the recommended ${comparison.best}${decision.reason ? `: ${decision.reason}` : ''}` };
    return { predictions: chosen, choice, decision: { ...decision, model: choice, recommended: comparison.best }, comparison: decided };
  },
});

/** The predictions of the chosen model: by model name, else by its row's position among the inputs. */
function pickPredictions(list: PredictionsValue[], comparison: ComparisonValue, model: string): PredictionsValue {
  const byName = list.find((p) => p.model === model);
  if (byName) return byName;
  const base = model.replace(/ \(\d+\)$/, '');
  const sameName = list.filter((p) => p.model === base);
  const dup = /\((\d+)\)$/.exec(model);
  if (sameName.length > 0) return sameName[dup ? Number(dup[1]) - 1 : 0] ?? sameName[0]!;
  throw new NodeInputError('inputs.predictions', `no predictions for model "${model}"; connected: ${list.map((p) => p.model).join(', ')} (compared: ${comparison.rows.map((r) => r.model).join(', ')})`);
}
