import type { DimensionInput, Scale } from '@coinlab/shared';
import type { SearchableParam } from './search-space';

/**
 * Turning the form's text inputs into the experiment spec the API takes
 * (shared/src/api/experiment-spec.ts). Every field is checked here against the same bounds
 * the server applies, so a bad value is shown next to its input before anything is sent;
 * the server still checks the whole spec again. Problems are keyed by the spec path
 * (`constraints.minSharpe`, `searchSpace.0.min`), the same paths a server 400 names.
 */
export type Problems = Record<string, string>;
type NumericParam = Extract<SearchableParam, { type: 'float' | 'int' }>;
type ChoiceParam = Extract<SearchableParam, { type: 'choice' }>;

/** How a range is sampled (the contract's SCALES): log tries each decade as often. */
export type { Scale };

/** A picked numeric param's narrowed range, as typed. An empty step sends none. */
export interface RangeDraft {
  min: string;
  max: string;
  step: string;
  scale: Scale;
}
export const initialRange = (p: NumericParam): RangeDraft => ({ min: String(p.min), max: String(p.max), step: p.type === 'int' ? '1' : '', scale: 'linear' });

type Parsed = { ok: true; value: number | undefined } | { ok: false; message: string };
function parseNumber(text: string, int: boolean): Parsed {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  const n = Number(t);
  if (!Number.isFinite(n)) return { ok: false, message: 'must be a number' };
  if (int && !Number.isInteger(n)) return { ok: false, message: 'must be a whole number' };
  return { ok: true, value: n };
}

/** The search-space entry for a numeric param narrowed to a draft, or the problems with it. */
export function narrowedDimension(node: string, p: NumericParam, d: RangeDraft, at: string): { dimension: DimensionInput } | { problems: Problems } {
  const int = p.type === 'int';
  const problems: Problems = {};
  const min = parseNumber(d.min, int);
  const max = parseNumber(d.max, int);
  const step = parseNumber(d.step, int);
  const lo = min.ok ? (min.value ?? p.min) : undefined;
  const hi = max.ok ? (max.value ?? p.max) : undefined;
  if (!min.ok) problems[`${at}.min`] = min.message;
  else if (lo! < p.min || lo! > p.max) problems[`${at}.min`] = `must be within ${p.min}..${p.max}`;
  if (!max.ok) problems[`${at}.max`] = max.message;
  else if (hi! < p.min || hi! > p.max) problems[`${at}.max`] = `must be within ${p.min}..${p.max}`;
  else if (lo !== undefined && !(lo < hi!)) problems[`${at}.max`] = `must be above min (${lo})`;
  // The runtime refuses it too: the log of 0 (or less) does not exist.
  if (d.scale === 'log' && lo !== undefined && lo <= 0 && !problems[`${at}.min`]) problems[`${at}.min`] = 'must be above 0 on a log scale';
  if (!step.ok) problems[`${at}.step`] = step.message;
  else if (step.value !== undefined && step.value <= 0) problems[`${at}.step`] = 'must be above 0';
  else if (step.value !== undefined && lo !== undefined && hi !== undefined && step.value > hi - lo) problems[`${at}.step`] = `is larger than the range ${lo}..${hi}`;
  // lo and hi are unset only when their text was refused, which is a problem already
  if (Object.keys(problems).length || lo === undefined || hi === undefined) return { problems };
  const stepValue = step.ok ? step.value : undefined;
  return { dimension: { node, param: p.param, type: p.type, min: lo, max: hi, ...(stepValue !== undefined ? { step: stepValue } : {}), scale: d.scale } };
}

/**
 * The search-space entry for a choice param narrowed to the ticked values (kept in the
 * schema's order), or the problem: a search needs at least two values to choose from.
 */
export function narrowedChoice(node: string, p: ChoiceParam, ticked: readonly unknown[], at: string): { dimension: DimensionInput } | { problems: Problems } {
  const values = p.values.filter((v) => ticked.includes(v));
  if (values.length < 2) return { problems: { [`${at}.values`]: `tick at least 2 values to choose from (${values.length} ticked)` } };
  return { dimension: { node, param: p.param, type: 'choice', values } };
}

/** One optional number of the spec's advanced groups; `scale` converts the unit typed into the spec's. */
export interface NumberField {
  path: `${'constraints' | 'limits' | 'stopRules' | 'autoApprove'}.${string}`;
  label: string;
  int?: boolean;
  min?: number;
  max?: number;
  /** The value must be above `min`, not equal to it. */
  exclusiveMin?: boolean;
  scale?: number;
  placeholder?: string;
}

export const CONSTRAINT_FIELDS: NumberField[] = [
  { path: 'constraints.minWinRate', label: 'min win rate (0–1)', min: 0, max: 1 },
  { path: 'constraints.minSharpe', label: 'min Sharpe' },
  { path: 'constraints.maxDrawdown', label: 'max drawdown (0–1)', min: 0, max: 1 },
  { path: 'constraints.minTrades', label: 'min trades', int: true, min: 0 },
  { path: 'constraints.minTotalReturn', label: 'min total return' },
];
export const LIMIT_FIELDS: NumberField[] = [
  { path: 'limits.maxIterationsPerDay', label: 'iterations per day', int: true, min: 1, max: 100_000, placeholder: '100' },
  { path: 'limits.cooldownSeconds', label: 'cooldown (s)', int: true, min: 0, max: 7 * 24 * 3600, placeholder: '0' },
  { path: 'limits.llmDailyBudgetUsd', label: 'LLM budget (USD/day)', min: 0, max: 10_000, placeholder: '0' },
  // Typed in hours (a research loop runs for hours or days), stored in whole seconds.
  { path: 'limits.wallClockSeconds', label: 'wall clock (h)', min: 0, exclusiveMin: true, max: 365 * 24, scale: 3600, placeholder: 'none' },
  { path: 'stopRules.minImprovement', label: 'converged below', min: 0, placeholder: '0' },
];

/** A challenger must beat the champion on the holdout by at least this (objective units) to be promoted without asking. */
export const AUTO_APPROVE_MARGIN: NumberField = { path: 'autoApprove.minImprovement', label: 'auto-approve margin', min: 0, placeholder: '0' };

/** The filled fields as nested spec groups ({ constraints: { minSharpe: 1 } }), or their problems. */
export function numberGroups(fields: NumberField[], draft: Record<string, string>): { groups: Record<string, Record<string, number>>; problems: Problems } {
  const groups: Record<string, Record<string, number>> = {};
  const problems: Problems = {};
  for (const f of fields) {
    const parsed = parseNumber(draft[f.path] ?? '', !!f.int);
    if (!parsed.ok) {
      problems[f.path] = parsed.message;
      continue;
    }
    const v = parsed.value;
    if (v === undefined) continue;
    if (f.min !== undefined && (f.exclusiveMin ? v <= f.min : v < f.min)) problems[f.path] = `must be ${f.exclusiveMin ? 'above' : 'at least'} ${f.min}`;
    else if (f.max !== undefined && v > f.max) problems[f.path] = `must be at most ${f.max}`;
    else {
      const [group, key] = f.path.split('.') as [string, string];
      (groups[group] ??= {})[key] = f.scale ? Math.max(1, Math.round(v * f.scale)) : v;
    }
  }
  return { groups, problems };
}
