import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';

/**
 * Tests: a write backlog on demand. Locks `table` in a transaction until `release()` (on the
 * embedded database the transaction holds the whole database). Resolves once the lock is held.
 */
export async function holdTable(kysely: Kysely<Database>, table: keyof Database): Promise<{ release(): Promise<void> }> {
  let free!: () => void;
  const freed = new Promise<void>((r) => (free = r));
  let held!: () => void;
  const isHeld = new Promise<void>((r) => (held = r));
  const done = kysely.transaction().execute(async (trx) => {
    await sql`lock table ${sql.table(table)} in exclusive mode`.execute(trx);
    held();
    await freed;
  });
  await Promise.race([isHeld, done]);
  return {
    async release() {
      free();
      await done;
    },
  };
}
