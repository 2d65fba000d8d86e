import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { excessKurtosis, jarqueBera, mean, quantileSorted, skewness, sortedCopy, std } from '../lib/stats';
import { histogram } from '../charts/specs';
import { saveChart } from '../charts/save';
import { markdownTable, num, type EdaResult } from './result';
import { closeReturns } from './returns';

const COLUMNS = ['coin', 'count', 'mean', 'std', 'annualizedVol', 'skew', 'kurtosis', 'min', 'p01', 'p05', 'p50', 'p95', 'p99', 'max', 'jarqueBera'];

export default defineNode({
  type: 'eda.return_distribution',
  version: 1,
  ui: {
    title: 'Return distribution',
    category: 'eda',
    description:
      'Distribution of close-to-close returns over `bars` rows per coin: mean, standard deviation (and annualized), skewness, excess kurtosis, quantiles and the Jarque-Bera normality statistic, with a histogram chart (and the normal curve of the same mean and deviation).',
  },
  params: z.object({ bars: z.number().int().min(1).max(10_000).default(1), log: z.boolean().default(true), bins: z.number().int().min(5).max(500).default(60) }),
  inputs: { candles: port.candles },
  outputs: { result: port.json },
  cache: 'pure',
  async execute({ params, inputs, services }) {
    const rows: EdaResult['tables'][string] = [];
    const groups: { name: string; values: number[] }[] = [];
    const barMinutes = inputs.candles.barMinutes;
    for (const g of inputs.candles.groups) {
      const r = closeReturns(g, params.bars, params.log);
      if (r.length < 4) throw new NodeInputError('params.bars', `leaves ${r.length} returns for ${g.coin}; at least 4 are needed`);
      const sorted = sortedCopy(r);
      const periodsPerYear = (365 * 24 * 60) / (barMinutes * params.bars);
      rows.push({
        coin: g.coin,
        count: r.length,
        mean: num(mean(r)),
        std: num(std(r)),
        annualizedVol: num(std(r) * Math.sqrt(periodsPerYear)),
        skew: num(skewness(r)),
        kurtosis: num(excessKurtosis(r)),
        min: num(sorted[0]!),
        p01: num(quantileSorted(sorted, 0.01)),
        p05: num(quantileSorted(sorted, 0.05)),
        p50: num(quantileSorted(sorted, 0.5)),
        p95: num(quantileSorted(sorted, 0.95)),
        p99: num(quantileSorted(sorted, 0.99)),
        max: num(sorted[sorted.length - 1]!),
        jarqueBera: num(jarqueBera(r)),
      });
      groups.push({ name: g.coin, values: r });
    }
    const kind = `${params.log ? 'log ' : ''}returns over ${params.bars} bar${params.bars > 1 ? 's' : ''}`;
    const title = `Distribution of ${kind}`;
    const chart = await saveChart(services.artifacts, 'return-distribution', histogram({ title, groups, bins: params.bins, xTitle: kind, normal: groups.length === 1 }));
    const markdown = `## ${title}\n\n${markdownTable(rows, COLUMNS)}\n\nExcess kurtosis above 0 means fatter tails than a normal distribution; a Jarque-Bera statistic above 5.99 rejects normality at 5%.\n`;
    const result: EdaResult = { kind: 'eda', title, markdown, tables: { returns: rows }, charts: [chart] };
    return { result };
  },
});
