import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, NodeOutputsTable } from '../schema';
import type { NodeOutputRecord } from '../records';

const toRecord = (r: Selectable<NodeOutputsTable>): NodeOutputRecord => ({
  signature: r.signature,
  nodeType: r.node_type,
  outputs: r.outputs,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  sizeBytes: r.size_bytes,
});

/** The engine's output cache, keyed by content signature. Values are the caller's serialized text. */
export function nodeOutputsRepo(db: Kysely<Database>) {
  return {
    async get(signature: string): Promise<NodeOutputRecord | undefined> {
      const row = await db.selectFrom('node_outputs').selectAll().where('signature', '=', signature).executeTakeFirst();
      return row && toRecord(row);
    },

    /** Stores (or replaces) the outputs for a signature. */
    async put(input: { signature: string; nodeType: string; outputs: string }): Promise<void> {
      const sizeBytes = Buffer.byteLength(input.outputs, 'utf8');
      await db
        .insertInto('node_outputs')
        .values({ signature: input.signature, node_type: input.nodeType, outputs: input.outputs, size_bytes: sizeBytes })
        .onConflict((oc) =>
          oc.column('signature').doUpdateSet({
            node_type: input.nodeType,
            outputs: input.outputs,
            size_bytes: sizeBytes,
            last_used_at: sql<Date>`now()`,
          }),
        )
        .execute();
    },

    /** Marks a cache hit, so eviction keeps what is still used. */
    async touch(signature: string): Promise<boolean> {
      const row = await db
        .updateTable('node_outputs')
        .set({ last_used_at: sql<Date>`now()` })
        .where('signature', '=', signature)
        .returning('signature')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Drops entries not used since `before`; returns how many. */
    async evictUnusedSince(before: Date): Promise<number> {
      const rows = await db.deleteFrom('node_outputs').where('last_used_at', '<', before).returning('signature').execute();
      return rows.length;
    },
  };
}
export type NodeOutputsRepo = ReturnType<typeof nodeOutputsRepo>;
