/**
 * What an OpenAI-compatible provider says about a reply is input from outside: a broken or
 * hostile server can report negative, fractional, huge or non-numeric token counts, or no
 * reply at all. This is the one place those answers are checked before the ledger, the
 * budget and the database see them.
 */

/** The provider answered HTTP 200 without a usable reply (e.g. an empty `choices` array). */
export class LlmMalformedReplyError extends Error {
  override name = 'LlmMalformedReplyError';
}

export const emptyChoicesError = (): LlmMalformedReplyError =>
  new LlmMalformedReplyError('the endpoint answered with an empty `choices` array: there is no reply to read (a content filter, or a server that is not OpenAI-compatible?)');

/**
 * Reported counts beyond this many times the byte-based upper bound (plus a margin for chat
 * templates and hidden reasoning tokens) cannot be true; below it a report is believed.
 */
const SLACK_FACTOR = 4;
const SLACK_TOKENS = 4096;

export interface CheckedCount {
  tokens: number;
  /** Why the reported count was not used (then `tokens` is the upper bound), or null. */
  problem: string | null;
}

/**
 * A reported token count if it is plausible, else the byte-based upper bound with the reason:
 * charging the bound keeps the budget guard safe (never credits a run, never under-charges).
 */
export function checkReportedTokens(reported: unknown, upperBound: number, what: 'input' | 'output'): CheckedCount {
  const shown = typeof reported === 'number' ? String(reported) : JSON.stringify(reported) ?? String(reported);
  if (typeof reported !== 'number' || !Number.isSafeInteger(reported) || reported < 0) {
    return { tokens: upperBound, problem: `the provider reported ${shown} ${what} tokens, not a non-negative whole number; charged the upper bound ${upperBound} instead` };
  }
  const limit = upperBound * SLACK_FACTOR + SLACK_TOKENS;
  if (reported > limit) {
    return { tokens: upperBound, problem: `the provider reported ${shown} ${what} tokens, more than the request can hold (at most ${limit}); charged the upper bound ${upperBound} instead` };
  }
  return { tokens: reported, problem: null };
}
