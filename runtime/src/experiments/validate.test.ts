import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '@coinlab/nodes';
import { join } from 'node:path';
import { repoRoot } from '../repo-root';
import { experimentCreateSchema, type ExperimentCreateInput } from '@coinlab/shared';
import { specProblems } from './validate';

// A real template graph and the real node catalog: every refusal names its path.
const graph = JSON.parse(readFileSync(join(repoRoot(), 'templates/backtest-quality-gate.graph.json'), 'utf8')) as unknown;

const base: ExperimentCreateInput = {
  name: 'tune the forest',
  graphId: '00000000-0000-4000-8000-000000000001',
  searchSpace: [
    { node: 'rf', param: 'nTrees', type: 'int', min: 20, max: 200, step: 20 },
    { node: 'rf', param: 'maxDepth', type: 'int', min: 2, max: 12 },
    { node: 'backtest', param: 'threshold', type: 'float', min: 0.5, max: 0.9 },
  ],
  objective: { node: 'backtest', metric: 'sharpe', direction: 'maximize' },
  constraints: { minTrades: 10, maxDrawdown: 0.3 },
  evaluation: { dataNode: 'load', from: '2018-01-01', holdoutFrom: '2018-03-01', to: '2018-04-01', folds: 2 },
};

function problemsOf(over: Record<string, unknown>) {
  const parsed = experimentCreateSchema.safeParse({ ...base, ...over });
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return specProblems(parsed.data, graph, catalog).problems;
}

describe('experiment specs against the graph and the node catalog', () => {
  it('accepts a search over real params with a backtest objective and gate criteria', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it('refuses an empty search space', () => {
    expect(problemsOf({ searchSpace: [] })).toEqual([{ path: 'searchSpace', message: expect.stringContaining('empty') }]);
  });

  it('refuses an unknown node and an unknown param, naming the list entry', () => {
    const p = problemsOf({ searchSpace: [{ node: 'nope', param: 'x', type: 'int', min: 1, max: 3 }, { node: 'rf', param: 'leaves', type: 'int', min: 1, max: 3 }] });
    expect(p).toEqual([
      { path: 'searchSpace[0].node', message: expect.stringContaining('no node "nope"') },
      { path: 'searchSpace[1].param', message: expect.stringContaining('no param "leaves"') },
    ]);
  });

  it('refuses a range outside the param\'s own zod schema (bounds, integer steps, choices)', () => {
    // feeBps is 0..1000 in the node's schema.
    expect(problemsOf({ searchSpace: [{ node: 'backtest', param: 'feeBps', type: 'float', min: 0, max: 5000 }] })).toEqual([
      { path: 'searchSpace[0].max', message: expect.stringMatching(/5000 is outside the schema of backtest.feeBps: params.feeBps/) },
    ]);
    // minHoldBars is an integer: a 0.5 step leaves the schema.
    expect(problemsOf({ searchSpace: [{ node: 'backtest', param: 'minHoldBars', type: 'float', min: 0, max: 4, step: 0.5 }] })[0]).toMatchObject({ path: 'searchSpace[0].step' });
    expect(problemsOf({ searchSpace: [{ node: 'gate', param: 'onFail', type: 'choice', values: ['stop', 'explode'] }] })).toEqual([
      { path: 'searchSpace[0].values[1]', message: expect.stringContaining('"explode" is outside the schema of gate.onFail') },
    ]);
  });

  it('refuses min above max and a repeated param', () => {
    expect(problemsOf({ searchSpace: [{ node: 'rf', param: 'maxDepth', type: 'int', min: 9, max: 3 }] })).toEqual([{ path: 'searchSpace.0.max', message: expect.stringContaining('above min') }]);
    const twice = problemsOf({ searchSpace: [base.searchSpace[1], base.searchSpace[1]] });
    expect(twice).toEqual([{ path: 'searchSpace[1].param', message: expect.stringContaining('already in the search space') }]);
  });

  it('refuses an objective no node outputs', () => {
    expect(problemsOf({ objective: { node: 'rf', metric: 'sharpe', direction: 'maximize' } })).toEqual([{ path: 'objective.node', message: expect.stringContaining('outputs no backtest or metrics') }]);
    expect(problemsOf({ objective: { node: 'backtest', metric: 'happiness', direction: 'maximize' } })).toEqual([{ path: 'objective.metric', message: expect.stringContaining('without "happiness"') }]);
    expect(problemsOf({ objective: { node: 'eval', metric: 'auc', direction: 'maximize' }, constraints: {} })).toEqual([]);
    expect(problemsOf({ objective: { node: 'eval', metric: 'auc', direction: 'maximize' } })[0]).toMatchObject({ path: 'constraints.maxDrawdown' });
  });

  it('refuses a data node without dates, and searching the dates the evaluation owns', () => {
    expect(problemsOf({ evaluation: { ...base.evaluation, dataNode: 'rf' } })).toEqual([{ path: 'evaluation.dataNode', message: expect.stringContaining('no from/to params') }]);
    expect(problemsOf({ searchSpace: [{ node: 'load', param: 'from', type: 'choice', values: ['2018-01-01', '2018-01-02'] }] })[0]).toMatchObject({ path: 'searchSpace[0].param' });
    expect(problemsOf({ evaluation: { ...base.evaluation, holdoutFrom: '2017-01-01' } })[0]).toMatchObject({ path: 'evaluation.holdoutFrom' });
  });
});
