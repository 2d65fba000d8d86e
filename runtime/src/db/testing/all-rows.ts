import { sql } from 'kysely';
import type { Db } from '../open';

export interface StoredRow {
  schema: string;
  table: string;
  row: Record<string, unknown>;
}

/**
 * Every row of every table in every schema but the catalogs (graphile-worker's jobs too), for
 * tests that must see everything the runtime stored, e.g. that no secret was written anywhere.
 */
export async function allStoredRows(db: Db): Promise<StoredRow[]> {
  const tables = await sql<{ s: string; t: string }>`select table_schema as s, table_name as t from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`.execute(db.kysely);
  const out: StoredRow[] = [];
  for (const { s, t } of tables.rows) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(`${s}.${t}`)}`.execute(db.kysely);
    for (const row of result.rows) out.push({ schema: s, table: t, row });
  }
  return out;
}
