import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import type { Database } from '../schema';
import { copyCluster, PGDATA_SUBDIR } from '../embedded';
import { prepareTemplateDataDir } from '../template';
import { toJsonb } from '../json';
import { float8Array, int8Array } from '../../market/binary-arrays';
import { PGliteWorkerClient } from './client';
import { PGliteWorkerDialect } from './driver';

const dirs: string[] = [];
/** users.id is a uuid: fixed ones, so both databases get the same rows. */
const ID = {
  u1: '00000000-0000-4000-8000-000000000001',
  u2: '00000000-0000-4000-8000-000000000002',
  dup: '00000000-0000-4000-8000-00000000000d',
  tx1: '00000000-0000-4000-8000-0000000000a1',
  tx2: '00000000-0000-4000-8000-0000000000a2',
  nobody: '00000000-0000-4000-8000-0000000000ff',
};

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

/** Every value type our tables and queries use, as parameters and as results. */
const probe = (when: Date) => sql<Record<string, unknown>>`
  select ${1}::int8 as i8, ${9_007_199_254_740_993n}::int8 as i8_big, 2147483647::int4 as i4, 7::int2 as i2,
    ${0.1}::float8 as f8, 'NaN'::float8 as nan, '-Infinity'::float8 as ninf, 1.5::float4 as f4,
    12345678901234567890.125::numeric as num, ${true}::bool as b, ${'héllo "q" \\ , {x}'}::text as t,
    ${when}::timestamptz as tz, '2024-02-29'::date as d, '2024-02-29 12:00:00'::timestamp as ts,
    ${Buffer.from([0, 1, 127, 255])}::bytea as by, ${new Uint8Array([9, 8])}::bytea as by2,
    ${toJsonb({ a: [1, null, 'x'], b: { c: 2.5 } })}::jsonb as j, '[1,{"a":null}]'::jsonb as ja, '"s"'::jsonb as js,
    'null'::jsonb as jnull, ${null}::text as nul, ${['a', null, 'b,c', '"q"']}::text[] as ta,
    ${int8Array([1, -2, 2 ** 40])}::bigint[] as ia, ${float8Array([1.5, -0.25, 1e-300])}::float8[] as fa,
    array[1.5, 2]::float4[] as f4a, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as u, '1 day 02:00'::interval as iv,
    '{"x":1}'::json as jt, array[[1,2],[3,4]]::int4[] as nested, '{}'::text[] as empty`;

describe('PGlite in a worker thread', () => {
  let inThread: Kysely<Database>;
  let inWorker: Kysely<Database>;
  let client: PGliteWorkerClient;

  beforeAll(async () => {
    const [a, b] = await Promise.all([freshPgdata(), freshPgdata()]);
    inThread = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create(a)) });
    client = await PGliteWorkerClient.start(b);
    inWorker = new Kysely<Database>({ dialect: new PGliteWorkerDialect(client) });
  });
  afterAll(async () => {
    await inThread?.destroy();
    await inWorker?.destroy();
  });

  it('gives exactly the values and types PGlite gives in-thread', async () => {
    const when = new Date('2024-02-29T12:34:56.789Z');
    const [{ rows: expected }, { rows: actual }] = [await probe(when).execute(inThread), await probe(when).execute(inWorker)];
    expect(actual).toEqual(expected);
    const row = actual[0]!;
    const kinds = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Object.prototype.toString.call(v)]));
    const expectedKinds = Object.fromEntries(Object.entries(expected[0]!).map(([k, v]) => [k, Object.prototype.toString.call(v)]));
    expect(kinds).toEqual(expectedKinds);
    // Spot checks, so the test fails if both sides changed together.
    expect(row.i8).toBe(1);
    expect(row.i8_big).toBe(9_007_199_254_740_993n);
    expect(row.tz).toEqual(when);
    expect(row.by).toBeInstanceOf(Uint8Array);
    expect([...(row.by as Uint8Array)]).toEqual([0, 1, 127, 255]);
    expect(row.j).toEqual({ a: [1, null, 'x'], b: { c: 2.5 } });
    expect(row.ia).toEqual([1, -2, 2 ** 40]);
    expect(row.fa).toEqual([1.5, -0.25, 1e-300]);
    expect(row.ta).toEqual(['a', null, 'b,c', '"q"']);
    expect(Object.is(row.nan, NaN)).toBe(true);
  }, 60_000);

  it('reports affected rows, RETURNING rows and empty results as in-thread', async () => {
    const run = async (db: Kysely<Database>) => {
      const inserted = await db.insertInto('users').values([{ id: ID.u1, name: 'one' }, { id: ID.u2, name: 'two' }]).executeTakeFirst();
      const updated = await db.updateTable('users').set({ name: 'x' }).where('id', 'in', [ID.u1, ID.u2]).executeTakeFirst();
      const none = await db.updateTable('users').set({ name: 'x' }).where('id', '=', ID.nobody).executeTakeFirst();
      const returned = (await db.deleteFrom('users').where('id', 'in', [ID.u1, ID.u2]).returning(['id', 'name']).execute()).sort((x, y) => x.id.localeCompare(y.id));
      const empty = await db.selectFrom('users').selectAll().where('id', '=', ID.nobody).execute();
      return { inserted, updated, none, returned, empty };
    };
    const expected = await run(inThread);
    const actual = await run(inWorker);
    expect(actual).toEqual(expected);
    expect(actual.inserted.numInsertedOrUpdatedRows).toBe(2n);
    expect(actual.updated.numUpdatedRows).toBe(2n);
  });

  it("rebuilds PostgreSQL's errors with the same name, message and fields", async () => {
    const fail = async (db: Kysely<Database>) => {
      await db.insertInto('users').values({ id: ID.dup, name: 'a' }).execute();
      try {
        return await db.insertInto('users').values({ id: ID.dup, name: 'b' }).execute().then(() => null, (e: unknown) => e as Record<string, unknown>);
      } finally {
        await db.deleteFrom('users').where('id', '=', ID.dup).execute();
      }
    };
    const expected = (await fail(inThread))!;
    const actual = (await fail(inWorker))!;
    expect(actual).toBeInstanceOf(Error);
    for (const key of ['name', 'message', 'code', 'constraint', 'detail', 'table', 'schema', 'severity']) {
      expect({ key, value: actual[key] }).toEqual({ key, value: expected[key] });
    }
    expect(actual.code).toBe('23505');
    const syntax = await sql`selec 1`.execute(inWorker).catch((e: unknown) => e as Error);
    expect(syntax).toBeInstanceOf(Error);
    expect((syntax as Error).message).toMatch(/syntax error/);
    // Its stack is the caller's, not the message handler's.
    expect((syntax as Error).stack).toContain('pglite-worker.test.ts');
  });

  it('lets nobody else in while a transaction holds the connection, and rolls back on a throw', async () => {
    const order: string[] = [];
    const trx = inWorker.transaction().execute(async (t) => {
      await t.insertInto('users').values({ id: ID.tx1, name: 'in tx' }).execute();
      order.push('tx inserted');
      await new Promise((r) => setTimeout(r, 150));
      order.push('tx done');
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = inWorker.selectFrom('users').select('id').where('id', '=', ID.tx1).execute().then((rows) => {
      order.push('outside read');
      return rows;
    });
    await trx;
    expect(await outside).toEqual([{ id: ID.tx1 }]);
    expect(order).toEqual(['tx inserted', 'tx done', 'outside read']);

    const rolledBack = await inWorker
      .transaction()
      .execute(async (t) => {
        await t.insertInto('users').values({ id: ID.tx2, name: 'gone' }).execute();
        throw new Error('changed my mind');
      })
      .catch((e: unknown) => (e as Error).message);
    expect(rolledBack).toBe('changed my mind');
    expect(await inWorker.selectFrom('users').select('id').where('id', 'in', [ID.tx2]).execute()).toEqual([]);
    await inWorker.deleteFrom('users').where('id', '=', ID.tx1).execute();
  });

  it('keeps statements sent without waiting in the order they were sent, around a transaction', async () => {
    const log = (label: string) => sql`insert into users (id, name) values (gen_random_uuid(), ${label})`.execute(inWorker);
    const sent = [
      log('order-1'),
      inWorker.transaction().execute(async (t) => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from users where name like 'order-%'`.execute(t);
        await sql`insert into users (id, name) values (gen_random_uuid(), ${`order-2 saw ${rows[0]!.n}`})`.execute(t);
      }),
      log('order-3'),
      log('order-4'),
    ];
    await Promise.all(sent);
    const { rows } = await sql<{ name: string }>`select name from users where name like 'order-%' order by created_at, name`.execute(inWorker);
    expect(rows.map((r) => r.name)).toEqual(['order-1', 'order-2 saw 1', 'order-3', 'order-4']);
    await sql`delete from users where name like 'order-%'`.execute(inWorker);
  });

  it('runs nothing of a transaction whose BEGIN failed (BEGIN is not waited for)', async () => {
    // Leave the session inside a transaction behind the driver's back, so the next BEGIN
    // with an isolation level fails.
    await sql`begin`.execute(inWorker);
    await sql`select 1`.execute(inWorker);
    const err = await inWorker
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (t) => {
        await t.insertInto('users').values({ id: ID.tx2, name: 'must not exist' }).execute();
      })
      .catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^The transaction did not begin: SET TRANSACTION ISOLATION LEVEL must be called before any query/);
    await sql`rollback`.execute(inWorker);
    expect(await inWorker.selectFrom('users').select('id').where('id', '=', ID.tx2).execute()).toEqual([]);
    // And the next transaction is not affected.
    await inWorker.transaction().execute((t) => t.insertInto('users').values({ id: ID.tx2, name: 'fine' }).execute());
    expect(await inWorker.selectFrom('users').select('name').where('id', '=', ID.tx2).execute()).toEqual([{ name: 'fine' }]);
    await inWorker.deleteFrom('users').where('id', '=', ID.tx2).execute();
  });

  it('after a failed COMMIT, sends no ROLLBACK into the transaction that follows', async () => {
    await sql`create table deferred_check (x int unique deferrable initially deferred)`.execute(inWorker);
    const failing = inWorker.transaction().execute(async (t) => {
      await sql`insert into deferred_check values (1), (1)`.execute(t); // fails only at COMMIT
    });
    // Queued behind it: takes the session as soon as the COMMIT above is sent.
    const next = inWorker.transaction().execute(async (t) => {
      await sql`insert into deferred_check values (2)`.execute(t);
      await new Promise((r) => setTimeout(r, 50)); // a stray ROLLBACK would land in here
      await sql`insert into deferred_check values (3)`.execute(t);
    });
    await expect(failing).rejects.toThrow(/duplicate key value violates unique constraint/);
    await next;
    const { rows } = await sql<{ x: number }>`select x from deferred_check order by x`.execute(inWorker);
    expect(rows.map((r) => r.x)).toEqual([2, 3]);
    await sql`drop table deferred_check`.execute(inWorker);
  });

  it('keeps the event loop running while a query runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await sql`select pg_sleep(0.3)`.execute(inWorker);
    clearInterval(timer);
    // In-thread the loop would not turn once during those 300 ms.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });

  it('refuses parameters that would change on the way instead of sending them changed', async () => {
    class Money {
      toString() {
        return '1.00';
      }
    }
    await expect(client.query('select $1::text', [new Money()])).rejects.toThrow(/parameter \$1 is a Money instance/);
    await expect(client.query('select $1::text[]', [[() => 1]])).rejects.toThrow(/an array holding a function/);
    expect((await client.query('select $1::text as t', ['still fine'])).rows).toEqual([{ t: 'still fine' }]);
  });
});
