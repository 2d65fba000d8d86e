import { z } from 'zod';
import type { Runtime } from '../../runtime';
import { ApiError, type ServerApi } from '../remote/server-api';

export type Action = 'pause' | 'resume';
export type Kind = 'schedule' | 'data trigger' | 'experiment' | 'paper portfolio';

/**
 * One automation as pause/resume sees it. `state` is `active` when it can be paused, `paused`
 * when it can be resumed, `done` when neither (a stopped or finished experiment, a stopped
 * paper portfolio).
 */
export interface Automation {
  kind: Kind;
  id: string;
  name: string;
  state: 'active' | 'paused' | 'done';
}

/** What happened to one automation: its state afterwards, or why it could not be changed. */
export type Outcome = { ok: true; name: string; state: string } | { ok: false; message: string };

/** Where the automations are: the running server or the database. */
export interface Access {
  list(): Promise<Automation[]>;
  apply(action: Action, a: Automation): Promise<Outcome>;
  close(): Promise<void>;
}

/** The word for an automation's state after the action (an experiment runs; the others are active). */
export const stateWord = (kind: Kind, action: Action): string => (action === 'pause' ? 'paused' : kind === 'experiment' ? 'running' : 'active');

const pausedFlag = (paused: boolean): Automation['state'] => (paused ? 'paused' : 'active');
const experimentState = (status: string): Automation['state'] => (status === 'running' ? 'active' : status === 'paused' ? 'paused' : 'done');
const paperState = (status: string): Automation['state'] => (status === 'active' ? 'active' : status === 'paused' ? 'paused' : 'done');

const failed = (r: { message: string }): Outcome => ({ ok: false, message: r.message });

/** On the database, through the runtime's services (the same checks and locks as the API). */
export function localAccess(rt: Runtime): Access {
  return {
    async list() {
      const [s, t, e, p] = await Promise.all([rt.schedules.list(), rt.dataTriggers.list(), rt.experiments.list(), rt.paper.list()]);
      return [
        ...s.map((x) => ({ kind: 'schedule' as const, id: x.id, name: x.name, state: pausedFlag(x.paused) })),
        ...t.map((x) => ({ kind: 'data trigger' as const, id: x.id, name: x.name, state: pausedFlag(x.paused) })),
        ...e.map((x) => ({ kind: 'experiment' as const, id: x.id, name: x.name, state: experimentState(x.status) })),
        ...p.map((x) => ({ kind: 'paper portfolio' as const, id: x.id, name: x.name, state: paperState(x.status) })),
      ];
    },
    async apply(action, a) {
      const state = stateWord(a.kind, action);
      const pause = action === 'pause';
      switch (a.kind) {
        case 'schedule': {
          const r = await (pause ? rt.schedules.pause(a.id) : rt.schedules.resume(a.id));
          return r.ok ? { ok: true, name: r.schedule.name, state } : failed(r);
        }
        case 'data trigger': {
          const r = await (pause ? rt.dataTriggers.pause(a.id) : rt.dataTriggers.resume(a.id));
          return r.ok ? { ok: true, name: r.trigger.name, state } : failed(r);
        }
        case 'experiment': {
          const r = await (pause ? rt.experiments.pause(a.id) : rt.experiments.unpause(a.id));
          return r.ok ? { ok: true, name: r.experiment.name, state } : failed(r);
        }
        case 'paper portfolio': {
          const r = await (pause ? rt.paper.pause(a.id) : rt.paper.resume(a.id));
          return r.ok ? { ok: true, name: r.portfolio.name, state } : failed(r);
        }
      }
    },
    close: () => rt.close(),
  };
}

const named = z.object({ id: z.string(), name: z.string() });
const paths: Record<Kind, { list: string; key: string }> = {
  schedule: { list: '/schedules', key: 'schedule' },
  'data trigger': { list: '/data-triggers', key: 'trigger' },
  experiment: { list: '/experiments', key: 'experiment' },
  'paper portfolio': { list: '/paper', key: 'portfolio' },
};

/** Through the running server's API (its timers see the change at once). */
export function remoteAccess(server: ServerApi): Access {
  return {
    async list() {
      const flagged = named.extend({ paused: z.boolean() });
      const statused = named.extend({ status: z.string() });
      const [s, t, e, p] = await Promise.all([
        server.request('/schedules', z.object({ schedules: z.array(flagged) })),
        server.request('/data-triggers', z.object({ triggers: z.array(flagged) })),
        server.request('/experiments', z.object({ experiments: z.array(statused) })),
        server.request('/paper', z.object({ portfolios: z.array(statused) })),
      ]);
      return [
        ...s.schedules.map((x) => ({ kind: 'schedule' as const, id: x.id, name: x.name, state: pausedFlag(x.paused) })),
        ...t.triggers.map((x) => ({ kind: 'data trigger' as const, id: x.id, name: x.name, state: pausedFlag(x.paused) })),
        ...e.experiments.map((x) => ({ kind: 'experiment' as const, id: x.id, name: x.name, state: experimentState(x.status) })),
        ...p.portfolios.map((x) => ({ kind: 'paper portfolio' as const, id: x.id, name: x.name, state: paperState(x.status) })),
      ];
    },
    async apply(action, a) {
      const { list, key } = paths[a.kind];
      try {
        const r = await server.request(`${list}/${a.id}/${action}`, z.object({ [key]: named }), { method: 'POST' });
        return { ok: true, name: (r[key] as z.infer<typeof named>).name, state: stateWord(a.kind, action) };
      } catch (err) {
        if (err instanceof ApiError && err.status < 500) return { ok: false, message: err.message };
        throw err;
      }
    },
    close: async () => {},
  };
}
