import { afterEach, describe, expect, test, vi } from 'vitest';
import type { ReactFlowInstance, Viewport } from '@xyflow/react';
import type { GraphDocument } from '@coinlab/shared';
import { useGraphStore } from '../stores/graph-store';
import type { CoinEdge, CoinNode } from '../graph/types';
import { fitView, fittedViewport, setFlowInstance } from './flow-instance';
import { detailLevelAt } from './detail';
import { useLevelHold } from './level-hold';

function grid(count: number): GraphDocument {
  const nodes = Array.from({ length: count }, (_, i) => ({ id: `n${i}`, type: 'indicator.sma', typeVersion: 1, params: {}, position: { x: (i % 40) * 300, y: Math.floor(i / 40) * 160 } }));
  return { version: 2, name: `grid ${count}`, nodes, edges: [], metadata: {} };
}

/** A stand-in for React Flow's instance that notes, for each viewport it is given, whether the canvas was held at the placeholder level then. */
function fakeInstance(zoom: number) {
  const moves: { viewport: Viewport; held: boolean }[] = [];
  let current = zoom;
  const rf = {
    getZoom: () => current,
    setViewport: vi.fn(async (viewport: Viewport) => {
      moves.push({ viewport, held: useLevelHold.getState().held });
      current = viewport.zoom;
      return true;
    }),
    fitView: vi.fn(async () => true),
  };
  return { rf, moves, instance: rf as unknown as ReactFlowInstance<CoinNode, CoinEdge> };
}

afterEach(() => {
  setFlowInstance(null, null);
  useLevelHold.setState({ held: false });
});

describe('fitting the view', () => {
  test('a large graph jumping from full cards to far out is held at the placeholder level before the view moves, and released after', async () => {
    const { rf, instance, moves } = fakeInstance(1);
    setFlowInstance(instance, null);
    useGraphStore.getState().load(grid(1000));
    await fitView(false);
    // The user zooms in to full cards, then asks for the whole graph again.
    await rf.setViewport({ x: 0, y: 0, zoom: 1 });
    moves.length = 0;
    await fitView(false);
    expect(moves).toHaveLength(1);
    expect(detailLevelAt(moves[0]!.viewport.zoom, 1000)).toBe('placeholder');
    // Without the hold, React Flow would render every node now in view as a full card first.
    expect(moves[0]!.held).toBe(true);
    expect(useLevelHold.getState().held).toBe(false);
  });

  test('a large graph opened before the canvas is ready is held from its first render and fitted once the instance arrives', async () => {
    useGraphStore.getState().load(grid(1000));
    expect(useLevelHold.getState().held).toBe(true);
    let fitted = false;
    const fit = fitView(false).then(() => (fitted = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(fitted).toBe(false);
    const { instance, moves } = fakeInstance(1);
    setFlowInstance(instance, null);
    await fit;
    expect(moves.at(-1)!.viewport).toEqual(fittedViewport(useGraphStore.getState().nodes));
    expect(useLevelHold.getState().held).toBe(false);
  });

  test('a small graph keeps React Flow fit and is never held', async () => {
    const { rf, instance, moves } = fakeInstance(1);
    setFlowInstance(instance, null);
    useGraphStore.getState().load(grid(12));
    expect(useLevelHold.getState().held).toBe(false);
    moves.length = 0;
    await fitView(false);
    expect(rf.fitView).toHaveBeenCalledWith(expect.objectContaining({ padding: 0.15, includeHiddenNodes: true }));
    expect(moves).toHaveLength(0);
  });

  test('the fitted viewport shows every card with the padding', () => {
    useGraphStore.getState().load(grid(400));
    const nodes = useGraphStore.getState().nodes;
    const v = fittedViewport(nodes, { width: 1600, height: 960 })!;
    for (const n of nodes) {
      const left = n.position.x * v.zoom + v.x;
      const top = n.position.y * v.zoom + v.y;
      expect(left).toBeGreaterThanOrEqual(0);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(left).toBeLessThan(1600);
      expect(top).toBeLessThan(960);
    }
  });
});
