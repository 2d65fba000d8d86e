import { z } from 'zod';
import { priceColumnSchema } from '@coinlab/shared';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { priceChart, type LineSeries } from '../charts/specs';
import { saveChart } from '../charts/save';
import type { EdaResult } from './result';

/** A series' values at the given timestamps (NaN where it has none). */
function valuesAt(ts: readonly number[], seriesTs: readonly number[], values: readonly number[]): readonly number[] {
  if (seriesTs === ts || (seriesTs.length === ts.length && seriesTs[0] === ts[0] && seriesTs[seriesTs.length - 1] === ts[ts.length - 1])) return values;
  const at = new Map(seriesTs.map((t, i) => [t, values[i]!]));
  return ts.map((t) => at.get(t) ?? Number.NaN);
}

export default defineNode({
  type: 'eda.price_chart',
  version: 1,
  ui: {
    title: 'Price chart',
    category: 'eda',
    description: 'A line chart of one coin\'s price with overlays (moving averages, Bollinger Bands: any series on the price scale), saved as a Vega-Lite spec and an SVG. Long series are downsampled keeping their shape.',
    params: { coin: { widget: 'coin', help: 'Leave empty for the first coin' } },
  },
  params: z.object({
    coin: z.string().default(''),
    column: priceColumnSchema.default('close'),
    maxPoints: z.number().int().min(50).max(10_000).default(1000),
    title: z.string().max(200).default(''),
  }),
  inputs: { candles: port.candles, overlays: port.many(port.series, 'Overlays') },
  outputs: { chart: port.json },
  cache: 'pure',
  async execute({ params, inputs, services }) {
    const g = params.coin ? inputs.candles.groups.find((x) => x.coin === params.coin) : inputs.candles.groups[0];
    if (!g) throw new NodeInputError('params.coin', `"${params.coin}" is not among the loaded coins (${inputs.candles.groups.map((x) => x.coin).join(', ')})`);
    const price: LineSeries = { name: `${g.coin} ${params.column}`, ts: g.ts, values: g.columns[params.column] ?? [] };
    const overlays: LineSeries[] = [];
    for (const s of inputs.overlays) {
      const sg = s.groups.find((x) => x.coin === g.coin);
      if (!sg) continue;
      for (const [name, values] of Object.entries(sg.columns)) overlays.push({ name, ts: g.ts, values: valuesAt(g.ts, sg.ts, values) });
    }
    const title = params.title || `${g.coin} ${params.column}${overlays.length ? ` with ${overlays.map((o) => o.name).join(', ')}` : ''}`;
    const chart = await saveChart(services.artifacts, `price-${g.coin}`, priceChart({ title, price, overlays, maxPoints: params.maxPoints }));
    const result: EdaResult = { kind: 'eda', title, markdown: `## ${title}\n\n${g.ts.length} bars, ${overlays.length} overlay(s).\n`, tables: {}, charts: [chart] };
    return { chart: result };
  },
});
