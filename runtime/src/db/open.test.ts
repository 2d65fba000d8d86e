import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type KyselyPlugin } from 'kysely';
import { testDatabases, type TestDb } from './testing/test-databases';
import { openDatabase } from './open';
import { DatabaseUnavailableError } from './errors';
import { migrateToLatest, schemaIsUpToDate } from './migrate';
import { migrations } from './migrations/index';

const TABLES = ['approvals', 'artifacts', 'graph_versions', 'graphs', 'node_outputs', 'node_runs', 'price_data_5min', 'run_events', 'runs', 'users'];

describe.each(testDatabases())('migrations ($name)', (target) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates every table (others may add more)', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely%'
      order by table_name`.execute(db.kysely);
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(TABLES));
  });

  it('records every migration in order, and a second run applies nothing', async () => {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely);
    expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations));
    expect(await migrateToLatest(db.kysely)).toEqual([]);
  });

  it('finds an up-to-date schema in two statements, without the migrator', async () => {
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => (statements++, args.node),
      transformResult: async (args) => args.result,
    };
    expect(await migrateToLatest(db.kysely.withPlugin(counting))).toEqual([]);
    expect(statements).toBe(2);
  });

  it('leaves a missing record, an unknown one or a missing table to the migrator', async () => {
    const rollback = new Error('rollback');
    const inTransaction = async (change: (trx: typeof db.kysely) => Promise<void>): Promise<boolean> => {
      let upToDate: boolean | undefined;
      await db.kysely
        .transaction()
        .execute(async (trx) => {
          await change(trx);
          upToDate = await schemaIsUpToDate(trx);
          throw rollback;
        })
        .catch((err: unknown) => {
          if (err !== rollback) throw err;
        });
      return upToDate!;
    };
    const last = Object.keys(migrations).at(-1)!;
    expect(await inTransaction(async () => {})).toBe(true);
    expect(await inTransaction(async (trx) => void (await sql`delete from kysely_migration where name = ${last}`.execute(trx)))).toBe(false);
    expect(await inTransaction(async (trx) => void (await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_coinlab', now()::text)`.execute(trx)))).toBe(false);
    expect(await inTransaction(async (trx) => void (await sql`alter table kysely_migration rename to kysely_migration_elsewhere`.execute(trx)))).toBe(false);
    expect(await schemaIsUpToDate(db.kysely)).toBe(true);
  });

  it('stores timestamps as timestamptz, JSON as jsonb and prices as double precision', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema() and column_name in ('created_at', 'document', 'payload', 'close', 'ts', 'content')`.execute(db.kysely);
    const type = (t: string, c: string) => rows.find((r) => r.table_name === t && r.column_name === c)?.data_type;
    expect(type('runs', 'created_at')).toBe('timestamp with time zone');
    expect(type('graph_versions', 'document')).toBe('jsonb');
    expect(type('run_events', 'payload')).toBe('jsonb');
    expect(type('price_data_5min', 'close')).toBe('double precision');
    expect(type('price_data_5min', 'ts')).toBe('bigint');
    expect(type('artifacts', 'content')).toBe('bytea');
  });

  it('stores large values uncompressed where pglz cost more than it saved (cached outputs, artifact contents)', async () => {
    const { rows } = await sql<{ column: string; storage: string }>`
      select c.relname || '.' || a.attname as column, a.attstorage as storage
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = current_schema()::regnamespace
        and (c.relname, a.attname) in (('node_outputs', 'outputs'), ('artifacts', 'content'))
      order by 1`.execute(db.kysely);
    // 'e': external, out of line without compression.
    expect(rows).toEqual([
      { column: 'artifacts.content', storage: 'e' },
      { column: 'node_outputs.outputs', storage: 'e' },
    ]);
  });

  it('reports its kind', () => {
    expect(db.kind).toBe(target.name);
    expect(db.location).toMatch(target.name === 'embedded' ? /^embedded PostgreSQL in / : /^PostgreSQL at /);
  });
});

describe('an unreachable DATABASE_URL', () => {
  it('fails fast with one clear line naming host:port and the cause', async () => {
    const port = await closedPort();
    const started = Date.now();
    const err = await openDatabase({ databaseUrl: `postgres://someone:secret@127.0.0.1:${port}/coinlab` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toContain('connection refused');
    expect(message).not.toContain('secret');
    expect(message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('gives up after the connect timeout when the server never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      const err = await openDatabase({ databaseUrl: `postgres://u@127.0.0.1:${port}/db`, connectTimeoutMs: 500 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect((err as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*no answer within 0\\.5 s`));
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('names a database that does not exist', async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = '/coinlab_no_such_database';
    const err = await openDatabase({ databaseUrl: url.toString() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toContain('database "coinlab_no_such_database" does not exist');
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
