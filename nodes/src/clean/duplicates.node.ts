import { z } from 'zod';
import { defineNode } from '../define';
import { port } from '../port';
import { keepRows } from './rows';

export default defineNode({
  type: 'clean.duplicates',
  version: 1,
  ui: {
    title: 'Duplicates',
    category: 'clean',
    description: 'Puts rows in time order (if they are not) and removes rows with a duplicate timestamp, keeping the first or the last one. Reports how many rows were out of order and how many duplicates it removed.',
  },
  params: z.object({ keep: z.enum(['first', 'last']).default('first') }),
  inputs: { candles: port.candles },
  outputs: { candles: port.candles, report: port.json },
  cache: 'pure',
  async execute({ params, inputs, log }) {
    const report: { coin: string; rows: number; outOfOrder: number; duplicates: number }[] = [];
    const groups = inputs.candles.groups.map((g0) => {
      let g = g0;
      let outOfOrder = 0;
      for (let i = 1; i < g.ts.length; i++) if (g.ts[i]! < g.ts[i - 1]!) outOfOrder++;
      if (outOfOrder) {
        // A stable sort keeps duplicates in their arrival order, so keep first/last stays meaningful.
        const order = g.ts.map((_, i) => i).sort((a, b) => g.ts[a]! - g.ts[b]! || a - b);
        g = { ...g, ts: order.map((i) => g.ts[i]!), columns: Object.fromEntries(Object.entries(g.columns).map(([k, v]) => [k, order.map((i) => v[i]!)])) };
      }
      const n = g.ts.length;
      const keep = new Uint8Array(n).fill(1);
      let duplicates = 0;
      for (let i = 1; i < n; i++) {
        if (g.ts[i] !== g.ts[i - 1]) continue;
        duplicates++;
        if (params.keep === 'first') keep[i] = 0;
        else keep[i - 1] = 0;
      }
      report.push({ coin: g.coin, rows: n, outOfOrder, duplicates });
      if (outOfOrder || duplicates) log('warn', `${g.coin}: ${outOfOrder} rows out of order (sorted), ${duplicates} duplicate timestamps removed (kept the ${params.keep})`);
      return keepRows(g, keep, inputs.candles.barMinutes);
    });
    return { candles: { ...inputs.candles, groups }, report: { keep: params.keep, coins: report } };
  },
});
