import { readFileSync } from 'node:fs';
import { startServer, type RunningServer, type ServerOptions } from '../../runtime/src/server';
import { importCandles, parseCandleFile } from '../../runtime/src/market';
import type { ProvisionedDatabase, TestDatabaseTarget } from './db';
import { coinOf, market5mFiles } from './paths';

export interface TestServer extends RunningServer {
  provisioned: ProvisionedDatabase;
  /** fetch against the API: `api('/graphs', { method: 'POST', json: {...} })` */
  api(path: string, init?: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> }): Promise<Response>;
  stop(): Promise<void>;
}

/** A real server (HTTP + socket.io) on a free port over a fresh database of the given target. */
export async function startTestServer(target: TestDatabaseTarget, opts: Omit<ServerOptions, 'port' | 'databaseUrl' | 'dataDir'> & { provisioned?: ProvisionedDatabase } = {}): Promise<TestServer> {
  const provisioned = opts.provisioned ?? (await target.provision());
  const server = await startServer({ ...opts, port: 0, ...(provisioned.databaseUrl ? { databaseUrl: provisioned.databaseUrl } : { dataDir: provisioned.dataDir! }) });
  return {
    ...server,
    provisioned,
    api(path, init = {}) {
      const headers: Record<string, string> = { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
      return fetch(`${server.url}/api/v1${path}`, { method: init.method ?? 'GET', headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body !== undefined ? { body: init.body } : {}) });
    },
    /** Closes the server but keeps the database (to restart on it). */
    stop: () => server.close(),
    async close() {
      await server.close();
      if (!opts.provisioned) await provisioned.dispose();
    },
  };
}

/** Imports every ../shared/data/market/*-5m.json file through the store. */
export async function importMarketData(server: RunningServer, files = market5mFiles()): Promise<string[]> {
  const coins: string[] = [];
  for (const f of files) {
    const parsed = parseCandleFile(readFileSync(f, 'utf8'), f);
    await importCandles(server.runtime.store, coinOf(f), parsed.rows);
    coins.push(coinOf(f));
  }
  return coins;
}
