import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, WebhooksTable } from '../schema';
import { toJsonb } from '../json';
import type { AlertKind } from '../../alerts/schemas';

export interface WebhookRecord {
  id: string;
  ownerId: string;
  url: string;
  secret: string;
  /** Empty: every kind. */
  kinds: AlertKind[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookPatch {
  url?: string;
  secret?: string;
  kinds?: AlertKind[];
  enabled?: boolean;
}

const toRecord = (r: Selectable<WebhooksTable>): WebhookRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  url: r.url,
  secret: r.secret,
  kinds: Array.isArray(r.kinds) ? (r.kinds as AlertKind[]) : [], // written only through webhook schemas
  enabled: r.enabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function toColumns(p: WebhookPatch): Updateable<WebhooksTable> {
  const c: Updateable<WebhooksTable> = {};
  if (p.url !== undefined) c.url = p.url;
  if (p.secret !== undefined) c.secret = p.secret;
  if (p.kinds !== undefined) c.kinds = toJsonb(p.kinds);
  if (p.enabled !== undefined) c.enabled = p.enabled;
  return c;
}

/** Stored webhooks (where alerts are sent). */
export function webhooksRepo(db: Kysely<Database>) {
  return {
    async create(input: Required<WebhookPatch> & { ownerId: string }): Promise<WebhookRecord> {
      const row = await db
        .insertInto('webhooks')
        .values({ id: randomUUID(), owner_id: input.ownerId, url: input.url, secret: input.secret, kinds: toJsonb(input.kinds), enabled: input.enabled })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },

    async get(id: string): Promise<WebhookRecord | undefined> {
      const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    async list(ownerId: string): Promise<WebhookRecord[]> {
      const rows = await db.selectFrom('webhooks').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    async update(id: string, patch: WebhookPatch): Promise<WebhookRecord | undefined> {
      const row = await db
        .updateTable('webhooks')
        .set({ ...toColumns(patch), updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async delete(id: string): Promise<boolean> {
      const r = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** Enabled webhooks of the owner that want alerts of `kind`. */
    async subscribedTo(ownerId: string, kind: AlertKind): Promise<WebhookRecord[]> {
      const rows = await db.selectFrom('webhooks').selectAll().where('owner_id', '=', ownerId).where('enabled', '=', true).execute();
      return rows.map(toRecord).filter((w) => w.kinds.length === 0 || w.kinds.includes(kind));
    },
  };
}
export type WebhooksRepo = ReturnType<typeof webhooksRepo>;
