import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from './codec';
import { isCompatible, incompatibilityReason } from './ports';
import { applyRunEvent, emptySnapshot, snapshotFromEvents } from './run-state';
import type { RunEvent } from './events';
import { findCycle, topologicalOrder } from './graph-algo';

describe('ports', () => {
  it('allows equal types, any/json targets and declared widenings only', () => {
    expect(isCompatible('candles', 'candles')).toBe(true);
    expect(isCompatible('series', 'any')).toBe(true);
    expect(isCompatible('candles', 'frame')).toBe(true);
    expect(isCompatible('frame', 'candles')).toBe(false);
    expect(isCompatible('model', 'series')).toBe(false);
    expect(incompatibilityReason('model', 'series')).toBe('a Model output cannot feed a Series input');
  });
});

describe('codec', () => {
  it('round-trips NaN, infinities and typed arrays that plain JSON would lose', () => {
    const value = { a: [1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], t: new Float64Array([0.5, Number.NaN]), s: 'text' };
    const back = decodeValue(encodeValue(value)) as { a: number[]; t: number[]; s: string };
    expect(back.a[0]).toBe(1);
    expect(Number.isNaN(back.a[1])).toBe(true);
    expect(back.a.slice(2)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(back.t[0]).toBe(0.5);
    expect(Number.isNaN(back.t[1])).toBe(true);
    expect(back.s).toBe('text');
  });
});

describe('run state', () => {
  const ev = (seq: number, e: Record<string, unknown>): RunEvent => ({ runId: 'r', seq, ts: 1000 + seq, ...e }) as RunEvent;
  const events = [
    ev(1, { kind: 'run.queued', nodeIds: ['a', 'b'], trigger: 'api' }),
    ev(2, { kind: 'run.started' }),
    ev(3, { kind: 'node.started', nodeId: 'a', attempt: 1, signature: 's' }),
    ev(4, { kind: 'node.progress', nodeId: 'a', progress: 0.5, message: 'half' }),
    ev(5, { kind: 'node.succeeded', nodeId: 'a', durationMs: 7, outputs: { x: { type: 'series', summary: 'ok' } }, outputsKey: 's' }),
    ev(6, { kind: 'node.failed', nodeId: 'b', error: 'boom', durationMs: 1 }),
    ev(7, { kind: 'run.failed', error: 'node "b" failed: boom', nodeId: 'b', durationMs: 9 }),
  ];

  it('folds events into per-node state', () => {
    const s = snapshotFromEvents('r', events);
    expect(s).toMatchObject({ status: 'failed', lastSeq: 7, failedNode: 'b', error: 'node "b" failed: boom' });
    expect(s.nodes.a).toMatchObject({ status: 'succeeded', durationMs: 7, progress: 1, outputs: { x: { summary: 'ok' } } });
    expect(s.nodes.b).toMatchObject({ status: 'failed', error: 'boom' });
  });

  it('ignores replayed events, so a reconnect cannot apply anything twice', () => {
    const once = snapshotFromEvents('r', events);
    const twice = events.reduce(applyRunEvent, once);
    expect(twice).toBe(once);
    expect(applyRunEvent(emptySnapshot('r'), events[0]!).lastSeq).toBe(1);
  });
});

describe('graph algorithms', () => {
  it('finds a cycle deep in a long chain without overflowing the stack', () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => [ids[i]!, id] as const);
    expect(findCycle(ids, edges)).toBeNull();
    expect(topologicalOrder(ids, edges)).toHaveLength(50_000);
    expect(findCycle(ids, [...edges, ['n49999', 'n49990'] as const])).toEqual(['n49990', 'n49991', 'n49992', 'n49993', 'n49994', 'n49995', 'n49996', 'n49997', 'n49998', 'n49999', 'n49990']);
  });
});
