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

    expect(await loadDemoData(store, { log: (l) => lines.push(l) })).toMatchObject({ loaded: false });
    expect(lines).toHaveLength(1);
  });
});
