/** Longest sleep: a clock change or a missed re-arm is noticed within this. */
const MAX_SLEEP_MS = 60_000;
/** After a failed tick (database down): a schedule still due must not spin the loop. */
const RETRY_MS = 1000;

/**
 * One setTimeout to the earliest next fire time (embedded mode: this process is the only one
 * on its database). Ticks never overlap; each re-arms when it ends.
 */
export class ScheduleTimer {
  private handle: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly o: {
      earliest: () => Promise<Date | null>;
      fireDue: () => Promise<void>;
      now: () => Date;
      log: (line: string) => void;
    },
  ) {}

  rearm(): void {
    if (this.stopped) return;
    if (this.ticking) return; // the tick re-arms when it ends, reading the changed schedules
    void this.schedule();
  }

  private async schedule(minWaitMs = 0): Promise<void> {
    let at: Date | null;
    try {
      at = await this.o.earliest();
    } catch (err) {
      this.o.log(`schedules: cannot read next fire time: ${(err as Error).message}`);
      at = new Date(this.o.now().getTime() + MAX_SLEEP_MS);
    }
    if (this.stopped) return;
    if (this.handle) clearTimeout(this.handle);
    const wait = at ? Math.max(0, at.getTime() - this.o.now().getTime()) : MAX_SLEEP_MS;
    this.handle = setTimeout(() => this.tick(), Math.max(minWaitMs, Math.min(wait, MAX_SLEEP_MS)));
    this.handle.unref?.();
  }

  private tick(): void {
    this.handle = undefined;
    let failed = false;
    this.ticking = (async () => {
      try {
        await this.o.fireDue();
      } catch (err) {
        failed = true;
        this.o.log(`schedules: firing failed: ${(err as Error).message}`);
      }
    })().finally(() => {
      this.ticking = undefined;
      if (!this.stopped) void this.schedule(failed ? RETRY_MS : 0);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    await this.ticking;
  }
}
