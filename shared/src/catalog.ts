import type { z } from 'zod';
import type { PortSpec } from './ports';

export const NODE_CATEGORIES = [
  'data',
  'clean',
  'eda',
  'indicator',
  'feature',
  'target',
  'split',
  'train',
  'evaluate',
  'backtest',
  'approval',
  'agent',
  'report',
  'utility',
] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

export const CATEGORY_INFO: Record<NodeCategory, { label: string; color: string }> = {
  data: { label: 'Data', color: '#f59e0b' },
  clean: { label: 'Clean', color: '#eab308' },
  eda: { label: 'Explore', color: '#84cc16' },
  indicator: { label: 'Indicators', color: '#3b82f6' },
  feature: { label: 'Features', color: '#6366f1' },
  target: { label: 'Targets', color: '#8b5cf6' },
  split: { label: 'Split', color: '#a855f7' },
  train: { label: 'Train', color: '#10b981' },
  evaluate: { label: 'Evaluate', color: '#ef4444' },
  backtest: { label: 'Backtest', color: '#f97316' },
  approval: { label: 'Approval', color: '#e11d48' },
  agent: { label: 'LLM agents', color: '#06b6d4' },
  report: { label: 'Report', color: '#0ea5e9' },
  utility: { label: 'Utility', color: '#64748b' },
};

/** How a node's outputs may be reused: by signature forever, within one run, or never. */
export const CACHE_POLICIES = ['pure', 'per-run', 'never'] as const;
export type CachePolicy = (typeof CACHE_POLICIES)[number];

/** Hints for the generated params form beyond what the zod schema says. */
export const PARAM_WIDGETS = ['coin', 'coins', 'date', 'textarea', 'code', 'json', 'columns', 'model-name'] as const;
export type ParamWidget = (typeof PARAM_WIDGETS)[number];
/**
 * What kind of quantity a param holds, so that a goal's "300 trees", "0.1% fees" or "2 hours"
 * can be read onto it: `percent` (1 = 1%), `bps` (basis points), `fraction` (0.2 = 20%),
 * `bars` (a duration in bars of the data), `count`, `number` (a plain value), `date`.
 */
export const PARAM_UNITS = ['percent', 'bps', 'fraction', 'bars', 'count', 'number', 'date'] as const;
export type ParamUnit = (typeof PARAM_UNITS)[number];
export interface ParamUi {
  widget?: ParamWidget;
  help?: string;
  /** Hidden behind "advanced" in the form. */
  advanced?: boolean;
  /** Words a person uses for this param ("trees", "estimators"); the planner reads goals with them. */
  synonyms?: readonly string[];
  unit?: ParamUnit;
}

export interface NodeUi {
  title: string;
  category: NodeCategory;
  description: string;
  tags?: readonly string[];
  params?: Readonly<Record<string, ParamUi>>;
}

/**
 * How an approval gate with given params holds up a run: it never pauses (it decides itself);
 * it pauses for a review and goes on by itself after `continuesAfterSeconds` when nobody
 * answers; or it needs a person's answer, waiting for ever (`stopsAfterSeconds` null) or
 * stopping its branch after that many seconds without one.
 */
export type GatePause =
  | { kind: 'never' }
  | { kind: 'review'; continuesAfterSeconds: number }
  | { kind: 'person'; stopsAfterSeconds: number | null };

/**
 * Everything about a node type except how it executes: what the editor and the validator
 * need. The node package builds these from its registry.
 */
export interface CatalogEntry {
  type: string;
  version: number;
  ui: NodeUi;
  params: z.ZodType<Record<string, unknown>, Record<string, unknown>>;
  inputs: Readonly<Record<string, PortSpec>>;
  outputs: Readonly<Record<string, PortSpec>>;
  cache: CachePolicy;
  /** Brings params saved with an older typeVersion up to `version`. */
  migrateParams?: (fromVersion: number, params: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Approval gates only: how a node of this type, with these params (parsed by `params`),
   * pauses its run for a person. Whoever needs to know which gates a graph has (the CLI,
   * schedules) asks this, never the type names.
   */
  approvalPause?: (params: Record<string, unknown>) => GatePause;
}

export type Catalog = ReadonlyMap<string, CatalogEntry>;

export function catalogFrom(entries: readonly CatalogEntry[]): Catalog {
  const map = new Map<string, CatalogEntry>();
  for (const e of entries) {
    if (map.has(e.type)) throw new Error(`node type "${e.type}" is registered twice`);
    map.set(e.type, e);
  }
  return map;
}
