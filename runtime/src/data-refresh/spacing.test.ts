import { describe, expect, it } from 'vitest';
import { RequestSpacing } from './spacing';

describe('RequestSpacing', () => {
  it('lets callers through one at a time, at least the interval apart', async () => {
    const gate = new RequestSpacing(40);
    const at: number[] = [];
    await Promise.all([0, 1, 2, 3].map(async () => {
      await gate.turn();
      at.push(Date.now());
    }));
    expect(at).toHaveLength(4);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(39);
  });
  it('does not wait at all with no interval', async () => {
    const gate = new RequestSpacing(0, () => Promise.reject(new Error('slept')));
    await expect(Promise.all([gate.turn(), gate.turn()])).resolves.toBeDefined();
  });
});
