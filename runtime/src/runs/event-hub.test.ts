import { describe, expect, test } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { MAX_UNSTORED_EVENTS, RunEventHub } from './event-hub';

const ev = (runId: string, seq: number): RunEvent => ({ kind: 'node.log', runId, seq, ts: seq, nodeId: 'n', level: 'info', message: `m${seq}` }) as RunEvent;

describe('RunEventHub', () => {
  test('replays what a joiner misses, then streams live events, each once and in order', () => {
    const hub = new RunEventHub();
    hub.open('r', { ownerId: 'u', heldAfterSeq: 0 });
    for (let s = 1; s <= 5; s++) hub.publish(ev('r', s));
    hub.settled('r', 5);
    const got: number[] = [];
    const off = hub.replayAndSubscribe('r', 2, (e) => got.push(e.seq));
    hub.publish(ev('r', 6));
    hub.settled('r', 6);
    off!();
    hub.publish(ev('r', 7));
    hub.settled('r', 7);
    expect(got).toEqual([3, 4, 5, 6]);
  });

  test('serves a joiner from memory only when it holds everything the joiner misses, for the run owner', () => {
    const hub = new RunEventHub();
    hub.open('fresh', { ownerId: 'u', heldAfterSeq: 0 });
    hub.open('resumed', { ownerId: 'u', heldAfterSeq: 40 });
    expect(hub.servesFromMemory('fresh', 'u', 0)).toBe(true);
    expect(hub.servesFromMemory('fresh', 'someone-else', 0)).toBe(false);
    // A run resumed after a restart holds only its new events: older ones come from the database.
    expect(hub.servesFromMemory('resumed', 'u', 12)).toBe(false);
    expect(hub.servesFromMemory('resumed', 'u', 40)).toBe(true);
    expect(hub.servesFromMemory('unknown', 'u', 0)).toBe(false);
    hub.close('fresh');
    expect(hub.servesFromMemory('fresh', 'u', 0)).toBe(false);
    expect(hub.replayAndSubscribe('fresh', 0, () => {})).toBeNull();
  });

  test('sends an event only once it is stored, so a run taken over after a crash goes on at the next seq', () => {
    expect(MAX_UNSTORED_EVENTS).toBe(0);
    const hub = new RunEventHub();
    hub.open('r', { ownerId: 'u', heldAfterSeq: 0 });
    const got: number[] = [];
    const released: number[][] = [];
    hub.onRelease((_, events) => released.push(events.map((e) => e.seq)));
    hub.replayAndSubscribe('r', 0, (e) => got.push(e.seq));
    for (let s = 1; s <= 5; s++) hub.publish(ev('r', s));
    expect(got).toEqual([]);
    expect(hub.eventsAfter('r', 0)).toHaveLength(0); // a joiner is not sent them either
    hub.settled('r', 3);
    expect(got).toEqual([1, 2, 3]);
    expect(released).toEqual([[1, 2, 3]]);
    hub.close('r'); // closed once everything is stored: the rest goes out, in order
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(released).toEqual([[1, 2, 3], [4, 5]]);
  });

  test('an execution that lost its run to another drops what it kept back: never sent, never released', () => {
    const hub = new RunEventHub();
    hub.open('r', { ownerId: 'u', heldAfterSeq: 0 });
    const got: number[] = [];
    hub.replayAndSubscribe('r', 0, (e) => got.push(e.seq));
    hub.publish(ev('r', 1));
    hub.settled('r', 1);
    hub.publish(ev('r', 2));
    hub.close('r', { deliver: false });
    expect(got).toEqual([1]);
  });

  test('a closed run keeps nothing reachable from its subscribers: they are told to drop their handle', () => {
    const hub = new RunEventHub();
    hub.open('r', { ownerId: 'u', heldAfterSeq: 0 });
    let ended = 0;
    hub.replayAndSubscribe('r', 0, () => {}, () => ended++);
    const off = hub.replayAndSubscribe('r', 0, () => {}, () => ended++);
    off!(); // left before the end: not told
    hub.publish(ev('r', 1));
    hub.close('r');
    expect(ended).toBe(1);
    expect(hub.eventsAfter('r', 0)).toEqual([]);
  });
});

