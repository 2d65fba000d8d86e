import { describe, expect, it } from 'vitest';
import { SessionGate } from './session-gate';

/** Records the order in which holders are let in. */
function recorder(gate: SessionGate) {
  const order: string[] = [];
  return {
    order,
    enter: (holder: object, label: string) => gate.enter(holder).then(() => void order.push(label)),
    enterTransaction: (holder: object, label: string) => gate.enterTransaction(holder).then(() => void order.push(label)),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SessionGate', () => {
  it('lets statements outside transactions through at once, in call order', async () => {
    const gate = new SessionGate();
    const r = recorder(gate);
    await Promise.all([r.enter({}, 'a'), r.enter({}, 'b'), r.enter({}, 'c')]);
    expect(r.order).toEqual(['a', 'b', 'c']);
    expect(gate.state).toEqual({ inTransaction: false, waiting: 0 });
  });

  it('holds everyone else back from BEGIN until the transaction is released, then goes first come first served', async () => {
    const gate = new SessionGate();
    const r = recorder(gate);
    const t1 = {};
    const t2 = {};
    await r.enterTransaction(t1, 'begin t1');
    void r.enter({}, 'x');
    void r.enterTransaction(t2, 'begin t2');
    void r.enter({}, 'y');
    await r.enter(t1, 't1 statement'); // the owner itself is never held back
    await tick();
    expect(r.order).toEqual(['begin t1', 't1 statement']);
    expect(gate.state).toEqual({ inTransaction: true, waiting: 3 });

    gate.release(t1);
    await tick();
    // x goes, t2 takes the session, y waits for t2.
    expect(r.order).toEqual(['begin t1', 't1 statement', 'x', 'begin t2']);
    expect(gate.state).toEqual({ inTransaction: true, waiting: 1 });

    gate.release({}); // not the owner: changes nothing
    await tick();
    expect(r.order).toHaveLength(4);

    gate.release(t2);
    await tick();
    expect(r.order.at(-1)).toBe('y');
    expect(gate.state).toEqual({ inTransaction: false, waiting: 0 });
  });
});
