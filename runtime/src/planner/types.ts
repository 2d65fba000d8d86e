import { z } from 'zod';
import type { GraphDocument } from '@coinlab/shared';
import type { Setting } from './extract';

export const GOAL_MAX_CHARS = 1000;
/** Bars of the stored 5-minute candles per hour. */
export const BARS_PER_HOUR = 12;

export type Direction = 'rise' | 'fall';
export type ModelKind = 'logistic_regression' | 'random_forest';
export type ApprovalMode = 'automatic' | 'optional' | 'required';

/** What the offline rules read from a goal; every field says where it came from in `notes`. */
export interface GoalIntent {
  coins: string[];
  direction: Direction;
  /** Percent, e.g. 1 for 1%. */
  thresholdPct: number;
  horizonBars: number;
  /** The data's bar spacing in minutes, which turned durations into bars. */
  barMinutes: number;
  models: ModelKind[];
  from?: string;
  to?: string;
  testFraction: number;
  approvalMode: ApprovalMode;
  /** Node params the goal sets besides the target ("300 trees", "0.1% fees", "5 folds"), with the words they came from. */
  settings: Setting[];
  /** Parts of the goal nothing understood, in its words (also in the notes). */
  unread: string[];
}

/** A question instead of a guess: the answer (one of the options, or free text where said) continues the planning. */
export interface Clarification {
  /** Which part of the goal it settles; answers are given as `{ [field]: value }`. */
  field: 'coins' | 'direction' | 'range' | 'target';
  question: string;
  context: string;
  options: { value: string; label: string }[];
  default: string;
  /** Values outside `options` are accepted too (e.g. a list of coins). */
  allowFreeText: boolean;
}

export const planAnswersSchema = z.partialRecord(z.enum(['coins', 'direction', 'range', 'target']), z.string().min(1).max(500));
export type PlanAnswers = z.infer<typeof planAnswersSchema>;

export const planOptionsSchema = z.object({
  goal: z.string().trim().min(1, 'must not be empty').max(GOAL_MAX_CHARS, `must be at most ${GOAL_MAX_CHARS} characters`),
  answers: planAnswersSchema.default({}),
  /** Overrides what the goal says or implies. */
  preferences: z
    .object({
      coins: z.array(z.string()).min(1).max(50).optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      models: z.array(z.enum(['logistic_regression', 'random_forest'])).min(1).optional(),
      approvalMode: z.enum(['automatic', 'optional', 'required']).optional(),
    })
    .default({}),
  /** Try the LLM planner when one is configured (default true). */
  useLlm: z.boolean().default(true),
  /** Run the planned graph on a small sample before handing it over (default true). */
  dryRun: z.boolean().default(true),
  /** Bars per coin for the dry run. */
  sampleBars: z.number().int().min(300).max(20_000).default(1500),
});
export type PlanOptions = z.input<typeof planOptionsSchema>;

export interface DryRunReport {
  ok: boolean;
  /** Bars per coin of the sample that decided (null: the whole range). */
  sampleBars: number | null;
  /** Smaller samples that failed first, with why (e.g. no positive target in a quiet week). */
  retries: string[];
  /** The sample's date range per coin read. */
  sample: Record<string, { from: string; to: string | null }>;
  durationMs: number;
  /** Per node: its status, and for a failure the message and its typed code (e.g. `insufficient_data`). */
  nodes: Record<string, { status: string; error?: string; code?: string }>;
  error: string | null;
}

export interface LlmEstimate {
  llmNodes: string[];
  /** Tokens the run's LLM nodes would use: a typical run and the worst case (every turn used). */
  tokens: { typical: number; max: number };
  costUsd: { typical: number; max: number };
  model: string | null;
  available: boolean;
  note: string;
}

export interface PlanUsage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  calls: number;
}

export type PlanResult =
  | {
      status: 'planned';
      planId: string;
      goal: string;
      planner: 'offline' | 'llm';
      intent: GoalIntent;
      document: GraphDocument;
      notes: string[];
      dryRun: DryRunReport | null;
      estimate: LlmEstimate;
      usage: PlanUsage;
    }
  | {
      status: 'clarification';
      planId: string;
      goal: string;
      clarification: Clarification;
      /** What is understood so far. */
      partial: Partial<GoalIntent>;
      notes: string[];
    };
