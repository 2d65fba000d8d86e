import type { DimensionInput } from '@coinlab/shared';

/**
 * Which params of a node the search can vary, read from the param's JSON Schema (the
 * catalog's zod-derived `paramsSchema`): a number with both bounds is a float range, an
 * integer with both bounds an int range, an enum (or a boolean) a choice. Params without
 * bounds cannot be searched without guessing a range, so they are not offered.
 */
export type SearchableParam =
  | { param: string; type: 'float'; min: number; max: number }
  | { param: string; type: 'int'; min: number; max: number }
  | { param: string; type: 'choice'; values: (string | number | boolean)[] };

type JsonSchema = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function searchableParams(paramsSchema: JsonSchema): SearchableParam[] {
  const props = paramsSchema.properties;
  if (!props || typeof props !== 'object') return [];
  const out: SearchableParam[] = [];
  for (const [param, raw] of Object.entries(props as Record<string, JsonSchema>)) {
    const s = raw ?? {};
    if (Array.isArray(s.enum) && s.enum.length >= 2) {
      const values = s.enum.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v));
      if (values.length >= 2) out.push({ param, type: 'choice', values });
      continue;
    }
    if (s.type === 'boolean') {
      out.push({ param, type: 'choice', values: [true, false] });
      continue;
    }
    const min = num(s.minimum) ?? num(s.exclusiveMinimum);
    const max = num(s.maximum) ?? num(s.exclusiveMaximum);
    if (min === undefined || max === undefined || !(min < max)) continue;
    if (s.type === 'integer') out.push({ param, type: 'int', min: Math.ceil(min), max: Math.floor(max) });
    else if (s.type === 'number') out.push({ param, type: 'float', min, max });
  }
  return out;
}

/** The search-space entry the API takes for a searchable param of a node. */
export function dimensionFor(node: string, p: SearchableParam): DimensionInput {
  return p.type === 'choice' ? { node, param: p.param, type: 'choice', values: p.values } : { node, param: p.param, type: p.type, min: p.min, max: p.max };
}

/** Metrics an objective can read per output kind (runtime/src/experiments/objective.ts). */
export const BACKTEST_METRICS = ['sharpe', 'totalReturn', 'sortino', 'maxDrawdown', 'winRate', 'trades', 'exposure', 'avgTradeReturn', 'buyHoldReturn'] as const;
export const EVALUATION_METRICS = ['auc', 'f1', 'accuracy', 'precision', 'recall'] as const;
