import type { CandlesValue, CoinFrame, FrameValue, QuantityKind, SeriesValue } from '@coinlab/shared';

/**
 * The TypeScript type of the value carried by each port type. `defineNode` uses this map to
 * type a node's `inputs` and the object its `execute` returns.
 */
export interface DatasetValue {
  kind: 'dataset';
  barMinutes: number | null;
  task: 'classification' | 'regression';
  features: string[];
  target: string;
  /** What a high target value means for the price (see TargetDirection in target/target-series). */
  direction: 'rise' | 'fall';
  /** Bars the target looks ahead; splits purge at least this many bars. */
  horizon: number;
  groups: CoinFrame[];
}

/** Half-open row ranges [start, end) into a coin's group of the dataset. */
export interface RowRange {
  coin: string;
  start: number;
  end: number;
}
export interface Fold {
  name: string;
  train: RowRange[];
  test: RowRange[];
}
export interface SplitsValue {
  kind: 'splits';
  method: 'holdout' | 'walk-forward';
  purgeBars: number;
  dataset: DatasetValue;
  folds: Fold[];
}

export interface ModelValue {
  kind: 'model';
  name: string;
  algorithm: string;
  task: 'classification' | 'regression';
  features: string[];
  target: string;
  /** What a high score of this model predicts: a rise or a fall of the price. */
  direction: 'rise' | 'fall';
  params: Record<string, unknown>;
  /** The serialized model (also stored as a JSON artifact, see artifactId). */
  model: unknown;
  artifactId: string | null;
  trainRows: number;
  /**
   * Wall time of training. Optional and left out by the train nodes: a timing in a pure
   * node's output would break determinism (and the cache); it goes to the node's log.
   */
  trainMs?: number;
  /**
   * The splits the model was trained on, so evaluation can score the matching test rows;
   * null for a model loaded from its artifact (the artifact does not carry the data).
   */
  splits: SplitsValue | null;
}

export interface PredictionsValue {
  kind: 'predictions';
  model: string;
  /** The learner that made the predictions (e.g. logistic_regression), for metrics tables. */
  algorithm?: string;
  task: 'classification' | 'regression';
  /**
   * What a high score predicts: a rise or a fall of the price. Absent only on predictions made
   * before directions were carried (all of them rise targets).
   */
  direction?: 'rise' | 'fall';
  /**
   * How many scored rows the model was trained on (0: every row is out of sample; null: not
   * known, a model file without its training spans). The row level flag is the `inSample`
   * column (1 = a training row of the model that scored it, NaN = not known).
   */
  inSampleRows?: number | null;
  /** How many scored rows were also used to select the model (the test folds of a tuning search). */
  selectionRows?: number;
  /** Columns: `score` (probability or regression value), `actual`, `fold`, and `inSample` (0/1). */
  groups: CoinFrame[];
}

/** A chart saved as two artifacts: the Vega-Lite spec (interactive in the editor) and its SVG. */
export interface ChartRef {
  name: string;
  specArtifactId: string;
  svgArtifactId: string;
}

export interface MetricsValue {
  kind: 'metrics';
  model: string;
  algorithm: string;
  task: 'classification' | 'regression';
  metrics: Record<string, number>;
  confusion?: { threshold: number; tn: number; fp: number; fn: number; tp: number };
  curves?: { roc?: { fpr: number[]; tpr: number[] }; pr?: { recall: number[]; precision: number[] }; calibration?: { predicted: number[]; observed: number[]; count: number[] } };
  /** Permutation importance: mean score drop over repeats, and its standard deviation. */
  importance?: { feature: string; importance: number; std?: number }[];
  charts: ChartRef[];
  testRows: number;
  /**
   * Whether the scored rows were unseen by the model: 'out-of-sample', 'in-sample' (every row
   * a training row), 'mixed', or 'unknown' (a model file that does not say). Absent means
   * out-of-sample (metrics made before it was recorded scored test folds only).
   */
  sample?: 'out-of-sample' | 'in-sample' | 'mixed' | 'unknown';
  inSampleRows?: number | null;
  /** Scored rows whose scores also picked the model in a tuning search (the score is optimistic). */
  selectionRows?: number;
}

export interface ComparisonValue {
  kind: 'comparison';
  /** What was compared (e.g. the candidates of a tuning run); reports use it as the heading. */
  title?: string;
  metric: string;
  higherIsBetter: boolean;
  rows: { model: string; algorithm: string; metrics: Record<string, number> }[];
  best: string;
  reason: string;
  charts: ChartRef[];
  /**
   * Set when these scores were used to pick the best row (a hyperparameter search): they are
   * optimistic. `holdout` is the picked candidate's score on rows the search never saw.
   */
  /** Set when every compared model is at chance level: why none should be used. */
  noneBeatsChance?: string;
  selection?: { holdout: { fold: string; metric: string; value: number; rows: number } | null };
}

export interface BacktestValue {
  kind: 'backtest';
  model: string;
  /** What the model's high scores predict, and the trading rule that follows from it in words. */
  direction?: 'rise' | 'fall';
  rule?: string;
  stats: Record<string, number>;
  equity: CoinFrame[];
  trades: { coin: string; entryTs: number; exitTs: number; entryPrice: number; exitPrice: number; returnPct: number }[];
  charts: ChartRef[];
  gate?: { passed: boolean; reasons: string[] };
  /** The kind of each stat and trade column (returnPct is a fraction: a 'percent'), for formatting by kind. */
  kinds?: { stats: Record<string, QuantityKind>; trades: Record<string, QuantityKind> };
}

export interface ReportValue {
  kind: 'report';
  title: string;
  markdown: string;
  artifacts: { markdown: string | null; html: string | null };
}

export interface PortValueMap {
  candles: CandlesValue;
  frame: FrameValue | CandlesValue | SeriesValue | DatasetValue | PredictionsValue;
  series: SeriesValue;
  dataset: DatasetValue;
  splits: SplitsValue;
  model: ModelValue;
  predictions: PredictionsValue;
  metrics: MetricsValue;
  comparison: ComparisonValue;
  backtest: BacktestValue;
  report: ReportValue;
  text: string;
  json: unknown;
  any: unknown;
}
