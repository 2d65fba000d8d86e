import { z } from 'zod';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { excessKurtosis, finiteValues, mean, quantileSorted, skewness, sortedCopy, std } from '../lib/stats';
import { markdownTable, num, type EdaResult } from './result';

const COLUMNS = ['coin', 'column', 'count', 'missing', 'mean', 'std', 'min', 'p25', 'median', 'p75', 'max', 'skew', 'kurtosis'];

export default defineNode({
  type: 'eda.summary_stats',
  version: 1,
  ui: {
    title: 'Summary statistics',
    category: 'eda',
    description: "Per coin and column: count, missing values, mean, standard deviation, min, quartiles, max, skewness and excess kurtosis (pandas' conventions: describe(), skew(), kurt()).",
    params: { columns: { widget: 'columns', help: 'Leave empty for every column' } },
  },
  params: z.object({ columns: z.array(z.string().min(1)).max(200).default([]) }),
  inputs: { data: port.frame },
  outputs: { summary: port.json },
  cache: 'pure',
  async execute({ params, inputs }) {
    const rows: EdaResult['tables'][string] = [];
    for (const g of inputs.data.groups) {
      const names = params.columns.length ? params.columns : Object.keys(g.columns);
      for (const column of names) {
        const values = g.columns[column];
        if (!values) throw new NodeInputError('params.columns', `"${column}" is not a column of ${g.coin} (columns: ${Object.keys(g.columns).join(', ')})`);
        const x = finiteValues(values);
        const sorted = sortedCopy(x);
        rows.push({
          coin: g.coin,
          column,
          count: x.length,
          missing: values.length - x.length,
          mean: num(mean(x)),
          std: num(std(x)),
          min: num(sorted[0] ?? Number.NaN),
          p25: num(quantileSorted(sorted, 0.25)),
          median: num(quantileSorted(sorted, 0.5)),
          p75: num(quantileSorted(sorted, 0.75)),
          max: num(sorted[sorted.length - 1] ?? Number.NaN),
          skew: num(skewness(x)),
          kurtosis: num(excessKurtosis(x)),
        });
      }
    }
    const title = 'Summary statistics';
    const summary: EdaResult = { kind: 'eda', title, markdown: `## ${title}\n\n${markdownTable(rows, COLUMNS)}\n`, tables: { summary: rows }, charts: [] };
    return { summary };
  },
});
