import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { GraphDocument } from '@coinlab/shared';
import { useGraphStore } from '../stores/graph-store';
import { useRunStore } from '../stores/run-store';
import { usePlannerStore } from './planner-store';
import type { PlannedResult } from './plan-api';
import { PlanSummary } from './PlanSummary';

/** The plan summary belongs to the graph it planned and folds to one line. */
const planned: GraphDocument = {
  version: 2,
  name: 'Planned graph',
  nodes: [{ id: 'candles', type: 'data.load_candles', typeVersion: 2, params: { coins: ['ETH_BTC'] }, position: { x: 0, y: 0 } }],
  edges: [],
  metadata: {},
};
const plan: PlannedResult = {
  status: 'planned',
  planId: 'p1',
  goal: 'predict when ETH/BTC rises 1% within an hour',
  planner: 'offline',
  intent: { coins: ['ETH_BTC'], direction: 'rise', thresholdPct: 1, horizonBars: 12, barMinutes: 5, models: ['logistic_regression'], testFraction: 0.3, approvalMode: 'automatic', settings: [], unread: [] },
  document: planned,
  notes: ['read the coin from the goal'],
  dryRun: null,
  estimate: { llmNodes: [], tokens: { typical: 0, max: 0 }, costUsd: { typical: 0, max: 0 }, model: null, available: false, note: '' },
  usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, calls: 0 },
};

beforeEach(() => {
  useRunStore.getState().clear();
  useGraphStore.getState().load(planned, { dirty: true });
  usePlannerStore.setState({ plan, summaryOpen: true, summaryCollapsed: false, planDocSeq: useGraphStore.getState().docSeq });
});
afterEach(cleanup);

describe('PlanSummary', () => {
  test('shows over its own graph, also after it is saved and edited', () => {
    render(<PlanSummary />);
    expect(screen.getByRole('complementary', { name: 'Plan summary' }).textContent).toContain('ETH_BTC');
    act(() => {
      useGraphStore.getState().markSaved('g1', 1, useGraphStore.getState().rev);
      useGraphStore.getState().rename('Renamed');
    });
    expect(screen.queryByRole('complementary', { name: 'Plan summary' })).not.toBeNull();
  });

  test('goes away when another graph is put on the canvas', () => {
    render(<PlanSummary />);
    act(() => useGraphStore.getState().load({ ...planned, name: 'Another graph' }, { graphId: 'g9', version: 1 }));
    expect(screen.queryByRole('complementary', { name: 'Plan summary' })).toBeNull();
  });

  test('folds to its head line and unfolds again', () => {
    render(<PlanSummary />);
    const toggle = screen.getByRole('button', { name: /Plan · offline rules/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.querySelector('.plan-intent')).toBeNull();
    fireEvent.click(toggle);
    expect(document.querySelector('.plan-intent')?.textContent).toContain('ETH_BTC');
  });
});
