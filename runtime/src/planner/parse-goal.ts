import { BARS_PER_HOUR, type Direction, type ModelKind } from './types';
import { EITHER_WAY_WORDS, FALL_WORDS, MONTHS, NUMBER_WORDS, RISE_WORDS } from './vocabulary';

/**
 * The parts of a goal other than coins, read with plain rules. Each reader returns what it
 * found (or undefined) and says how it read it, so that the plan can explain itself.
 */

const hasPhrase = (text: string, phrase: string) => new RegExp(`(^|[^a-z])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}($|[^a-z])`, 'i').test(text);

export function parseDirection(goal: string): { direction?: Direction; conflict: boolean; eitherWay: boolean } {
  const text = goal.toLowerCase().replace(/\b(set|sign|look|pick|make|back|follow|clean|line|show)\s+up\b/g, ' ').replace(/\bdraw\s*down\b/g, ' ');
  const eitherWay = EITHER_WAY_WORDS.filter((w) => w.includes(' ')).some((w) => hasPhrase(text, w));
  const cleaned = eitherWay ? text.replace(/\b(up or down|rises? or falls?|either way|in either direction)\b/g, ' ') : text;
  // "+1%" and "-1%" say the direction with a sign.
  const rise = RISE_WORDS.some((w) => hasPhrase(cleaned, w)) || /(^|\s)\+\s*\d/.test(cleaned);
  const fall = FALL_WORDS.some((w) => hasPhrase(cleaned, w)) || /(^|\s)-\s*\d+(\.\d+)?\s*(%|percent|pct|bps)/.test(cleaned);
  if (rise && fall) return { conflict: true, eitherWay };
  if (eitherWay) return { conflict: false, eitherWay: true };
  if (rise) return { direction: 'rise', conflict: false, eitherWay: false };
  if (fall) return { direction: 'fall', conflict: false, eitherWay: false };
  const vague = EITHER_WAY_WORDS.some((w) => hasPhrase(text, w));
  return { conflict: false, eitherWay: vague };
}

const NUM = String.raw`(\d+(?:\.\d+)?|${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).map((w) => w.replace(/ /g, '\\s+')).join('|')})`;
const toNumber = (s: string): number => {
  const n = Number(s);
  if (Number.isFinite(n)) return n;
  return NUMBER_WORDS[s.toLowerCase().replace(/\s+/g, ' ')] ?? Number.NaN;
};

/** Percent thresholds ("1%", "0.5 percent", "one percent", "50 bps"), leaving out split sizes ("20% test"). */
export function parseThreshold(goal: string): { pct?: number; all: number[]; testFraction?: number } {
  const all: number[] = [];
  let testFraction: number | undefined;
  const re = new RegExp(`${NUM}\\s*(%|percent\\b|per\\s+cent\\b|pct\\b|bps\\b|basis\\s+points?\\b)`, 'gi');
  for (const m of goal.matchAll(re)) {
    let v = toNumber(m[1]!);
    if (!Number.isFinite(v)) continue;
    if (/^(bps|basis)/i.test(m[2]!)) v /= 100;
    const after = goal.slice(m.index + m[0].length, m.index + m[0].length + 24).toLowerCase();
    const before = goal.slice(Math.max(0, m.index - 24), m.index).toLowerCase();
    if (/^\s*(of the data\s+)?(for\s+)?(test|testing|holdout|hold-out|validation)/.test(after) || /(test|testing|holdout|hold-out|validation)\s*(set|split|size|fraction)?\s*(of|=|:)?\s*$/.test(before)) {
      if (v > 0 && v < 100) testFraction = v / 100;
      continue;
    }
    all.push(v);
  }
  const split = /\b(\d{2})\s*\/\s*(\d{2})\s*(split|train)/i.exec(goal);
  if (split && Number(split[1]) + Number(split[2]) === 100) testFraction = Number(split[2]) / 100;
  return { ...(all[0] !== undefined ? { pct: all[0] } : {}), all, ...(testFraction !== undefined ? { testFraction } : {}) };
}

/** Horizon in 5-minute bars: "within an hour" = 12, "30 minutes" = 6, "4h" = 48, "a day" = 288, "6 candles" = 6. */
export function parseHorizon(goal: string): { bars?: number; text?: string; rounded: boolean } {
  const unit = String.raw`(minutes?|mins?|m|hours?|hrs?|h|days?|d|bars?|candles?|candlesticks?)`;
  const lead = String.raw`(?:within|in|over|during|inside|for|after|next|horizon(?:\s+of)?|ahead(?:\s+of)?)\s+(?:the\s+)?(?:next\s+|following\s+|coming\s+)?`;
  const patterns = [
    new RegExp(`${lead}${NUM}\\s*-?\\s*${unit}\\b`, 'i'),
    new RegExp(`\\b${NUM}\\s*-?\\s*${unit}\\s+(?:horizon|ahead|window|later|from now)\\b`, 'i'),
    new RegExp(`${lead}${unit}\\b`, 'i'),
    new RegExp(`\\b(\\d+(?:\\.\\d+)?)\\s*(m|h|d|min|hr)\\b`, 'i'),
  ];
  for (const [i, re] of patterns.entries()) {
    const m = re.exec(goal);
    if (!m) continue;
    const amount = i === 2 ? 1 : toNumber(m[1]!);
    const u = (i === 2 ? m[1]! : m[2]!).toLowerCase();
    if (!Number.isFinite(amount) || amount <= 0) continue;
    let minutes: number | null;
    if (/^(m|mins?|minutes?)$/.test(u)) minutes = amount;
    else if (/^(h|hrs?|hours?|hr)$/.test(u)) minutes = amount * 60;
    else if (/^(d|days?)$/.test(u)) minutes = amount * 1440;
    else minutes = null;
    const exact = minutes === null ? amount : minutes / 5;
    const bars = Math.max(1, Math.ceil(exact - 1e-9));
    return { bars, text: m[0].trim(), rounded: bars !== exact };
  }
  if (/\bhourly\b|\bthe next hour\b/i.test(goal)) return { bars: BARS_PER_HOUR, text: 'next hour', rounded: false };
  return { rounded: false };
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

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * Date range: ISO dates ("from 2018-01-05 to 2018-01-15", "since 2018-01-10"), month names
 * ("in January 2018", "Jan 5 to Jan 15 2018"), or "last N days/weeks" relative to the
 * data's end (`dataEnd`, epoch ms).
 */
export function parseRange(goal: string, dataEnd: number | null): { from?: string; to?: string; text?: string } {
  const iso = [...goal.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)].map((m) => m[0]);
  if (iso.length >= 2) return { from: iso[0]!, to: iso[1]!, text: `${iso[0]} .. ${iso[1]}` };
  if (iso.length === 1) {
    const before = goal.slice(0, goal.indexOf(iso[0]!)).toLowerCase();
    if (/(until|till|before|up to|to|through)\s*$/.test(before)) return { to: iso[0]!, text: `until ${iso[0]}` };
    return { from: iso[0]!, text: `from ${iso[0]}` };
  }
  const monthNames = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');
  const dayRange = new RegExp(`\\b(${monthNames})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s*(?:,?\\s*(\\d{4}))?\\s*(?:to|until|till|through|-|–|and)\\s*(?:(${monthNames})\\.?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?,?\\s*(\\d{4})?`, 'i').exec(goal);
  if (dayRange) {
    const y = Number(dayRange[6] ?? dayRange[3] ?? new Date(dataEnd ?? Date.now()).getUTCFullYear());
    const m1 = MONTHS[dayRange[1]!.toLowerCase()]!;
    const m2 = dayRange[4] ? MONTHS[dayRange[4].toLowerCase()]! : m1;
    return { from: isoDay(y, m1, Number(dayRange[2])), to: isoDay(y, m2, Number(dayRange[5])), text: dayRange[0] };
  }
  const month = new RegExp(`\\b(?:in|during|for|of)\\s+(${monthNames})\\.?\\s+(\\d{4})\\b`, 'i').exec(goal);
  if (month) {
    const y = Number(month[2]);
    const m = MONTHS[month[1]!.toLowerCase()]!;
    return { from: isoDay(y, m, 1), to: `${isoDay(y, m, lastDay(y, m))}T23:59:59Z`, text: month[0] };
  }
  const last = new RegExp(`\\b(?:last|past|previous|recent)\\s+${NUM}\\s*(days?|weeks?|hours?)\\b`, 'i').exec(goal);
  if (last && dataEnd !== null) {
    const n = toNumber(last[1]!);
    const ms = /^week/i.test(last[2]!) ? n * 7 * 86_400_000 : /^hour/i.test(last[2]!) ? n * 3_600_000 : n * 86_400_000;
    return { from: new Date(dataEnd - ms).toISOString(), text: last[0] };
  }
  return {};
}

/** "without approval", "automatically" -> automatic; "ask me", "let me approve" -> required. */
export function parseApproval(goal: string): 'automatic' | 'required' | undefined {
  if (/\b(without (asking|approval|confirmation)|no approval|automatically|fully automatic|don'?t ask)\b/i.test(goal)) return 'automatic';
  if (/\b(ask me|let me (approve|choose|pick|decide)|with (my )?approval|i want to approve|approve (it|the model))\b/i.test(goal)) return 'required';
  return undefined;
}
