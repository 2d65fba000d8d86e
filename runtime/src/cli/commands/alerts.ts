import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isUuid } from '../../api/schemas';
import { alertAckResponseSchema, alertListResponseSchema, type AlertView } from '@coinlab/shared';
import { alertView } from '../../alerts/view';
import { DEFAULT_ACKNOWLEDGER } from '../../alerts/acknowledger';
import { ALERTS_HELP } from './alerts-help';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import { ApiError, type ServerApi } from '../remote/server-api';

const listAnswer = alertListResponseSchema;
const ackAnswer = alertAckResponseSchema;

/** What an alerts command does, wherever the alerts are (a running server, or the database). */
interface AlertsAccess {
  list(all: boolean, limit: number): Promise<z.infer<typeof listAnswer>>;
  /** Ids acknowledged, or the problem (an unknown id) — nothing changed then. */
  acknowledge(ids: string[] | 'all', by: string): Promise<{ ok: true; acknowledged: string[] } | { ok: false; message: string }>;
  close(): Promise<void>;
}

export async function alertsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { all: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' }, by: { type: 'string' } } });
  const [sub, ...ids] = positionals;
  if (sub !== undefined && sub !== 'ack') throw new UsageError(`unknown alerts command "${sub}"\n\n${ALERTS_HELP}`);
  const limit = values.limit === undefined ? 200 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit must be a whole number between 1 and 1000, not "${values.limit}"`);
  const by = values.by?.trim() || DEFAULT_ACKNOWLEDGER;
  if (by.length > 200) throw new UsageError('--by must be at most 200 characters');
  if (sub === 'ack') {
    if (values.all && ids.length) throw new UsageError('give alert ids or --all, not both');
    if (!values.all && ids.length === 0) throw new UsageError('usage: coinlab alerts ack ID [ID...] | --all');
    const bad = ids.find((id) => !isUuid(id));
    if (bad) throw new UsageError(`"${bad}" is not an alert id (ids look like 0b7c…-…; see \`coinlab alerts\`)`);
  }
  const access = await openAccess();
  try {
    if (sub === 'ack') {
      const r = await access.acknowledge(values.all ? 'all' : ids, by);
      if (!r.ok) {
        process.stderr.write(`${r.message}; nothing was acknowledged\n`);
        return EXIT.invalid;
      }
      process.stdout.write(`acknowledged ${r.acknowledged.length} alert${r.acknowledged.length === 1 ? '' : 's'}\n`);
      return EXIT.ok;
    }
    const { alerts, unacknowledged } = await access.list(values.all ?? false, limit);
    if (values.json) process.stdout.write(`${JSON.stringify({ alerts, unacknowledged }, null, 2)}\n`);
    else {
      for (const a of alerts) process.stdout.write(`${alertLine(a)}\n`);
      process.stdout.write(`${unacknowledged} open alert${unacknowledged === 1 ? '' : 's'}\n`);
    }
    return EXIT.ok;
  } finally {
    await access.close();
  }
}

/** `<id>  <time>  <severity>  <kind>  <message>` and, when acknowledged, by whom and when. */
export function alertLine(a: AlertView): string {
  const ack = a.acknowledgedAt ? `  [acknowledged by ${a.acknowledgedBy ?? '?'} at ${a.acknowledgedAt}]` : '';
  return `${a.id}  ${a.createdAt}  ${a.severity.padEnd(8)}  ${a.kind.padEnd(20)}  ${a.message}${ack}`;
}

async function openAccess(): Promise<AlertsAccess> {
  const target = await openCliTarget();
  if (target.kind === 'remote') return remoteAccess(target.server);
  const runtime = target.runtime;
  const alerts = runtime.alerts;
  return {
    async list(all, limit) {
      const [list, unacknowledged] = await Promise.all([alerts.list(runtime.ownerId, { all, limit }), alerts.countUnacknowledged(runtime.ownerId)]);
      return { alerts: list.map(alertView), unacknowledged };
    },
    async acknowledge(ids, by) {
      if (ids === 'all') return { ok: true, acknowledged: (await alerts.acknowledgeAll(runtime.ownerId, by)).map((a) => a.id) };
      const r = await alerts.acknowledge(runtime.ownerId, ids, by);
      return r.ok ? { ok: true, acknowledged: ids } : { ok: false, message: r.message };
    },
    close: () => runtime.close(),
  };
}

function remoteAccess(server: ServerApi): AlertsAccess {
  return {
    list: (all, limit) => server.request(`/alerts?limit=${limit}${all ? '&all=1' : ''}`, listAnswer),
    async acknowledge(ids, by) {
      try {
        const body = ids === 'all' ? { all: true, by } : { ids, by };
        const r = await server.request('/alerts/acknowledge', ackAnswer, { method: 'POST', body: JSON.stringify(body), contentType: 'application/json' });
        return { ok: true, acknowledged: ids === 'all' ? r.acknowledged : ids };
      } catch (err) {
        if (err instanceof ApiError && err.status < 500) return { ok: false, message: err.problem.problems?.map((p) => p.message).join('; ') ?? err.message };
        throw err;
      }
    },
    close: async () => {},
  };
}
