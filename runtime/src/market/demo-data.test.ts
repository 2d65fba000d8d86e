import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '../db/testing/test-databases';
import { createStore, type Store } from '../db/store';
import { DEMO_COIN, demoDataFile, loadDemoData } from './demo-data';
import { listCoins } from './list-coins';
import { loadCandles } from './load-candles';

describe.each(testDatabases())('demo data ($name)', (target) => {
  let db: TestDb;
  let store: Store;
  beforeAll(async () => {
    db = await target.open();
    store = createStore(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('loads the S&P 500 daily series from the vega-datasets package into an empty table, once', async () => {
    const lines: string[] = [];
    const result = await loadDemoData(store, { log: (l) => lines.push(l) });
    const csvRows = fs.readFileSync(demoDataFile(), 'utf8').trim().split('\n').length - 1;
    expect(result).toMatchObject({ loaded: true, coin: DEMO_COIN, rows: csvRows });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DEMO_SP500_DAILY.*daily S&P 500.*not crypto/);

    const [coin] = await listCoins(store);
    expect(coin).toMatchObject({ coin: DEMO_COIN, rows: csvRows, firstTs: Date.UTC(2000, 0, 3) });
    const [candles] = await loadCandles(store, { coins: [DEMO_COIN], to: Date.UTC(2000, 0, 4) });
    expect(candles!.close).toEqual([1455.219971, 1399.420044]);

    // Gaps at the series' own spacing (one bar a day), counted here from the CSV's dates:
    // weekends and holidays, a few thousand days — not millions of 5-minute bars.
    const days = fs.readFileSync(demoDataFile(), 'utf8').trim().split('\n').slice(1).map((l) => Date.parse(`${l.split(',')[0]}T00:00:00Z`) / 86_400_000);
    const missingDays = days.slice(1).reduce((sum, d, i) => sum + (d - days[i]! - 1), 0);
    expect(missingDays).toBeGreaterThan(1000);
    expect(missingDays).toBeLessThan(5000);
    expect(coin!.barMs).toBe(86_400_000);
    expect(coin!.gaps.missingBars).toBe(missingDays);

    expect(await loadDemoData(store, { log: (l) => lines.push(l) })).toMatchObject({ loaded: false });
    expect(lines).toHaveLength(1);
  });
});
