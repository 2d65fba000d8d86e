import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import type { ServerApi } from '../remote/server-api';
import { alertListResponseSchema, dataTriggerListResponseSchema, dataTriggerSchema, llmStatusSchema, paperListResponseSchema, runListResponseSchema, scheduleListResponseSchema, scheduleSchema, type LlmStatus } from '@coinlab/shared';
import { llmStatus } from '../../status/llm-budget';

import { STATUS_HELP } from './status-help';

const statusSchema = z.object({
  schedules: z.array(scheduleSchema.pick({ id: true, name: true, cron: true, timezone: true, paused: true, nextFireAt: true, queuedFireAt: true })),
  triggers: z.array(dataTriggerSchema.pick({ id: true, name: true, paused: true })),
  runs: z.object({ running: z.number(), queued: z.number(), awaiting: z.number() }),
  /** Running and paused experiments, with their LLM spend today against their own daily budget. */
  experiments: z.array(z.object({ id: z.string(), name: z.string(), status: z.enum(['running', 'paused']), llmSpentTodayUsd: z.number(), llmDailyBudgetUsd: z.number() })),
  paper: z.object({ active: z.number(), paused: z.number() }),
  openAlerts: z.number(),
  llm: llmStatusSchema.pick({ requestsToday: true, dailyRequestLimit: true, today: true }),
});
type Status = z.infer<typeof statusSchema>;

const RUN_COUNT_CAP = 500;

export async function statusCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length) throw new UsageError(`coinlab status takes no arguments, not "${positionals[0]}"\n\n${STATUS_HELP}`);
  const status = await readStatus();
  process.stdout.write(values.json ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
  return EXIT.ok;
}

/** Dollars to the hundredth of a cent: LLM calls are cheap one by one. */
const usd = (n: number) => `$${n.toFixed(4)}`;

/** The experiments of the status: those not stopped, with their spend from the LLM status. */
const withSpend = (llm: LlmStatus): Status['experiments'] => llm.experiments.map((e) => ({ id: e.id, name: e.name, status: e.status, llmSpentTodayUsd: e.spentTodayUsd, llmDailyBudgetUsd: e.dailyBudgetUsd }));
const llmLine = (llm: LlmStatus): Status['llm'] => ({ requestsToday: llm.requestsToday, dailyRequestLimit: llm.dailyRequestLimit, today: llm.today });

/** The status as lines a person reads top to bottom. */
export function formatStatus(s: Status): string {
  const lines: string[] = [`schedules: ${s.schedules.length}`];
  for (const x of s.schedules) lines.push(`  ${x.id}  ${x.name}  ${x.cron} (${x.timezone})  ${x.paused ? 'PAUSED' : x.nextFireAt ? `next ${x.nextFireAt}` : 'ended'}${x.queuedFireAt ? `  1 fire waiting (${x.queuedFireAt}) for the previous run` : ''}`);
  lines.push(`data triggers: ${s.triggers.length}`);
  for (const t of s.triggers) lines.push(`  ${t.id}  ${t.name}  ${t.paused ? 'PAUSED' : 'active'}`);
  lines.push(`runs: ${s.runs.running} running, ${s.runs.queued} queued, ${s.runs.awaiting} waiting for a person`);
  const paused = s.experiments.filter((e) => e.status === 'paused').length;
  lines.push(`experiments: ${s.experiments.length - paused} running, ${paused} paused`);
  for (const e of s.experiments) lines.push(`  ${e.id}  ${e.name}  ${e.status === 'paused' ? 'PAUSED' : 'running'}  LLM today ${usd(e.llmSpentTodayUsd)}${e.llmDailyBudgetUsd > 0 ? ` of ${usd(e.llmDailyBudgetUsd)}` : ' (no LLM budget)'}`);
  lines.push(`paper portfolios: ${s.paper.active} active, ${s.paper.paused} paused`);
  lines.push(`open alerts: ${s.openAlerts}`);
  const t = s.llm.today;
  lines.push(`LLM today: ${s.llm.requestsToday} requests${s.llm.dailyRequestLimit !== null ? ` of ${s.llm.dailyRequestLimit}` : ''}, ${t.calls} calls, ${t.totalTokens} tokens (${t.inputTokens} in, ${t.outputTokens} out), ${usd(t.costUsd)}`);
  return `${lines.join('\n')}\n`;
}

async function readStatus(): Promise<Status> {
  const target = await openCliTarget();
  if (target.kind === 'remote') return remoteStatus(target.server);
  const rt = target.runtime;
  try {
    const count = async (status: 'running' | 'queued' | 'awaiting') => (await rt.store.runs.list({ ownerId: rt.ownerId, status, limit: RUN_COUNT_CAP })).length;
    const [schedules, triggers, portfolios, running, queued, awaiting, openAlerts, llm] = await Promise.all([
      rt.schedules.list(rt.ownerId),
      rt.dataTriggers.list(rt.ownerId),
      rt.paper.list(rt.ownerId),
      count('running'),
      count('queued'),
      count('awaiting'),
      rt.alerts.countUnacknowledged(rt.ownerId),
      llmStatus({ db: rt.store.kysely, ownerId: rt.ownerId, llm: rt.llm }),
    ]);
    return {
      schedules: schedules.map((s) => ({ id: s.id, name: s.name, cron: s.cron, timezone: s.timezone, paused: s.paused, nextFireAt: s.nextFireAt ? s.nextFireAt.toISOString() : null, queuedFireAt: s.queuedFireAt ? s.queuedFireAt.toISOString() : null })),
      triggers: triggers.map((t) => ({ id: t.id, name: t.name, paused: t.paused })),
      runs: { running, queued, awaiting },
      experiments: withSpend(llm),
      paper: paperCounts(portfolios),
      openAlerts,
      llm: llmLine(llm),
    };
  } finally {
    await rt.close();
  }
}

async function remoteStatus(server: ServerApi): Promise<Status> {
  const runs = (status: string) => server.request(`/runs?status=${status}&limit=${RUN_COUNT_CAP}`, runListResponseSchema).then((r) => r.runs.length);
  const [schedules, triggers, paper, running, queued, awaiting, alerts, llm] = await Promise.all([
    server.request('/schedules', scheduleListResponseSchema),
    server.request('/data-triggers', dataTriggerListResponseSchema),
    server.request('/paper', paperListResponseSchema),
    runs('running'),
    runs('queued'),
    runs('awaiting'),
    server.request('/alerts?limit=1', alertListResponseSchema),
    server.request('/llm', llmStatusSchema),
  ]);
  return {
    schedules: schedules.schedules.map((s) => ({ id: s.id, name: s.name, cron: s.cron, timezone: s.timezone, paused: s.paused, nextFireAt: s.nextFireAt, queuedFireAt: s.queuedFireAt })),
    triggers: triggers.triggers.map((t) => ({ id: t.id, name: t.name, paused: t.paused })),
    runs: { running, queued, awaiting },
    experiments: withSpend(llm),
    paper: paperCounts(paper.portfolios),
    openAlerts: alerts.unacknowledged,
    llm: llmLine(llm),
  };
}

function paperCounts(portfolios: readonly { status: string }[]): Status['paper'] {
  return { active: portfolios.filter((p) => p.status === 'active').length, paused: portfolios.filter((p) => p.status === 'paused').length };
}
