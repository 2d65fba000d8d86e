import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { PGliteWorkerClient } from './client';
import { SessionGate } from './session-gate';

/**
 * Kysely over a PGlite running in a worker thread. Same statements and results as
 * kysely-pglite-dialect, which it replaces. PGlite has one session: the gate (see
 * session-gate.ts) keeps a transaction's statements together, and lets statements outside
 * transactions queue up in the worker without waiting for each other's replies.
 */
export class PGliteWorkerDialect implements Dialect {
  constructor(private readonly client: PGliteWorkerClient) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteWorkerDriver(this.client);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) {
    return new PostgresIntrospector(db);
  }
}

class PGliteWorkerDriver implements Driver {
  private readonly gate = new SessionGate();

  constructor(private readonly client: PGliteWorkerClient) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new WorkerConnection(this.client, this.gate);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    if (!(connection instanceof WorkerConnection)) throw new Error('Released a connection this driver did not lend');
    this.gate.release(connection);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const modes = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean).join(', ');
    await asWorkerConnection(connection).begin(CompiledQuery.raw(modes ? `start transaction ${modes}` : 'begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await asWorkerConnection(connection).end('rollback');
  }

  async destroy(): Promise<void> {
    await this.client.close();
  }
}

function asWorkerConnection(connection: DatabaseConnection): WorkerConnection {
  if (!(connection instanceof WorkerConnection)) throw new Error('Not a connection of this driver');
  return connection;
}

let transactions = 0;

/**
 * One borrower's view of the single session; cheap, one per acquireConnection. In a
 * transaction it saves two round trips to the worker, during which everyone else waits:
 * BEGIN is sent without waiting for its reply (the worker refuses the transaction's
 * statements if it failed, so none runs outside it), and the session is handed on as soon
 * as COMMIT or ROLLBACK is sent (the next statements queue behind it in the worker).
 */
class WorkerConnection implements DatabaseConnection {
  private transaction: { tx: number; ended: boolean } | undefined;

  constructor(
    private readonly client: PGliteWorkerClient,
    private readonly gate: SessionGate,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    await this.gate.enter(this);
    const t = this.transaction;
    const step = t && !t.ended ? { tx: t.tx, step: 'statement' as const } : undefined;
    const { rows, affectedRows } = await this.client.query(compiledQuery.sql, compiledQuery.parameters, step);
    // As kysely-pglite-dialect: numAffectedRows only when PGlite reports some.
    return affectedRows ? { rows: rows as R[], numAffectedRows: BigInt(affectedRows) } : { rows: rows as R[] };
  }

  /** Takes the session for a transaction (waiting for the one in progress) and sends BEGIN. */
  async begin(compiledQuery: CompiledQuery): Promise<void> {
    await this.gate.enterTransaction(this);
    const tx = ++transactions;
    this.transaction = { tx, ended: false };
    // Its outcome reaches the caller through the next statement (see above); a stopped
    // worker fails that one too.
    this.client.query(compiledQuery.sql, compiledQuery.parameters, { tx, step: 'begin' }).catch(() => {});
  }

  /**
   * COMMIT or ROLLBACK. Either ends the transaction in PostgreSQL even when it fails (a
   * failed COMMIT rolls back), so a ROLLBACK that Kysely sends after a failed COMMIT has
   * nothing left to do and must not reach the session, which may by then be someone else's.
   */
  async end(step: 'commit' | 'rollback'): Promise<void> {
    const t = this.transaction;
    if (!t) throw new Error(`${step} outside a transaction`);
    if (t.ended) return;
    t.ended = true;
    const sent = this.client.query(step, [], { tx: t.tx, step });
    this.gate.release(this);
    await sent;
  }

  /** PGlite has no cursors to stream from: the whole result, handed out in chunks (as kysely-pglite-dialect does). */
  async *streamQuery<R>(compiledQuery: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new Error('chunkSize must be a positive integer');
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}
