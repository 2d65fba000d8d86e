import { describe, expect, it } from 'vitest';
import { parseCandleFile } from './parse-candle-file';
import { parseTimestamp } from './timestamp';

const T0 = Date.UTC(2018, 0, 10, 0, 0);
const M5 = 300_000;

describe('parseCandleFile: ccxt / freqtrade JSON', () => {
  it('reads [[ts_ms, o, h, l, c, v], ...] in file order', () => {
    const text = JSON.stringify([
      [T0 + M5, 2, 3, 1, 2.5, 10],
      [T0, 1, 2, 0.5, 1.5, 0],
    ]);
    const parsed = parseCandleFile(text, '/data/ETH_BTC-5m.json');
    expect(parsed.format).toBe('json');
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows).toEqual([
      { ts: T0 + M5, open: 2, high: 3, low: 1, close: 2.5, volume: 10 },
      { ts: T0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 0 },
    ]);
  });

  it('reports every bad element by its position (index + 1) and reason, keeping the good ones', () => {
    const text = JSON.stringify([
      [T0, 1, 2, 0.5, 1.5, 1], // 1 ok
      [T0 + M5, 1, 0.5, 2, 1, 1], // 2 high < low
      [T0 + 2 * M5, 1, 2, 0.5, null, 1], // 3 null close
      [T0 + 3 * M5, 1, 2, 0.5, 1, -3], // 4 negative volume
      [T0, 1, 2, 0.5, 1.5, 1], // 5 duplicate of 1
      [T0 + 4 * M5, 1, 2], // 6 too short
      'nonsense', // 7
      [T0 + 5 * M5, '1.5', 2, 1, 1.5, 1], // 8 numeric string is fine
    ]);
    const { rows, issues } = parseCandleFile(text, 'bad.json');
    expect(rows.map((r) => r.ts)).toEqual([T0, T0 + 5 * M5]);
    expect(issues.map((i) => [i.line, i.unit])).toEqual([
      [2, 'element'],
      [3, 'element'],
      [4, 'element'],
      [5, 'element'],
      [6, 'element'],
      [7, 'element'],
    ]);
    expect(issues[0]!.message).toBe('bad.json element 2 (index 1): high 0.5 is below low 2');
    expect(issues[1]!.reason).toBe('close is null, not a finite number');
    expect(issues[2]!.reason).toBe('volume -3 is negative');
    expect(issues[3]!.reason).toMatch(/^duplicate ts \d+ \(2018-01-10T00:00:00.000Z\), first at element 1$/);
    expect(issues[4]!.reason).toMatch(/^expected \[ts, open, high, low, close, volume\]/);
  });

  it('treats second timestamps as seconds', () => {
    const { rows } = parseCandleFile(JSON.stringify([[T0 / 1000, 1, 1, 1, 1, 1]]), 'x.json');
    expect(rows[0]!.ts).toBe(T0);
  });

  it('reports a file that is not JSON or not an array', () => {
    expect(parseCandleFile('[[1, 2', 'broken.json').issues[0]).toMatchObject({ line: null, reason: expect.stringMatching(/^not valid JSON/) });
    expect(parseCandleFile('{"a": 1}', 'obj.json').issues[0]!.reason).toMatch(/expected a JSON array/);
  });
});

describe('parseCandleFile: CSV with a header', () => {
  it('finds columns by name in any order and case, ignoring extra ones', () => {
    const csv = ['Volume,Close,Low,High,Open,Timestamp,adjclose', `10,1.5,0.5,2,1,${T0},9`, `11,2.5,1,3,2,${T0 + M5},9`, ''].join('\n');
    const parsed = parseCandleFile(csv, 'x.csv');
    expect(parsed.format).toBe('csv');
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows[1]).toEqual({ ts: T0 + M5, open: 2, high: 3, low: 1, close: 2.5, volume: 11 });
  });

  it('reads ts as ms, seconds or ISO dates (UTC unless a zone is given)', () => {
    const csv = [
      'date;open;high;low;close;volume',
      '2018-01-10;1;2;0.5;1;1',
      '2018-01-10 00:05;1;2;0.5;1;1',
      '2018-01-10T00:10:00Z;1;2;0.5;1;1',
      '2018-01-10T01:15:00+01:00;1;2;0.5;1;1',
      `${(T0 + 4 * M5) / 1000};1;2;0.5;1;1`,
      `${T0 + 5 * M5};1;2;0.5;1;1`,
    ].join('\r\n');
    const { rows, issues } = parseCandleFile(csv, 'dates.csv');
    expect(issues).toEqual([]);
    expect(rows.map((r) => (r.ts - T0) / M5)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reports bad rows with their line in the file (header = line 1)', () => {
    const csv = [
      'ts,open,high,low,close,volume',
      `${T0},1,2,0.5,1,1`,
      '',
      `${T0 + M5},1,2,0.5,,1`,
      `${T0 + 2 * M5},1,2,0.5,abc,1`,
      `${T0 + 3 * M5},1,2,0.5,Infinity,1`,
      `2018-02-30,1,2,0.5,1,1`,
      `${T0},1,2,0.5,1,1`,
      `${T0 + 9 * M5},1,1,3,1,1`,
    ].join('\n');
    const { rows, issues } = parseCandleFile(csv, 'bad.csv');
    expect(rows).toHaveLength(1);
    expect(issues.map((i) => i.line)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(issues.map((i) => i.message)).toEqual([
      'bad.csv line 4: close is missing, not a finite number',
      'bad.csv line 5: close is "abc", not a finite number',
      'bad.csv line 6: close is "Infinity", not a finite number',
      'bad.csv line 7: ts "2018-02-30" is not a valid date',
      `bad.csv line 8: duplicate ts ${T0} (2018-01-10T00:00:00.000Z), first at line 2`,
      'bad.csv line 9: high 1 is below low 3',
    ]);
  });

  it('needs a header naming the columns', () => {
    expect(parseCandleFile(`${T0},1,2,0.5,1,1\n`, 'nohead.csv').issues[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/^no header row/) });
    expect(parseCandleFile('time,open,high,low,close\n', 'novol.csv').issues[0]!.reason).toMatch(/missing column volume/);
    expect(parseCandleFile('\n\n', 'empty.csv').issues[0]!.reason).toBe('the file is empty');
  });
});

describe('parseCandleFile: implausible candles (issue 8)', () => {
  it('refuses times outside 1990 .. tomorrow and off the 5-minute grid, naming the line and column', () => {
    const csv = [
      'ts,open,high,low,close,volume',
      `${T0},1,2,0.5,1,1`,
      '99999999999,1,2,0.5,1,1', // 1e11 s: the year 5138 (as ms: 1973)
      `${Date.UTC(1985, 0, 1)},1,2,0.5,1,1`,
      `${Date.now() + 3 * 86_400_000 - ((Date.now() + 3 * 86_400_000) % M5)},1,2,0.5,1,1`,
      `${T0 + M5 + 1000},1,2,0.5,1,1`,
      `${(T0 + 2 * M5) * 1000},1,2,0.5,1,1`,
      '2500-01-01,1,2,0.5,1,1',
    ].join('\n');
    const { rows, issues } = parseCandleFile(csv, 'times.csv');
    expect(rows).toHaveLength(1);
    expect(issues.map((i) => i.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(issues[0]!.reason).toMatch(/^ts 99999999999 is outside the plausible range 1990-01-01 \.\. .* both as epoch seconds \(5138-11-16T09:46:39\.000Z\) and as epoch milliseconds \(1973-03-03T09:46:39\.999Z\)$/);
    expect(issues[1]!.reason).toMatch(/^ts 473385600000 is outside the plausible range .* and as epoch milliseconds \(1985-01-01T00:00:00\.000Z\)$/);
    expect(issues[2]!.reason).toMatch(/is outside the plausible range/);
    expect(issues[3]!.reason).toBe(`ts ${T0 + M5 + 1000} (2018-01-10T00:05:01.000Z) is not on the 5-minute bar grid (the bar starts at 2018-01-10T00:05:00.000Z)`);
    expect(issues[4]!.reason).toBe(`ts ${(T0 + 2 * M5) * 1000} is too large for epoch ms: it looks like microseconds (2018-01-10T00:10:00.000Z); convert it to milliseconds`);
    expect(issues[5]!.reason).toMatch(/^ts \d+ \(2500-01-01T00:00:00\.000Z\) is outside the plausible range/);
  });

  it('detects seconds and milliseconds by the plausible range, never by guesswork', () => {
    const { rows, issues } = parseCandleFile(JSON.stringify([[T0 / 1000, 1, 2, 0.5, 1, 1], [T0 + M5, 1, 2, 0.5, 1, 1], [(T0 + 2 * M5) / 1000, 1, 2, 0.5, 1, 1]]), 'units.json');
    expect(issues).toEqual([]);
    expect(rows.map((r) => r.ts)).toEqual([T0, T0 + M5, T0 + 2 * M5]);
  });

  it('refuses prices that are not positive, open/close outside low..high and negative volume', () => {
    const text = JSON.stringify([
      [T0, 0, 2, 0.5, 1, 1],
      [T0 + M5, 1, 2, -0.5, 1, 1],
      [T0 + 2 * M5, 3, 2, 0.5, 1, 1],
      [T0 + 3 * M5, 1, 2, 0.5, 0.25, 1],
      [T0 + 4 * M5, 1, 2, 0.5, 1, -1],
    ]);
    expect(parseCandleFile(text, 'p.json').issues.map((i) => i.message)).toEqual([
      'p.json element 1 (index 0): open 0 is not a positive price',
      'p.json element 2 (index 1): low -0.5 is not a positive price',
      'p.json element 3 (index 2): open 3 is above high 2',
      'p.json element 4 (index 3): close 0.25 is below low 0.5',
      'p.json element 5 (index 4): volume -1 is negative',
    ]);
  });

  it('describes an element nested thousands deep without overflowing the stack', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const { issues } = parseCandleFile(`[${deep}, [${T0}, 1, 2, 0.5, 1, 1]]`, 'deep.json');
    expect(issues.map((i) => i.message)).toEqual(['deep.json element 1 (index 0): expected [ts, open, high, low, close, volume], got a deeply nested array']);
  });

  it('calls 1e400 (Infinity after JSON.parse) not a finite number, never "null"', () => {
    const text = `[[${T0}, 1, 2, 0.5, 1e400, 1], [1e400, 1, 2, 0.5, 1, 1], [${T0 + M5}, 1, 2, 0.5, 1, -1e400]]`;
    const { issues } = parseCandleFile(text, 'big.json');
    expect(issues.map((i) => i.reason)).toEqual([
      'close is Infinity (a number too large for a double, e.g. 1e400), not a finite number',
      'ts Infinity (a number too large for a double, e.g. 1e400) is not a finite number',
      'volume is -Infinity (a number too large for a double, e.g. 1e400), not a finite number',
    ]);
    expect(issues.map((i) => i.reason).join()).not.toMatch(/null/);
  });
});

describe('parseTimestamp', () => {
  it('refuses what it cannot read unambiguously', () => {
    expect(parseTimestamp(1_515_560_100_000_000)).toMatchObject({ ok: false, reason: expect.stringMatching(/too large/) });
    expect(parseTimestamp(-5)).toMatchObject({ ok: false });
    expect(parseTimestamp('10/01/2018')).toMatchObject({ ok: false });
    expect(parseTimestamp('2018-01-10T25:00')).toMatchObject({ ok: false });
    expect(parseTimestamp('2018-01-10T00:00:00.250Z')).toEqual({ ok: true, ms: T0 + 250 });
  });
});
