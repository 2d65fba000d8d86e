/**
 * Wraps a read of server state so calls never overlap: a call while a read is in flight asks
 * for one more read after it (a burst of changes costs one read in flight and one after), and
 * the newest answer is always the last one applied — overlapping reads could finish out of
 * order and put an older answer on screen over a newer one.
 */
export interface CoalescedRead {
  (): Promise<void>;
  /** True while a read is in flight. */
  readonly inFlight: () => boolean;
  /** After this, a read in flight does not start another. */
  readonly stop: () => void;
}

export function coalescedRead(read: () => Promise<void>): CoalescedRead {
  let running = false;
  let again = false;
  let live = true;
  const call = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await read();
      } while (again && live);
    } finally {
      running = false;
    }
  };
  return Object.assign(call, { inFlight: () => running, stop: () => void (live = false) });
}
