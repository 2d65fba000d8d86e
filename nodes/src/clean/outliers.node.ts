import { z } from 'zod';
import { candleColumnSchema } from '@coinlab/shared';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { keepRows } from './rows';
import { outlierBounds } from './outlier-bounds';

export default defineNode({
  type: 'clean.outliers',
  version: 1,
  ui: {
    title: 'Outliers',
    category: 'clean',
    description:
      "Finds outliers in a candle column's values or in its bar-to-bar returns, by z-score (|x - mean| > threshold x std) or IQR (outside the quartiles +- threshold x IQR), with statistics from a trailing window (no look-ahead) or the whole series, and flags them (adds a 0/1 column), clips the values to the bounds, or drops the rows. Reports what it changed.",
    params: {
      window: { help: 'Rows of history for the statistics (288 = one day of 5-minute bars); 0 = the whole series, which reads later rows' },
      threshold: { help: 'z-score: standard deviations (e.g. 5); IQR: multiples of the interquartile range (e.g. 3)' },
    },
  },
  params: z.object({
    column: candleColumnSchema.default('close'),
    on: z.enum(['returns', 'values']).default('returns'),
    method: z.enum(['zscore', 'iqr']).default('zscore'),
    threshold: z.number().positive().max(100).default(6),
    window: z.number().int().min(0).max(100_000).default(288),
    action: z.enum(['flag', 'clip', 'drop']).default('flag'),
  }),
  inputs: { candles: port.candles },
  outputs: { candles: port.candles, report: port.json },
  cache: 'pure',
  async execute({ params, inputs, log }) {
    if (params.action === 'clip' && params.on === 'returns') {
      throw new NodeInputError('params.action', 'clip works on values: clipping a return would shift every later price; use flag or drop for returns, or on: values');
    }
    const flagColumn = `${params.column}_outlier`;
    const report: { coin: string; rows: number; outliers: number; clipped: number; dropped: number; first: string | null }[] = [];
    const groups = inputs.candles.groups.map((g) => {
      const src = g.columns[params.column];
      if (!src) throw new NodeInputError('params.column', `"${params.column}" is not a column of ${g.coin}`);
      const n = g.ts.length;
      if (params.window >= n) throw new NodeInputError('params.window', `is ${params.window} rows but ${g.coin} has ${n}`);
      const x = params.on === 'values' ? src : src.map((v, i) => (i === 0 ? Number.NaN : v / src[i - 1]! - 1));
      const { lo, hi } = outlierBounds(x, params);
      const flag = new Array<number>(n).fill(0);
      let outliers = 0, firstAt = -1;
      for (let i = 0; i < n; i++) {
        if (x[i]! < lo[i]! || x[i]! > hi[i]!) {
          flag[i] = 1;
          outliers++;
          if (firstAt < 0) firstAt = i;
        }
      }
      let columns = g.columns;
      let clipped = 0;
      if (params.action === 'flag') columns = { ...g.columns, [flagColumn]: flag };
      if (params.action === 'clip') {
        const out = src.map((v, i) => (flag[i] ? ((clipped++, Math.min(hi[i]!, Math.max(lo[i]!, v)))) : v));
        columns = { ...g.columns, [params.column]: out };
      }
      const kept = params.action === 'drop' ? keepRows(g, flag.map((f) => 1 - f), inputs.candles.barMinutes) : { ...g, columns };
      report.push({ coin: g.coin, rows: n, outliers, clipped, dropped: params.action === 'drop' ? outliers : 0, first: firstAt >= 0 ? new Date(g.ts[firstAt]!).toISOString() : null });
      if (outliers) log('info', `${g.coin}: ${outliers} outlier(s) in ${params.column} ${params.on} (${params.method} > ${params.threshold}) ${params.action === 'flag' ? `flagged in ${flagColumn}` : params.action === 'clip' ? 'clipped' : 'dropped'}`);
      return kept;
    });
    return { candles: { ...inputs.candles, groups }, report: { ...params, coins: report } };
  },
});
