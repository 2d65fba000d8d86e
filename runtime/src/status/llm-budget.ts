import type { Kysely } from 'kysely';
import type { LlmStatus } from '@coinlab/shared';
import type { Database } from '../db/schema';
import { experimentsRepo } from '../db/repos/experiments';
import { experimentCreateSchema } from '@coinlab/shared';
import { utcDayStart } from '../experiments/stop-rules';
import { llmCallStore } from '../llm/call-store';
import { utcDay } from '../llm/ledger';
import type { ResolvedLlm, RuntimeLlm } from '../llm/runtime-llm';

/**
 * The LLM's configuration and today's budget use, one answer for `GET /llm` and
 * `coinlab status`: tokens and cost from the stored calls (every process of the lab, not only
 * this one's in-memory ledger), requests against the daily limit, and each running or paused
 * experiment's proposals today against its own daily budget.
 */
/** `resolved`: the asking user's provider (stored credentials); without it, the environment's. */
export async function llmStatus(o: { db: Kysely<Database>; ownerId: string; llm: RuntimeLlm; resolved?: ResolvedLlm; now?: Date }): Promise<LlmStatus> {
  const now = o.now ?? new Date();
  const since = utcDayStart(now);
  const cfg = o.resolved?.config ?? o.llm.config;
  const service = o.resolved?.service ?? o.llm;
  // The LLM layer declares its own table (call-store.ts), so it takes the database untyped.
  const totals = await llmCallStore(o.db as unknown as Kysely<unknown>).totalsSince(since);
  const repo = experimentsRepo(o.db);
  const experiments: LlmStatus['experiments'] = [];
  for (const e of await repo.list(o.ownerId)) {
    if (e.status !== 'running' && e.status !== 'paused') continue;
    const spec = experimentCreateSchema.safeParse(e.spec);
    const used = await repo.usageSince(e.id, since);
    experiments.push({ id: e.id, name: e.name, status: e.status, spentTodayUsd: used.llmCostUsd, dailyBudgetUsd: spec.success ? spec.data.limits.llmDailyBudgetUsd : 0 });
  }
  return {
    available: service.available,
    description: service.describe(),
    source: o.resolved?.source ?? (cfg.configured ? 'environment' : 'none'),
    model: cfg.configured ? cfg.model : null,
    runTokenBudget: cfg.configured ? cfg.runTokenBudget : null,
    dailyRequestLimit: cfg.configured ? cfg.dailyRequestLimit : null,
    requestsToday: o.llm.ledger.requestsOn(),
    today: { day: utcDay(now), calls: totals.calls, inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, totalTokens: totals.inputTokens + totals.outputTokens, costUsd: totals.costUsd },
    experiments,
  };
}
