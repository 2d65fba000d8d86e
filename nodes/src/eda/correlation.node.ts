import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { pearson, spearman } from '../lib/stats';
import { heatmap } from '../charts/specs';
import { saveChart } from '../charts/save';
import { markdownTable, num, type EdaResult } from './result';

/** One row per timestamp present in any coin; each coin's values at those times (NaN where absent). */
function alignByTime(groups: { coin: string; ts: readonly number[]; values: readonly number[] }[]): { names: string[]; columns: number[][] } {
  const times = [...new Set(groups.flatMap((g) => g.ts))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const columns = groups.map((g) => {
    const col = new Array<number>(times.length).fill(Number.NaN);
    g.ts.forEach((t, i) => (col[at.get(t)!] = g.values[i]!));
    return col;
  });
  return { names: groups.map((g) => g.coin), columns };
}

export default defineNode({
  type: 'eda.correlation',
  version: 1,
  ui: {
    title: 'Correlation matrix',
    category: 'eda',
    description:
      "Correlation matrix with a heatmap chart: between coins (their `column` returns, or levels, matched by timestamp) or between the columns of a table (features, indicators; rows of all coins pooled). Pearson or Spearman, over pairwise-complete rows as pandas' corr().",
  },
  params: z.object({
    mode: z.enum(['coins', 'columns']).default('coins'),
    column: z.string().min(1).default('close'),
    transform: z.enum(['returns', 'levels']).default('returns'),
    method: z.enum(['pearson', 'spearman']).default('pearson'),
  }),
  inputs: { data: port.frame },
  outputs: { result: port.json },
  cache: 'pure',
  async execute({ params, inputs, services }) {
    let names: string[];
    let columns: number[][];
    if (params.mode === 'coins') {
      if (inputs.data.groups.length < 2) throw new NodeInputError('params.mode', `is "coins" but the input has ${inputs.data.groups.length} coin; load several coins or use mode "columns"`);
      const aligned = alignByTime(
        inputs.data.groups.map((g) => {
          const v = g.columns[params.column];
          if (!v) throw new NodeInputError('params.column', `"${params.column}" is not a column of ${g.coin}`);
          const values = params.transform === 'returns' ? v.map((x, i) => (i === 0 ? Number.NaN : x / v[i - 1]! - 1)) : v;
          return { coin: g.coin, ts: g.ts, values };
        }),
      );
      names = aligned.names;
      columns = aligned.columns;
    } else {
      names = Object.keys(inputs.data.groups[0]?.columns ?? {});
      if (names.length < 2) throw new NodeInputError('inputs.data', 'needs at least two columns for a correlation matrix');
      columns = names.map((n) => inputs.data.groups.flatMap((g) => g.columns[n] ?? new Array<number>(g.ts.length).fill(Number.NaN)));
    }
    const corr = params.method === 'pearson' ? pearson : spearman;
    const matrix = names.map((_, i) => names.map((__, j) => (i === j ? 1 : Number.NaN)));
    for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) matrix[i]![j] = matrix[j]![i] = corr(columns[i]!, columns[j]!);
    const what = params.mode === 'coins' ? `${params.column} ${params.transform} across coins` : 'columns';
    const title = `${params.method === 'pearson' ? 'Pearson' : 'Spearman'} correlation of ${what}`;
    const chart = await saveChart(services.artifacts, `correlation-${params.mode}`, heatmap({ title, rows: names, cols: names, values: matrix }));
    const rows = names.map((n, i) => ({ name: n, ...Object.fromEntries(names.map((m, j) => [m, num(matrix[i]![j]!)])) }));
    const markdown = `## ${title}\n\n${markdownTable(rows, ['name', ...names])}\n`;
    const result: EdaResult = { kind: 'eda', title, markdown, tables: { correlation: rows }, charts: [chart] };
    return { result };
  },
});
