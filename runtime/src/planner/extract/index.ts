import type { Catalog } from '@coinlab/shared';
import { assign, type Setting } from './assign';
import { findDates, type DateMention } from './dates';
import { paramWords, type ParamWords } from './param-words';
import { findQuantities } from './quantities';
import { unreadClauses, type Span } from './unread';

export type { Setting } from './assign';
export type { DateMention } from './dates';
export { findQuantities, type Quantity } from './quantities';
export { paramWords } from './param-words';

export interface Extraction {
  settings: Setting[];
  /** The date range, when the goal gives one (first mention of each end wins). */
  range: { from?: string; to?: string; text: string } | null;
  dates: DateMention[];
  /** Quantities and clauses that nothing understood, in the goal's words. */
  unread: string[];
}

/**
 * Reads the numbers, units and dates of a goal onto node params, driven by the catalog: every
 * param that declares a unit (and synonyms) in its node's metadata can be set by the goal, so
 * a new node param becomes plannable by describing it, not by a new rule here. `planTypes`
 * are the node types of the drafted plan (their params win ties); `recognised` are spans of
 * the goal other readers understood (coins, direction, models), so that only what nobody
 * understood is reported.
 */
export function extractMentions(goal: string, opts: { catalog: Catalog; planTypes: readonly string[]; subjectCategory: string; reference: Date; barMinutes: number; recognised: readonly Span[] }): Extraction {
  const params = paramWords(opts.catalog);
  const dateWords = (end: 'from' | 'to') => params.filter((p) => p.unit === 'date' && p.param === end).flatMap((p) => p.phrases);
  const dates = findDates(goal, opts.reference, { from: dateWords('from'), to: dateWords('to') });
  const quantities = findQuantities(goal, dates);
  const inPlan = new Set(opts.planTypes);
  const { settings, unused } = assign(goal, quantities, params, { inPlan, subject: (p: ParamWords) => p.category === opts.subjectCategory, barMinutes: opts.barMinutes });
  const from = dates.find((d) => d.from !== undefined);
  const to = dates.find((d) => d.to !== undefined);
  const range = from || to ? { ...(from?.from ? { from: from.from } : {}), ...(to?.to ? { to: to.to } : {}), text: [...new Set([from?.text, to?.text].filter(Boolean))].join(' .. ') } : null;
  const used = quantities.filter((q) => !unused.includes(q));
  const unread = [
    ...unused.map((q) => q.text),
    ...unreadClauses(goal, [...opts.recognised, ...used, ...unused, ...dates, ...phraseSpans(goal, params)]),
  ];
  return { settings, range, dates, unread };
}

/** Where the goal names a param without a value ("with fees", "deeper trees"): read, not lost. */
function phraseSpans(goal: string, params: readonly ParamWords[]): Span[] {
  const lower = goal.toLowerCase();
  const out: Span[] = [];
  for (const p of params) {
    for (const phrase of p.phrases) {
      if (phrase.length < 3) continue;
      let at = lower.indexOf(phrase);
      while (at >= 0) {
        const before = lower[at - 1];
        const after = lower[at + phrase.length];
        if (!(before && /[a-z0-9]/.test(before)) && !(after && /[a-z0-9]/.test(after))) out.push({ start: at, end: at + phrase.length });
        at = lower.indexOf(phrase, at + 1);
      }
    }
  }
  return out;
}
