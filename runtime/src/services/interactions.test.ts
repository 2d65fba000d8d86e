import { afterEach, describe, expect, it } from 'vitest';
import { RunEventEmitter } from '../engine';
import type { Store } from '../db';
import { InteractionBroker } from './interactions';

/**
 * A store whose approvals table is empty and whose second read (the look "once more" after the
 * waiter is registered) is held until the test releases it: the window where a run can be
 * stopped while its request is being asked.
 */
function storeWithHeldSecondRead() {
  let reads = 0;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let secondReadStarted!: () => void;
  const atSecondRead = new Promise<void>((r) => (secondReadStarted = r));
  const approvals = {
    async get() {
      reads++;
      if (reads === 2) {
        secondReadStarted();
        await held;
      }
      return undefined;
    },
    async create() {},
  };
  return { store: { approvals } as unknown as Store, release, atSecondRead };
}

describe('InteractionBroker.ask', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off('unhandledRejection', record);
    unhandled.length = 0;
  });

  it('a run stopped while its request is being asked rejects the ask, and nothing goes unhandled', async () => {
    process.on('unhandledRejection', record);
    const { store, release, atSecondRead } = storeWithHeldSecondRead();
    const broker = new InteractionBroker(store);
    const emitter = new RunEventEmitter('run-1');
    const controller = new AbortController();
    const asking = broker.service({ runId: 'run-1', nodeId: 'gate', emitter }).ask({ key: 'model', kind: 'approval', title: 'Pick', message: 'Pick a model', options: [{ value: 'approve', label: 'Approve' }], allowOverride: false, timeoutSeconds: null, defaultAction: null }, controller.signal);
    asking.catch(() => {});
    await atSecondRead;
    const stopped = new Error('handed over: this worker is stopping');
    controller.abort(stopped);
    // Long enough for Node to report a rejection nobody handles.
    await new Promise((r) => setTimeout(r, 50));
    release();
    await expect(asking).rejects.toBe(stopped);
    await new Promise((r) => setTimeout(r, 20));
    expect(unhandled).toEqual([]);
    expect(broker.hasPending('run-1')).toBe(false);
  });
});
