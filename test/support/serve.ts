import { afterAll, beforeAll, expect } from 'vitest';
import { dbEnv, runCli, type CliResult } from './cli';
import { testDatabases, type ProvisionedDatabase } from './db';

type Served = { url: string; stop: () => Promise<CliResult> };

/** `coinlab serve` in a child process on the data folder, as `npm start` leaves it running. */
export function startServe(env: Record<string, string>): Promise<Served> {
  return new Promise((resolve, reject) => {
    let kill: (sig: NodeJS.Signals) => void = () => undefined;
    const finished = runCli(['serve', '--port', '0', '--no-demo'], env, {
      timeoutMs: 900_000,
      onSpawn: (k, output) => {
        kill = k;
        const poll = setInterval(() => {
          const url = /running at (http:\/\/\S+)/.exec(output())?.[1];
          if (!url) return;
          clearInterval(poll);
          resolve({ url, stop: () => (kill('SIGTERM'), finished) });
        }, 100);
      },
    });
    void finished.then((r) => reject(new Error(`serve ended before it was up: ${r.stdout}${r.stderr}`)));
  });
}

/**
 * For a describe block: a fresh embedded data folder held by `coinlab serve` (started before
 * the block's tests, stopped cleanly after them). Read `db` and `server` inside the tests.
 */
export function servedEmbeddedFolder(): { db: ProvisionedDatabase; server: Served } {
  const held = {} as { db: ProvisionedDatabase; server: Served };
  beforeAll(async () => {
    held.db = await testDatabases().find((t) => t.name === 'embedded')!.provision();
    held.server = await startServe(dbEnv(held.db));
  }, 600_000);
  afterAll(async () => {
    if (held.server) expect((await held.server.stop()).code).toBe(0);
    await held.db?.dispose();
  }, 120_000);
  return held;
}
