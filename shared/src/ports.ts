import { z } from 'zod';

/**
 * The kinds of value that travel along edges. One list serves the editor (handle colours,
 * tooltips, connection checks) and the runtime (graph validation).
 */
export const PORT_TYPES = [
  'candles', // OHLCV frame, one or many coins
  'frame', // any columnar table with a time index
  'series', // one numeric column over time (indicator output)
  'dataset', // features + target, ready to split
  'splits', // train/test folds of a dataset
  'model', // a trained model (artifact reference + metadata)
  'predictions', // scores/labels over time, aligned with a dataset
  'metrics', // one model's evaluation
  'comparison', // many models side by side
  'backtest', // trades, equity and statistics
  'report', // markdown/html report
  'text', // free text (agent answers, narratives)
  'json', // any structured value
  'any',
] as const;
export const portTypeSchema = z.enum(PORT_TYPES);
export type PortType = z.infer<typeof portTypeSchema>;

export interface PortTypeInfo {
  label: string;
  color: string;
  description: string;
  /** Port types that can be used where this one is expected (besides itself). */
  accepts: readonly PortType[];
}

export const PORT_TYPE_INFO: Record<PortType, PortTypeInfo> = {
  candles: { label: 'Candles', color: '#f59e0b', description: 'OHLCV candles per coin', accepts: [] },
  frame: {
    label: 'Table',
    color: '#64748b',
    description: 'Columnar table indexed by time',
    accepts: ['candles', 'series', 'dataset', 'predictions'],
  },
  series: { label: 'Series', color: '#3b82f6', description: 'Numeric series over time', accepts: [] },
  dataset: { label: 'Dataset', color: '#8b5cf6', description: 'Features and target', accepts: [] },
  splits: { label: 'Splits', color: '#a855f7', description: 'Train/test folds', accepts: [] },
  model: { label: 'Model', color: '#10b981', description: 'Trained model', accepts: [] },
  predictions: { label: 'Predictions', color: '#14b8a6', description: 'Model scores over time', accepts: [] },
  metrics: { label: 'Metrics', color: '#ef4444', description: 'Evaluation metrics of one model', accepts: [] },
  comparison: { label: 'Comparison', color: '#ec4899', description: 'Models compared', accepts: [] },
  backtest: { label: 'Backtest', color: '#f97316', description: 'Simulated trading results', accepts: [] },
  report: { label: 'Report', color: '#0ea5e9', description: 'Markdown / HTML report', accepts: [] },
  text: { label: 'Text', color: '#94a3b8', description: 'Free text', accepts: [] },
  json: { label: 'JSON', color: '#6b7280', description: 'Any structured value', accepts: [] },
  any: { label: 'Any', color: '#9ca3af', description: 'Accepts any value', accepts: [] },
};

/**
 * Whether a value of type `from` may flow into an input of type `to`. The one rule used by
 * the editor (isValidConnection) and the runtime (graph validation).
 */
export function isCompatible(from: PortType, to: PortType): boolean {
  if (from === to || to === 'any' || to === 'json') return true;
  return PORT_TYPE_INFO[to].accepts.includes(from);
}

/** A human sentence saying why a connection is refused, or null when it is allowed. */
export function incompatibilityReason(from: PortType, to: PortType): string | null {
  if (isCompatible(from, to)) return null;
  return `a ${PORT_TYPE_INFO[from].label} output cannot feed a ${PORT_TYPE_INFO[to].label} input`;
}

export const portSpecSchema = z.object({
  type: portTypeSchema,
  label: z.string().optional(),
  description: z.string().optional(),
  /** An input that may be left unconnected. */
  optional: z.boolean().optional(),
  /** An input that takes many edges; the node receives an array in edge order. */
  multiple: z.boolean().optional(),
});
export type PortSpec = z.infer<typeof portSpecSchema>;
