import { readFileSync } from 'node:fs';
import type { Role } from '@coinlab/shared';
import { startServer, type RunningServer, type ServerOptions } from '../../runtime/src/server';
import { importCandles, parseCandleFile } from '../../runtime/src/market';
import type { ProvisionedDatabase, TestDatabaseTarget } from './db';
import { coinOf, market5mFiles } from './paths';
import { forgetServerToken, inviteUser, rememberServerToken, setUpOwner, type TestAccount, type TestUser } from './auth';

export interface TestServer extends RunningServer {
  provisioned: ProvisionedDatabase;
  /** The owner account the server was set up with (auth: 'setup'); null with auth: 'none'. */
  owner: TestAccount | null;
  /** fetch against the API as the owner (Bearer token): `api('/graphs', { method: 'POST', json: {...} })` */
  api(path: string, init?: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> }): Promise<Response>;
  stop(): Promise<void>;
}

export interface TestServerOptions extends Omit<ServerOptions, 'port' | 'databaseUrl' | 'dataDir'> {
  provisioned?: ProvisionedDatabase;
  /**
   * 'setup' (default): the owner account is set up (POST /auth/setup) and every helper
   * authenticates as it with an admin token, as a real lab after its first start.
   * 'none': nothing set up; the server acts as the local user without sign-in (first run).
   */
  auth?: 'setup' | 'none';
}

/** Owners set up on a provisioned database, for a server restarted on it (set-up works once). */
const ownersByDatabase = new WeakMap<ProvisionedDatabase, TestAccount>();

/** A real server (HTTP + socket.io) on a free port over a fresh database of the given target. */
export async function startTestServer(target: TestDatabaseTarget, opts: TestServerOptions = {}): Promise<TestServer> {
  const { auth = 'setup', provisioned: given, ...serverOpts } = opts;
  const provisioned = given ?? (await target.provision());
  const server = await startServer({ ...serverOpts, port: 0, ...(provisioned.databaseUrl ? { databaseUrl: provisioned.databaseUrl } : { dataDir: provisioned.dataDir! }) });
  let owner: TestAccount | null = null;
  if (auth === 'setup') {
    try {
      owner = ownersByDatabase.get(provisioned) ?? (await setUpOwner(server.url));
    } catch (err) {
      await server.close();
      if (!given) await provisioned.dispose();
      throw err;
    }
    ownersByDatabase.set(provisioned, owner);
    rememberServerToken(server.url, owner.token);
  }
  const ownerHeaders: Record<string, string> = owner ? { authorization: `Bearer ${owner.token}` } : {};
  return {
    ...server,
    provisioned,
    owner,
    api(path, init = {}) {
      const headers: Record<string, string> = { ...ownerHeaders, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
      return fetch(`${server.url}/api/v1${path}`, { method: init.method ?? 'GET', headers, ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : init.body !== undefined ? { body: init.body } : {}) });
    },
    /** Closes the server but keeps the database (to restart on it). */
    stop: async () => {
      forgetServerToken(server.url);
      await server.close();
    },
    async close() {
      forgetServerToken(server.url);
      await server.close();
      if (!given) await provisioned.dispose();
    },
  };
}

/** Another account on a set-up test server, by invitation from the owner: its id, credentials, an admin-scope token and a signed-in browser session. */
export async function addUser(server: TestServer, role: Exclude<Role, 'owner'>): Promise<TestUser> {
  if (!server.owner) throw new Error("addUser needs a server started with auth: 'setup'");
  return inviteUser(server.url, server.owner.token, role);
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
