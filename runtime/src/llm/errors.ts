/**
 * Errors of the LLM layer. Each message names the setting or limit involved and the
 * figures, because these messages end up in node logs read by people.
 */

export class LlmNotConfiguredError extends Error {
  override name = 'LlmNotConfiguredError';
  constructor(readonly reason: string) {
    super(`This step needs an LLM, but none is configured (${reason}).`);
  }
}

export class LlmBudgetExceededError extends Error {
  override name = 'LlmBudgetExceededError';
  constructor(
    readonly runId: string,
    readonly budget: number,
    readonly usedTokens: number,
    readonly requestTokens: number,
    readonly promptBound: number,
    readonly maxOutputTokens: number,
  ) {
    super(
      `LLM token budget of run ${runId} would be exceeded: ${usedTokens} tokens used or reserved + up to ` +
        `${requestTokens} for this request (prompt up to ${promptBound} + max output ${maxOutputTokens}) ` +
        `> budget ${budget} (LLM_RUN_TOKEN_BUDGET). The request was not sent.`,
    );
  }
}

export class LlmDailyLimitError extends Error {
  override name = 'LlmDailyLimitError';
  constructor(
    readonly day: string,
    readonly limit: number,
    readonly used: number,
  ) {
    super(
      `Daily LLM request limit reached: ${used} of ${limit} requests already made on ${day} (UTC) ` +
        `(LLM_DAILY_REQUEST_LIMIT). The request was not sent.`,
    );
  }
}

/** The caller's AbortSignal fired: never retried. */
export class LlmAbortedError extends Error {
  override name = 'AbortError';
  constructor(message = 'LLM request was cancelled.') {
    super(message);
  }
}

export type LlmFailureKind =
  | 'rate_limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'bad_response'
  | 'client'
  | 'unknown';

export interface LlmAttemptFailure {
  attempt: number;
  kind: LlmFailureKind;
  retryable: boolean;
  status: number | null;
  message: string;
}

/** The request failed for good: a non-retryable error, or every retry used up. */
export class LlmRequestError extends Error {
  override name = 'LlmRequestError';
  constructor(
    message: string,
    readonly failures: LlmAttemptFailure[],
  ) {
    super(message);
  }
  get lastFailure(): LlmAttemptFailure | undefined {
    return this.failures.at(-1);
  }
}

/** The model's output did not parse or match the schema, even after the repair turns. */
export class LlmStructuredOutputError extends Error {
  override name = 'LlmStructuredOutputError';
  constructor(
    message: string,
    /** Problems of the last attempt, one per line: feed them back to the model for repair. */
    readonly issues: string[],
    /** What the model returned last (tool arguments or text). */
    readonly raw: string,
  ) {
    super(message);
  }
}
