import { sql, type Kysely, type Selectable } from 'kysely';
import { llmCallRecordSchema, type LlmCallRecord } from './ledger';
import { redactText } from '../security/redact';

/** The llm_calls table (migration 0006), declared here so the LLM layer owns its storage. */
export interface LlmCallsTable {
  id: string;
  at: Date;
  run_id: string;
  node_id: string;
  purpose: string;
  model: string;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  latency_ms: number;
  ok: boolean;
  error: string | null;
  attempts: number;
  usage_estimated: boolean;
}

/** A count as stored, or 0 when a row written before usage was checked holds nonsense (e.g. negative). */
const count = (n: unknown): { value: number; ok: boolean } => {
  const v = Number(n);
  return Number.isSafeInteger(v) && v >= 0 ? { value: v, ok: true } : { value: 0, ok: false };
};

/**
 * Rows are read leniently: one bad row (from an older version that stored a provider's
 * negative token count as is) must not make a run's usage unreadable for ever.
 */
const toRecord = (r: Selectable<LlmCallsTable>): LlmCallRecord => {
  const input = count(r.input_tokens);
  const output = count(r.output_tokens);
  const cost = Number(r.cost_usd);
  return llmCallRecordSchema.parse({
    id: r.id,
    at: new Date(r.at).toISOString(),
    runId: r.run_id,
    nodeId: r.node_id,
    purpose: r.purpose,
    model: r.model,
    inputTokens: input.value,
    outputTokens: output.value,
    costUsd: Number.isFinite(cost) && cost >= 0 ? cost : 0,
    latencyMs: Math.max(0, Number(r.latency_ms) || 0),
    ok: r.ok,
    error: r.error,
    attempts: count(r.attempts).value,
    usageEstimated: r.usage_estimated || !input.ok || !output.ok,
  });
};

/** Stores every model call so usage per call, node and run survives the process. */
export function llmCallStore(kysely: Kysely<unknown>) {
  const db = kysely.withTables<{ llm_calls: LlmCallsTable }>() as unknown as Kysely<{ llm_calls: LlmCallsTable }>;
  return {
    async insert(r: LlmCallRecord): Promise<void> {
      await db
        .insertInto('llm_calls')
        .values({
          id: r.id,
          at: new Date(r.at),
          run_id: r.runId,
          node_id: r.nodeId,
          purpose: r.purpose,
          model: r.model,
          input_tokens: r.inputTokens,
          output_tokens: r.outputTokens,
          cost_usd: r.costUsd,
          latency_ms: Math.round(r.latencyMs),
          ok: r.ok,
          error: r.error === null ? null : redactText(r.error),
          attempts: r.attempts,
          usage_estimated: r.usageEstimated,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },

    async forRun(runId: string): Promise<LlmCallRecord[]> {
      const rows = await db.selectFrom('llm_calls').selectAll().where('run_id', '=', runId).orderBy('at').orderBy('id').execute();
      return rows.map(toRecord);
    },

    /** Calls stored at or after `since` (every process of the lab), summed: today's budget use. */
    async totalsSince(since: Date): Promise<{ calls: number; inputTokens: number; outputTokens: number; costUsd: number }> {
      const row = await db
        .selectFrom('llm_calls')
        .select((eb) => [
          eb.fn.countAll<string | number>().as('calls'),
          eb.fn.coalesce(eb.fn.sum<string | number>('input_tokens'), sql<number>`0`).as('input'),
          eb.fn.coalesce(eb.fn.sum<string | number>('output_tokens'), sql<number>`0`).as('output'),
          eb.fn.coalesce(eb.fn.sum<string | number>('cost_usd'), sql<number>`0`).as('cost'),
        ])
        .where('at', '>=', since)
        .executeTakeFirstOrThrow();
      return { calls: Number(row.calls), inputTokens: Number(row.input), outputTokens: Number(row.output), costUsd: Number(row.cost) };
    },

    /**
     * What the ledger needs after a restart: today's calls (the daily request limit) and the
     * calls of runs still open (their token budget), each once.
     */
    async forRestore(since: Date, openRunIds: readonly string[]): Promise<LlmCallRecord[]> {
      let q = db.selectFrom('llm_calls').selectAll().where('at', '>=', since);
      if (openRunIds.length > 0) q = db.selectFrom('llm_calls').selectAll().where((eb) => eb.or([eb('at', '>=', since), eb('run_id', 'in', [...openRunIds])]));
      const rows = await q.orderBy('at').execute();
      return rows.map(toRecord);
    },
  };
}
export type LlmCallStore = ReturnType<typeof llmCallStore>;
