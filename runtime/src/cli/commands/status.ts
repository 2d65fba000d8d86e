import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import type { ServerApi } from '../remote/server-api';

import { STATUS_HELP } from './status-help';

const statusSchema = z.object({
  schedules: z.array(z.object({ id: z.string(), name: z.string(), cron: z.string(), timezone: z.string(), paused: z.boolean(), nextFireAt: z.string().nullable() })),
  triggers: z.array(z.object({ id: z.string(), name: z.string(), paused: z.boolean() })),
  runs: z.object({ running: z.number(), queued: z.number(), awaiting: z.number() }),
  experiments: z.array(z.object({ id: z.string(), name: z.string() })),
  openAlerts: z.number(),
  llm: z.object({ requestsToday: z.number(), dailyRequestLimit: z.number().nullable() }),
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

/** The status as lines a person reads top to bottom. */
export function formatStatus(s: Status): string {
  const lines: string[] = [`schedules: ${s.schedules.length}`];
  for (const x of s.schedules) lines.push(`  ${x.id}  ${x.name}  ${x.cron} (${x.timezone})  ${x.paused ? 'PAUSED' : x.nextFireAt ? `next ${x.nextFireAt}` : 'ended'}`);
  lines.push(`data triggers: ${s.triggers.length}`);
  for (const t of s.triggers) lines.push(`  ${t.id}  ${t.name}  ${t.paused ? 'PAUSED' : 'active'}`);
  lines.push(`runs: ${s.runs.running} running, ${s.runs.queued} queued, ${s.runs.awaiting} waiting for a person`);
  lines.push(`experiments running: ${s.experiments.length}`);
  for (const e of s.experiments) lines.push(`  ${e.id}  ${e.name}`);
  lines.push(`open alerts: ${s.openAlerts}`);
  lines.push(`LLM requests today: ${s.llm.requestsToday}${s.llm.dailyRequestLimit !== null ? ` of ${s.llm.dailyRequestLimit}` : ''}`);
  return `${lines.join('\n')}\n`;
}

async function readStatus(): Promise<Status> {
  const target = await openCliTarget();
  if (target.kind === 'remote') return remoteStatus(target.server);
  const rt = target.runtime;
  try {
    const count = async (status: 'running' | 'queued' | 'awaiting') => (await rt.store.runs.list({ ownerId: rt.ownerId, status, limit: RUN_COUNT_CAP })).length;
    const [schedules, triggers, experiments, running, queued, awaiting, openAlerts] = await Promise.all([
      rt.schedules.list(),
      rt.dataTriggers.list(),
      rt.experiments.list(),
      count('running'),
      count('queued'),
      count('awaiting'),
      rt.alerts.countUnacknowledged(),
    ]);
    const cfg = rt.llm.config;
    return {
      schedules: schedules.map((s) => ({ id: s.id, name: s.name, cron: s.cron, timezone: s.timezone, paused: s.paused, nextFireAt: s.nextFireAt ? s.nextFireAt.toISOString() : null })),
      triggers: triggers.map((t) => ({ id: t.id, name: t.name, paused: t.paused })),
      runs: { running, queued, awaiting },
      experiments: experiments.filter((e) => e.status === 'running').map((e) => ({ id: e.id, name: e.name })),
      openAlerts,
      llm: { requestsToday: rt.llm.ledger.requestsOn(), dailyRequestLimit: cfg.configured ? cfg.dailyRequestLimit : null },
    };
  } finally {
    await rt.close();
  }
}

async function remoteStatus(server: ServerApi): Promise<Status> {
  const runs = (status: string) => server.request(`/runs?status=${status}&limit=${RUN_COUNT_CAP}`, z.object({ runs: z.array(z.unknown()) })).then((r) => r.runs.length);
  const [schedules, triggers, experiments, running, queued, awaiting, alerts, llm] = await Promise.all([
    server.request('/schedules', z.object({ schedules: statusSchema.shape.schedules })),
    server.request('/data-triggers', z.object({ triggers: statusSchema.shape.triggers })),
    server.request('/experiments', z.object({ experiments: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })) })),
    runs('running'),
    runs('queued'),
    runs('awaiting'),
    server.request('/alerts?limit=1', z.object({ unacknowledged: z.number() })),
    server.request('/llm', z.object({ requestsToday: z.number(), dailyRequestLimit: z.number().nullable() })),
  ]);
  return {
    schedules: schedules.schedules.map((s) => ({ id: s.id, name: s.name, cron: s.cron, timezone: s.timezone, paused: s.paused, nextFireAt: s.nextFireAt })),
    triggers: triggers.triggers.map((t) => ({ id: t.id, name: t.name, paused: t.paused })),
    runs: { running, queued, awaiting },
    experiments: experiments.experiments.filter((e) => e.status === 'running').map((e) => ({ id: e.id, name: e.name })),
    openAlerts: alerts.unacknowledged,
    llm: { requestsToday: llm.requestsToday, dailyRequestLimit: llm.dailyRequestLimit },
  };
}
