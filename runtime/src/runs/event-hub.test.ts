import { describe, expect, test } from 'vitest';
import type { RunEvent } from '@coinlab/shared';
import { MAX_UNSTORED_EVENTS, RunEventHub } from './event-hub';

const ev = (runId: string, seq: number): RunEvent => ({ kind: 'node.log', runId, seq, ts: seq, nodeId: 'n', level: 'info', message: `m${seq}` }) as RunEvent;

describe('RunEventHub', () => {
  test('replays what a joiner misses, then streams live events, each once and in order', () => {
    const hub = new RunEventHub();
    hub.open('r', { ownerId: 'u', heldAfterSeq: 0 });
    for (let s = 1; s <= 5; s++) hub.publish(ev('r', s));
    const got: number[] = [];
    const off = hub.replayAndSubscribe('r', 2, (e) => got.push(e.seq));
    hub.publish(ev('r', 6));
    off!();
    hub.publish(ev('r', 7));
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

  test('never sends more than MAX_UNSTORED_EVENTS past what is stored, so recovery can number past every sent seq', () => {
    const hub = new RunEventHub();
    hub.open('r', { ownerId: 'u', heldAfterSeq: 0 });
    const got: number[] = [];
    hub.replayAndSubscribe('r', 0, (e) => got.push(e.seq));
    const total = MAX_UNSTORED_EVENTS + 5;
    for (let s = 1; s <= total; s++) hub.publish(ev('r', s));
    expect(got.at(-1)).toBe(MAX_UNSTORED_EVENTS);
    expect(hub.eventsAfter('r', 0)).toHaveLength(MAX_UNSTORED_EVENTS); // a joiner is not sent them either
    hub.settled('r', 3);
    expect(got.at(-1)).toBe(MAX_UNSTORED_EVENTS + 3);
    hub.close('r'); // closed once everything is stored: the rest goes out, in order
    expect(got).toEqual(Array.from({ length: total }, (_, i) => i + 1));
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

