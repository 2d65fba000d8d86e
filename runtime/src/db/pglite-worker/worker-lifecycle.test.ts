import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Kysely, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../schema';
import { copyCluster, PGDATA_SUBDIR } from '../embedded';
import { prepareTemplateDataDir } from '../template';
import { PGliteWorkerClient, WorkerStoppedError, WorkerUnavailableError, withoutTsx } from './client';
import { PGliteWorkerDialect } from './driver';

/** The worker's life: start in each way coinlab runs, crash, termination, close. */

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const dirs: string[] = [];
const KEPT_ID = '00000000-0000-4000-8000-0000000000cc';

/** A fresh copy of the migrated template; returns its pgdata folder. */
async function freshPgdata(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coinlab-worker-test-'));
  dirs.push(dir);
  await copyCluster(await prepareTemplateDataDir(), dir);
  return path.join(dir, PGDATA_SUBDIR);
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the worker thread ending', () => {
  it('rejects pending and later queries with a clear error when the worker crashes, and still closes', async () => {
    const client = await PGliteWorkerClient.start(await freshPgdata());
    const db = new Kysely<Database>({ dialect: new PGliteWorkerDialect(client) });
    const pending = sql`select pg_sleep(0.5)`.execute(db).catch((e: unknown) => e);
    // A request the worker cannot parse makes it throw outside any query: a real crash.
    client.thread.postMessage({ type: 'bogus' });
    const err = await pending;
    expect(err).toBeInstanceOf(WorkerStoppedError);
    expect((err as Error).message).toMatch(/embedded database stopped: its worker thread crashed \(.*malformed request/);
    await expect(sql`select 1`.execute(db)).rejects.toBeInstanceOf(WorkerStoppedError);
    await db.destroy();
  });

  it('rejects a pending query when the thread is terminated from outside', async () => {
    const client = await PGliteWorkerClient.start(await freshPgdata());
    const pending = client.query('select pg_sleep(0.5)', []).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await client.thread.terminate();
    expect(await pending).toBeInstanceOf(WorkerStoppedError);
    await client.close();
  });

  it('close() closes PGlite, ends the thread, and answers later queries with "closed"', async () => {
    const pgdata = await freshPgdata();
    const client = await PGliteWorkerClient.start(pgdata);
    const exited = new Promise<number>((resolve) => client.thread.once('exit', resolve));
    await client.query('insert into users (id, name) values ($1, $2)', [KEPT_ID, 'after close']);
    await client.close();
    await exited;
    await expect(client.query('select 1', [])).rejects.toThrow(/closed/);
    // Closed cleanly: the folder opens again, with the row.
    const again = await PGlite.create(pgdata);
    expect((await again.query('select name from users where id = $1', [KEPT_ID])).rows).toEqual([{ name: 'after close' }]);
    await again.close();
  });

  it('reports an entry that cannot load as WorkerUnavailableError (the in-thread fallback)', async () => {
    const broken = new URL('./no-such-entry.mjs', import.meta.url);
    await expect(PGliteWorkerClient.start(await freshPgdata(), { entry: broken })).rejects.toBeInstanceOf(WorkerUnavailableError);
  });

  it('reports a database that fails to open with PGlite\'s error, not as unavailable', async () => {
    const notADatabase = fs.mkdtempSync(path.join(os.tmpdir(), 'coinlab-worker-test-'));
    dirs.push(notADatabase);
    fs.writeFileSync(path.join(notADatabase, 'PG_VERSION'), 'not a version\n');
    const err = await PGliteWorkerClient.start(notADatabase).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(WorkerUnavailableError);
  });
});

describe('starting the worker from TypeScript source', () => {
  it('drops only tsx flags from the inherited execArgv', () => {
    expect(withoutTsx(['--import', 'tsx', '--conditions', 'dev'])).toEqual(['--conditions', 'dev']);
    expect(withoutTsx(['--require', '/r/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///r/node_modules/tsx/dist/loader.mjs'])).toEqual([]);
    expect(withoutTsx(['--import=tsx', '--enable-source-maps', '--import', './other.mjs'])).toEqual(['--enable-source-maps', '--import', './other.mjs']);
  });

  const probe = path.join(here, '../testing/worker-probe.ts');
  const runners: [string, string[]][] = [
    ['node --import tsx', [process.execPath, '--import', 'tsx', probe]],
    ['the tsx CLI', [process.execPath, path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), probe]],
  ];
  it.each(runners)('works under %s: no fallback warning, and the loop turns during a query', async (_name, [cmd, ...args]) => {
    const dir = path.dirname(await freshPgdata());
    const child = spawn(cmd!, [...args, dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const report = JSON.parse(out.trim()) as { ticks: number; ms: number };
    expect(report.ticks).toBeGreaterThanOrEqual(5);
  }, 60_000);
});

describe('the compiled WebAssembly', () => {
  it('is compiled by the first worker and handed to the next, which opens and answers with it', async () => {
    const { knownWasmModules } = await import('./wasm-modules');
    const first = await PGliteWorkerClient.start(await freshPgdata());
    const known = knownWasmModules().pgliteWasmModule;
    expect(known).toBeInstanceOf((globalThis as unknown as { WebAssembly: { Module: new () => object } }).WebAssembly.Module);
    const second = await PGliteWorkerClient.start(await freshPgdata());
    // The process keeps the first module: the second worker was given it, not asked to compile again.
    expect(knownWasmModules().pgliteWasmModule).toBe(known);
    expect((await second.query('select 41 + 1 as n', [])).rows).toEqual([{ n: 42 }]);
    await Promise.all([first.close(), second.close()]);
  });
});

describe('the buffer pool', () => {
  it('is the size the main thread decided when the worker started (the environment read there, not in the worker)', async () => {
    const first = await PGliteWorkerClient.start(await freshPgdata());
    process.env.COINLAB_PGLITE_SHARED_BUFFERS = '16MB';
    let second: PGliteWorkerClient;
    try {
      second = await PGliteWorkerClient.start(await freshPgdata());
    } finally {
      delete process.env.COINLAB_PGLITE_SHARED_BUFFERS;
    }
    expect((await first.query('show shared_buffers', [])).rows).toEqual([{ shared_buffers: '32MB' }]);
    expect((await second.query('show shared_buffers', [])).rows).toEqual([{ shared_buffers: '16MB' }]);
    await Promise.all([first.close(), second.close()]);
  });
});
