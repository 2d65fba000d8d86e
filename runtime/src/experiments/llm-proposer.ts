import { z } from 'zod';
import type { LlmService } from '@coinlab/nodes';
import { scaleOf, type Dimension, type ExperimentSpec } from '@coinlab/shared';
import { keyOf, snap, type Candidate } from './space';
import type { ProposeContext, Proposal, Proposer } from './proposer';

/** Most iterations shown to the model (the best and the latest); older ones are summarized by count. */
const HISTORY_SHOWN = 30;
const MAX_TOKENS = 600;
const MAX_REPAIRS = 2;

/**
 * The LLM was asked but gave no usable proposal. What the failed turns cost is not reported
 * back, so the worst case priced before asking is charged: the day's budget can only be
 * over-counted, never overrun.
 */
export class LlmProposalError extends Error {
  constructor(
    message: string,
    readonly chargedUsd: number,
  ) {
    super(message);
    this.name = 'LlmProposalError';
  }
}

/** The LLM was not asked: its worst-case cost does not fit in what is left of the day's budget. */
export class LlmBudgetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlmBudgetError';
  }
}

function valueSchema(d: Dimension): z.ZodType<Candidate[string]> {
  if (d.type === 'choice') return z.union(d.values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<string>, z.ZodLiteral<string>]);
  const n = d.type === 'int' ? z.number().int() : z.number();
  return n.min(d.min).max(d.max);
}

/** What the model must answer: a value for every searched param, inside its range, and why. */
export function proposalSchema(spec: ExperimentSpec) {
  return z.object({
    params: z.object(Object.fromEntries(spec.searchSpace.map((d) => [keyOf(d), valueSchema(d)]))).strict(),
    reason: z.string().trim().min(1).max(1000),
  });
}

function describeDimension(d: Dimension): string {
  if (d.type === 'choice') return `${keyOf(d)}: one of ${JSON.stringify(d.values)}`;
  return `${keyOf(d)}: ${d.type === 'int' ? 'integer' : 'number'} in [${d.min}, ${d.max}]${d.step !== undefined ? ` in steps of ${d.step} from ${d.min}` : ''}${scaleOf(d) === 'log' ? ' (log scale)' : ''}`;
}

/** The prompt: the goal, the space, the rules and the history (params, metrics, failures). */
export function proposalPrompt(ctx: ProposeContext): string {
  const { spec, history } = ctx;
  const done = history.filter((h) => h.status !== 'running');
  const shown = done.slice(-HISTORY_SHOWN);
  const rows = shown.map((h) => {
    const what = h.status === 'succeeded' ? `${spec.objective.metric}=${h.objective}` + (h.stats ? ` (${Object.entries(h.stats).slice(0, 8).map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`).join(', ')})` : '') : `FAILED: ${h.error ?? 'unknown'}`;
    return `#${h.seq} ${JSON.stringify(h.params)} -> ${what}`;
  });
  const constraints = Object.entries(spec.constraints).map(([k, v]) => `${k}=${v}`).join(', ');
  return [
    `We are tuning params of a trading-research graph. Goal: ${spec.objective.direction} "${spec.objective.metric}" of node "${spec.objective.node}" (mean over walk-forward windows).`,
    constraints ? `A winner must also meet: ${constraints}.` : 'There are no extra constraints.',
    'Params to choose (every one, inside its range):',
    ...spec.searchSpace.map((d) => `- ${describeDimension(d)}`),
    done.length > shown.length ? `${done.length - shown.length} older iterations are not shown.` : '',
    rows.length ? 'Iterations so far (params -> result):' : 'No iteration has run yet: propose a sensible first point.',
    ...rows,
    'Propose the next params to try: a change likely to improve the objective, not a point already tried. Give your reason in one or two sentences.',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Proposals from the configured LLM, as structured output validated with zod (invalid answers
 * are shown their problems and repaired, at most twice). Before asking, the worst case (the
 * prompt at 2 characters a token, every repair turn at full length) is priced: a call that
 * could overrun what is left of today's budget is not made.
 */
export function llmProposer(llm: (scope: { runId: string; nodeId: string }) => LlmService, release: (runId: string) => void = () => {}): Proposer {
  return {
    async propose(ctx: ProposeContext): Promise<Proposal> {
      // One ledger run per proposal: the per-run token budget applies to each, not to the whole experiment.
      const runId = `experiment:${ctx.experimentId}:${ctx.seq}`;
      const service = llm({ runId, nodeId: 'proposer' });
      try {
        return await proposeWith(service, ctx);
      } finally {
        release(runId); // its calls are stored (llm_calls); the in-memory ledger need not keep them
      }
    },
  };
}

async function proposeWith(service: LlmService, ctx: ProposeContext): Promise<Proposal> {
  if (!service.available) throw new Error(service.describe());
  const prompt = proposalPrompt(ctx);
  const schema = proposalSchema(ctx.spec);
  const schemaChars = JSON.stringify(z.toJSONSchema(schema)).length;
  // Each repair turn resends the conversation so far: the prompt and schema (at most one token per
  // 2 characters) every turn, plus each earlier reply and the problems sent back with it (counted
  // as twice a reply's token limit).
  const turns = MAX_REPAIRS + 1;
  const inputBound = Math.ceil((prompt.length + schemaChars) / 2) * turns + 2 * MAX_TOKENS * ((turns * (turns - 1)) / 2);
  const worstCase = service.estimateCostUsd(inputBound, MAX_TOKENS * turns);
  if (worstCase > ctx.budgetUsd) throw new LlmBudgetError(`the LLM daily budget has $${ctx.budgetUsd.toFixed(4)} left, a proposal may cost up to $${worstCase.toFixed(4)}`);
  const r = await service
    .structured({
      system: 'You propose the next experiment parameters for a quantitative research loop. Answer only through the tool.',
      prompt,
      schema,
      name: 'propose_params',
      description: 'Submit the next params to try and the reason.',
      maxTokens: MAX_TOKENS,
      maxRepairs: MAX_REPAIRS,
    })
    .catch((err: unknown) => {
      throw new LlmProposalError(err instanceof Error ? err.message : String(err), worstCase);
    });
  // Ranges are checked by the schema; stepped ranges are put on their grid.
  const params: Candidate = {};
  for (const d of ctx.spec.searchSpace) {
    const v = r.value.params[keyOf(d)] as Candidate[string];
    params[keyOf(d)] = d.type === 'choice' ? v : snap(d, v as number);
  }
  return { params, reason: r.value.reason, proposer: 'llm', costUsd: r.usage.costUsd };
}
