import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { columnsOf, keepRows } from './rows';

export default defineNode({
  type: 'clean.missing_values',
  version: 1,
  ui: {
    title: 'Missing values',
    category: 'clean',
    description:
      'Handles missing (NaN or infinite) values in candle columns: forward-fill from the last known value, interpolate linearly in time between the neighbours (uses the next known value: fine for cleaning history, not for live data), or drop the rows. Rows before the first known value cannot be filled and are dropped. Reports what it changed per coin and column.',
    params: { columns: { widget: 'columns', help: 'Leave empty for every column' } },
  },
  params: z.object({ strategy: z.enum(['ffill', 'interpolate', 'drop']).default('ffill'), columns: z.array(z.string().min(1)).max(50).default([]) }),
  inputs: { candles: port.candles },
  outputs: { candles: port.candles, report: port.json },
  cache: 'pure',
  async execute({ params, inputs, log }) {
    const report: { coin: string; column: string; missing: number; filled: number }[] = [];
    const dropped: { coin: string; rows: number }[] = [];
    const groups = inputs.candles.groups.map((g) => {
      const n = g.ts.length;
      const keep = new Uint8Array(n).fill(1);
      const columns = { ...g.columns };
      for (const name of columnsOf(g, params.columns)) {
        const src = g.columns[name];
        if (!src) throw new NodeInputError('params.columns', `"${name}" is not a column of ${g.coin}`);
        let missing = 0, filled = 0;
        const out = src.slice();
        let last = -1; // index of the last known value
        for (let i = 0; i < n; i++) {
          if (Number.isFinite(src[i]!)) {
            if (params.strategy === 'interpolate' && last >= 0 && last < i - 1) {
              const t0 = g.ts[last]!, t1 = g.ts[i]!;
              for (let j = last + 1; j < i; j++) out[j] = src[last]! + ((src[i]! - src[last]!) * (g.ts[j]! - t0)) / (t1 - t0);
            }
            last = i;
            continue;
          }
          missing++;
          if (params.strategy === 'drop' || last < 0) keep[i] = 0;
          else {
            out[i] = src[last]!; // ffill, and the provisional value of an interpolated run (kept if no later value)
            filled++;
          }
        }
        columns[name] = out;
        report.push({ coin: g.coin, column: name, missing, filled });
        if (missing) log('info', `${g.coin}.${name}: ${missing} missing, ${filled} filled (${params.strategy})`);
      }
      const rowsDropped = keep.reduce((s, k) => s + (k ? 0 : 1), 0);
      if (rowsDropped) {
        dropped.push({ coin: g.coin, rows: rowsDropped });
        log('warn', `${g.coin}: dropped ${rowsDropped} rows with missing values`);
      }
      return keepRows({ ...g, columns }, keep, inputs.candles.barMinutes);
    });
    return { candles: { ...inputs.candles, groups }, report: { strategy: params.strategy, columns: report, dropped } };
  },
});
