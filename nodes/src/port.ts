import type { PortType } from '@coinlab/shared';
import type { TypedPort } from './define';

function make<T extends PortType>(type: T): TypedPort<T, false, false> {
  return { type };
}

/** Port declarations for node files: `inputs: { candles: port.candles }`. */
export const port = {
  candles: make('candles'),
  frame: make('frame'),
  series: make('series'),
  dataset: make('dataset'),
  splits: make('splits'),
  model: make('model'),
  predictions: make('predictions'),
  metrics: make('metrics'),
  comparison: make('comparison'),
  backtest: make('backtest'),
  report: make('report'),
  text: make('text'),
  json: make('json'),
  any: make('any'),
  optional<T extends PortType>(p: TypedPort<T, boolean, false>, label?: string): TypedPort<T, true, false> {
    return { ...p, optional: true, ...(label ? { label } : {}) };
  },
  many<T extends PortType>(p: TypedPort<T, boolean, false>, label?: string): TypedPort<T, true, true> {
    return { ...p, optional: true, multiple: true, ...(label ? { label } : {}) };
  },
  labelled<T extends PortType>(p: TypedPort<T, false, false>, label: string, description?: string): TypedPort<T, false, false> {
    return { ...p, label, ...(description ? { description } : {}) };
  },
};
