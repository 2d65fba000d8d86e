/**
 * Errors meant for a person, not a developer: one line that says what is wrong and what
 * to do. Callers (CLI, server start) print `message` alone, without the stack.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    readonly target: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot connect to PostgreSQL at ${target}: ${reason}. Check DATABASE_URL, or unset it to use the embedded database.`, options);
  }
}

/** A second coinlab server on a PostgreSQL database that one already serves. */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
  constructor(
    readonly target: string,
    readonly holder: string,
  ) {
    super(
      `PostgreSQL at ${target} is already served by ${holder}. A server that executes its runs in its own process holds the database alone: stop it, run every server as a cluster member (coinlab serve on PostgreSQL), or point DATABASE_URL at another database.`,
    );
  }
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    /** null when the holder is still writing its lock file. */
    readonly pid: number | null,
    readonly lockFile: string,
    readonly byThisProcess: boolean,
    /** The API of the server holding the folder, when the holder is a `coinlab serve`. */
    readonly serverUrl: string | null = null,
  ) {
    super(
      byThisProcess
        ? `The data folder ${dataDir} is already open in this process (pid ${pid}); close it before opening it again.`
        : `The data folder ${dataDir} is in use by another coinlab process (pid ${pid ?? 'unknown'}). Stop that process or use another data folder (COINLAB_DATA_DIR); if no such process is running, delete ${lockFile}.`,
    );
  }
}

export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(migration: string | undefined, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`Database migration ${migration ?? '(unknown)'} failed: ${why}`, { cause });
  }
}
