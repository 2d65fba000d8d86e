import { describe, expect, it } from 'vitest';
import { validateGraph } from '@coinlab/shared';
import { catalog } from '../catalog';

/**
 * Rules between two params of one node (a date range, MACD's periods, a date split's start)
 * are part of the node's params schema, so the shared validateGraph reports them with their
 * path: the editor's red badge, the API's 400 and the CLI's exit 2 all come from here, before
 * a version is saved or a run starts.
 */
const graphOf = (type: string, typeVersion: number, params: Record<string, unknown>) => ({
  version: 2,
  name: 'cross-field',
  nodes: [{ id: 'n', type, typeVersion, params, position: { x: 0, y: 0 } }],
  edges: [],
  metadata: {},
});
const paramProblems = (type: string, typeVersion: number, params: Record<string, unknown>) =>
  validateGraph(graphOf(type, typeVersion, params), catalog)
    .problems.filter((p) => p.code === 'bad-params')
    .map((p) => `${p.path}: ${p.message}`);

describe('cross-field param rules in validation', () => {
  it('an inverted date range is a problem at params.to', () => {
    expect(paramProblems('data.load_candles', 2, { coins: ['ETH_BTC'], from: '2018-02-01', to: '2018-01-10' })).toEqual(['nodes[0].params.to: is before from: the date range is empty']);
    expect(paramProblems('data.load_candles', 2, { coins: ['ETH_BTC'], from: '2018-01-10', to: '2018-01-10' })).toEqual([]);
    expect(paramProblems('data.load_candles', 2, { coins: ['ETH_BTC'], from: '2018-01-10' })).toEqual([]);
  });

  it('a coin listed twice is a problem at params.coins', () => {
    expect(paramProblems('data.load_candles', 2, { coins: ['ETH_BTC', 'ETH_BTC'] })).toEqual(['nodes[0].params.coins: lists a coin twice']);
  });

  it('MACD with fast >= slow is a problem at params.fast', () => {
    expect(paramProblems('indicator.macd', 1, { fast: 26, slow: 12 })).toEqual(['nodes[0].params.fast: must be shorter than slow']);
    expect(paramProblems('indicator.macd', 1, { fast: 12, slow: 12 })).toHaveLength(1);
    expect(paramProblems('indicator.macd', 1, { fast: 12, slow: 26 })).toEqual([]);
  });

  it('a split by date without a start date is a problem at params.testFrom', () => {
    expect(paramProblems('split.train_test', 1, { by: 'date' })).toEqual(['nodes[0].params.testFrom: is required when splitting by date']);
    expect(paramProblems('split.train_test', 1, { by: 'date', testFrom: '2018-01-20' })).toEqual([]);
  });
});
