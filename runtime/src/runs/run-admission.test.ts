import { describe, expect, it } from 'vitest';
import { RunAdmission, type RunSlot } from './run-admission';

const tick = () => new Promise((r) => setImmediate(r));

describe('RunAdmission', () => {
  it('admits up to the limit at once and the rest first come first served', async () => {
    const admission = new RunAdmission(2);
    const order: string[] = [];
    const slots = new Map<string, RunSlot>();
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      void admission.acquire(id, new AbortController().signal).then((slot) => {
        order.push(id);
        slots.set(id, slot);
      });
    }
    await tick();
    expect(order).toEqual(['a', 'b']);
    expect(admission.queued).toBe(3);
    expect(admission.positionOf('d')).toBe(2);
    slots.get('b')!.release();
    slots.get('b')!.release(); // idempotent: frees one slot, not two
    await tick();
    expect(order).toEqual(['a', 'b', 'c']);
    slots.get('a')!.release();
    await tick();
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(admission.admitted).toBe(2);
  });

  it('takes an aborted waiter out of the line with the abort reason', async () => {
    const admission = new RunAdmission(1);
    const first = await admission.acquire('a', new AbortController().signal);
    const cancel = new AbortController();
    const waiting = admission.acquire('b', cancel.signal);
    const next = admission.acquire('c', new AbortController().signal);
    cancel.abort(new Error('cancelled by user'));
    await expect(waiting).rejects.toThrow('cancelled by user');
    expect(admission.positionOf('b')).toBeNull();
    first.release();
    await expect(next).resolves.toBeDefined();
    expect(admission.admitted).toBe(1);
  });

  it('lends the slot of a run waiting for a person to the next run, and takes it back on resume', async () => {
    const admission = new RunAdmission(1);
    const awaiting = await admission.acquire('a', new AbortController().signal);
    let admitted = false;
    const next = admission.acquire('b', new AbortController().signal).then((s) => ((admitted = true), s));
    await tick();
    expect(admitted).toBe(false);
    awaiting.suspend();
    const other = await next;
    expect(admitted).toBe(true);
    awaiting.resume();
    expect(admission.admitted).toBe(2); // over the limit for a moment: a resumed run cannot wait
    other.release();
    awaiting.release();
    expect(admission.admitted).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new RunAdmission(0)).toThrow(/>= 1/);
  });
});
