/**
 * At least `intervalMs` between the starts of two requests, however many callers share it (the
 * API, a schedule and a CLI fetch in one process all go through one gate per exchange). On top
 * of ccxt's own throttle, which follows the exchange's request weights: this one is the lab's
 * own ceiling (COINLAB_EXCHANGE_MIN_INTERVAL_MS), e.g. to stay well under a shared IP's limit.
 */
export class RequestSpacing {
  private next = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when the caller may send its request. */
  turn(): Promise<void> {
    if (this.intervalMs <= 0) return Promise.resolve();
    const mine = this.chain.then(async () => {
      const wait = this.next - Date.now();
      if (wait > 0) await this.sleep(wait);
      this.next = Date.now() + this.intervalMs;
    });
    this.chain = mine.catch(() => {});
    return mine;
  }
}
