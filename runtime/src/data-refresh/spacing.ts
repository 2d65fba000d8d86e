/**
 * At least `intervalMs` between two requests to one exchange, however many callers share it (the
 * API, a schedule and a CLI fetch in one process all go through one gate per exchange). On top
 * of ccxt's own throttle, which follows the exchange's request weights: this one is the lab's
 * own ceiling (COINLAB_EXCHANGE_MIN_INTERVAL_MS), e.g. to stay well under a shared IP's limit.
 *
 * The interval is counted from the END of the previous request, and requests go one at a time.
 * Counting from when a request was let go is not enough: the time from there to the exchange
 * (ccxt's throttle and signing, a busy event loop, a GC pause, the network) differs from one
 * request to the next, so the exchange saw two requests closer than the floor whenever the first
 * took longer to leave than the second. A reply can only come after its request arrived, so a
 * request sent `intervalMs` after the previous reply arrives at least `intervalMs` after it.
 */
export class RequestSpacing {
  private next = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `request` when its turn comes; the next one may start `intervalMs` after it settles. */
  run<T>(request: () => Promise<T>): Promise<T> {
    if (this.intervalMs <= 0) return request();
    const mine = this.chain.then(async () => {
      // A timer may fire a fraction of a millisecond early against this clock: wait until it is reached.
      for (let wait = this.next - this.now(); wait > 0; wait = this.next - this.now()) await this.sleep(Math.ceil(wait));
      try {
        return await request();
      } finally {
        this.next = this.now() + this.intervalMs;
      }
    });
    this.chain = mine.then(
      () => {},
      () => {},
    );
    return mine;
  }
}
