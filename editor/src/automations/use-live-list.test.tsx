import { afterEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, renderHook } from '@testing-library/react';
import type { AutomationsChanged, RunsChanged } from '@coinlab/shared';
import { useLiveList, type LiveListLoad } from './use-live-list';

// The socket is replaced by what a test says the server sent; the hook is the real one.
const runListeners = new Set<(change: RunsChanged) => void>();
const automationListeners = new Set<(change: AutomationsChanged | null) => void>();
vi.mock('../run/stream', () => ({
  onRunsChanged: (l: (change: RunsChanged) => void) => (runListeners.add(l), () => runListeners.delete(l)),
  onAutomationsChanged: (l: (change: AutomationsChanged | null) => void) => (automationListeners.add(l), () => automationListeners.delete(l)),
}));
const runChanged = (runId: string, status: string) => act(() => runListeners.forEach((l) => l({ runId, status, graphId: 'g1' })));
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

/** A list whose reads the test answers one by one, as a slow server would. */
function slowList() {
  const pending: ((ids: readonly (string | null)[]) => void)[] = [];
  const load: LiveListLoad = () => new Promise((resolve) => pending.push(resolve));
  return { load, reads: () => pending.length, answer: (i: number, ids: readonly (string | null)[]) => act(async () => pending[i]!(ids)) };
}

afterEach(() => {
  cleanup();
  runListeners.clear();
  automationListeners.clear();
});

describe('useLiveList', () => {
  test('reads again when a run ends while a read is in flight (that read may say "running")', async () => {
    const list = slowList();
    renderHook(() => useLiveList(list.load, 'schedule'));
    expect(list.reads()).toBe(1);
    // The server read the schedules while r1 was running; r1 ends before that answer is back.
    await runChanged('r1', 'succeeded');
    await list.answer(0, ['r1']);
    await settle();
    expect(list.reads()).toBe(2);
  });

  test('follows the runs the last read returned at once, before anything is rendered again', async () => {
    const list = slowList();
    renderHook(() => useLiveList(list.load, 'trigger'));
    await list.answer(0, ['r2', null]);
    await runChanged('r2', 'failed');
    expect(list.reads()).toBe(2);
    await list.answer(1, ['r3']);
    // r2 is no longer shown: its changes are not this list's business.
    await runChanged('r2', 'cancelled');
    expect(list.reads()).toBe(2);
    await runChanged('r3', 'succeeded');
    expect(list.reads()).toBe(3);
  });

  test('reads on a change of its own kind only, and never two at once', async () => {
    const list = slowList();
    renderHook(() => useLiveList(list.load, 'schedule'));
    await act(() => automationListeners.forEach((l) => l({ kind: 'trigger', id: 't1' })));
    expect(list.reads()).toBe(1);
    await act(() => automationListeners.forEach((l) => l({ kind: 'schedule', id: 's1' })));
    await act(() => automationListeners.forEach((l) => l({ kind: 'schedule', id: 's2' })));
    expect(list.reads()).toBe(1);
    await list.answer(0, []);
    expect(list.reads()).toBe(2);
  });
});
