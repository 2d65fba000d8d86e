/**
 * Event handlers that wait for something to be ready: events arriving before `ready` settles
 * are kept and handled in their arrival order once it has; later ones are handled at once.
 * After `stop()`, nothing more is handled, kept or not (as if the handlers were removed).
 * The worker client holds its first events this way until the schema that reads them has loaded.
 */
export interface HeldEvents {
  /** `handle`, wrapped to wait as described above. */
  wrap<A extends unknown[]>(handle: (...args: A) => void): (...args: A) => void;
  stop(): void;
}

export function holdEvents(ready: Promise<unknown>): HeldEvents {
  let held: (() => void)[] | null = [];
  let stopped = false;
  void ready.then(
    () => {
      const waiting = held ?? [];
      held = null;
      for (const event of waiting) event();
    },
    () => {
      held = null; // whoever awaits `ready` reports its failure; the kept events are dropped
    },
  );
  return {
    wrap: (handle) => (...args) => {
      const dispatch = () => {
        if (!stopped) handle(...args);
      };
      if (held) held.push(dispatch);
      else dispatch();
    },
    stop: () => {
      stopped = true;
    },
  };
}
