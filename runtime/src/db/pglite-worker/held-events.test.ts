import { describe, expect, it } from 'vitest';
import { holdEvents } from './held-events';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve = () => {};
  let reject: (e: Error) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('events held until ready', () => {
  it('handles events that came early in their order once ready, and later ones at once', async () => {
    const ready = deferred();
    const seen: string[] = [];
    const held = holdEvents(ready.promise);
    const message = held.wrap((m: string) => seen.push(`message ${m}`));
    const exit = held.wrap((code: number) => seen.push(`exit ${code}`));
    message('a');
    exit(1);
    message('b');
    expect(seen).toEqual([]);
    ready.resolve();
    await ready.promise;
    await Promise.resolve();
    expect(seen).toEqual(['message a', 'exit 1', 'message b']);
    message('c');
    expect(seen.at(-1)).toBe('message c');
  });

  it('handles nothing after stop, kept events included: the first decisive event wins', async () => {
    const ready = deferred();
    const seen: string[] = [];
    const held = holdEvents(ready.promise);
    const message = held.wrap((m: string) => {
      seen.push(`message ${m}`);
      held.stop();
    });
    const exit = held.wrap((code: number) => seen.push(`exit ${code}`));
    message('open-failed');
    exit(1);
    ready.resolve();
    await ready.promise;
    await Promise.resolve();
    expect(seen).toEqual(['message open-failed']);
    exit(2);
    expect(seen).toEqual(['message open-failed']);
  });

  it('drops the kept events when ready fails', async () => {
    const ready = deferred();
    const seen: string[] = [];
    const held = holdEvents(ready.promise);
    held.wrap(() => seen.push('event'))();
    ready.reject(new Error('schema failed to load'));
    await ready.promise.catch(() => undefined);
    await Promise.resolve();
    expect(seen).toEqual([]);
  });
});
