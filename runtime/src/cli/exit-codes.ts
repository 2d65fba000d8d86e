/** Exit codes of the coinlab CLI, documented in README.md. */
export const EXIT = {
  ok: 0,
  /** The run failed, was cancelled or interrupted. */
  runFailed: 1,
  /** Invalid graph, bad file or bad usage: the problems are listed. */
  invalid: 2,
  /** The database (or another resource) is unavailable: nothing was done. */
  unavailable: 3,
  /** The server refused the token (missing, revoked, expired, mistyped) or its scope or role. */
  accessDenied: 4,
} as const;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Ends a command with `code` and one line for the user (no stack). */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
