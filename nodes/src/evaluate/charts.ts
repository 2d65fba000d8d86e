import type { ChartRef, ComparisonValue, MetricsValue } from '../port-values';
import type { NodeServices } from '../services';
import { metricLabel } from './metric-names';

/**
 * The evaluation charts, built with the shared chart helpers (nodes/src/charts) and saved
 * as spec + SVG artifacts. Loaded on demand: the chart renderer (vega) is heavy.
 */
const charts = () => import('../charts');

export async function saveClassificationCharts(services: NodeServices, m: MetricsValue): Promise<ChartRef[]> {
  const c = await charts();
  const out: ChartRef[] = [];
  const roc = m.curves?.roc;
  if (roc) {
    const spec = c.rocChart({ title: `ROC curve: ${m.model}`, curves: [{ name: m.model, fpr: roc.fpr, tpr: roc.tpr, auc: m.metrics.auc }] });
    out.push(await c.saveChart(services.artifacts, `ROC curve: ${m.model}`, spec));
  }
  const pr = m.curves?.pr;
  if (pr) {
    const spec = c.prChart({ title: `Precision-recall: ${m.model}`, curves: [{ name: m.model, recall: pr.recall, precision: pr.precision, ap: m.metrics.prAuc }], positiveRate: m.metrics.positiveRate });
    out.push(await c.saveChart(services.artifacts, `Precision-recall: ${m.model}`, spec));
  }
  const cal = m.curves?.calibration;
  if (cal && cal.predicted.length > 0) {
    const spec = c.calibrationChart({ title: `Calibration: ${m.model} (Brier ${m.metrics.brier?.toFixed(4) ?? '–'})`, curves: [{ name: m.model, ...cal }] });
    out.push(await c.saveChart(services.artifacts, `Calibration: ${m.model}`, spec));
  }
  const cm = m.confusion;
  if (cm) {
    const spec = c.confusionMatrixChart({ title: `Confusion matrix: ${m.model} (threshold ${cm.threshold})`, tn: cm.tn, fp: cm.fp, fn: cm.fn, tp: cm.tp });
    out.push(await c.saveChart(services.artifacts, `Confusion matrix: ${m.model}`, spec));
  }
  return out;
}

export async function saveComparisonChart(services: NodeServices, rows: ComparisonValue['rows'], metric: string): Promise<ChartRef> {
  const c = await charts();
  const bars = rows.filter((r) => Number.isFinite(r.metrics[metric])).map((r) => ({ label: r.model, value: r.metrics[metric]! }));
  const title = `Models by ${metricLabel(metric)}`;
  return c.saveChart(services.artifacts, title, c.barChart({ title, bars, xTitle: 'model', yTitle: metricLabel(metric), horizontal: true }));
}

export async function saveImportanceChart(services: NodeServices, model: string, metric: string, importance: { feature: string; importance: number }[]): Promise<ChartRef> {
  const c = await charts();
  const title = `Permutation importance: ${model} (drop in ${metricLabel(metric)})`;
  return c.saveChart(services.artifacts, `Permutation importance: ${model}`, c.featureImportanceChart({ title, items: importance }));
}
