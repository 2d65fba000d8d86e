import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ArtifactsTable, Database } from '../schema';
import type { ArtifactKind, ArtifactRecord, ArtifactSummary } from '../records';
import { toJsonb } from '../json';

type SummaryRow = Omit<Selectable<ArtifactsTable>, 'content'>;

const SUMMARY_COLUMNS = ['id', 'owner_id', 'run_id', 'node_id', 'kind', 'name', 'content_type', 'size_bytes', 'metadata', 'created_at'] as const;

const toSummary = (r: SummaryRow): ArtifactSummary => ({
  id: r.id,
  ownerId: r.owner_id,
  runId: r.run_id,
  nodeId: r.node_id,
  kind: r.kind as ArtifactKind, // held to ArtifactKind by the column's check constraint
  name: r.name,
  contentType: r.content_type,
  sizeBytes: r.size_bytes,
  metadata: (r.metadata ?? {}) as Record<string, unknown>,
  createdAt: r.created_at,
});

/** Charts, reports, models, tables and files produced by runs, stored in the database. */
export function artifactsRepo(db: Kysely<Database>) {
  return {
    /** Strings are stored as UTF-8. Returns the summary (no content). */
    async create(input: {
      ownerId: string;
      kind: ArtifactKind;
      name: string;
      contentType: string;
      content: Uint8Array | string;
      runId?: string | null;
      nodeId?: string | null;
      metadata?: Record<string, unknown>;
      id?: string;
    }): Promise<ArtifactSummary> {
      const content = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : Buffer.from(input.content.buffer, input.content.byteOffset, input.content.byteLength);
      const row = await db
        .insertInto('artifacts')
        .values({
          id: input.id ?? randomUUID(),
          owner_id: input.ownerId,
          run_id: input.runId ?? null,
          node_id: input.nodeId ?? null,
          kind: input.kind,
          name: input.name,
          content_type: input.contentType,
          content,
          size_bytes: content.byteLength,
          metadata: toJsonb(input.metadata ?? {}),
        })
        .returning(SUMMARY_COLUMNS)
        .executeTakeFirstOrThrow();
      return toSummary(row);
    },

    /** With content (as Uint8Array on both drivers). */
    async get(id: string): Promise<ArtifactRecord | undefined> {
      const row = await db.selectFrom('artifacts').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const c = row.content;
      return { ...toSummary(row), content: new Uint8Array(c.buffer, c.byteOffset, c.byteLength) };
    },

    /** A run's artifacts in creation order, without content. */
    async listByRun(runId: string): Promise<ArtifactSummary[]> {
      const rows = await db.selectFrom('artifacts').select(SUMMARY_COLUMNS).where('run_id', '=', runId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toSummary);
    },
  };
}
export type ArtifactsRepo = ReturnType<typeof artifactsRepo>;
