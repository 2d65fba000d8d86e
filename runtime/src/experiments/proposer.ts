import type { IterationRecord } from '../db/repos/experiments';
import type { ExperimentSpec } from '@coinlab/shared';
import { score } from './objective';
import { iterationSeed, seededRandom, type Candidate } from './space';
import { proposeRandom, proposeTpe, type Observation } from './tpe';

export interface Proposal {
  params: Candidate;
  /** Why these params (an LLM's reason; the optimizer's name otherwise). */
  reason: string | null;
  /** Who proposed: `tpe`, `random`, `llm`. */
  proposer: string;
  /** What the proposal cost in LLM spend, US dollars. */
  costUsd: number;
}

export interface ProposeContext {
  experimentId: string;
  spec: ExperimentSpec;
  /** Every earlier iteration of the experiment, oldest first. */
  history: readonly IterationRecord[];
  seq: number;
  /** What the LLM may still spend today (0 when none). */
  budgetUsd: number;
}

export interface Proposer {
  propose(ctx: ProposeContext): Promise<Proposal>;
}

/** The optimizer's view of the history: loss = minus the score, failures as null. */
export function observations(spec: ExperimentSpec, history: readonly IterationRecord[]): Observation[] {
  return history
    .filter((h) => h.status !== 'running')
    .map((h) => ({ params: h.params as Candidate, loss: h.status === 'succeeded' && h.objective !== null ? -score(spec.objective, h.objective) : null }));
}

/** The offline proposers: TPE (default) or random search, seeded per iteration so a restart proposes the same. */
export const offlineProposer = (kind: 'tpe' | 'random'): Proposer => ({
  async propose({ spec, history, seq }) {
    const next = seededRandom(iterationSeed(spec.seed, seq));
    const obs = observations(spec, history);
    const params = kind === 'tpe' ? proposeTpe(spec.searchSpace, obs, next) : proposeRandom(spec.searchSpace, obs, next);
    return { params, reason: kind === 'tpe' ? `TPE over ${obs.length} earlier iterations` : 'random search', proposer: kind, costUsd: 0 };
  },
});
