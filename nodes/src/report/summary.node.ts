import { z } from 'zod';
import { isFrameLike, type CoinFrame } from '@coinlab/shared';
import { defineNode } from '../define';
import { port } from '../port';
import { summarizeValue } from '../lib/describe-value';

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e7) ? x.toExponential(4) : Number(x.toPrecision(6)).toString();
}

function frameTable(g: CoinFrame): string {
  const lines = ['| column | count | mean | min | max | last |', '|---|---:|---:|---:|---:|---:|'];
  for (const [name, values] of Object.entries(g.columns)) {
    let n = 0, sum = 0, min = Infinity, max = -Infinity, last = Number.NaN;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      n++; sum += v; last = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    lines.push(`| ${name} | ${n} | ${n ? fmt(sum / n) : '-'} | ${n ? fmt(min) : '-'} | ${n ? fmt(max) : '-'} | ${n ? fmt(last) : '-'} |`);
  }
  return lines.join('\n');
}

export default defineNode({
  type: 'report.summary',
  version: 1,
  ui: {
    title: 'Summary report',
    category: 'report',
    description: 'Writes a markdown summary of whatever is connected: per coin row counts, time range and column statistics for tables and series.',
  },
  params: z.object({ title: z.string().min(1).max(200).default('Summary') }),
  inputs: { items: port.many(port.any, 'Items') },
  outputs: { report: port.report },
  cache: 'pure',
  async execute({ params, inputs, services }) {
    const parts = [`# ${params.title}`, ''];
    inputs.items.forEach((item, i) => {
      parts.push(`## Input ${i + 1}: ${summarizeValue(item)}`, '');
      if (isFrameLike(item)) {
        for (const g of item.groups) {
          const first = g.ts[0], last = g.ts[g.ts.length - 1];
          parts.push(`### ${g.coin}`, '', `${g.ts.length} rows${first !== undefined && last !== undefined ? `, ${new Date(first).toISOString()} .. ${new Date(last).toISOString()}` : ''}`, '', frameTable(g), '');
        }
      }
    });
    const markdown = parts.join('\n');
    const md = await services.artifacts.save({ kind: 'report', name: `${params.title}.md`, contentType: 'text/markdown', content: markdown });
    return { report: { kind: 'report', title: params.title, markdown, artifacts: { markdown: md.id, html: null } } };
  },
});
