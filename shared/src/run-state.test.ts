import { describe, expect, it } from 'vitest';
import { applyRunEvent, snapshotFromEvents } from './run-state';
import type { RunEvent } from './events';

const ev = (seq: number, e: Record<string, unknown>, ts = 1000 + seq): RunEvent => ({ runId: 'r', seq, ts, ...e }) as RunEvent;
const running = [
  ev(1, { kind: 'run.queued', nodeIds: ['a', 'b', 'c', 'd'], trigger: 'api' }),
  ev(2, { kind: 'run.started' }),
  ev(3, { kind: 'node.started', nodeId: 'a', attempt: 1, signature: 's' }),
  ev(4, { kind: 'node.succeeded', nodeId: 'a', durationMs: 7, outputs: {}, outputsKey: 's' }),
  ev(5, { kind: 'node.started', nodeId: 'b', attempt: 1, signature: 's' }),
  ev(6, { kind: 'node.queued', nodeId: 'c' }),
];

describe('run state after a crash (issue 8, item 6)', () => {
  it('an interrupted run shows no node running or queued any more', () => {
    const s = snapshotFromEvents('r', [...running, ev(1007, { kind: 'run.interrupted', reason: 'the runtime stopped' })]);
    expect(s.status).toBe('interrupted');
    expect(s.lastSeq).toBe(1007);
    expect(Object.fromEntries(Object.entries(s.nodes).map(([id, n]) => [id, n.status]))).toEqual({ a: 'succeeded', b: 'cancelled', c: 'cancelled', d: 'idle' });
    expect(s.nodes.b?.finishedAt).toBe(1007 + 1000);
  });

  it('detects a seq it already holds coming back with other content, and ignores a faithful replay', () => {
    const s = snapshotFromEvents('r', running);
    expect(s.diverged).toBeFalsy();
    // A rejoin overlapping by one event: the same event again changes nothing.
    expect(applyRunEvent(s, running[5]!)).toBe(s);
    // The same seq with another event: what this client holds is not what the server has.
    const other = applyRunEvent(s, ev(6, { kind: 'run.interrupted', reason: 'the runtime stopped' }, 99_999));
    expect(other.diverged).toBe(true);
    expect(other.status).toBe('running'); // nothing applied: the client must reload its snapshot
  });

  it('a client that was sent events a crash lost learns it from the recovery event', () => {
    const s = snapshotFromEvents('r', running); // holds up to seq 6
    const recovered = ev(1005, { kind: 'run.interrupted', reason: 'the runtime stopped', lastStoredSeq: 4 });
    expect(applyRunEvent(s, recovered).diverged).toBe(true);
    // A client that holds only stored events applies it as usual.
    expect(applyRunEvent(snapshotFromEvents('r', running.slice(0, 4)), recovered)).toMatchObject({ status: 'interrupted', lastSeq: 1005 });
  });
});

