import { z } from 'zod';

/**
 * What the API accepts for an experiment, and (defaults filled in) the spec every answer
 * shows: one contract for the runtime, the editor's form and view, and the CLI. Shapes and
 * self-consistency (min below max, a step that fits the range) are checked here; whether the
 * nodes, params and metrics exist in the graph is checked by the runtime against the graph
 * and the node catalog (runtime/src/experiments/validate.ts).
 */
const nodeRef = z.string().trim().min(1).max(100);
const paramName = z.string().trim().min(1).max(100);
const finite = z.number().finite();

const rangeFields = { node: nodeRef, param: paramName, min: finite, max: finite };
/**
 * How a range is sampled: `linear` (uniform between min and max) or `log` (uniform in log
 * space, so each decade of 0.0001..1 is tried as often). Specs stored before `scale` existed
 * say `log: true` on a float range; it is still read, and means `scale: 'log'`.
 */
export const SCALES = ['linear', 'log'] as const;
export type Scale = (typeof SCALES)[number];
const scaleField = z.enum(SCALES).optional();

/** The checks shared by float and int ranges: an ordered range, a step that fits, a log scale above 0. */
function checkRange(d: { min: number; max: number; step?: number | undefined; scale?: Scale | undefined; log?: boolean | undefined }, ctx: z.RefinementCtx): void {
  if (!(d.min < d.max)) ctx.addIssue({ code: 'custom', path: ['max'], message: `must be above min (${d.min})` });
  if (d.log !== undefined && d.scale !== undefined && d.log !== (d.scale === 'log')) ctx.addIssue({ code: 'custom', path: ['log'], message: `contradicts scale "${d.scale}" (log is the old way to say scale "log": give only scale)` });
  if (scaleOf(d) === 'log' && d.min <= 0) ctx.addIssue({ code: 'custom', path: ['min'], message: 'must be above 0 on a log scale' });
  if (d.step !== undefined && d.step > d.max - d.min) ctx.addIssue({ code: 'custom', path: ['step'], message: `is larger than the range ${d.min}..${d.max}` });
}

export const floatDimensionSchema = z
  .object({ ...rangeFields, type: z.literal('float'), step: finite.positive().optional(), scale: scaleField, log: z.boolean().optional() })
  .strict()
  .superRefine(checkRange);
export const intDimensionSchema = z
  .object({ ...rangeFields, type: z.literal('int'), min: z.number().int(), max: z.number().int(), step: z.number().int().positive().optional(), scale: scaleField })
  .strict()
  .superRefine(checkRange);
const choiceValue = z.union([finite, z.string().max(200), z.boolean(), z.null()]);
export const choiceDimensionSchema = z
  .object({ node: nodeRef, param: paramName, type: z.literal('choice'), values: z.array(choiceValue).min(2, 'needs at least 2 values to choose from').max(100) })
  .strict()
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.values.forEach((v, i) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['values', i], message: `repeats ${key}` });
      seen.add(key);
    });
  });
export const dimensionSchema = z.discriminatedUnion('type', [floatDimensionSchema, intDimensionSchema, choiceDimensionSchema]);
export type Dimension = z.infer<typeof dimensionSchema>;
/** A search-space entry as a client sends it (the old `log` flag and defaults optional). */
export type DimensionInput = z.input<typeof dimensionSchema>;

/** The scale a range is sampled on: `scale` when given, else the old `log: true`, else linear. */
export function scaleOf(d: { scale?: Scale | undefined; log?: boolean | undefined }): Scale {
  return d.scale ?? (d.log ? 'log' : 'linear');
}
export type ChoiceValue = z.infer<typeof choiceValue>;

export const searchSpaceSchema = z.array(dimensionSchema).min(1, 'the search space is empty: name at least one param to vary').max(20);
export type SearchSpace = z.infer<typeof searchSpaceSchema>;

export const objectiveSchema = z
  .object({
    /** The evaluate or backtest node whose output holds the metric. */
    node: nodeRef,
    /** A backtest statistic (sharpe, totalReturn, ...) or an evaluation metric (auc, f1, ...). */
    metric: z.string().trim().min(1).max(100),
    direction: z.enum(['maximize', 'minimize']),
  })
  .strict();
export type Objective = z.infer<typeof objectiveSchema>;

/** The quality gate's criteria, read from the objective node's backtest statistics. */
export const constraintsSchema = z
  .object({
    minWinRate: z.number().min(0).max(1),
    minSharpe: finite,
    maxDrawdown: z.number().min(0).max(1),
    minTrades: z.number().int().min(0),
    minTotalReturn: finite,
  })
  .partial()
  .strict();
export type Constraints = z.infer<typeof constraintsSchema>;

export const limitsSchema = z
  .object({
    maxIterationsPerDay: z.number().int().min(1).max(100_000).default(100),
    /** Seconds to wait after an iteration ends before the next starts. */
    cooldownSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(0),
    /** What the LLM proposer may spend per UTC day, in US dollars (0: the LLM is not used). */
    llmDailyBudgetUsd: z.number().min(0).max(10_000).default(0),
    /** Wall-clock time from the start after which no new iteration starts (null: none). */
    wallClockSeconds: z.number().int().min(1).max(365 * 24 * 3600).nullable().default(null),
  })
  .strict();
export type Limits = z.infer<typeof limitsSchema>;

export const stopRulesSchema = z
  .object({
    maxIterations: z.number().int().min(1).max(10_000).default(50),
    /** Converged when the best objective improved on average by less than this over the last 3 iterations. */
    minImprovement: z.number().min(0).default(0),
  })
  .strict();
export type StopRules = z.infer<typeof stopRulesSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/**
 * Walk-forward evaluation: the search period [from, holdoutFrom) is cut into `folds`
 * consecutive windows and an iteration's score is the mean over them; the holdout
 * [holdoutFrom, to] is never run by the search, only to decide a promotion.
 */
export const evaluationSchema = z
  .object({
    /** The data node whose `from` and `to` params set the rows a run sees. */
    dataNode: nodeRef,
    from: isoDate,
    holdoutFrom: isoDate,
    to: isoDate,
    folds: z.number().int().min(1).max(10).default(1),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (!(e.from < e.holdoutFrom)) ctx.addIssue({ code: 'custom', path: ['holdoutFrom'], message: `must be after from (${e.from}): the search needs rows before the holdout` });
    if (!(e.holdoutFrom <= e.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before holdoutFrom (${e.holdoutFrom}): the holdout is empty` });
  });
export type Evaluation = z.infer<typeof evaluationSchema>;

/** When a challenger that passed every rule is promoted without asking a person. */
export const autoApproveSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Only when it beats the champion on the holdout by at least this (in objective units). */
    minImprovement: z.number().min(0).default(0),
  })
  .strict();
export type AutoApprove = z.infer<typeof autoApproveSchema>;

export const experimentCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    graphId: z.string().uuid(),
    searchSpace: searchSpaceSchema,
    objective: objectiveSchema,
    constraints: constraintsSchema.default({}),
    limits: limitsSchema.default(limitsSchema.parse({})),
    stopRules: stopRulesSchema.default(stopRulesSchema.parse({})),
    evaluation: evaluationSchema,
    autoApprove: autoApproveSchema.default(autoApproveSchema.parse({})),
    proposer: z.enum(['tpe', 'random', 'llm']).default('tpe'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  })
  .strict();
export type ExperimentCreateInput = z.input<typeof experimentCreateSchema>;
export type ExperimentSpec = z.output<typeof experimentCreateSchema>;
