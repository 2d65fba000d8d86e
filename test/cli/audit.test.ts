import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type ProvisionedDatabase } from '../support/db';
import { dbEnv, runCli } from '../support/cli';
import { waitChain } from '../support/graphs';
import { createStore, openDatabase } from '../../runtime/src/db';

const SLOW = { timeoutMs: 300_000 };

describe.each(testDatabases())('coinlab audit ($name database)', (target) => {
  let db: ProvisionedDatabase;
  let env: Record<string, string>;
  let graphId: string;
  let owner: string;
  let ownerName: string;
  beforeAll(async () => {
    db = await target.provision();
    env = dbEnv(db);
    const opened = await openDatabase(db.databaseUrl ? { databaseUrl: db.databaseUrl } : { dataDir: db.dataDir! });
    try {
      const store = createStore(opened);
      const local = await store.users.ensureLocalUser();
      owner = local.id;
      ownerName = local.name;
      graphId = (await store.graphs.create({ ownerId: owner, name: 'g', document: waitChain(1, 0.01) })).id;
    } finally {
      await opened.close();
    }
  }, 300_000);
  afterAll(async () => db?.dispose());

  it('lists what the CLI changed, as the CLI, with the same filters as the API', async () => {
    const add = await runCli(['triggers', 'add', '--graph', graphId, '--name', 'fresh', '--coin', 'ETH_BTC'], env, SLOW);
    expect(add.code, add.stderr).toBe(0);
    const out = await runCli(['audit', '--action', 'data-triggers.create', '--json'], env, SLOW);
    expect(out.code, out.stderr).toBe(0);
    const page = JSON.parse(out.stdout) as { entries: { action: string; client: string; objectType: string }[] };
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ action: 'data-triggers.create', client: 'cli', objectType: 'data-trigger' });
    const text = await runCli(['audit', '--client', 'cli'], env, SLOW);
    // The actor is the account the CLI acted for (the lab's first user, before any sign-in is set
    // up), shown by its name; --json keeps the id.
    expect(text.stdout).toMatch(new RegExp(`cli +${ownerName} +data-triggers\\.create`));
    expect(JSON.parse((await runCli(['audit', '--client', 'cli', '--json'], env, SLOW)).stdout).entries[0]).toMatchObject({ actor: owner, actorName: ownerName });
  }, 600_000);

  it('refuses a bad filter naming its option, exit 2', async () => {
    const r = await runCli(['audit', '--limit', '0'], env, SLOW);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit');
  }, 300_000);
});
