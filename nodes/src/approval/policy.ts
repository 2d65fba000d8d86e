import { z } from 'zod';
import type { GatePause } from '@coinlab/shared';
import { BranchStoppedError } from '../define';
import type { InteractionResponse, NodeServices } from '../services';

/**
 * How an approval gate decides, shared by every approval node:
 * - automatic: never pauses; the recommendation is taken and logged.
 * - optional: pauses for review, but silence means yes: after `timeoutSeconds` (300 when 0)
 *   the branch continues with the recommendation.
 * - required: pauses until a person answers; with `timeoutSeconds` > 0 the `defaultAction`
 *   (continue or stop) is taken when nobody answers in time; 0 waits for ever.
 * Only the gate's branch waits: the engine keeps running every other branch.
 */
export const approvalParams = {
  mode: z.enum(['automatic', 'optional', 'required']).default('required'),
  timeoutSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(0),
  defaultAction: z.enum(['continue', 'stop']).default('stop'),
  title: z.string().max(200).default(''),
  message: z.string().max(2000).default(''),
};

export const approvalUi = {
  mode: { help: 'automatic: never pauses. optional: pauses, silence means continue. required: waits for an answer (or the default action after the timeout).' },
  timeoutSeconds: { help: 'Seconds to wait for an answer; 0 = wait for ever (required) or 300 s (optional).' },
  defaultAction: { help: 'What happens when a required approval times out: continue (approve) or stop the branch.' },
  message: { widget: 'textarea' as const },
};

export type ApprovalMode = 'automatic' | 'optional' | 'required';
export interface ApprovalSettings {
  mode: ApprovalMode;
  timeoutSeconds: number;
  defaultAction: 'continue' | 'stop';
}

/**
 * How long a gate that asks waits, and what is taken when nobody answers in that time
 * (`timeoutSeconds` 0: it waits for ever); null for automatic, which never asks. The one
 * reading of the settings: `decide` asks with it and `approvalPause` describes it.
 */
function waitPolicy(settings: ApprovalSettings): { timeoutSeconds: number; defaultAction: 'approve' | 'reject' } | null {
  if (settings.mode === 'automatic') return null;
  return {
    timeoutSeconds: settings.mode === 'optional' ? settings.timeoutSeconds || 300 : settings.timeoutSeconds,
    defaultAction: settings.mode === 'optional' || settings.defaultAction === 'continue' ? 'approve' : 'reject',
  };
}

/**
 * How a gate with these settings holds up a run (the catalog's `approvalPause`): never
 * (automatic); a review that continues by itself on silence (optional, or required with a
 * timeout whose default is continue); or a person's answer it cannot go on without (required:
 * it waits for ever, or stops its branch at the timeout).
 */
export function approvalPause(settings: ApprovalSettings): GatePause {
  const wait = waitPolicy(settings);
  if (!wait) return { kind: 'never' };
  if (wait.timeoutSeconds > 0 && wait.defaultAction === 'approve') return { kind: 'review', continuesAfterSeconds: wait.timeoutSeconds };
  return { kind: 'person', stopsAfterSeconds: wait.timeoutSeconds > 0 ? wait.timeoutSeconds : null };
}

/**
 * Thrown when a person (or a timeout's default) stops the branch: not a failure. The engine
 * shows the gate as stopped with the reason, skips what depends on it and lets the run
 * succeed; never retried.
 */
export class ApprovalStoppedError extends BranchStoppedError {
  constructor(reason: string) {
    super(reason);
    this.name = 'ApprovalStoppedError';
  }
}

/** What the gate decided, as it flows downstream (the `decision` output). */
export interface ApprovalDecision {
  decision: 'approve' | 'override' | 'reject';
  /** Who decided: a person's name, `api`, `cli`, `timeout` or `automatic`. */
  by: string;
  reason: string | null;
  /** The overriding value (e.g. another model's name), when overridden. */
  value?: unknown;
  mode: ApprovalMode;
  decidedAt: string;
}

export interface AskInput {
  title: string;
  message: string;
  context: unknown;
  /** Plain options besides approve/reject, e.g. none; approve and reject are always offered. */
  approveLabel: string;
  allowOverride: boolean;
}

/**
 * Asks (or decides automatically) according to the settings and returns the decision; a
 * reject, or a timeout whose default is stop, throws ApprovalStoppedError with the reason.
 */
export async function decide(settings: ApprovalSettings, ask: AskInput, services: NodeServices, signal: AbortSignal, log: (message: string) => void): Promise<ApprovalDecision> {
  const decidedAt = () => new Date(services.now()).toISOString();
  const wait = waitPolicy(settings);
  if (!wait) {
    log('approval mode is automatic: continuing with the recommendation');
    return { decision: 'approve', by: 'automatic', reason: 'automatic approval mode', mode: settings.mode, decidedAt: decidedAt() };
  }
  const { timeoutSeconds, defaultAction } = wait;
  const response: InteractionResponse = await services.interactions.ask(
    {
      key: 'approval',
      kind: 'approval',
      title: ask.title,
      message: ask.message,
      context: ask.context,
      options: [
        { value: 'approve', label: ask.approveLabel },
        { value: 'reject', label: 'Reject (stop this branch)' },
      ],
      allowOverride: ask.allowOverride,
      timeoutSeconds: timeoutSeconds > 0 ? timeoutSeconds : null,
      defaultAction,
    },
    signal,
  );
  const by = response.by ?? 'someone';
  const reason = response.reason ?? null;
  // Every outcome is logged, so the run's log tells the whole story (also for a stop).
  const stop = (why: string): never => {
    log(why);
    throw new ApprovalStoppedError(why);
  };
  if (response.decision === 'reject') {
    stop(by === 'timeout' ? `no answer within ${timeoutSeconds} s; the default action is stop` : `rejected by ${by}${reason ? `: ${reason}` : ''}`);
  }
  if (response.decision === 'override') {
    if (!ask.allowOverride) stop(`"${by}" answered override, which this gate does not offer`);
    return { decision: 'override', by, reason, value: response.value, mode: settings.mode, decidedAt: decidedAt() };
  }
  if (response.decision !== 'approve') stop(`unknown decision "${response.decision}" from ${by}`);
  log(`approved by ${by}${reason ? `: ${reason}` : ''}`);
  return { decision: 'approve', by, reason, mode: settings.mode, decidedAt: decidedAt() };
}

/** A value small enough to travel in the request (stored, streamed, shown); else null. */
export function compact(value: unknown, maxChars = 20_000): unknown {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value);
    return text !== undefined && text.length <= maxChars ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
