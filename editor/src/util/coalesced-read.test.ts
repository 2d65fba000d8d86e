import { describe, expect, test } from 'vitest';
import { coalescedRead } from './coalesced-read';

/** A read the test answers, one call at a time, in the order they were made. */
function slowRead() {
  const pending: (() => void)[] = [];
  let started = 0;
  const read = () => new Promise<void>((resolve) => (started += 1, pending.push(resolve)));
  const answerNext = async () => {
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { read, started: () => started, answerNext };
}

describe('coalescedRead', () => {
  test('never overlaps reads: a burst during a read costs one more read after it', async () => {
    const slow = slowRead();
    const read = coalescedRead(slow.read);
    void read();
    void read();
    void read();
    expect(slow.started()).toBe(1);
    expect(read.inFlight()).toBe(true);
    await slow.answerNext();
    expect(slow.started()).toBe(2);
    await slow.answerNext();
    expect(slow.started()).toBe(2);
    expect(read.inFlight()).toBe(false);
  });

  test('after stop, a read in flight does not start another', async () => {
    const slow = slowRead();
    const read = coalescedRead(slow.read);
    void read();
    void read();
    read.stop();
    await slow.answerNext();
    expect(slow.started()).toBe(1);
  });

  test('a failed read does not block the next one', async () => {
    let calls = 0;
    const read = coalescedRead(async () => {
      calls += 1;
      if (calls === 1) throw new Error('offline');
    });
    await expect(read()).rejects.toThrow('offline');
    await read();
    expect(calls).toBe(2);
  });
});
