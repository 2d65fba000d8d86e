/** Resolves on the first SIGTERM or SIGINT (Ctrl+C): a long-running command then stops cleanly. */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
