import { beforeEach, describe, expect, test } from 'vitest';
import { snapshotFromEvents, type RunEvent } from '@coinlab/shared';
import { useRunStore } from './run-store';

const R = 'run-1';
let seq = 0;
let ts = 1_000;
function ev<E extends Omit<RunEvent, 'runId' | 'seq' | 'ts'>>(e: E): RunEvent {
  return { ...e, runId: R, seq: ++seq, ts: (ts += 10) } as unknown as RunEvent;
}

function script(): RunEvent[] {
  seq = 0;
  ts = 1_000;
  return [
    ev({ kind: 'run.queued', nodeIds: ['a', 'b'], trigger: 'editor' }),
    ev({ kind: 'run.started' }),
    ev({ kind: 'node.started', nodeId: 'a', attempt: 1, signature: 'sa' }),
    ev({ kind: 'node.log', nodeId: 'a', level: 'info', message: 'loading' }),
    ev({ kind: 'node.progress', nodeId: 'a', progress: 0.5, message: 'half' }),
    ev({ kind: 'node.succeeded', nodeId: 'a', durationMs: 25, outputs: { candles: { type: 'candles', summary: '10 rows' } } }),
    ev({ kind: 'node.started', nodeId: 'b', attempt: 1, signature: 'sb' }),
    ev({ kind: 'node.log', nodeId: 'b', level: 'warn', message: 'few rows' }),
    ev({ kind: 'node.failed', nodeId: 'b', error: 'params.period: too long', durationMs: 5 }),
    ev({ kind: 'run.failed', error: 'node b failed', nodeId: 'b', durationMs: 80 }),
  ];
}

const s = () => useRunStore.getState();

beforeEach(() => s().begin(R));

describe('run store', () => {
  test('folds events with the shared reducer and collects logs', () => {
    const events = script();
    s().ingest(events.slice(0, 5));
    expect(s().snapshot!.nodes.a!.status).toBe('running');
    expect(s().snapshot!.nodes.a!.progress).toBe(0.5);
    s().ingest(events.slice(5));
    expect(s().snapshot).toEqual(snapshotFromEvents(R, events));
    expect(s().snapshot!.status).toBe('failed');
    expect(s().logs.map((l) => `${l.nodeId}:${l.level}:${l.message}`)).toEqual(['a:info:loading', 'b:warn:few rows', 'b:error:params.period: too long']);
    expect(s().cursor).toBe(10);
  });

  test('a run carried on after its process died: running nodes go back to queued, kept ones stay, the log says so', () => {
    seq = 0;
    ts = 1_000;
    const events = [
      ev({ kind: 'run.queued', nodeIds: ['a', 'b'], trigger: 'editor' }),
      ev({ kind: 'run.started' }),
      ev({ kind: 'node.started', nodeId: 'a', attempt: 1, signature: 'sa' }),
      ev({ kind: 'node.succeeded', nodeId: 'a', durationMs: 25, outputs: {} }),
      ev({ kind: 'node.started', nodeId: 'b', attempt: 1, signature: 'sb' }),
      ev({ kind: 'node.progress', nodeId: 'b', progress: 0.4 }),
      ev({ kind: 'run.recovered', reason: 'resumed by host-b pid 7', keptNodes: ['a'] }),
    ];
    s().ingest(events);
    expect(s().snapshot!.status).toBe('running');
    expect(s().snapshot!.nodes.a!.status).toBe('succeeded');
    expect(s().snapshot!.nodes.b).toMatchObject({ status: 'queued', progress: null });
    expect(s().logs.at(-1)).toMatchObject({ nodeId: 'run', level: 'warn' });
    expect(s().logs.at(-1)!.message).toContain('kept 1 finished node');
  });

  test('a reconnect that replays events shows nothing twice', () => {
    const events = script();
    s().ingest(events.slice(0, 6));
    // The socket dropped; the rejoin asks for events after the cursor but the server (or a
    // second tab of the stream) may resend some the store already holds.
    s().ingest(events.slice(3, 8));
    s().ingest(events.slice(0, 10));
    s().ingest(events);
    expect(s().logs).toHaveLength(3);
    expect(s().snapshot).toEqual(snapshotFromEvents(R, events));
  });

  test('starting from a snapshot (page reload) and replaying from 0 fills the log without changing the state', () => {
    const events = script();
    const snapshot = snapshotFromEvents(R, events.slice(0, 7));
    s().begin(R, snapshot);
    s().ingest(events.slice(0, 7)); // stored events: only the log is taken from them
    expect(s().snapshot).toBe(snapshot);
    expect(s().logs).toHaveLength(1);
    s().ingest(events.slice(7)); // live events
    expect(s().snapshot).toEqual(snapshotFromEvents(R, events));
    expect(s().logs).toHaveLength(3);
  });

  test('events of another run are ignored', () => {
    s().ingest([{ ...script()[0]!, runId: 'other' }]);
    expect(s().cursor).toBe(0);
  });

  test('a rejoin overlapping by one event detects that the server reused our last seq for another event', () => {
    const events = script().slice(0, 7);
    s().ingest(events);
    const held = s().snapshot;
    s().ingest([events[6]!]); // the same event again: nothing changes
    expect(s().snapshot).toBe(held);
    s().ingest([{ kind: 'run.interrupted', runId: R, seq: 7, ts: 99_999, reason: 'the runtime stopped' } as RunEvent]);
    expect(s().snapshot!.diverged).toBe(true);
    expect(s().snapshot!.status).toBe('running');
  });
});

