import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateGraph } from '@coinlab/shared';
import { catalog, nodeRegistry, type BacktestValue, type ComparisonValue, type MetricsValue, type PredictionsValue, type ReportValue } from '@coinlab/nodes';
import { createMemoryServices, type MemoryServices } from '@coinlab/nodes/offline';
import { marketFiles, readMarketFile } from '@coinlab/nodes/testing';
import { noCache, RunEventEmitter, runGraph } from '@coinlab/runtime';

/**
 * The modelling templates (predict a rise, walk-forward tuning, backtest with a quality
 * gate, the benchmark's peer pipeline) validate against the catalog and run through the
 * engine on the real candles of ../shared/data/market.
 */
const TEMPLATES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(TEMPLATES, `${name}.graph.json`), 'utf8'));

let services: MemoryServices;
beforeAll(() => {
  services = createMemoryServices({ candles: marketFiles().map(readMarketFile) });
});

async function run(name: string) {
  const emitter = new RunEventEmitter(`test-${name}`);
  const result = await runGraph({ graph: load(name), catalog, registry: nodeRegistry(), emitter, cache: noCache, services: () => services });
  const out = <T>(node: string, port: string): T => result.nodes.get(node)?.outputs?.[port] as T;
  const text = (id: string | null) => new TextDecoder().decode(services.savedArtifacts.get(id!)!.content);
  return { result, out, text };
}

describe.each(['predict-rise', 'walk-forward-tuning', 'backtest-quality-gate', 'peer-pipeline'])('template %s', (name) => {
  it('validates against the node catalog', () => {
    const v = validateGraph(load(name), catalog);
    expect(v.problems).toEqual([]);
  });
});

describe('running the templates on the market data', () => {
  it('predict-rise: compares logistic regression and a random forest and recommends one in the report', async () => {
    const { result, out, text } = await run('predict-rise');
    expect(result.error).toBeNull();
    const lr = out<MetricsValue>('eval_lr', 'metrics');
    const rf = out<MetricsValue>('eval_rf', 'metrics');
    for (const m of [lr, rf]) {
      expect(m.metrics.auc).toBeGreaterThan(0.55);
      expect(m.charts.map((c) => c.name)).toContain(`ROC curve: ${m.model}`);
      expect(m.charts.map((c) => c.name)).toContain(`Calibration: ${m.model}`);
    }
    const comparison = out<ComparisonValue>('compare', 'comparison');
    expect(comparison.best).toBe(lr.metrics.auc! > rf.metrics.auc! ? 'logistic_regression' : 'random_forest');
    const importance = out<MetricsValue>('importance', 'metrics');
    expect(importance.importance).toHaveLength(12);
    const report = out<ReportValue>('report', 'report');
    expect(report.markdown).toContain(`Use **${comparison.best}**`);
    const html = text(report.artifacts.html);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(7); // ROC, PR, confusion x2, comparison, importance
    expect(html).not.toMatch(/<script|<link|\bsrc=|href="(?!#)/i);
  });

  it('walk-forward-tuning: ranks every candidate by its mean score on the searched folds and reports the best on a final holdout the search never saw', async () => {
    const { result, out } = await run('walk-forward-tuning');
    expect(result.error).toBeNull();
    const lr = out<ComparisonValue>('tune_lr', 'comparison');
    const rf = out<ComparisonValue>('tune_rf', 'comparison');
    expect(lr.rows).toHaveLength(8);
    expect(rf.rows).toHaveLength(4);
    for (const c of [lr, rf]) {
      for (const r of c.rows) {
        expect(r.metrics.auc).toBeCloseTo((r.metrics.auc_fold1! + r.metrics.auc_fold2! + r.metrics.auc_fold3!) / 3, 12);
        expect(r.metrics.auc_fold4).toBeUndefined();
      }
      expect(c.selection?.holdout).toMatchObject({ fold: 'fold4', metric: 'auc' });
    }
    // The evaluated predictions are the holdout fold's only: neither training nor selection rows.
    const predictions = out<PredictionsValue>('predict_lr', 'predictions');
    expect(new Set(predictions.groups.flatMap((g) => g.columns.fold!))).toEqual(new Set([1]));
    expect(predictions).toMatchObject({ inSampleRows: 0, selectionRows: 0 });
    const evalLr = out<MetricsValue>('eval_lr', 'metrics');
    expect(evalLr.metrics.auc).toBeCloseTo(lr.selection!.holdout!.value, 12);
    expect(evalLr.metrics.auc).toBeGreaterThan(0.55);
    const report = out<ReportValue>('report', 'report');
    expect(report.markdown).toContain('**Selection bias:** the fold scores above picked the best candidate, so they are optimistic. Its honest score is on the final holdout fold4');
  });

  it('backtest-quality-gate: backtests the predictions and the gate passes them on to the report', async () => {
    const { result, out, text } = await run('backtest-quality-gate');
    expect(result.error).toBeNull();
    const backtest = out<BacktestValue>('gate', 'backtest');
    expect(backtest.gate).toEqual({ passed: true, reasons: [] });
    const s = backtest.stats;
    expect(s.trades).toBeGreaterThanOrEqual(20);
    expect(s.winRate).toBeGreaterThanOrEqual(0.5);
    expect(s.sharpe).toBeGreaterThanOrEqual(1);
    expect(s.maxDrawdown).toBeLessThanOrEqual(0.1);
    const report = out<ReportValue>('report', 'report');
    expect(report.markdown).toContain('It passed the quality gate.');
    expect(text(report.artifacts.html)).toContain('Equity curve: random_forest');
  });

  it('backtest-quality-gate: a stricter gate stops the branch with its reasons and the report is skipped', async () => {
    const doc = load('backtest-quality-gate') as { nodes: { id: string; params: Record<string, unknown> }[] };
    doc.nodes.find((n) => n.id === 'gate')!.params.minTrades = 1000;
    const result = await runGraph({ graph: doc, catalog, registry: nodeRegistry(), emitter: new RunEventEmitter('strict'), cache: noCache, services: () => services });
    // A gate that does not pass is the gate doing its job: the branch stops, the run succeeds.
    expect(result.status).toBe('succeeded');
    expect(result.nodes.get('gate')?.status).toBe('stopped');
    expect(result.nodes.get('gate')?.error).toMatch(/^quality gate not passed: \d+ trades is below params\.minTrades 1000$/);
    expect(result.nodes.get('report')?.status).toBe('skipped');
    expect(result.nodes.get('eval')?.status).toBe('succeeded');
  });

  it('peer-pipeline: the benchmark graph gives the peer script\'s split sizes and comparable AUCs', async () => {
    const { result, out } = await run('peer-pipeline');
    expect(result.error).toBeNull();
    const lr = out<MetricsValue>('eval_lr', 'metrics');
    const rf = out<MetricsValue>('eval_rf', 'metrics');
    // ../shared/bench/peer_pipeline.py on the same 7 files: 6962 test rows, AUC 0.6732 (LR), 0.6975 (RF).
    expect(lr.testRows).toBe(6962);
    expect(Math.abs(lr.metrics.auc! - 0.6732)).toBeLessThan(0.01);
    expect(Math.abs(rf.metrics.auc! - 0.6975)).toBeLessThan(0.01);
  });
});
