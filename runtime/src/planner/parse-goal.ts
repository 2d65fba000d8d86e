import type { Direction, ModelKind } from './types';
import { EITHER_WAY_WORDS } from './vocabulary';

/**
 * The direction, learners and approval of a goal. The direction's words come from the target
 * nodes' metadata (`directionWords`); numbers, units and dates are read onto node params by
 * ./extract, driven by the catalog. Each reader returns what it
 * found (or undefined) and says how it read it, so that the plan can explain itself.
 */

const hasPhrase = (text: string, phrase: string) => new RegExp(`(^|[^a-z])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}($|[^a-z])`, 'i').test(text);

export function parseDirection(goal: string, words: Record<Direction, readonly string[]>): { direction?: Direction; conflict: boolean; eitherWay: boolean } {
  const text = goal.toLowerCase().replace(/\b(set|sign|look|pick|make|back|follow|clean|line|show)\s+up\b/g, ' ').replace(/\bdraw\s*down\b/g, ' ');
  const eitherWay = EITHER_WAY_WORDS.filter((w) => w.includes(' ')).some((w) => hasPhrase(text, w));
  const cleaned = eitherWay ? text.replace(/\b(up or down|rises? or falls?|either way|in either direction)\b/g, ' ') : text;
  // "+1%" and "-1%" say the direction with a sign.
  const rise = words.rise.some((w) => hasPhrase(cleaned, w)) || /(^|\s)\+\s*\d/.test(cleaned);
  const fall = words.fall.some((w) => hasPhrase(cleaned, w)) || /(^|\s)-\s*\d+(\.\d+)?\s*(%|percent|pct|bps)/.test(cleaned);
  if (rise && fall) return { conflict: true, eitherWay };
  if (eitherWay) return { conflict: false, eitherWay: true };
  if (rise) return { direction: 'rise', conflict: false, eitherWay: false };
  if (fall) return { direction: 'fall', conflict: false, eitherWay: false };
  const vague = EITHER_WAY_WORDS.some((w) => hasPhrase(text, w));
  return { conflict: false, eitherWay: vague };
}

/** Which learners: logistic regression, random forest, or both (the default). */
export function parseModels(goal: string): { models?: ModelKind[] } {
  const lr = /\b(logistic|logit)\b/i.test(goal) || /\bLR\b/.test(goal);
  const rf = /\b(random[\s-]+)?forests?\b/i.test(goal) || /\bRF\b/.test(goal);
  const both = /\b(both|compare|comparison|versus|vs\.?|against each other)\b/i.test(goal) && lr && rf;
  if (both || (lr && rf)) return { models: ['logistic_regression', 'random_forest'] };
  if (lr) return { models: ['logistic_regression'] };
  if (rf) return { models: ['random_forest'] };
  return {};
}

const AUTOMATIC_RE = /\b(without (asking|approval|confirmation)|no approval|automatically|fully automatic|don'?t ask)\b/i;
const REQUIRED_RE = /\b(ask me|let me (approve|choose|pick|decide)|with (my )?approval|i want to approve|approve (it|the model)|(needs?|requires?|wait for) (my )?(approval|sign-?off)|before (it )?(goes on|continues|backtests?))\b/i;

/** "without approval", "automatically" -> automatic; "ask me", "let me approve" -> required. */
export function parseApproval(goal: string): 'automatic' | 'required' | undefined {
  if (AUTOMATIC_RE.test(goal)) return 'automatic';
  if (REQUIRED_RE.test(goal)) return 'required';
  return undefined;
}

const MODEL_RE = /\b(logistic(\s+regression)?|logit|LR|RF|(random[\s-]+)?forests?|models?)\b/gi;

/** Where the goal says its direction, learners or approval: those words count as understood. */
export function recognisedSpans(goal: string, direction: Record<Direction, readonly string[]>): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const words = [...direction.rise, ...direction.fall, ...EITHER_WAY_WORDS].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  const wordRe = new RegExp(`(?<![a-z])(${words.join('|')})(?![a-z])`, 'gi');
  for (const re of [wordRe, MODEL_RE, new RegExp(AUTOMATIC_RE.source, 'gi'), new RegExp(REQUIRED_RE.source, 'gi')]) {
    for (const m of goal.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}
