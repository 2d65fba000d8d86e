import { api } from '../api/client';
import { ApiError } from '../api/http';
import { useRunStore } from '../stores/run-store';
import { useUiStore } from '../stores/ui-store';

export interface ApprovalAnswer {
  decision: 'approve' | 'reject' | 'override' | (string & {});
  value?: unknown;
  reason?: string;
}

/**
 * Answers a paused node of the run on screen (`POST /runs/:id/interactions/:interactionId`).
 * Returns the runtime's message when it refuses (400 invalid answer, 409 already decided),
 * so the card can show it next to the form; null when accepted.
 */
export async function answerApproval(interactionId: string, answer: ApprovalAnswer): Promise<string | null> {
  const runId = useRunStore.getState().runId;
  if (!runId) return 'no run is open';
  // Who answered is the signed-in user: the runtime records that, not a name the editor sends.
  const body: { decision: string; value?: unknown; reason?: string } = { decision: answer.decision };
  if (answer.value !== undefined) body.value = answer.value;
  if (answer.reason?.trim()) body.reason = answer.reason.trim();
  try {
    await api.answerInteraction(runId, interactionId, body);
    const what = answer.decision === 'override' ? `override${typeof answer.value === 'string' ? ` → ${answer.value}` : ''}` : answer.decision;
    useUiStore.getState().toast(`Answered: ${what}`, 'success');
    return null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) return 'This approval was already decided (by someone else or by its timeout).';
    return err instanceof Error ? err.message : String(err);
  }
}
