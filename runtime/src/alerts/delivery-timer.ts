/**
 * Longest sleep between looks at the delivery queue. Deliveries raised in this process re-arm
 * the timer at once; this bounds how late one raised by another process of a cluster is sent.
 */
const MAX_SLEEP_MS = 5_000;
/** After a failed pass (database down): try again soon, without spinning. */
const RETRY_MS = 1_000;

/** One setTimeout to the earliest due delivery; passes never overlap, each re-arms when it ends. */
export class DeliveryTimer {
  private handle: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly o: {
      earliest: () => Promise<Date | null>;
      deliverDue: () => Promise<void>;
      now: () => Date;
      log: (line: string) => void;
    },
  ) {}

  rearm(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true; // something new arrived during the pass: look again right after it
      return;
    }
    void this.arm();
  }

  private async arm(minWaitMs = 0): Promise<void> {
    let at: Date | null;
    try {
      at = await this.o.earliest();
    } catch (err) {
      this.o.log(`alerts: cannot read the delivery queue: ${(err as Error).message}`);
      at = null;
      minWaitMs = Math.max(minWaitMs, RETRY_MS);
    }
    if (this.stopped) return;
    if (this.handle) clearTimeout(this.handle);
    const wait = at ? Math.max(0, at.getTime() - this.o.now().getTime()) : MAX_SLEEP_MS;
    this.handle = setTimeout(() => this.pass(), Math.max(minWaitMs, Math.min(wait, MAX_SLEEP_MS)));
    this.handle.unref?.();
  }

  private pass(): void {
    this.handle = undefined;
    this.again = false;
    let failed = false;
    this.running = this.o
      .deliverDue()
      .catch((err: unknown) => {
        failed = true;
        this.o.log(`alerts: delivering webhooks failed: ${(err as Error).message}`);
      })
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) void this.arm(failed && !this.again ? RETRY_MS : 0);
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    await this.running;
  }
}
