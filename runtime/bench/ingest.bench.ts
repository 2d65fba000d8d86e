/**
 * Importing 1 M candles (targets: < 10 s on PostgreSQL, < 20 s embedded), plus what goes
 * with it: parsing the file, re-importing it (idempotent), listing coins, loading the
 * columns back, and the embedded database's open time cold and from a prepared template.
 * PostgreSQL: TEST_DATABASE_URL or the local server, in a scratch database dropped after.
 * Ends with one line: pg_s=.. embedded_s=..
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyCluster, createScratchDatabase, createStore, openDatabase, prepareTemplateDataDir, type Db } from '../src/db/index';
import { BAR_MS, importCandles, listCoins, loadCandles, parseCandleFile, type CandleRow } from '../src/market/index';

const N = Number(process.env.INGEST_ROWS ?? 1_000_000);
const COIN = 'BENCH_1M';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A deterministic random walk (LCG), so every run imports the same rows. */
function generate(n: number): CandleRow[] {
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const rows = new Array<CandleRow>(n);
  let price = 0.05;
  const t0 = Date.UTC(2015, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + (rand() - 0.5) * 0.004);
    const high = Math.max(open, close) * (1 + rand() * 0.001);
    const low = Math.min(open, close) * (1 - rand() * 0.001);
    rows[i] = { ts: t0 + i * BAR_MS, open, high, low, close, volume: Math.round(rand() * 1e6) / 100 };
    price = close;
  }
  return rows;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const fmt = (s: number) => s.toFixed(2);
const rssMb = () => Math.round(process.memoryUsage().rss / 1e6);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; s: number }> {
  const t0 = performance.now();
  const value = await fn();
  const s = seconds(t0);
  console.log(`  ${label.padEnd(34)} ${fmt(s)} s`);
  return { value, s };
}

/**
 * `timed`, plus the longest the event loop stood still meanwhile: what an HTTP request or a
 * socket event arriving during the step would have waited (the database's work and the
 * step's own synchronous JavaScript alike). Gaps between ticks of a 5 ms timer, counting
 * the last one up to the step's end: a loop that never turns is one long stall.
 */
async function timedWithStall<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; s: number }> {
  let last = performance.now();
  let longest = 0;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  };
  const timer = setInterval(tick, 5);
  try {
    const result = await timed(label, fn);
    tick();
    console.log(`  ${'  longest event-loop stall'.padEnd(34)} ${fmt(longest / 1000)} s`);
    return result;
  } finally {
    clearInterval(timer);
  }
}

async function exercise(name: string, db: Db, rows: CandleRow[]): Promise<number> {
  const store = createStore(db);
  const first = await timedWithStall(`import ${N.toLocaleString('en')} candles`, () => importCandles(store, COIN, rows));
  if (first.value.inserted !== rows.length) throw new Error(`${name}: inserted ${first.value.inserted} of ${rows.length}`);
  console.log(`  ${''.padEnd(34)} ${Math.round(rows.length / first.s).toLocaleString('en')} rows/s`);
  const again = await timedWithStall('re-import (all unchanged)', () => importCandles(store, COIN, rows));
  if (again.value.unchanged !== rows.length) throw new Error(`${name}: re-import changed ${rows.length - again.value.unchanged} rows`);
  const coins = await timedWithStall('listCoins (gaps, returns in SQL)', () => listCoins(store));
  if (coins.value[0]?.rows !== rows.length || coins.value[0].gaps.missingBars !== 0) throw new Error(`${name}: listCoins disagrees`);
  const loaded = await timedWithStall('loadCandles (all rows, columns)', () => loadCandles(store, { coins: [COIN] }));
  if (loaded.value[0]!.close[N - 1] !== rows[N - 1]!.close) throw new Error(`${name}: loaded values differ`);
  return first.s;
}

async function benchPostgres(rows: CandleRow[]): Promise<number> {
  console.log(`PostgreSQL (scratch database on ${new URL(adminUrl).host})`);
  const scratch = await createScratchDatabase(adminUrl, 'coinlab_bench');
  try {
    const db = await openDatabase({ databaseUrl: scratch.url });
    try {
      return await exercise('postgres', db, rows);
    } finally {
      await db.close();
    }
  } finally {
    await scratch.drop();
  }
}

async function benchEmbedded(rows: CandleRow[]): Promise<number> {
  console.log('Embedded PGlite');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'coinlab-bench-'));
  try {
    // Cold: a new cluster (initdb) plus migrations, the first PGlite in this process.
    const cold = await timed('open: new folder (initdb + migrate)', () => openDatabase({ dataDir: path.join(root, 'cold') }));
    let importS: number;
    try {
      importS = await exercise('embedded', cold.value, rows);
      console.log(`  ${'memory (rss) after'.padEnd(34)} ${rssMb()} MB`);
    } finally {
      await cold.value.close();
    }
    const template = await prepareTemplateDataDir({ parentDir: root });
    const copy = await timed('open: copy of a prepared template', async () => {
      await copyCluster(template, path.join(root, 'copy'));
      return openDatabase({ dataDir: path.join(root, 'copy') });
    });
    await copy.value.close();
    const reopen = await timed('open: existing folder', () => openDatabase({ dataDir: path.join(root, 'copy') }));
    await reopen.value.close();
    return importS;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const rows = generate(N);
const text = JSON.stringify(rows.map((r) => [r.ts, r.open, r.high, r.low, r.close, r.volume]));
console.log(`File: ${N.toLocaleString('en')} candles, ${(text.length / 1e6).toFixed(0)} MB of ccxt JSON`);
const parsed = await timed('parseCandleFile (JSON)', async () => parseCandleFile(text, 'bench.json'));
if (parsed.value.issues.length > 0 || parsed.value.rows.length !== N) throw new Error('parse disagrees');

const pgS = await benchPostgres(parsed.value.rows);
const embeddedS = await benchEmbedded(parsed.value.rows);
console.log(`targets: pg < 10 s, embedded < 20 s`);
console.log(`pg_s=${fmt(pgS)} embedded_s=${fmt(embeddedS)}`);
