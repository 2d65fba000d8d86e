import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isUuid } from '../../api/schemas';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import { ApiError, type ServerApi } from '../remote/server-api';


type Action = 'pause' | 'resume';
type Kind = 'schedule' | 'data trigger' | 'experiment';
/** What happened to one id, or why it could not be changed. */
type Outcome = { ok: true; kind: Kind; name: string } | { ok: false; message: string };

/** Where the automations are: the running server or the database. */
interface Access {
  ids(): Promise<{ schedules: string[]; triggers: string[]; experiments: string[] }>;
  apply(action: Action, id: string): Promise<Outcome>;
  close(): Promise<void>;
}

export async function pauseResumeCommand(action: Action, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { all: { type: 'boolean' } } });
  if (values.all && positionals.length) throw new UsageError('give ids or --all, not both');
  if (!values.all && positionals.length === 0) throw new UsageError(`usage: coinlab ${action} ID... | --all`);
  const bad = positionals.find((id) => !isUuid(id));
  if (bad) throw new UsageError(`"${bad}" is not an id (ids look like 0b7c…-…; see \`coinlab status\`)`);
  const access = await openAccess();
  try {
    let ids = positionals;
    if (values.all) {
      const all = await access.ids();
      ids = [...all.schedules, ...all.triggers];
    } else {
      // Unknown ids are refused before anything changes.
      const known = await access.ids();
      for (const id of ids) {
        if (!known.schedules.includes(id) && !known.triggers.includes(id) && !known.experiments.includes(id)) {
          process.stderr.write(`no schedule, data trigger or experiment with id ${id}; nothing was changed\n`);
          return EXIT.invalid;
        }
      }
    }
    let failed = false;
    for (const id of ids) {
      const r = await access.apply(action, id);
      if (r.ok) process.stdout.write(`${action === 'pause' ? 'paused' : 'resumed'} ${r.kind} ${id} "${r.name}"\n`);
      else {
        failed = true;
        process.stderr.write(`${id}: ${r.message}\n`);
      }
    }
    if (values.all) process.stdout.write(`${ids.length} automation${ids.length === 1 ? '' : 's'} ${action === 'pause' ? 'paused' : 'resumed'}\n`);
    return failed ? EXIT.invalid : EXIT.ok;
  } finally {
    await access.close();
  }
}

async function openAccess(): Promise<Access> {
  const target = await openCliTarget();
  if (target.kind === 'remote') return remoteAccess(target.server);
  const rt = target.runtime;
  return {
    async ids() {
      const [s, t, e] = await Promise.all([rt.schedules.list(), rt.dataTriggers.list(), rt.experiments.list()]);
      return { schedules: s.map((x) => x.id), triggers: t.map((x) => x.id), experiments: e.map((x) => x.id) };
    },
    async apply(action, id) {
      const s = await (action === 'pause' ? rt.schedules.pause(id) : rt.schedules.resume(id));
      if (s.ok) return { ok: true, kind: 'schedule', name: s.schedule.name };
      if (s.status !== 404) return { ok: false, message: s.message };
      const t = await (action === 'pause' ? rt.dataTriggers.pause(id) : rt.dataTriggers.resume(id));
      if (t.ok) return { ok: true, kind: 'data trigger', name: t.trigger.name };
      if (t.status !== 404) return { ok: false, message: t.message };
      if (action === 'resume') return { ok: false, message: 'is an experiment: a stopped experiment cannot be resumed; start a new one' };
      const e = await rt.experiments.stop(id, 'paused from the command line');
      return e.ok ? { ok: true, kind: 'experiment', name: e.experiment.name } : { ok: false, message: e.message };
    },
    close: () => rt.close(),
  };
}

const named = z.object({ id: z.string(), name: z.string() });
function remoteAccess(server: ServerApi): Access {
  const post = async (path: string, key: 'schedule' | 'trigger' | 'experiment'): Promise<{ ok: true; name: string } | { ok: false; status: number; message: string }> => {
    try {
      const r = await server.request(path, z.object({ [key]: named }), { method: 'POST' });
      return { ok: true, name: (r[key] as z.infer<typeof named>).name };
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) return { ok: false, status: err.status, message: err.message };
      throw err;
    }
  };
  return {
    async ids() {
      const [s, t, e] = await Promise.all([
        server.request('/schedules', z.object({ schedules: z.array(named) })),
        server.request('/data-triggers', z.object({ triggers: z.array(named) })),
        server.request('/experiments', z.object({ experiments: z.array(named) })),
      ]);
      return { schedules: s.schedules.map((x) => x.id), triggers: t.triggers.map((x) => x.id), experiments: e.experiments.map((x) => x.id) };
    },
    async apply(action, id) {
      const s = await post(`/schedules/${id}/${action}`, 'schedule');
      if (s.ok) return { ok: true, kind: 'schedule', name: s.name };
      if (s.status !== 404) return { ok: false, message: s.message };
      const t = await post(`/data-triggers/${id}/${action}`, 'trigger');
      if (t.ok) return { ok: true, kind: 'data trigger', name: t.name };
      if (t.status !== 404) return { ok: false, message: t.message };
      if (action === 'resume') return { ok: false, message: 'is an experiment: a stopped experiment cannot be resumed; start a new one' };
      const e = await post(`/experiments/${id}/stop`, 'experiment');
      return e.ok ? { ok: true, kind: 'experiment', name: e.name } : { ok: false, message: e.message };
    },
    close: async () => {},
  };
}
