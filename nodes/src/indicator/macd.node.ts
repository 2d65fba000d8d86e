import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { macd } from '../lib/ta';
import { indicatorSeries, periodParam, priceColumn } from './shared';

export default defineNode({
  type: 'indicator.macd',
  version: 1,
  ui: {
    title: 'MACD',
    category: 'indicator',
    description:
      'MACD line (fast EMA - slow EMA), its signal line (EMA of the line) and the histogram (line - signal), as TA-Lib computes them: SMA-seeded EMAs that both start at bar slow-1, all three outputs from bar slow+signal-2.',
  },
  // fast < slow is checked by the schema (validateGraph reports it at params.fast before a run).
  params: z
    .object({ fast: periodParam(12), slow: periodParam(26), signal: periodParam(9, 1), column: priceColumn })
    .refine((p) => p.fast < p.slow, { path: ['fast'], message: 'must be shorter than slow' }),
  inputs: { candles: port.candles },
  outputs: {
    macd: port.labelled(port.series, 'MACD line'),
    signal: port.labelled(port.series, 'Signal'),
    histogram: port.labelled(port.series, 'Histogram'),
  },
  cache: 'pure',
  async execute({ params, inputs }) {
    const { fast, slow, signal } = params;
    const suffix = `${fast}_${slow}_${signal}`;
    const [line, sig, hist] = indicatorSeries({
      candles: inputs.candles,
      columns: [params.column],
      names: [`macd_${suffix}`, `macd_signal_${suffix}`, `macd_hist_${suffix}`],
      warmup: slow + signal - 2,
      param: 'params.slow',
      compute: ([x]) => {
        const r = macd(x!, fast, slow, signal);
        return [r.macd, r.signal, r.hist];
      },
    });
    return { macd: line!, signal: sig!, histogram: hist! };
  },
});
