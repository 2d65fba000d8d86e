import { beforeEach, describe, expect, test } from 'vitest';
import { applyRunEvent, emptyNodeState, emptySnapshot, type NodeRunState, type RunEvent } from '@coinlab/shared';
import { useRunStore } from './run-store';
import { foldRunEvents } from './fold-run-events';

const R = 'run-1';
let seq = 0;
function ev<E extends Omit<RunEvent, 'runId' | 'seq' | 'ts'>>(e: E): RunEvent {
  seq++;
  return { ...e, runId: R, seq, ts: 1_000 + seq } as unknown as RunEvent;
}

const ids = Array.from({ length: 200 }, (_, i) => `n${i}`);

/** A run over 200 nodes: started, progress, usage, artifacts, successes, a failure, a replay. */
function script(): RunEvent[] {
  seq = 0;
  const out: RunEvent[] = [ev({ kind: 'run.queued', nodeIds: ids, trigger: 'editor' }), ev({ kind: 'run.started' })];
  for (const [i, id] of ids.slice(0, 40).entries()) {
    out.push(ev({ kind: 'node.started', nodeId: id, attempt: 1, signature: `s${i}` }));
    out.push(ev({ kind: 'node.progress', nodeId: id, progress: 0.5, message: 'half' }));
    out.push(ev({ kind: 'node.progress', nodeId: id, progress: 0.75 }));
    out.push(ev({ kind: 'node.usage', nodeId: id, inputTokens: 3, outputTokens: 2, costUsd: 0.01 }));
    out.push(ev({ kind: 'node.usage', nodeId: id, inputTokens: 1, outputTokens: 1, costUsd: 0.02 }));
    if (i === 7) out.push(ev({ kind: 'node.failed', nodeId: id, error: 'boom', durationMs: 3 }));
    else out.push(ev({ kind: 'node.succeeded', nodeId: id, durationMs: 9, outputs: {}, outputsKey: `k${i}` }));
  }
  out.push(ev({ kind: 'artifact.created', nodeId: 'n3', artifactId: 'a1', artifactKind: 'chart', name: 'c', contentType: 'image/svg+xml' }));
  out.push(ev({ kind: 'run.failed', error: 'n7 failed', nodeId: 'n7', durationMs: 50 }));
  return out;
}

describe('foldRunEvents', () => {
  test('gives the same snapshot as the shared reducer applied event by event, in any batching', () => {
    const events = script();
    const expected = events.reduce(applyRunEvent, emptySnapshot(R));
    for (const size of [1, 7, 64, events.length]) {
      let snap = emptySnapshot(R);
      for (let i = 0; i < events.length; i += size) snap = foldRunEvents(snap, events.slice(i, i + size));
      expect(snap).toEqual(expected);
    }
    // Replays (seq at or below lastSeq) change nothing, as in the reducer.
    expect(foldRunEvents(expected, events.slice(10, 20))).toBe(expected);
  });

  test('leaves its input untouched', () => {
    const events = script();
    const half = events.reduce(applyRunEvent, emptySnapshot(R));
    const frozen = structuredClone(half);
    foldRunEvents(half, [ev({ kind: 'node.progress', nodeId: 'n50', progress: 0.1 })]);
    expect(half).toEqual(frozen);
  });
});

describe('run store ingest of a batch', () => {
  beforeEach(() => useRunStore.getState().begin(R));

  test('copies the node map once per batch, not once per event, and keeps idle nodes as they were', () => {
    seq = 0;
    useRunStore.getState().ingest([ev({ kind: 'run.queued', nodeIds: ids, trigger: 'editor' }), ev({ kind: 'run.started' })]);
    // Count how often the map is enumerated (each spread copy of it does it once).
    let enumerations = 0;
    const nodes = new Proxy(
      { ...useRunStore.getState().snapshot!.nodes },
      {
        ownKeys(target) {
          enumerations++;
          return Reflect.ownKeys(target);
        },
      },
    );
    useRunStore.setState({ snapshot: { ...useRunStore.getState().snapshot!, nodes } });
    const idleBefore = nodes.n150;
    const batch: RunEvent[] = [];
    for (const id of ids.slice(0, 20)) {
      batch.push(ev({ kind: 'node.started', nodeId: id, attempt: 1, signature: 's' }));
      batch.push(ev({ kind: 'node.progress', nodeId: id, progress: 0.3 }));
    }
    useRunStore.getState().ingest(batch);
    expect(enumerations).toBeLessThanOrEqual(1);
    const after = useRunStore.getState().snapshot!;
    expect(after.nodes.n150).toBe(idleBefore);
    expect(after.nodes.n3).toEqual<NodeRunState>({ ...emptyNodeState(), status: 'running', attempts: 1, signature: 's', startedAt: after.nodes.n3!.startedAt, progress: 0.3, error: null });
  });
});
