import nlp from 'compromise';

/** What a number in a goal measures, read from the word after it. */
export type QuantityKind = 'percent' | 'bps' | 'minutes' | 'bars' | 'fraction' | 'plain';

export interface Quantity {
  value: number;
  kind: QuantityKind;
  /** The words of the goal it was read from, e.g. "0.1%", "30-minute", "300 trees". */
  text: string;
  start: number;
  end: number;
}

const UNITS: { re: RegExp; kind: QuantityKind; factor: number }[] = [
  { re: /^\s*(?:%|percent\b|per\s+cent\b|pct\b)/i, kind: 'percent', factor: 1 },
  { re: /^\s*(?:bps\b|bp\b|basis\s+points?\b)/i, kind: 'bps', factor: 1 },
  { re: /^\s*-?\s*(?:minutes?|mins?|m)\b/i, kind: 'minutes', factor: 1 },
  { re: /^\s*-?\s*(?:hours?|hrs?|hr|h)\b/i, kind: 'minutes', factor: 60 },
  { re: /^\s*-?\s*(?:days?|d)\b/i, kind: 'minutes', factor: 1440 },
  { re: /^\s*-?\s*(?:weeks?|wk)\b/i, kind: 'minutes', factor: 10_080 },
  { re: /^\s*-?\s*(?:bars?|candles?|candlesticks?|periods?)\b/i, kind: 'bars', factor: 1 },
];

/** "an hour", "a day", "the next hour", "half an hour": a unit without a digit. */
const IMPLICIT = /\b(half\s+an?|a\s+quarter\s+of\s+an?|an?|one|the\s+next|next|the\s+following|per)\s+(minute|hour|day|week|bar|candle)\b/gi;

function unitAfter(text: string, from: number): { kind: QuantityKind; factor: number; length: number } | null {
  const rest = text.slice(from, from + 40);
  for (const u of UNITS) {
    const m = u.re.exec(rest);
    if (m) return { kind: u.kind, factor: u.factor, length: m[0].length };
  }
  return null;
}

interface RawNumber {
  value: number;
  start: number;
  end: number;
}

/** Digits ("0.1", "300", "+1") and number words ("three hundred", "five"), with where they stand. */
function findNumbers(goal: string): RawNumber[] {
  const out: RawNumber[] = [];
  for (const m of goal.matchAll(/(?<![\w.])\+?(\d+(?:\.\d+)?)(?![\d])/g)) out.push({ value: Number(m[1]), start: m.index, end: m.index + m[0].length });
  const words = nlp(goal).numbers().json({ offset: true }) as { text: string; number?: { num?: number }; offset?: { start: number; length: number } }[];
  for (const w of words) {
    const num = w.number?.num;
    if (!w.offset || num === undefined || !/[a-z]/i.test(w.text.replace(/[%,]|bps|percent/gi, ''))) continue;
    // Fractions in words ("half an hour") are read with their unit below; "a"/"an" alone is no number.
    if (/\b(half|quarter|third)\b/i.test(w.text) || !(num > 0)) continue;
    const { start, length } = w.offset;
    const text = goal.slice(start, start + length).replace(/[\s,.;:!?]+$/, '');
    if (out.some((n) => n.start < start + text.length && start < n.end)) continue;
    out.push({ value: num, start, end: start + text.length });
  }
  // "ten-fold", "five-way": compromise leaves a number word joined by a hyphen alone.
  for (const m of goal.matchAll(/\b([a-z]+)-(?=[a-z])/gi)) {
    if (out.some((n) => m.index < n.end && n.start < m.index + m[1]!.length)) continue;
    const num = (nlp(m[1]!).numbers().json() as { number?: { num?: number } }[])[0]?.number?.num;
    if (num !== undefined && num > 0) out.push({ value: num, start: m.index, end: m.index + m[1]!.length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Every quantity a goal states, with its unit: percentages, basis points, durations ("30
 * minutes", "2h", "an hour", "30-minute"), bar counts, a "70/30" split, and plain numbers
 * ("300 trees", "depth 6"). Spans in `skip` (dates, coins) are left out.
 */
export function findQuantities(goal: string, skip: readonly { start: number; end: number }[] = []): Quantity[] {
  const out: Quantity[] = [];
  const skipped = (s: number, e: number) => skip.some((k) => s < k.end && k.start < e) || out.some((q) => s < q.end && q.start < e);
  for (const m of goal.matchAll(/\b(\d{1,2})\s*\/\s*(\d{1,2})\b/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a + b !== 100 || skipped(m.index, m.index + m[0].length)) continue;
    out.push({ value: b / 100, kind: 'fraction', text: m[0], start: m.index, end: m.index + m[0].length });
  }
  for (const n of findNumbers(goal)) {
    if (skipped(n.start, n.end)) continue;
    const unit = unitAfter(goal, n.end);
    const end = n.end + (unit?.length ?? 0);
    if (unit && skipped(n.start, end)) continue;
    out.push({ value: n.value * (unit?.factor ?? 1), kind: unit?.kind ?? 'plain', text: goal.slice(n.start, end).trim(), start: n.start, end });
  }
  for (const m of goal.matchAll(IMPLICIT)) {
    const start = m.index;
    const end = start + m[0].length;
    if (skipped(start, end)) continue;
    const amount = /^half/i.test(m[1]!) ? 0.5 : /^a\s+quarter/i.test(m[1]!) ? 0.25 : 1;
    const unit = unitAfter(` ${m[2]!}`, 0)!;
    out.push({ value: amount * unit.factor, kind: unit.kind, text: m[0], start, end });
  }
  return out.sort((a, b) => a.start - b.start);
}
