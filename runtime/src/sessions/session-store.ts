import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { SESSION_STATUSES, FINAL_SESSION_STATUSES, type SessionStatus } from '@coinlab/shared';
import { toJsonb, toJsonbOrNull } from '../db/json';
import { redactText } from '../security/redact';

// The statuses are part of the API contract (shared/src/api/sessions.ts); the table's check constraint holds the same list.
export { SESSION_STATUSES, FINAL_SESSION_STATUSES, type SessionStatus };

/** The agent_sessions table (migration 0006), declared here so sessions own their storage. */
export interface AgentSessionsTable {
  id: string;
  owner_id: string;
  goal: string;
  preferences: unknown;
  status: string;
  message: string;
  plan: unknown;
  clarification: unknown;
  answers: unknown;
  graph_id: string | null;
  run_id: string | null;
  run_ids: unknown;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SessionRecord {
  id: string;
  ownerId: string;
  goal: string;
  preferences: unknown;
  status: SessionStatus;
  message: string;
  plan: unknown;
  clarification: unknown;
  answers: Record<string, string>;
  graphId: string | null;
  runId: string | null;
  runIds: string[];
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type SessionPatch = Partial<Pick<SessionRecord, 'status' | 'message' | 'plan' | 'clarification' | 'answers' | 'graphId' | 'runId' | 'runIds' | 'error'>>;

type Db = Kysely<{ agent_sessions: AgentSessionsTable }>;

const toRecord = (r: Selectable<AgentSessionsTable>): SessionRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  goal: r.goal,
  preferences: r.preferences,
  status: r.status as SessionStatus, // held by the column's check constraint
  message: r.message,
  plan: r.plan,
  clarification: r.clarification,
  answers: (r.answers && typeof r.answers === 'object' && !Array.isArray(r.answers) ? r.answers : {}) as Record<string, string>,
  graphId: r.graph_id,
  runId: r.run_id,
  runIds: Array.isArray(r.run_ids) ? (r.run_ids as string[]) : [],
  error: r.error,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export function sessionStore(kysely: Kysely<unknown>) {
  const db = kysely.withTables<{ agent_sessions: AgentSessionsTable }>() as unknown as Db;
  const get = async (id: string): Promise<SessionRecord | undefined> => {
    const row = await db.selectFrom('agent_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  };
  return {
    get,
    async create(input: { ownerId: string; goal: string; preferences: unknown; message: string }): Promise<SessionRecord> {
      const row = await db
        .insertInto('agent_sessions')
        .values({
          id: randomUUID(),
          owner_id: input.ownerId,
          goal: input.goal,
          preferences: toJsonb(input.preferences) as never,
          status: 'planning',
          message: redactText(input.message),
          plan: null,
          clarification: null,
          answers: '{}' as never,
          graph_id: null,
          run_id: null,
          run_ids: '[]' as never,
          error: null,
          created_at: sql<Date>`now()` as never,
          updated_at: sql<Date>`now()` as never,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async update(id: string, patch: SessionPatch): Promise<SessionRecord | undefined> {
      const set: Record<string, unknown> = { updated_at: sql<Date>`now()` };
      if (patch.status !== undefined) set.status = patch.status;
      // A planner's message or error may quote a provider's refusal, key included.
      if (patch.message !== undefined) set.message = redactText(patch.message);
      if (patch.plan !== undefined) set.plan = toJsonbOrNull(patch.plan);
      if (patch.clarification !== undefined) set.clarification = toJsonbOrNull(patch.clarification);
      if (patch.answers !== undefined) set.answers = toJsonb(patch.answers);
      if (patch.graphId !== undefined) set.graph_id = patch.graphId;
      if (patch.runId !== undefined) set.run_id = patch.runId;
      if (patch.runIds !== undefined) set.run_ids = toJsonb(patch.runIds);
      if (patch.error !== undefined) set.error = patch.error === null ? null : redactText(patch.error);
      const row = await db.updateTable('agent_sessions').set(set as never).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toRecord(row);
    },
    async list(filter: { ownerId: string; status?: SessionStatus; limit?: number }): Promise<SessionRecord[]> {
      let q = db.selectFrom('agent_sessions').selectAll().where('owner_id', '=', filter.ownerId);
      if (filter.status) q = q.where('status', '=', filter.status);
      const rows = await q.orderBy('created_at', 'desc').limit(filter.limit ?? 100).execute();
      return rows.map(toRecord);
    },
    async byRun(runId: string): Promise<SessionRecord | undefined> {
      const row = await db.selectFrom('agent_sessions').selectAll().where('run_id', '=', runId).executeTakeFirst();
      return row && toRecord(row);
    },
    /** Sessions not in a final status: resumed after a restart. */
    async open(): Promise<SessionRecord[]> {
      const rows = await db.selectFrom('agent_sessions').selectAll().where('status', 'in', ['planning', 'executing', 'awaiting_approval']).execute();
      return rows.map(toRecord);
    },
  };
}
export type SessionStore = ReturnType<typeof sessionStore>;
