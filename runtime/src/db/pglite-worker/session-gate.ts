/**
 * Who may send statements to the single PGlite session, and when. The worker runs what it
 * receives strictly in order, so a statement outside a transaction needs no lock: it is
 * sent at once and queues in the worker behind the others (no round trip between them,
 * which matters when the worker waits for CPU). A transaction, though, must have the
 * session to itself from BEGIN until its COMMIT or ROLLBACK is sent (the driver then
 * releases it, or Kysely does by giving the connection back): meanwhile everyone else's
 * statements and transactions wait here, first come first served.
 *
 * So, as with kysely-pglite-dialect: transactions never interleave with anything. Unlike
 * it: a connection held without a transaction (Kysely's `db.connection()`) is not
 * exclusive — nothing in coinlab uses one, and PGlite's single session is shared anyway.
 */
export class SessionGate {
  /** The connection inside a transaction, from BEGIN until release(). */
  private owner: object | undefined;
  private readonly waiting: Array<{ holder: object; transaction: boolean; admit: () => void }> = [];

  /** Resolves when `holder` may send a statement. */
  enter(holder: object): Promise<void> {
    if (this.owner === holder || (this.owner === undefined && this.waiting.length === 0)) return Promise.resolve();
    return new Promise((admit) => this.waiting.push({ holder, transaction: false, admit }));
  }

  /** Resolves when `holder` has the session to itself; it keeps it until release(). */
  enterTransaction(holder: object): Promise<void> {
    if (this.owner === holder) return Promise.resolve();
    if (this.owner === undefined && this.waiting.length === 0) {
      this.owner = holder;
      return Promise.resolve();
    }
    return new Promise((admit) => this.waiting.push({ holder, transaction: true, admit }));
  }

  /**
   * The transaction of `holder` is over (its COMMIT or ROLLBACK is sent, or its connection
   * given back). Lets the waiting statements go in order, up to and including the next
   * transaction. Anyone else's release changes nothing.
   */
  release(holder: object): void {
    if (this.owner !== holder) return;
    this.owner = undefined;
    while (this.owner === undefined) {
      const next = this.waiting.shift();
      if (!next) return;
      if (next.transaction) this.owner = next.holder;
      next.admit();
    }
  }

  /** For tests and diagnostics. */
  get state(): { inTransaction: boolean; waiting: number } {
    return { inTransaction: this.owner !== undefined, waiting: this.waiting.length };
  }
}
