import { describe, expect, it } from 'vitest';
import { candleCsvColumns, recognizeCandleFile } from './candle-file';
import { GRAPH_FORMAT_VERSION } from './graph';

describe('recognizeCandleFile', () => {
  it('knows ccxt / freqtrade JSON rows, even with bad values in them', () => {
    expect(recognizeCandleFile('[[1515542400000, 0.08, 0.081, 0.079, 0.0805, 12.5], [1515542700000, 0.08, 0.081, 0.079, 0.0805, 3]]')).toBe('json');
    expect(recognizeCandleFile('\uFEFF\n  [["2024-01-01T00:00:00Z", "1", "2", "0.5", "1.5", "10"]]')).toBe('json');
    expect(recognizeCandleFile('[[1515542400000, 1, 2, 0.5, 1.5]]')).toBe('json');
  });

  it('knows a CSV by its open, high, low and close columns, whatever the delimiter, case or comments', () => {
    expect(recognizeCandleFile('timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1.5,10\n')).toBe('csv');
    expect(recognizeCandleFile('# exported\n\n"Date";"Open";"High";"Low";"Close"\n2024-01-01;1;2;0.5;1.5\n')).toBe('csv');
    expect(recognizeCandleFile('time\tclose\tlow\thigh\topen\tvolume\n')).toBe('csv');
  });

  it('leaves everything else to whoever reads it: graphs, other JSON, other CSV, broken text', () => {
    const graph = JSON.stringify({ version: GRAPH_FORMAT_VERSION, name: 'g', nodes: [], edges: [] });
    expect(recognizeCandleFile(graph)).toBeNull();
    expect(recognizeCandleFile('[]')).toBeNull();
    expect(recognizeCandleFile('[{"open": 1}]')).toBeNull();
    expect(recognizeCandleFile('[[1, 2, 3]]')).toBeNull();
    expect(recognizeCandleFile('[[1, 2, 3, 4,')).toBeNull();
    expect(recognizeCandleFile('name,email\nAna,ana@lab.test\n')).toBeNull();
    expect(recognizeCandleFile('ts,open,close\n1,2,3\n')).toBeNull();
    expect(recognizeCandleFile('')).toBeNull();
  });
});

describe('candleCsvColumns', () => {
  it('finds the time column by its preferred name and names what is missing', () => {
    expect(candleCsvColumns(['date', 'timestamp', 'open', 'high', 'low', 'close', 'volume'])).toEqual({ ts: 1, values: [2, 3, 4, 5, 6], missing: [] });
    expect(candleCsvColumns(['open', 'high', 'low', 'close'])).toEqual({ ts: undefined, values: [0, 1, 2, 3, -1], missing: ['ts (or timestamp, date, time)', 'volume'] });
  });
});
