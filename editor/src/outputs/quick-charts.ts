import type { CoinFrame } from '@coinlab/shared';

/**
 * A Vega-Lite line chart of one or more columns of a coin's frame, for outputs that come
 * without a chart of their own (candles, series, tables). Long frames are thinned to at most
 * `maxPoints` evenly spaced rows: a chart is a few hundred pixels wide.
 */
export function frameLineSpec(g: CoinFrame, columns: readonly string[], maxPoints = 1500): object {
  const n = g.ts.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const values: { t: number; column: string; value: number }[] = [];
  for (let i = 0; i < n; i += step) {
    for (const c of columns) {
      const v = g.columns[c]?.[i];
      if (v !== undefined && Number.isFinite(v)) values.push({ t: g.ts[i]!, column: c, value: v });
    }
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 220,
    autosize: { type: 'fit', contains: 'padding' },
    title: { text: `${g.coin}: ${columns.join(', ')}`, anchor: 'start', fontSize: 12 },
    data: { values },
    mark: { type: 'line', strokeWidth: 1.2, interpolate: 'linear' },
    encoding: {
      x: { field: 't', type: 'temporal', title: null },
      y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
      color: { field: 'column', type: 'nominal', legend: columns.length > 1 ? { orient: 'top', title: null } : null },
      tooltip: [
        { field: 't', type: 'temporal', format: '%Y-%m-%d %H:%M' },
        { field: 'column', type: 'nominal' },
        { field: 'value', type: 'quantitative', format: '.6g' },
      ],
    },
  };
}
