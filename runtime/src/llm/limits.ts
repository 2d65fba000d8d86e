import { LlmBudgetExceededError, LlmDailyLimitError } from './errors';
import type { Reservation, UsageLedger } from './ledger';
import type { UsageScope } from './types';

export interface LlmLimits {
  runTokenBudget: number | null;
  dailyRequestLimit: number | null;
}

/**
 * Admits a call only if the run's recorded tokens, plus the tokens reserved by its calls
 * in flight, plus this request's worst case (prompt upper bound + max output tokens) fit
 * the budget; then reserves that worst case until the call is recorded. The check and the
 * reservation run without an await between them, so concurrent calls cannot both pass.
 */
export function reserveTokens(
  ledger: UsageLedger,
  limits: LlmLimits,
  scope: UsageScope,
  promptBound: number,
  maxOutputTokens: number,
): Reservation {
  const requestTokens = promptBound + maxOutputTokens;
  if (limits.runTokenBudget !== null) {
    const used = ledger.forRun(scope.runId).totalTokens + ledger.reservedTokens(scope.runId);
    if (used + requestTokens > limits.runTokenBudget) {
      throw new LlmBudgetExceededError(scope.runId, limits.runTokenBudget, used, requestTokens, promptBound, maxOutputTokens);
    }
  }
  return ledger.reserve(scope.runId, requestTokens);
}

/** Checks and counts one HTTP request against the per-day limit (every attempt counts). */
export function admitRequest(ledger: UsageLedger, limits: LlmLimits): void {
  const used = ledger.requestsOn();
  if (limits.dailyRequestLimit !== null && used >= limits.dailyRequestLimit) {
    throw new LlmDailyLimitError(ledger.today(), limits.dailyRequestLimit, used);
  }
  ledger.countRequest();
}
