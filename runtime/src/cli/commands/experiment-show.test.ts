import { describe, expect, it } from 'vitest';
import { experimentCreateSchema, experimentViewSchema, iterationViewSchema } from '@coinlab/shared';
import { formatDetail } from './experiment';

// `coinlab experiment show` names an interrupted iteration as such (re-run, not counted).

const iteration = (seq: number, status: string, objective: number | null, error: string | null) =>
  iterationViewSchema.parse({ id: `i${seq}`, seq, params: { 'bt.x': seq / 10 }, proposer: 'tpe', reason: null, status, objective, foldObjectives: [], stats: null, runIds: [], error, llmCostUsd: 0, startedAt: '2026-03-02T10:00:00.000Z', finishedAt: null, durationMs: null });

const spec = experimentCreateSchema.parse({
  name: 'crashy',
  graphId: '00000000-0000-4000-8000-000000000001',
  searchSpace: [{ node: 'bt', param: 'x', type: 'float', min: 0, max: 1 }],
  objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
  evaluation: { dataNode: 'load', from: '2026-01-01', holdoutFrom: '2026-02-01', to: '2026-03-01' },
  stopRules: { maxIterations: 5 },
});

describe('coinlab experiment show', () => {
  it('shows an interrupted iteration as interrupted, re-run and not counted; a failed one as failed', () => {
    const experiment = experimentViewSchema.parse({ id: 'e1', name: 'crashy', graphId: spec.graphId, graphVersion: 1, status: 'running', stopReason: null, spec, startedAt: '2026-03-02T10:00:00.000Z', nextIterationAt: null, championIterationId: null, championHoldout: null, createdAt: '2026-03-02T10:00:00.000Z', updatedAt: '2026-03-02T10:00:00.000Z' });
    const text = formatDetail({ experiment, leaderboard: [iteration(1, 'succeeded', 1.5, null), iteration(2, 'interrupted', null, 'the runtime stopped during this iteration'), iteration(3, 'failed', null, 'boom')], promotions: [] });
    const line = (seq: number) => text.split('\n').find((l) => l.trim().startsWith(`#${seq} `)) ?? '';
    expect(line(2)).toMatch(/#2\s+interrupted\s/);
    expect(line(2)).toContain('(the runtime stopped during this iteration)  [re-run; not counted]');
    expect(line(3)).toMatch(/#3\s+failed\s/);
    expect(line(3)).not.toContain('re-run');
  });
});
