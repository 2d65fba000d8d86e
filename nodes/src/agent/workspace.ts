import type { CandlesValue, SeriesValue } from '@coinlab/shared';
import type { DatasetValue, MetricsValue, ModelValue, PredictionsValue } from '../port-values';

/**
 * What the agent's tools produce, kept by handle (`data1`, `dataset2`, `model3`): the model
 * sees compact summaries and passes handles back, never megabytes of candles.
 */
export interface TrainedModel {
  model: ModelValue;
  predictions: PredictionsValue;
  metrics?: MetricsValue;
}

export class Workspace {
  private counter = 0;
  readonly data = new Map<string, CandlesValue>();
  readonly indicators = new Map<string, SeriesValue>();
  readonly datasets = new Map<string, DatasetValue>();
  readonly models = new Map<string, TrainedModel>();

  private next(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}`;
  }

  put<K extends 'data' | 'indicators' | 'datasets' | 'models'>(kind: K, prefix: string, value: Workspace[K] extends Map<string, infer V> ? V : never): string {
    const handle = this.next(prefix);
    (this[kind] as Map<string, unknown>).set(handle, value);
    return handle;
  }

  get<K extends 'data' | 'indicators' | 'datasets' | 'models'>(kind: K, handle: string): Workspace[K] extends Map<string, infer V> ? V : never {
    const map = this[kind] as Map<string, unknown>;
    const value = map.get(handle);
    if (value === undefined) {
      const known = [...map.keys()];
      throw new Error(`no ${kind === 'data' ? 'data' : kind.replace(/s$/, '')} with handle "${handle}"${known.length ? `; known: ${known.join(', ')}` : '; create one first'}`);
    }
    return value as Workspace[K] extends Map<string, infer V> ? V : never;
  }
}
