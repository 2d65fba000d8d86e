import { z } from 'zod';
import { dataTriggerListResponseSchema, dataTriggerResponseSchema, experimentListResponseSchema, experimentResponseSchema, paperListResponseSchema, paperResponseSchema, scheduleListResponseSchema, scheduleResponseSchema } from '@coinlab/shared';
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
      const [s, t, e, p] = await Promise.all([rt.schedules.list(rt.ownerId), rt.dataTriggers.list(rt.ownerId), rt.experiments.list(rt.ownerId), rt.paper.list(rt.ownerId)]);
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
          const r = await (pause ? rt.schedules.pause(rt.ownerId, a.id) : rt.schedules.resume(rt.ownerId, a.id));
          return r.ok ? { ok: true, name: r.schedule.name, state } : failed(r);
        }
        case 'data trigger': {
          const r = await (pause ? rt.dataTriggers.pause(rt.ownerId, a.id) : rt.dataTriggers.resume(rt.ownerId, a.id));
          return r.ok ? { ok: true, name: r.trigger.name, state } : failed(r);
        }
        case 'experiment': {
          const r = await (pause ? rt.experiments.pause(rt.ownerId, a.id) : rt.experiments.unpause(rt.ownerId, a.id));
          return r.ok ? { ok: true, name: r.experiment.name, state } : failed(r);
        }
        case 'paper portfolio': {
          const r = await (pause ? rt.paper.pause(rt.ownerId, a.id) : rt.paper.resume(rt.ownerId, a.id));
          return r.ok ? { ok: true, name: r.portfolio.name, state } : failed(r);
        }
      }
    },
    close: () => rt.close(),
  };
}

/** Each kind's list path, and the shared contract's answer to a pause or resume of one. */
const paths: Record<Kind, { list: string; one: z.ZodType<{ name: string }> }> = {
  schedule: { list: '/schedules', one: scheduleResponseSchema.transform((r) => r.schedule) },
  'data trigger': { list: '/data-triggers', one: dataTriggerResponseSchema.transform((r) => r.trigger) },
  experiment: { list: '/experiments', one: experimentResponseSchema.transform((r) => r.experiment) },
  'paper portfolio': { list: '/paper', one: paperResponseSchema.transform((r) => r.portfolio) },
};

/** Through the running server's API (its timers see the change at once). */
export function remoteAccess(server: ServerApi): Access {
  return {
    async list() {
      const [s, t, e, p] = await Promise.all([
        server.request('/schedules', scheduleListResponseSchema),
        server.request('/data-triggers', dataTriggerListResponseSchema),
        server.request('/experiments', experimentListResponseSchema),
        server.request('/paper', paperListResponseSchema),
      ]);
      return [
        ...s.schedules.map((x) => ({ kind: 'schedule' as const, id: x.id, name: x.name, state: pausedFlag(x.paused) })),
        ...t.triggers.map((x) => ({ kind: 'data trigger' as const, id: x.id, name: x.name, state: pausedFlag(x.paused) })),
        ...e.experiments.map((x) => ({ kind: 'experiment' as const, id: x.id, name: x.name, state: experimentState(x.status) })),
        ...p.portfolios.map((x) => ({ kind: 'paper portfolio' as const, id: x.id, name: x.name, state: paperState(x.status) })),
      ];
    },
    async apply(action, a) {
      const { list, one } = paths[a.kind];
      try {
        const r = await server.request(`${list}/${a.id}/${action}`, one, { method: 'POST' });
        return { ok: true, name: r.name, state: stateWord(a.kind, action) };
      } catch (err) {
        if (err instanceof ApiError && err.status < 500) return { ok: false, message: err.message };
        throw err;
      }
    },
    close: async () => {},
  };
}
