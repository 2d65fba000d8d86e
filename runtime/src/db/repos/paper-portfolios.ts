import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, PaperPortfoliosTable } from '../schema';
import { degradationSchema, graduationCriteriaSchema, paperBooksSchema, researchScoreSchema, type Degradation, type GraduationCriteria, type PaperBooks, type PaperStatus, type ResearchScore } from '../../paper/schemas';

export interface PaperPortfolioRecord {
  id: string;
  ownerId: string;
  name: string;
  graphId: string;
  graphVersion: number;
  /** The backtest.long_flat node whose rules it trades. */
  nodeId: string;
  coins: string[];
  /** Bars opening at or after this (epoch ms) are traded. */
  startTs: number;
  criteria: GraduationCriteria;
  status: PaperStatus;
  books: PaperBooks;
  /** The newest stored bar (epoch ms) a step has fired a run for; newer data fires the next. */
  watermark: number | null;
  /** A run fired and not yet read into the books. */
  pendingRunId: string | null;
  lastRunId: string | null;
  lastStepAt: Date | null;
  lastError: string | null;
  graduationReadyAt: Date | null;
  /** The performance-degradation rule (null: off). */
  degradation: Degradation | null;
  /** The research score the paper record is compared with (null: not known yet). */
  research: ResearchScore | null;
  /** Since when the record is degraded (null: it is not). */
  degradedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type PaperPortfolioPatch = Partial<Pick<PaperPortfolioRecord, 'status' | 'books' | 'watermark' | 'pendingRunId' | 'lastRunId' | 'lastStepAt' | 'lastError' | 'graduationReadyAt' | 'research' | 'degradedAt'>>;

const toRecord = (r: Selectable<PaperPortfoliosTable>): PaperPortfolioRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  graphId: r.graph_id,
  graphVersion: r.graph_version,
  nodeId: r.node_id,
  coins: r.coins,
  startTs: Number(r.start_ts),
  criteria: graduationCriteriaSchema.parse(r.criteria),
  status: r.status as PaperStatus,
  books: paperBooksSchema.parse(r.books),
  watermark: r.watermark === null ? null : Number(r.watermark),
  pendingRunId: r.pending_run_id,
  lastRunId: r.last_run_id,
  lastStepAt: r.last_step_at,
  lastError: r.last_error,
  graduationReadyAt: r.graduation_ready_at,
  degradation: r.degradation === null ? null : degradationSchema.parse(r.degradation),
  research: r.research === null ? null : researchScoreSchema.parse(r.research),
  degradedAt: r.degraded_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function toColumns(p: PaperPortfolioPatch): Updateable<PaperPortfoliosTable> {
  const c: Updateable<PaperPortfoliosTable> = {};
  if (p.status !== undefined) c.status = p.status;
  if (p.books !== undefined) c.books = JSON.stringify(p.books);
  if (p.watermark !== undefined) c.watermark = p.watermark;
  if (p.pendingRunId !== undefined) c.pending_run_id = p.pendingRunId;
  if (p.lastRunId !== undefined) c.last_run_id = p.lastRunId;
  if (p.lastStepAt !== undefined) c.last_step_at = p.lastStepAt;
  if (p.lastError !== undefined) c.last_error = p.lastError;
  if (p.graduationReadyAt !== undefined) c.graduation_ready_at = p.graduationReadyAt;
  if (p.research !== undefined) c.research = p.research === null ? null : JSON.stringify(p.research);
  if (p.degradedAt !== undefined) c.degraded_at = p.degradedAt;
  return c;
}

/** Stored paper portfolios. Works on a transaction too (a step locks and updates within one). */
export function paperPortfoliosRepo(db: Kysely<Database>) {
  return {
    async create(input: Pick<PaperPortfolioRecord, 'ownerId' | 'name' | 'graphId' | 'graphVersion' | 'nodeId' | 'coins' | 'startTs' | 'criteria' | 'books' | 'watermark' | 'degradation' | 'research'>): Promise<PaperPortfolioRecord> {
      const row = await db
        .insertInto('paper_portfolios')
        .values({
          id: randomUUID(),
          owner_id: input.ownerId,
          name: input.name,
          graph_id: input.graphId,
          graph_version: input.graphVersion,
          node_id: input.nodeId,
          coins: input.coins,
          start_ts: input.startTs,
          criteria: JSON.stringify(input.criteria),
          status: 'active',
          books: JSON.stringify(input.books),
          watermark: input.watermark,
          degradation: input.degradation === null ? null : JSON.stringify(input.degradation),
          research: input.research === null ? null : JSON.stringify(input.research),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async get(id: string): Promise<PaperPortfolioRecord | undefined> {
      const row = await db.selectFrom('paper_portfolios').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    /** The row, locked until the transaction ends: of several instances stepping at once, one steps. */
    async lock(id: string): Promise<PaperPortfolioRecord | undefined> {
      const row = await db.selectFrom('paper_portfolios').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      return row && toRecord(row);
    },
    async list(ownerId?: string): Promise<PaperPortfolioRecord[]> {
      let q = db.selectFrom('paper_portfolios').selectAll();
      if (ownerId !== undefined) q = q.where('owner_id', '=', ownerId);
      return (await q.orderBy('created_at').orderBy('id').execute()).map(toRecord);
    },
    async update(id: string, patch: PaperPortfolioPatch): Promise<PaperPortfolioRecord | undefined> {
      const row = await db
        .updateTable('paper_portfolios')
        .set({ ...toColumns(patch), updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row && toRecord(row);
    },
    async delete(id: string): Promise<boolean> {
      const r = await db.deleteFrom('paper_portfolios').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    /**
     * Portfolios with something to do: a fired run to read, or (active ones) a bar of their coins
     * newer than their watermark. One query, as the new-data triggers' poll.
     */
    async withWork(): Promise<string[]> {
      const { rows } = await sql<{ id: string }>`
        select t.id from paper_portfolios t
         where t.pending_run_id is not null
            or (t.status = 'active' and exists (
                  select 1 from unnest(t.coins) as c(coin)
                   where (select max(p.ts) from price_data_5min p where p.coin = c.coin) > coalesce(t.watermark, -1)))
         order by t.created_at, t.id`.execute(db);
      return rows.map((r) => r.id);
    },
  };
}
