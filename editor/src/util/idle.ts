/** Runs `fn` when the browser is idle (the canvas has drawn), or after `timeoutMs` at the latest. */
export function whenIdle(fn: () => void, timeoutMs = 2000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => fn(), { timeout: timeoutMs });
  else setTimeout(fn, 200);
}
