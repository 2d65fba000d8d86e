import { afterEach, describe, expect, test } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { experimentCreateSchema, experimentDetailResponseSchema } from '@coinlab/shared';
import { ExperimentDetailView } from './ExperimentDetail';

/**
 * The leaderboard's "interrupted" iteration (issue 12): one whose process stopped mid-way is
 * said so, with why and that it is re-run and not counted, apart from a failed one. The detail
 * is parsed with the shared contract first, so it is one GET /experiments/{id} could give.
 */
const iteration = (seq: number, extra: Record<string, unknown>) => ({
  id: `i${seq}`,
  seq,
  params: { fast: seq + 4 },
  proposer: 'tpe',
  reason: null,
  status: 'succeeded',
  objective: 1 / seq,
  foldObjectives: [1 / seq],
  stats: { sharpe: 1 / seq },
  runIds: [`r${seq}`],
  error: null,
  llmCostUsd: 0,
  startedAt: '2026-12-06T08:00:00.000Z',
  finishedAt: '2026-12-06T08:01:00.000Z',
  durationMs: 60_000,
  ...extra,
});
const spec = experimentCreateSchema.parse({
  name: 'Tunable',
  graphId: '00000000-0000-4000-8000-000000000001',
  searchSpace: [{ node: 'sma', param: 'fast', type: 'int', min: 2, max: 50 }],
  objective: { node: 'bt', metric: 'sharpe', direction: 'maximize' },
  evaluation: { dataNode: 'load', from: '2025-01-01', holdoutFrom: '2025-06-01', to: '2025-12-31' },
  stopRules: { maxIterations: 20 },
});
const detail = experimentDetailResponseSchema.parse({
  experiment: { id: 'e1', name: 'Tunable', graphId: spec.graphId, graphVersion: 1, status: 'running', stopReason: null, spec, startedAt: '2026-12-06T08:00:00.000Z', nextIterationAt: null, championIterationId: 'i1', championHoldout: null, createdAt: '2026-12-06T08:00:00.000Z', updatedAt: '2026-12-06T08:03:00.000Z' },
  leaderboard: [
    iteration(1, {}),
    iteration(2, { status: 'failed', objective: null, foldObjectives: [], stats: null, error: 'backtest: no trades' }),
    iteration(3, { status: 'interrupted', objective: null, foldObjectives: [], stats: null, finishedAt: null, durationMs: null, error: 'the server restarted' }),
  ],
  promotions: [],
});
afterEach(cleanup);

describe('ExperimentDetailView leaderboard', () => {
  test('labels an interrupted iteration as re-run and not counted, apart from a failed one', () => {
    const view = render(<ExperimentDetailView detail={detail} onChanged={() => {}} />);
    const status = (seq: number) => view.container.querySelector(`tr[data-seq="${seq}"] td[data-status]`);
    expect(status(3)?.textContent).toBe('interrupted (re-run)');
    expect(status(3)?.getAttribute('title')).toBe('the server restarted: re-run, and not counted by the limits and stop rules');
    expect(status(2)?.textContent).toBe('failed');
    expect(status(2)?.getAttribute('title')).toBe('backtest: no trades');
    expect(status(1)?.textContent).toBe('succeeded');
  });
});
