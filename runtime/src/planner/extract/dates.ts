import * as chrono from 'chrono-node';

export interface DateMention {
  from?: string;
  to?: string;
  /** The words of the goal it was read from. */
  text: string;
  start: number;
  end: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const endOfDay = (d: Date) => `${day(d)}T23:59:59Z`;

/** A duration such as "in 2 hours" is the target's horizon, not a date. */
const RELATIVE = /\b(last|past|previous|recent|this|ago)\b/i;
const DURATION_RE = /^(?:(?:in|within|for|after|over|during|the|next|following|coming)\s+)*(?:an?|one|half\s+an?|[\d.]+|[a-z]+(?:[\s-][a-z]+)?)?\s*-?\s*(?:seconds?|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?)$/i;
const isDuration = (text: string) => !RELATIVE.test(text) && DURATION_RE.test(text.trim());

type Parsed = chrono.ParsedResult;

/** The whole period a date names: a day, a month ("January"), or a year. */
function period(c: chrono.ParsedComponents): { from: string; to: string } {
  const d = c.date();
  if (c.isCertain('day')) return { from: day(d), to: endOfDay(d) };
  if (c.isCertain('month')) {
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    return { from: day(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1))), to: endOfDay(last) };
  }
  return { from: `${d.getUTCFullYear()}-01-01`, to: `${d.getUTCFullYear()}-12-31T23:59:59Z` };
}

/** Start of a range given as its own date: a day stays a plain date, a month starts on its first. */
const startOf = (c: chrono.ParsedComponents) => (c.isCertain('day') ? day(c.date()) : period(c).from);
const endOf = (c: chrono.ParsedComponents) => (c.isCertain('day') ? day(c.date()) : period(c).to);

/**
 * Date ranges in a goal, read with chrono relative to the end of the data (`reference`): "from
 * 2018-01-10 to 2018-01-20", "between Jan 5 and Jan 15 2018", "only January", "in March
 * 2019", "since 2018-01-15", "until Feb 1", "last 7 days", "this week", "during 2018".
 * `fromWords`/`toWords` (the loader's param synonyms) say which end a lone date is.
 */
export function findDates(goal: string, reference: Date, words: { from: readonly string[]; to: readonly string[] }): DateMention[] {
  const results = chrono.parse(goal, { instant: reference, timezone: 0 }).filter((r) => !isDuration(r.text));
  const out: DateMention[] = [];
  const before = (at: number) => goal.slice(Math.max(0, at - 24), at).toLowerCase().trim().split(/\s+/).slice(-2);
  const isWord = (list: readonly string[], at: number) => before(at).some((w) => list.includes(w));
  for (let i = 0; i < results.length; i++) {
    const r: Parsed = results[i]!;
    const next = results[i + 1];
    const end = r.index + r.text.length;
    // Two dates joined by "and"/"to"/"-": one range ("between Jan 5 and Jan 15 2018").
    if (!r.end && next && /^\s*(and|to|until|till|through|-|–)\s*$/i.test(goal.slice(end, next.index))) {
      const first = r.start.date();
      const year = !r.start.isCertain('year') && next.start.isCertain('year') ? next.start.get('year')! : first.getUTCFullYear();
      const from = r.start.isCertain('day') ? day(new Date(Date.UTC(year, first.getUTCMonth(), first.getUTCDate()))) : day(new Date(Date.UTC(year, first.getUTCMonth(), 1)));
      out.push({ from, to: endOf(next.start), text: goal.slice(r.index, next.index + next.text.length), start: r.index, end: next.index + next.text.length });
      i++;
      continue;
    }
    if (r.end) {
      out.push({ from: startOf(r.start), to: endOf(r.end), text: r.text, start: r.index, end });
      continue;
    }
    if (RELATIVE.test(r.text)) {
      // "last 7 days", "this week": from then to the end of the data.
      const from = r.start.date();
      out.push({ from: /\b(this|last|previous)\s+(week|month|year)\b/i.test(r.text) ? day(from) : from.toISOString(), text: r.text, start: r.index, end });
      continue;
    }
    if (isWord(words.to, r.index)) out.push({ to: endOf(r.start), text: r.text, start: r.index, end });
    else if (isWord(words.from, r.index) || r.start.isCertain('day')) out.push({ from: startOf(r.start), text: r.text, start: r.index, end });
    else out.push({ ...period(r.start), text: r.text, start: r.index, end });
  }
  for (const m of goal.matchAll(/\b(?:in|during|for|of|year)\s+((?:19|20)\d{2})\b/gi)) {
    if (out.some((d) => m.index < d.end && d.start < m.index + m[0].length)) continue;
    out.push({ from: `${m[1]}-01-01`, to: `${m[1]}-12-31T23:59:59Z`, text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out;
}
