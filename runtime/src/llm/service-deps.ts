import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { LlmBudgetExceededError, LlmDailyLimitError } from './errors';
import type { UsageLedger } from './ledger';
import type { RetryEvent } from './retry';
import type { UsageScope } from './types';

/** What the LLM service is built with (its own file: service.ts and configured-service.ts both need it). */
export interface LlmServiceDeps {
  ledger: UsageLedger;
  /** Replaces the HTTP client, e.g. with a scripted chat model in tests. */
  model?: BaseChatModel;
  /** Told about each retry (e.g. to log "429, retrying in 1.2 s"). */
  onRetry?: (event: RetryEvent, scope: UsageScope) => void;
  /** Told when a provider's answer was implausible and corrected (e.g. negative token counts). */
  onWarning?: (message: string, scope: UsageScope) => void;
  /** Told when a request is refused by the run's token budget or the daily request limit (alerts). */
  onRefused?: (error: LlmBudgetExceededError | LlmDailyLimitError, scope: UsageScope) => void;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}
