import { describe, expect, it } from 'vitest';
import { createMemoryServices } from '../offline/memory-services';
import { sampleCandles } from '../testing/port-fixtures';
import type { BacktestValue, ComparisonValue, MetricsValue } from '../port-values';
import { exampleDataset } from '../split/example-dataset';
import { runNode } from '../split/test-kit';
import modelReport from './model-report.node.ts';
import { sanitizeSvg } from './document';

async function fixtures() {
  const services = createMemoryServices();
  const svg = await services.artifacts.save({ kind: 'chart', name: 'roc.svg', contentType: 'image/svg+xml', content: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#f00"/></svg>' });
  const spec = await services.artifacts.save({ kind: 'chart', name: 'roc.vl.json', contentType: 'application/json', content: '{}' });
  const chart = { name: 'ROC: rf', specArtifactId: spec.id, svgArtifactId: svg.id };
  const metric = (model: string, algorithm: string, auc: number): MetricsValue => ({
    kind: 'metrics', model, algorithm, task: 'classification', testRows: 100, charts: model === 'rf' ? [chart] : [],
    metrics: { auc, accuracy: 0.6, f1: 0.5, logLoss: 0.65 },
    confusion: { threshold: 0.5, tn: 40, fp: 10, fn: 20, tp: 30 },
  });
  const metrics = [metric('lr', 'logistic_regression', 0.67), metric('rf', 'random_forest_classifier', 0.7)];
  const comparison: ComparisonValue = { kind: 'comparison', metric: 'auc', higherIsBetter: true, rows: metrics.map((m) => ({ model: m.model, algorithm: m.algorithm, metrics: m.metrics })).reverse(), best: 'rf', reason: 'rf has the highest ROC-AUC: 0.7 vs 0.67 for lr (+0.03)', charts: [] };
  const backtest: BacktestValue = { kind: 'backtest', model: 'rf', stats: { totalReturn: 0.05, buyHoldReturn: 0.01, sharpe: 1.5, sortino: 2, maxDrawdown: 0.04, winRate: 0.55, trades: 12, exposure: 0.3 }, equity: [], trades: [], charts: [], gate: { passed: false, reasons: ['12 trades is below params.minTrades 20'] } };
  const data = exampleDataset(sampleCandles(300));
  return { services, metrics, comparison, backtest, data };
}

describe('report.model_report', () => {
  it('writes markdown and self-contained HTML with the tables, the charts inline and the recommendation', async () => {
    const { services, metrics, comparison, backtest, data } = await fixtures();
    const { report } = await runNode(modelReport, { title: 'LR vs RF' }, { data: [data], metrics, comparison: [comparison], backtest: [backtest] }, services);
    const md = report.markdown;
    expect(md).toMatch(/^# LR vs RF/);
    expect(md).toContain('## Recommendation');
    expect(md).toContain('Use **rf**: rf has the highest ROC-AUC');
    expect(md).toContain('failed the quality gate (12 trades is below params.minTrades 20)');
    expect(md).toContain('| model | algorithm | scored rows | rows seen in training | ROC-AUC | accuracy | F1 | log loss |');
    expect(md).toContain('| lr | logistic_regression | 100 | none (out-of-sample) | 0.67 | 0.6 | 0.5 | 0.65 |');
    expect(md).toContain('| rf | 0.5 | 40 | 10 | 20 | 30 |');
    expect(md).toContain('## Data');
    expect(md).toMatch(/\| ETH_BTC \| 300 \| 2018-01-10 04:55 \| 2018-01-11 05:50 \| \d+\.\d+% \|/);
    expect(md).toContain('| 1 | **rf** | random_forest_classifier |');
    expect(md).toContain('| rf | 5.00% | 1.00% | 1.5 | 2 | 4.00% | 55.00% | 12 | 30.00% | failed: 12 trades is below params.minTrades 20 |');
    expect(md).toMatch(/!\[ROC: rf\]\(artifact:[0-9a-f-]{36}\)/);

    const htmlArtifact = services.savedArtifacts.get(report.artifacts.html!)!;
    expect(htmlArtifact.ref.kind).toBe('report');
    expect(htmlArtifact.ref.contentType).toMatch(/^text\/html/);
    const html = new TextDecoder().decode(htmlArtifact.content);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<style>');
    expect(html).toContain('<rect width="10" height="10" fill="#f00"/>'); // the chart's SVG, inline
    expect(html).toContain('<td class="n">0.67</td>');
    expect(html).toContain('<strong>rf</strong>');
    // Self-contained: no scripts, stylesheets, images or links to anything outside the page.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|href="(?!#)|url\(/i);
    const mdArtifact = services.savedArtifacts.get(report.artifacts.markdown!)!;
    expect(new TextDecoder().decode(mdArtifact.content)).toBe(md);
  });

  it('recommends the best model by ROC-AUC when no comparison is connected', async () => {
    const { services, metrics } = await fixtures();
    const { report } = await runNode(modelReport, {}, { data: [], metrics, comparison: [], backtest: [] }, services);
    expect(report.markdown).toContain('Use **rf**: rf has the highest ROC-AUC: 0.7 vs 0.67 for lr (+0.03)');
  });

  it('escapes text in the HTML and strips scripts and external references from SVG', async () => {
    const services = createMemoryServices();
    const { report } = await runNode(modelReport, { title: '<script>alert(1)</script>' }, { data: [], metrics: [], comparison: [], backtest: [] }, services);
    const html = new TextDecoder().decode(services.savedArtifacts.get(report.artifacts.html!)!.content);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
    const svg = sanitizeSvg('<?xml version="1.0"?><svg onload="x()"><script>evil()</script><image href="http://x/y.png"/><a xlink:href="#ok"/></svg>');
    expect(svg).toBe('<svg><image/><a xlink:href="#ok"/></svg>');
  });
});
