import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import type { MetricsValue } from '../port-values';
import { pooledPredictions, scoreClassification, scoreRegression } from './score';

export default defineNode({
  type: 'evaluate.metrics',
  version: 1,
  ui: {
    title: 'Evaluate',
    category: 'evaluate',
    description: 'Scores predictions on their test rows: ROC-AUC, PR-AUC, accuracy, precision, recall, F1, log loss, Brier, calibration and the confusion matrix for classifiers (with ROC, confusion and calibration charts); R², MAE and RMSE for regressors.',
    params: {
      threshold: { help: 'Scores at or above it count as a predicted rise (accuracy, precision, recall, F1, confusion matrix).' },
      calibrationBins: { advanced: true },
    },
  },
  params: z.object({
    threshold: z.number().min(0).max(1).default(0.5),
    calibrationBins: z.number().int().min(2).max(100).default(10),
    charts: z.boolean().default(true),
  }),
  inputs: { predictions: port.predictions },
  outputs: { metrics: port.metrics },
  cache: 'pure',
  async execute({ params, inputs, services }) {
    const predictions = inputs.predictions;
    const ml = await import('../ml');
    const { y, score } = pooledPredictions(predictions);
    const base = { kind: 'metrics' as const, model: predictions.model, algorithm: predictions.algorithm ?? predictions.model, task: predictions.task, testRows: y.length };
    let metrics: MetricsValue;
    if (predictions.task === 'classification') {
      const s = scoreClassification(ml, y, score, params.threshold, params.calibrationBins);
      metrics = { ...base, metrics: s.metrics, confusion: s.confusion, curves: s.curves, charts: [] };
    } else {
      metrics = { ...base, metrics: scoreRegression(ml, y, score), charts: [] };
    }
    if (params.charts && predictions.task === 'classification') {
      metrics.charts = await (await import('./charts')).saveClassificationCharts(services, metrics);
    }
    return { metrics };
  },
});
