import { describe, expect, it } from 'vitest';
import { RequestSpacing } from './spacing';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('RequestSpacing', () => {
  it('sends one request at a time, each starting at least the interval after the previous one ended', async () => {
    const gate = new RequestSpacing(40);
    const spans: { start: number; end: number }[] = [];
    await Promise.all(
      [25, 5, 15, 0].map((took) =>
        gate.run(async () => {
          const start = performance.now();
          await sleep(took);
          spans.push({ start, end: performance.now() });
        }),
      ),
    );
    expect(spans).toHaveLength(4);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start - spans[i - 1]!.end).toBeGreaterThanOrEqual(40);
  });

  it('keeps the floor where the exchange sees it when one request takes longer to leave than the next', async () => {
    // What the exchange records is the arrival: some time after the gate let the request go
    // (ccxt's throttle and signing, a busy event loop, the network), and that time varies.
    const gate = new RequestSpacing(60);
    const arrivals: number[] = [];
    for (const toLeave of [30, 0, 20, 0]) {
      await gate.run(async () => {
        await sleep(toLeave);
        arrivals.push(performance.now());
        await sleep(2); // the reply's way back
      });
    }
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThanOrEqual(60);
  });

  it('passes on what the request returns or throws, and a failure does not block the next one', async () => {
    const gate = new RequestSpacing(10);
    await expect(gate.run(() => Promise.reject(new Error('503')))).rejects.toThrow('503');
    await expect(gate.run(async () => 7)).resolves.toBe(7);
  });

  it('does not wait or queue at all with no interval', async () => {
    const gate = new RequestSpacing(0, () => Promise.reject(new Error('slept')));
    let inFlight = 0;
    let peak = 0;
    const request = async () => {
      peak = Math.max(peak, ++inFlight);
      await sleep(5);
      inFlight -= 1;
    };
    await Promise.all([gate.run(request), gate.run(request)]);
    expect(peak).toBe(2);
  });
});
