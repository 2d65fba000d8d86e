import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatRatio, zodProblems } from '@coinlab/shared';
import { EXIT, UsageError } from '../exit-codes';
import { openCliTarget } from '../open-runtime';
import { experimentCreateSchema } from '@coinlab/shared';
import type { ExperimentService, ExperimentResult } from '../../experiments/service';
import { experimentView, iterationView, promotionView, type ExperimentView, type IterationView, type PromotionView } from '../../experiments/views';
import { isUuid } from '../../api/schemas';
import type { ServerApi } from '../remote/server-api';

export const EXPERIMENT_USAGE = 'usage: coinlab experiment start SPEC.json [--foreground] | stop ID | show ID [--json] | list [--json]';

type Detail = { experiment: ExperimentView; leaderboard: IterationView[]; promotions: PromotionView[] };
type Problem = { path: string; message: string };
type Outcome<T> = { ok: true; value: T } | { ok: false; notFound?: boolean; problems: Problem[] };

/** The same four operations, in this process or through the server holding the data folder. */
interface Backend {
  start(body: unknown): Promise<Outcome<ExperimentView>>;
  stop(id: string): Promise<Outcome<ExperimentView>>;
  show(id: string): Promise<Outcome<Detail>>;
  list(): Promise<ExperimentView[]>;
  close(): Promise<void>;
  /** Local only: iterate here until the experiment stops (no server runs it). */
  foreground?(id: string, log: (line: string) => void): Promise<ExperimentView>;
}

const fromResult = (r: ExperimentResult): Outcome<ExperimentView> => (r.ok ? { ok: true, value: experimentView(r.experiment) } : { ok: false, notFound: r.status === 404, problems: r.problems ?? [{ path: r.path, message: r.message }] });

function localBackend(svc: ExperimentService, owner: string, close: () => Promise<void>): Backend {
  return {
    async start(body) {
      const parsed = experimentCreateSchema.safeParse(body);
      if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
      return fromResult(await svc.create(owner, parsed.data));
    },
    async stop(id) {
      return fromResult(await svc.stop(owner, id));
    },
    async show(id) {
      const e = await svc.get(owner, id);
      if (!e) return { ok: false, notFound: true, problems: [{ path: 'id', message: `no experiment with id "${id}"` }] };
      return { ok: true, value: { experiment: experimentView(e), leaderboard: (await svc.leaderboard(owner, id)).map(iterationView), promotions: (await svc.promotions(id)).map(promotionView) } };
    },
    async list() {
      return (await svc.list(owner)).map(experimentView);
    },
    close,
    async foreground(id, log) {
      const off = svc.onChange((c) => {
        if (c.kind === 'iteration' && c.iteration.status !== 'running') log(`#${c.iteration.seq} ${c.iteration.status} ${c.iteration.objective ?? c.iteration.error} ${JSON.stringify(c.iteration.params)}`);
        if (c.kind === 'promotion') log(`promotion ${c.promotion.status}: ${c.promotion.reason}`);
      });
      try {
        for (;;) {
          const e = (await svc.get(owner, id))!;
          if (e.status !== 'running') return experimentView(e);
          const wait = e.nextIterationAt ? e.nextIterationAt.getTime() - Date.now() : 1000;
          if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 60_000)));
          else await svc.step(id);
        }
      } finally {
        off();
      }
    },
  };
}

function remoteBackend(server: ServerApi): Backend {
  const call = async <T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<Outcome<T>> => {
    const res = await server.raw(init.method ?? 'GET', path, init.json);
    const body = res.body as (T & { error?: { message: string; problems?: Problem[] } }) | null;
    if (res.status >= 200 && res.status < 300 && body) return { ok: true, value: body };
    return { ok: false, notFound: res.status === 404, problems: body?.error?.problems ?? [{ path: '', message: body?.error?.message ?? `HTTP ${res.status}` }] };
  };
  const unwrap = (o: Outcome<{ experiment: ExperimentView }>): Outcome<ExperimentView> => (o.ok ? { ok: true, value: o.value.experiment } : o);
  return {
    start: async (body) => unwrap(await call('/experiments', { method: 'POST', json: body })),
    stop: async (id) => unwrap(await call(`/experiments/${id}/stop`, { method: 'POST' })),
    show: (id) => call<Detail>(`/experiments/${id}`),
    list: async () => {
      const r = await call<{ experiments: ExperimentView[] }>('/experiments');
      return r.ok ? r.value.experiments : [];
    },
    close: async () => {},
  };
}

/** Objectives and holdout scores by the shared ratio rule, as the report and the inspector show them. */
const fmt = (x: number | null) => formatRatio(x);

/** What `coinlab experiment show` prints. */
export function formatDetail(d: Detail): string {
  const e = d.experiment;
  const lines = [
    `${e.name} (${e.id})`,
    `  status: ${e.status}${e.stopReason ? ` — ${e.stopReason}` : ''}`,
    `  graph: ${e.graphId} v${e.graphVersion}; champion holdout: ${fmt(e.championHoldout)}`,
    `  leaderboard (${d.leaderboard.length} iterations, best first):`,
    ...d.leaderboard.slice(0, 20).map((i) => `    #${String(i.seq).padEnd(4)} ${i.status.padEnd(11)} ${fmt(i.objective).padStart(10)}  ${Object.entries(i.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}${i.error ? `  (${i.error})` : ''}${i.status === 'interrupted' ? '  [re-run; not counted]' : ''}`),
    `  promotions:`,
    ...d.promotions.map((p) => `    ${p.status.padEnd(9)} holdout ${fmt(p.challengerHoldout)} vs ${fmt(p.championHoldout)}${p.graphVersion ? ` -> graph v${p.graphVersion}` : ''}${p.decidedBy ? ` by ${p.decidedBy}` : ''}: ${p.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

const printDetail = (d: Detail): void => void process.stdout.write(formatDetail(d));

const printProblems = (what: string, problems: Problem[]) => process.stderr.write(`${what}\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);

/** `coinlab experiment start|stop|show|list`: research loops from the terminal. */
export async function experimentCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false }, foreground: { type: 'boolean', default: false } } });
  const [action, arg, ...rest] = positionals;
  if (!action || rest.length || !['start', 'stop', 'show', 'list'].includes(action)) throw new UsageError(EXPERIMENT_USAGE);
  if (action !== 'list' && !arg) throw new UsageError(EXPERIMENT_USAGE);
  let body: unknown;
  if (action === 'start') {
    try {
      body = JSON.parse(readFileSync(arg!, 'utf8'));
    } catch (err) {
      process.stderr.write(`${arg}: cannot read the experiment spec: ${(err as Error).message}\n`);
      return EXIT.invalid;
    }
  } else if (action !== 'list' && !isUuid(arg!)) {
    process.stderr.write(`no experiment with id "${arg}"\n`);
    return EXIT.invalid;
  }
  const target = await openCliTarget({ resumeRuns: false });
  const backend = target.kind === 'local' ? localBackend(target.runtime.experiments, target.runtime.ownerId, () => target.runtime.close()) : remoteBackend(target.server);
  try {
    if (action === 'list') {
      const all = await backend.list();
      if (values.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
      else for (const e of all) process.stdout.write(`${e.id}  ${e.status.padEnd(8)} ${e.name}${e.stopReason ? ` — ${e.stopReason}` : ''}\n`);
      return EXIT.ok;
    }
    if (action === 'show') {
      const r = await backend.show(arg!);
      if (!r.ok) return printProblems(`cannot show experiment ${arg}`, r.problems), EXIT.invalid;
      if (values.json) process.stdout.write(`${JSON.stringify(r.value, null, 2)}\n`);
      else printDetail(r.value);
      return EXIT.ok;
    }
    if (action === 'stop') {
      const r = await backend.stop(arg!);
      if (!r.ok) return printProblems(`cannot stop experiment ${arg}`, r.problems), EXIT.invalid;
      process.stdout.write(`stopped ${r.value.id} (${r.value.name})\n`);
      return EXIT.ok;
    }
    const r = await backend.start(body);
    if (!r.ok) return printProblems(`${arg}: invalid experiment, nothing stored`, r.problems), EXIT.invalid;
    process.stdout.write(`started experiment ${r.value.id} (${r.value.name})\n`);
    if (values.foreground && backend.foreground) {
      const end = await backend.foreground(r.value.id, (l) => process.stdout.write(`${l}\n`));
      process.stdout.write(`${end.status}: ${end.stopReason ?? ''}\n`);
    } else if (target.kind === 'local') {
      process.stdout.write('it iterates while `coinlab serve` runs (or start it with --foreground to iterate here)\n');
    }
    return EXIT.ok;
  } finally {
    await backend.close();
  }
}
