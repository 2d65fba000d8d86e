import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import type { MetricsValue, PredictionsValue } from '../port-values';
import { pooledPredictions, scoreClassification, scoreRegression } from './score';

/** Whether the predictions scored rows the model had seen in training. */
function sampleOf(p: PredictionsValue, rows: number): NonNullable<MetricsValue['sample']> {
  if (p.inSampleRows === null) return 'unknown';
  const n = p.inSampleRows ?? 0;
  return n === 0 ? 'out-of-sample' : n >= rows ? 'in-sample' : 'mixed';
}

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
      inSample: { help: 'Predictions on rows the model was trained on overstate it: "refuse" stops with an error, "label" scores them and marks the metrics in-sample.' },
    },
  },
  params: z.object({
    inSample: z.enum(['refuse', 'label']).default('refuse'),
    threshold: z.number().min(0).max(1).default(0.5),
    calibrationBins: z.number().int().min(2).max(100).default(10),
    charts: z.boolean().default(true),
  }),
  inputs: { predictions: port.predictions },
  outputs: { metrics: port.metrics },
  cache: 'pure',
  async execute({ params, inputs, services, log }) {
    const predictions = inputs.predictions;
    const ml = await import('../ml');
    const { y, score } = pooledPredictions(predictions);
    const sample = sampleOf(predictions, y.length);
    if (sample !== 'out-of-sample' && sample !== 'unknown' && params.inSample === 'refuse') {
      throw new NodeInputError(
        'inputs.predictions',
        `${predictions.inSampleRows} of the ${y.length} scored rows were training rows of ${predictions.model}: scores on them are in-sample and overstate the model. Predict the test rows of the splits (connect splits, not the whole dataset), or set params.inSample to "label" to score them marked as in-sample`,
      );
    }
    if (sample === 'unknown') log('warn', `${predictions.model}: the model does not say which rows it was trained on; these metrics may be in-sample`);
    const base = { kind: 'metrics' as const, model: predictions.model, algorithm: predictions.algorithm ?? predictions.model, task: predictions.task, testRows: y.length, sample, inSampleRows: predictions.inSampleRows ?? 0, selectionRows: predictions.selectionRows ?? 0 };
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
