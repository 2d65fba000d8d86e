import type { GraphDocument } from '../graph';

/** An agent session's life: planning, then running its graph, waiting on a person in between. */
export const SESSION_STATUSES = ['planning', 'executing', 'awaiting_approval', 'completed', 'failed', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const FINAL_SESSION_STATUSES: readonly SessionStatus[] = ['completed', 'failed', 'cancelled'];

/** What a session waits for from a person: an answer, a plan confirmation or a gate's approval. */
export interface PendingItem {
  kind: 'clarification' | 'plan' | 'approval';
  question: string;
  context: unknown;
  options: { value: string; label: string }[];
  default: string | null;
  interaction_id?: string;
  node_id?: string;
  allow_override?: boolean;
  expires_at?: string | null;
}

/** A session as the API and the socket show it (snake_case: the agent-facing API's style). */
export interface SessionView {
  session_id: string;
  goal: string;
  preferences: unknown;
  status: SessionStatus;
  message: string;
  current_step: string;
  plan: null | {
    planner: string;
    graph_id: string | null;
    document: GraphDocument | null;
    notes: string[];
    intent: unknown;
    dry_run: unknown;
    estimate: unknown;
    confirmed: boolean;
  };
  pending: PendingItem | null;
  run_id: string | null;
  run_ids: string[];
  error: string | null;
  created_at: string;
  updated_at: string;
}
